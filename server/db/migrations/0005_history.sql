-- One history for every aggregate (hazards, alarms, warnings, registry records; the next modules' too): each
-- step of a record's life, for its timeline. audit_log stays the tamper-evident record; this is what a detail
-- page shows. Written by the lifecycle engine's apply() and by server/platform/history.ts, read per record in
-- the order the rows were written (id): the step order, even where a seeded row's time is out of step.
-- aggregate_id is text: most are uuids, a park tenancy is "<parkId>:<enterpriseId>".
-- The three tables this replaces are copied in and dropped by 0106 (registry_history), 0204 (hazard_events)
-- and 0301 (monitoring_alarm_events), which run after the tables exist on a new database.
create table history (
  id bigint generated always as identity primary key,
  aggregate text not null,
  aggregate_id text not null,
  action text not null,
  from_state text,
  to_state text,
  actor_id uuid,
  actor_name text,
  note text,
  data jsonb,
  at timestamptz not null default now()
);
create index history_aggregate on history (aggregate, aggregate_id, id);
