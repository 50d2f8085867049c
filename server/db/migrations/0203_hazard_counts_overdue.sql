-- The dashboard reads only counters: add the overdue flag as a counted dimension (open figures and the
-- stock of major hazards come from the 'level' counters by state and year), and give the two lists that
-- stay row-based — overdue ageing and the open/overdue ledger views — small partial indexes.
alter table hazard_counts drop constraint hazard_counts_dim_check;
alter table hazard_counts add constraint hazard_counts_dim_check check (dim in ('level', 'source', 'sector', 'overdue'));

create or replace function hazard_counts_apply() returns trigger language plpgsql as $$
begin
  -- Each branch reads only the transition tables its event has; groups that net to zero are not written.
  if tg_op = 'INSERT' then
    insert into hazard_counts as c (year, jurisdiction_code, dim, key, state, n)
    select y, jurisdiction_code, d.dim, d.key, state, sum(s)
    from (select extract(year from found_at at time zone 'Asia/Shanghai')::int y, jurisdiction_code, state, level, source, sector, overdue, 1 s from new_rows) r
    cross join lateral (values ('level', coalesce(r.level, 'none')), ('source', r.source), ('sector', r.sector), ('overdue', r.overdue::text)) d(dim, key)
    group by 1, 2, 3, 4, 5
    on conflict (year, jurisdiction_code, dim, key, state) do update set n = c.n + excluded.n;
  elsif tg_op = 'DELETE' then
    insert into hazard_counts as c (year, jurisdiction_code, dim, key, state, n)
    select y, jurisdiction_code, d.dim, d.key, state, sum(s)
    from (select extract(year from found_at at time zone 'Asia/Shanghai')::int y, jurisdiction_code, state, level, source, sector, overdue, -1 s from old_rows) r
    cross join lateral (values ('level', coalesce(r.level, 'none')), ('source', r.source), ('sector', r.sector), ('overdue', r.overdue::text)) d(dim, key)
    group by 1, 2, 3, 4, 5
    on conflict (year, jurisdiction_code, dim, key, state) do update set n = c.n + excluded.n;
  else
    insert into hazard_counts as c (year, jurisdiction_code, dim, key, state, n)
    select y, jurisdiction_code, d.dim, d.key, state, sum(s)
    from (
      select extract(year from found_at at time zone 'Asia/Shanghai')::int y, jurisdiction_code, state, level, source, sector, overdue, 1 s from new_rows
      union all
      select extract(year from found_at at time zone 'Asia/Shanghai')::int y, jurisdiction_code, state, level, source, sector, overdue, -1 s from old_rows
    ) r
    cross join lateral (values ('level', coalesce(r.level, 'none')), ('source', r.source), ('sector', r.sector), ('overdue', r.overdue::text)) d(dim, key)
    group by 1, 2, 3, 4, 5
    having sum(s) <> 0
    on conflict (year, jurisdiction_code, dim, key, state) do update set n = c.n + excluded.n;
  end if;
  return null;
end $$;

insert into hazard_counts (year, jurisdiction_code, dim, key, state, n)
select extract(year from found_at at time zone 'Asia/Shanghai')::int, jurisdiction_code, 'overdue', overdue::text, state, count(*)
from hazards
group by 1, 2, 4, 5;

create index hazards_overdue_deadline on hazards (deadline) include (jurisdiction_code, enterprise_id, town_code)
  where overdue and state in ('reported', 'graded', 'rectifying', 'acceptance_requested', 'reopened');
create index hazards_overdue_found on hazards (found_at desc, id desc) include (jurisdiction_code, enterprise_id)
  where overdue and state in ('reported', 'graded', 'rectifying', 'acceptance_requested', 'reopened');
create index hazards_open_found on hazards (found_at desc, id desc) include (jurisdiction_code, enterprise_id)
  where state in ('reported', 'graded', 'rectifying', 'acceptance_requested', 'reopened');
-- The dashboard reads counters by dimension within a scope prefix: index-only, without touching the heap.
create index hazard_counts_scope on hazard_counts (dim, jurisdiction_code text_pattern_ops) include (year, key, state, n);
