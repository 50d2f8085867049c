-- Identity, second round: forced password change after an administrator reset, and department names an
-- administrator edited (start-up refreshes the org tree from the official divisions but keeps these).
alter table users add column must_change_password boolean not null default false;
alter table org_units add column name_edited boolean not null default false;
create index audit_log_action on audit_log (action, at);
