-- Hazard closed loop (隐患排查治理): criteria catalogue, hazards and their plans, progress, extensions,
-- supervision (挂牌督办), public reports (举报), notifications and the policy values the deadline jobs use.

create table hazard_standards (
  id uuid primary key,
  code text not null,
  name text not null,
  version text not null,
  issuer text,
  effective_from date,
  status text not null default 'active' check (status in ('active', 'superseded')),
  created_at timestamptz not null default now(),
  unique (code, version)
);

create table hazard_clauses (
  id uuid primary key,
  standard_id uuid not null references hazard_standards(id),
  number text not null,
  category text not null check (category in ('management', 'industry', 'special')),
  industry text,
  text text not null,
  -- 'summary' for seeded structure text, 'full' once the official text was imported.
  text_kind text not null default 'full' check (text_kind in ('summary', 'full')),
  sort integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (standard_id, number)
);

create sequence hazard_code_seq;

create table hazards (
  id uuid primary key,
  code text not null unique,
  enterprise_id uuid references enterprises(id),
  park_id uuid references parks(id),
  jurisdiction_code text not null references org_units(code),
  -- The town/street (first 9 digits), kept for per-town dashboards without string functions.
  town_code text not null,
  location text,
  lon double precision,
  lat double precision,
  title text not null,
  description text not null,
  source text not null check (source in ('self_inspection', 'inspection', 'public_report', 'iot_alarm', 'flood_local', 'flood_sector', 'flood_district')),
  sector text not null default 'other',
  finder_name text,
  found_at timestamptz not null,
  level text check (level in ('general', 'major')),
  clause_id uuid references hazard_clauses(id),
  state text not null default 'reported' check (state in ('reported', 'graded', 'rectifying', 'acceptance_requested', 'verified', 'closed', 'reopened', 'cancelled')),
  deadline timestamptz,
  overdue boolean not null default false,
  overdue_since timestamptz,
  escalation_level smallint not null default 0,
  rectified_by uuid,
  alarm_id text,
  report_id uuid,
  photo_ids uuid[] not null default '{}',
  closed_at timestamptz,
  cancel_reason text,
  version integer not null default 1,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (level <> 'major' or clause_id is not null)
);
create index hazards_scope_found on hazards (jurisdiction_code text_pattern_ops, found_at desc, id);
create index hazards_found on hazards (found_at desc, id);
create index hazards_state on hazards (state, level);
-- Covering indexes for the dashboards: open hazards (small), and the current year's by found_at.
create index hazards_open on hazards (town_code, level, state, deadline, overdue, found_at) where state in ('reported', 'graded', 'rectifying', 'acceptance_requested', 'reopened');
create index hazards_year on hazards (found_at, town_code, state, level, source, sector, overdue);
create index hazards_enterprise on hazards (enterprise_id);
create unique index hazards_alarm on hazards (alarm_id) where alarm_id is not null;

-- Every step of a hazard's life, for the timeline (audit_log holds the tamper-evident record).
create table hazard_events (
  id bigint generated always as identity primary key,
  hazard_id uuid not null references hazards(id),
  action text not null,
  from_state text,
  to_state text,
  actor_id uuid,
  actor_name text,
  note text,
  data jsonb,
  at timestamptz not null
);
create index hazard_events_hazard on hazard_events (hazard_id, id);

-- Rectification plans (五到位); the latest row is the current plan.
create table hazard_plans (
  id uuid primary key,
  hazard_id uuid not null references hazards(id),
  measures text not null,
  funds_fen bigint not null check (funds_fen >= 0),
  deadline timestamptz not null,
  responsible_person text not null,
  responsible_phone text,
  interim_measures text not null,
  created_by uuid,
  created_at timestamptz not null
);
create index hazard_plans_hazard on hazard_plans (hazard_id, created_at);

create table hazard_progress (
  id uuid primary key,
  hazard_id uuid not null references hazards(id),
  note text not null,
  photo_ids uuid[] not null default '{}',
  created_by uuid,
  created_by_name text,
  created_at timestamptz not null
);
create index hazard_progress_hazard on hazard_progress (hazard_id, created_at);

create table hazard_extensions (
  id uuid primary key,
  hazard_id uuid not null references hazards(id),
  reason text not null,
  old_deadline timestamptz not null,
  new_deadline timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'denied')),
  requested_by uuid,
  requested_by_name text,
  requested_at timestamptz not null,
  decided_by uuid,
  decided_by_name text,
  decided_at timestamptz,
  decision_note text
);
create index hazard_extensions_hazard on hazard_extensions (hazard_id, requested_at);
create unique index hazard_extensions_one_pending on hazard_extensions (hazard_id) where status = 'pending';

-- 挂牌督办: government-supervised rectification of a major hazard; listed publicly while published.
create table hazard_supervisions (
  id uuid primary key,
  hazard_id uuid not null references hazards(id),
  notice_no text not null unique,
  issuer text not null,
  level text not null check (level in ('district', 'town')),
  deadline timestamptz not null,
  published_at timestamptz not null,
  withdrawn_at timestamptz,
  withdraw_reason text,
  stop_production boolean not null default false,
  stop_order_no text,
  created_by uuid,
  created_at timestamptz not null
);
create unique index hazard_supervisions_live on hazard_supervisions (hazard_id) where withdrawn_at is null;
create index hazard_supervisions_published on hazard_supervisions (published_at) where withdrawn_at is null;

-- 举报: public reports without an account. Identity (contact, network) is readable only with hazard:reporter.
create table hazard_reports (
  id uuid primary key,
  tracking_code text not null unique,
  description text not null,
  address text,
  lon double precision,
  lat double precision,
  jurisdiction_code text not null references org_units(code),
  photo_ids uuid[] not null default '{}',
  contact_name text,
  contact_phone text,
  wants_reward boolean not null default false,
  ip text,
  device_id text,
  status text not null default 'submitted' check (status in ('submitted', 'accepted', 'rejected')),
  reject_reason text,
  hazard_id uuid references hazards(id),
  reward_status text not null default 'none' check (reward_status in ('none', 'granted', 'denied')),
  reward_fen bigint check (reward_fen is null or reward_fen >= 0),
  reward_note text,
  verified_by uuid,
  verified_at timestamptz,
  created_at timestamptz not null
);
create index hazard_reports_scope on hazard_reports (jurisdiction_code text_pattern_ops, created_at desc);
create index hazard_reports_status on hazard_reports (status, created_at desc);

-- The module's inbox: reminders, overdue notices and escalations addressed to a unit.
create table hazard_notifications (
  id uuid primary key,
  hazard_id uuid references hazards(id),
  kind text not null,
  target_unit_code text not null references org_units(code),
  jurisdiction_code text not null references org_units(code),
  message text not null,
  created_at timestamptz not null,
  read_at timestamptz
);
create index hazard_notifications_target on hazard_notifications (target_unit_code, created_at desc);
create index hazard_notifications_hazard on hazard_notifications (hazard_id);

-- Policy values (data, not code): reminder lead time and escalation delay.
create table hazard_policy (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
insert into hazard_policy (key, value) values
  ('reminder_days_before', '3'),
  ('district_escalation_days', '7');
