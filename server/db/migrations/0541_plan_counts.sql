-- The plan view's counts kept by the database: per plan, place (village or town code), status and key-unit flag,
-- how many enterprises and the sums the summary shows. Statement triggers on plan_progress add the inserted rows,
-- move updated rows from their old status to their new one and take deleted rows away, so a district plan of
-- 100,000 enterprises is summarised from a few hundred rows instead of a GROUP BY over all of them.
-- (0540's covering index of the same name did that GROUP BY's work: the table takes its name.)
drop index plan_progress_counts;
create table plan_progress_counts (
  plan_id uuid not null references plans (id),
  jurisdiction_code text not null,
  town_code text not null,
  status text not null,
  key_unit boolean not null,
  n integer not null default 0,
  required integer not null default 0,
  towards integer not null default 0,
  done integer not null default 0,
  drawn integer not null default 0,
  primary key (plan_id, jurisdiction_code, status, key_unit)
);

create function plan_progress_counts_apply() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    insert into plan_progress_counts as c (plan_id, jurisdiction_code, town_code, status, key_unit, n, required, towards, done, drawn)
    select plan_id, jurisdiction_code, town_code, status, key_unit, -count(*), -sum(required), -sum(least(done, required)), -sum(done), -sum(drawn)
    from old_rows group by plan_id, jurisdiction_code, town_code, status, key_unit
    on conflict (plan_id, jurisdiction_code, status, key_unit) do update set
      n = c.n + excluded.n, required = c.required + excluded.required, towards = c.towards + excluded.towards,
      done = c.done + excluded.done, drawn = c.drawn + excluded.drawn;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into plan_progress_counts as c (plan_id, jurisdiction_code, town_code, status, key_unit, n, required, towards, done, drawn)
    select plan_id, jurisdiction_code, town_code, status, key_unit, count(*), sum(required), sum(least(done, required)), sum(done), sum(drawn)
    from new_rows group by plan_id, jurisdiction_code, town_code, status, key_unit
    on conflict (plan_id, jurisdiction_code, status, key_unit) do update set
      n = c.n + excluded.n, required = c.required + excluded.required, towards = c.towards + excluded.towards,
      done = c.done + excluded.done, drawn = c.drawn + excluded.drawn;
  end if;
  return null;
end $$;

create trigger plan_progress_counts_insert after insert on plan_progress
  referencing new table as new_rows for each statement execute function plan_progress_counts_apply();
create trigger plan_progress_counts_update after update on plan_progress
  referencing old table as old_rows new table as new_rows for each statement execute function plan_progress_counts_apply();
create trigger plan_progress_counts_delete after delete on plan_progress
  referencing old table as old_rows for each statement execute function plan_progress_counts_apply();

-- Pages filtered by status and sorted by a column walk one index each.
create index plan_progress_status_code on plan_progress (plan_id, status, credit_code);
create index plan_progress_status_last on plan_progress (plan_id, status, last_inspected_at, enterprise_id);
create index plan_progress_status_done on plan_progress (plan_id, status, done, enterprise_id);
create index plan_progress_town on plan_progress (plan_id, town_code, credit_code);
