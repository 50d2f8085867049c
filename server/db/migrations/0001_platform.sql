-- Platform spine: the org tree every record points to, and the durable job queue.
create extension if not exists pg_trgm;

-- Jurisdictions (district → town/street → village/community, official GB/T 2260 + township codes) and
-- district departments. `path` is '/code/child/…/' so a subtree is a prefix match.
create table org_units (
  code text primary key,
  parent_code text references org_units(code),
  kind text not null check (kind in ('district', 'town', 'village', 'department')),
  name text not null,
  short_name text,
  path text not null unique,
  sort integer not null default 0,
  lon double precision,
  lat double precision,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index org_units_parent on org_units (parent_code);
create index org_units_path on org_units (path text_pattern_ops);

-- Durable jobs: deadlines, reminders, escalations. A runner claims due rows with FOR UPDATE SKIP LOCKED.
create table jobs (
  id bigint generated always as identity primary key,
  kind text not null,
  payload jsonb not null default '{}',
  run_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead', 'cancelled')),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  last_error text,
  locked_until timestamptz,
  locked_by text,
  -- At most one live job per key (e.g. 'hazard:123:overdue'): rescheduling replaces instead of piling up.
  dedup_key text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_due on jobs (run_at) where status in ('pending', 'running');
create unique index jobs_dedup on jobs (dedup_key) where dedup_key is not null and status in ('pending', 'running');
create index jobs_kind_status on jobs (kind, status);

-- Key/value facts about this installation (demo seed version, etc.).
create table system_meta (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
