-- Inspection plans (监督检查计划): annual/quarterly routine plans per unit (the district bureau, each town) and
-- special campaigns (专项检查/专项整治), each a lifecycle draft → approved → active → closed.
-- plan_progress is the plans module's own read model of the plan view: one row per enterprise of a routine plan,
-- filled at approval from the graded list and the frequency policy, counted up as inspections complete.
create table plans (
  id uuid primary key,
  code text not null unique,
  kind text not null check (kind in ('routine', 'campaign')),
  campaign_kind text check (campaign_kind in ('six_kinds', 'multi_tenant_parks', 'window_net', 'forest_fire', 'other')),
  title text not null,
  jurisdiction_code text not null,
  supervising_level text not null check (supervising_level in ('district', 'town')),
  year integer not null check (year between 2000 and 2100),
  quarter integer check (quarter between 1 and 4),
  period_start date not null,
  period_end date not null,
  draw_share_pct integer not null default 70 check (draw_share_pct between 0 and 100),
  targets jsonb not null default '{}',
  description text,
  state text not null default 'draft' check (state in ('draft', 'approved', 'active', 'closed')),
  approved_by uuid,
  approved_by_name text,
  approved_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  check ((kind = 'campaign') = (campaign_kind is not null)),
  check (period_end >= period_start)
);
create index plans_scope on plans (jurisdiction_code, year desc);
-- One routine plan per unit and period (a quarter, or the year when quarter is null).
create unique index plans_one_routine on plans (jurisdiction_code, year, coalesce(quarter, 0)) where kind = 'routine';

create table plan_progress (
  plan_id uuid not null references plans (id),
  enterprise_id uuid not null,
  enterprise_name text not null,
  credit_code text not null,
  jurisdiction_code text not null,
  town_code text not null,
  key_unit boolean not null default false,
  required integer not null check (required >= 0),
  cap integer not null check (cap >= 0),
  done integer not null default 0,
  drawn integer not null default 0,
  last_inspected_at timestamptz,
  status text not null generated always as (
    case when done > cap then 'over_cap' when done >= required then 'done' when done = 0 then 'never' else 'due' end
  ) stored,
  primary key (plan_id, enterprise_id)
);
-- The plan view: counts per town and status read from the index alone; pages by town/status/sort keys.
create index plan_progress_counts on plan_progress (plan_id, town_code, status, key_unit) include (jurisdiction_code, done, required, drawn);
create index plan_progress_last on plan_progress (plan_id, last_inspected_at, enterprise_id);
create index plan_progress_done on plan_progress (plan_id, done, enterprise_id);
create index plan_progress_name on plan_progress (plan_id, credit_code);
create index plan_progress_enterprise on plan_progress (enterprise_id);

-- Each completed inspection the plans have counted, once (the inspections module's event, or recordInspectionDone).
create table plan_inspections (
  inspection_id text primary key,
  enterprise_id uuid not null,
  at timestamptz not null,
  kind text not null check (kind in ('draw', 'routine', 'key', 'complaint', 'campaign')),
  plan_id uuid references plans (id),
  jurisdiction_code text not null,
  created_at timestamptz not null default now()
);
create index plan_inspections_enterprise on plan_inspections (enterprise_id, at);

-- A campaign's activity records (a day's work of one supervision group at a checkpoint or over a set of places).
create table plan_activities (
  id uuid primary key,
  plan_id uuid not null references plans (id),
  day date not null,
  jurisdiction_code text not null,
  group_name text not null,
  checkpoint text,
  person_times integer not null default 0 check (person_times >= 0),
  enterprises_checked integer not null default 0 check (enterprises_checked >= 0),
  hazards_found integer not null default 0 check (hazards_found >= 0),
  hazards_rectified integer not null default 0 check (hazards_rectified >= 0),
  park_ids uuid[] not null default '{}',
  enterprise_ids uuid[] not null default '{}',
  note text,
  created_at timestamptz not null default now(),
  created_by uuid,
  created_by_name text
);
create index plan_activities_plan on plan_activities (plan_id, day desc);

create sequence plan_code_seq;
