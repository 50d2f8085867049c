-- What an import changed in a value it accepted (a lower-case credit code read as upper-case), shown in the
-- report next to the row errors, so the user sees the code as it is stored.
alter table registry_imports add column notes jsonb not null default '[]';
