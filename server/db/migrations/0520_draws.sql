-- 双随机一公开: random draws of enterprises to inspect and of the inspectors (≥ 2, with recusal) who go.
-- A draw keeps its filter and parameters, and from its commit on the snapshots of both pools and of the
-- exclusions (declared conflicts, recent inspections) that its commitment covers. Each round (the first draw and
-- every redraw, which needs a reason) keeps its own nonces, commitment, seed and tasks: nothing is overwritten.
create table draws (
  id uuid primary key,
  code text not null unique,
  title text not null,
  jurisdiction_code text not null references org_units(code),
  inspector_unit text not null references org_units(code),
  state text not null default 'prepared',
  filter jsonb not null,
  params jsonb not null,
  pool_day date,
  entities jsonb,
  inspectors jsonb,
  exclusions jsonb,
  entity_count integer not null default 0,
  inspector_count integer not null default 0,
  round integer not null default 0,
  cancel_reason text,
  version integer not null default 1,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index draws_jurisdiction on draws (jurisdiction_code, created_at desc);

create table draw_rounds (
  draw_id uuid not null references draws(id),
  round integer not null,
  algorithm text not null,
  commitment text not null,
  bureau_nonce_hash text not null,
  -- secret until the draw: never answered before drawn_at is set
  bureau_nonce text not null,
  witness_name text not null,
  witness_hash text not null,
  witness_secret text,
  committed_at timestamptz not null,
  committed_by uuid,
  seed text,
  drawn_at timestamptz,
  drawn_by uuid,
  -- why this round replaced the one before (rounds after the first)
  reason text,
  superseded_at timestamptz,
  primary key (draw_id, round)
);

-- The tasks of a round: one enterprise and its inspectors. Superseded rounds keep theirs (marked).
create table draw_tasks (
  id uuid primary key,
  draw_id uuid not null references draws(id),
  round integer not null,
  seq integer not null,
  enterprise_id uuid not null,
  enterprise_name text not null,
  jurisdiction_code text not null,
  town_name text not null,
  inspector_ids uuid[] not null,
  inspector_names text[] not null,
  due_date date not null,
  drawn_at timestamptz not null,
  superseded boolean not null default false,
  unique (draw_id, round, seq)
);
create index draw_tasks_recent on draw_tasks (drawn_at) where not superseded;
create index draw_tasks_enterprise on draw_tasks (enterprise_id);

-- Declared conflicts of interest (利害关系): an inspector does not inspect this enterprise while the row stands.
create table draw_conflicts (
  id uuid primary key,
  user_id uuid not null references users(id),
  enterprise_id uuid not null,
  jurisdiction_code text not null,
  reason text not null,
  declared_by uuid,
  created_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  withdrawn_reason text
);
create unique index draw_conflicts_live on draw_conflicts (user_id, enterprise_id) where withdrawn_at is null;
create index draw_conflicts_enterprise on draw_conflicts (enterprise_id);
