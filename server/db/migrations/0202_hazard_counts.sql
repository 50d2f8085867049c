-- Dashboard aggregates at volume: per-year counts kept by statement-level triggers, so the district
-- dashboard reads a few thousand counter rows instead of aggregating a year of hazards. Grain: the
-- hazard's jurisdiction (scope filters still apply by prefix) × Beijing year of found_at × one dimension
-- (level / source / sector) × state.
create table hazard_counts (
  year integer not null,
  jurisdiction_code text not null,
  dim text not null check (dim in ('level', 'source', 'sector')),
  key text not null,
  state text not null,
  n bigint not null,
  primary key (year, jurisdiction_code, dim, key, state)
);

create function hazard_counts_apply() returns trigger language plpgsql as $$
begin
  -- Each branch reads only the transition tables its event has; groups that net to zero are not written.
  if tg_op = 'INSERT' then
    insert into hazard_counts as c (year, jurisdiction_code, dim, key, state, n)
    select y, jurisdiction_code, d.dim, d.key, state, sum(s)
    from (select extract(year from found_at at time zone 'Asia/Shanghai')::int y, jurisdiction_code, state, level, source, sector, 1 s from new_rows) r
    cross join lateral (values ('level', coalesce(r.level, 'none')), ('source', r.source), ('sector', r.sector)) d(dim, key)
    group by 1, 2, 3, 4, 5
    on conflict (year, jurisdiction_code, dim, key, state) do update set n = c.n + excluded.n;
  elsif tg_op = 'DELETE' then
    insert into hazard_counts as c (year, jurisdiction_code, dim, key, state, n)
    select y, jurisdiction_code, d.dim, d.key, state, sum(s)
    from (select extract(year from found_at at time zone 'Asia/Shanghai')::int y, jurisdiction_code, state, level, source, sector, -1 s from old_rows) r
    cross join lateral (values ('level', coalesce(r.level, 'none')), ('source', r.source), ('sector', r.sector)) d(dim, key)
    group by 1, 2, 3, 4, 5
    on conflict (year, jurisdiction_code, dim, key, state) do update set n = c.n + excluded.n;
  else
    insert into hazard_counts as c (year, jurisdiction_code, dim, key, state, n)
    select y, jurisdiction_code, d.dim, d.key, state, sum(s)
    from (
      select extract(year from found_at at time zone 'Asia/Shanghai')::int y, jurisdiction_code, state, level, source, sector, 1 s from new_rows
      union all
      select extract(year from found_at at time zone 'Asia/Shanghai')::int y, jurisdiction_code, state, level, source, sector, -1 s from old_rows
    ) r
    cross join lateral (values ('level', coalesce(r.level, 'none')), ('source', r.source), ('sector', r.sector)) d(dim, key)
    group by 1, 2, 3, 4, 5
    having sum(s) <> 0
    on conflict (year, jurisdiction_code, dim, key, state) do update set n = c.n + excluded.n;
  end if;
  return null;
end $$;

create trigger hazard_counts_ins after insert on hazards referencing new table as new_rows
  for each statement execute function hazard_counts_apply();
create trigger hazard_counts_upd after update on hazards referencing old table as old_rows new table as new_rows
  for each statement execute function hazard_counts_apply();
create trigger hazard_counts_del after delete on hazards referencing old table as old_rows
  for each statement execute function hazard_counts_apply();

-- Rows that existed before this migration.
insert into hazard_counts (year, jurisdiction_code, dim, key, state, n)
select y, jurisdiction_code, d.dim, d.key, state, count(*)
from (select extract(year from found_at at time zone 'Asia/Shanghai')::int y, jurisdiction_code, state, level, source, sector from hazards) r
cross join lateral (values ('level', coalesce(r.level, 'none')), ('source', r.source), ('sector', r.sector)) d(dim, key)
group by 1, 2, 3, 4, 5;

-- Open hazards are few: one covering partial index answers the open/overdue/stock figures (index-only,
-- the scope column included). The year index is replaced by the counters above.
drop index hazards_open;
drop index hazards_year;
create index hazards_open on hazards (town_code, level, state, overdue, found_at, deadline) include (jurisdiction_code, enterprise_id)
  where state in ('reported', 'graded', 'rectifying', 'acceptance_requested', 'reopened');

-- Ledger search by title or code (%…% matches).
create index hazards_title_trgm on hazards using gin (title gin_trgm_ops);
create index hazards_code_trgm on hazards using gin (code gin_trgm_ops);
