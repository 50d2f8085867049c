-- Registry, part 2: change history, insurance, risk points (双重预防), versioned policy data, import jobs,
-- review reminders, and the search helpers for Chinese names.

-- Character n-grams (single characters and pairs, lower-cased, spaces dropped) of a name. pg_trgm finds no
-- trigrams in CJK text under PGlite's C locale, so fuzzy Chinese search goes through this array + GIN.
create function registry_grams(t text) returns text[] language sql immutable parallel safe as $$
  select coalesce(array_agg(distinct g), '{}') from (
    select substr(s, i, 1) as g from (select regexp_replace(lower(coalesce(t, '')), '\s+', '', 'g') as s) x, generate_series(1, char_length(x.s)) i
    union
    select substr(s, i, 2) from (select regexp_replace(lower(coalesce(t, '')), '\s+', '', 'g') as s) x, generate_series(1, char_length(x.s) - 1) i
  ) grams
$$;

alter table enterprises add column name_grams text[] generated always as (registry_grams(name)) stored;
create index enterprises_name_grams on enterprises using gin (name_grams);
create index enterprises_categories on enterprises using gin (categories);
create index enterprises_name_id on enterprises (name, id);
create index enterprises_industry on enterprises (industry_code text_pattern_ops);
create index enterprises_risk_grade on enterprises (risk_grade);
create index enterprises_credit_prefix on enterprises (credit_code text_pattern_ops);

alter table parks add column name_grams text[] generated always as (registry_grams(name)) stored;
-- Parks have no official code: a park is known by its name within its town (the import's idempotency key).
create unique index parks_town_name on parks (substr(jurisdiction_code, 1, 9), name);
create index parks_name_grams on parks using gin (name_grams);
create index parks_landlord on parks (landlord_id);

-- Every change to a registry record, version by version (before/after of the whole record).
create table registry_history (
  id bigint generated always as identity primary key,
  entity_type text not null check (entity_type in ('enterprise', 'park', 'risk_point', 'tenant', 'insurance')),
  entity_id text not null,
  version integer not null,
  action text not null check (action in ('create', 'update', 'import')),
  changed text[] not null default '{}',
  before jsonb,
  after jsonb not null,
  at timestamptz not null,
  by_user uuid,
  by_name text
);
create index registry_history_entity on registry_history (entity_type, entity_id, id);

-- Insurance (安全生产责任险, 财产险 for compliant parks "保险+服务", 园盾安心保 …), on an enterprise or a park.
create table insurance_policies (
  id uuid primary key,
  enterprise_id uuid references enterprises(id),
  park_id uuid references parks(id),
  jurisdiction_code text not null references org_units(code),
  kind text not null check (kind in ('safety_liability', 'property', 'park_shield', 'other')),
  insurer text not null,
  policy_no text not null,
  premium_fen bigint not null default 0 check (premium_fen >= 0),
  discount_pct numeric(5, 2) not null default 0 check (discount_pct >= 0 and discount_pct <= 100),
  coverage_fen bigint not null default 0 check (coverage_fen >= 0),
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  services text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  check ((enterprise_id is null) <> (park_id is null)),
  unique (insurer, policy_no)
);
create index insurance_enterprise on insurance_policies (enterprise_id);
create index insurance_park on insurance_policies (park_id);

-- Versioned rules (LEC colour thresholds …): the newest version whose effective_from has passed applies.
create table registry_policies (
  key text not null,
  version integer not null,
  value jsonb not null,
  effective_from timestamptz not null,
  note text,
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (key, version)
);
-- Default LEC bands (作业条件危险性评价法): D > 320 red 重大, 160–320 orange 较大, 70–160 yellow 一般, < 70 blue 低.
insert into registry_policies (key, version, value, effective_from, note)
values ('lec_thresholds', 1, '{"red": 320, "orange": 160, "yellow": 70}', '2000-01-01T00:00:00Z', '默认阈值 default');

-- Risk points of the dual prevention mechanism (双重预防 风险分级管控).
create table risk_points (
  id uuid primary key,
  enterprise_id uuid not null references enterprises(id),
  jurisdiction_code text not null references org_units(code),
  name text not null,
  area text not null,
  hazard_source text,
  accident_type text not null,
  lec_l numeric(4, 1) not null,
  lec_e numeric(4, 1) not null,
  lec_c numeric(5, 1) not null,
  lec_d numeric(8, 2) not null,
  grade text not null check (grade in ('red', 'orange', 'yellow', 'blue')),
  policy_version integer not null,
  control_measures text,
  control_tier text not null check (control_tier in ('company', 'workshop', 'team', 'post')),
  owner_name text not null,
  owner_phone text,
  review_cycle_days integer not null check (review_cycle_days between 1 and 1095),
  last_reviewed_on date,
  next_review_on date not null,
  lon double precision,
  lat double precision,
  status text not null default 'active' check (status in ('active', 'retired')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique (enterprise_id, name)
);
create index risk_points_jurisdiction on risk_points (jurisdiction_code text_pattern_ops);
create index risk_points_grade on risk_points (grade);
create index risk_points_next_review on risk_points (next_review_on) where status = 'active';

-- A review that fell due: shown to the enterprise's town until the point is reviewed.
create table risk_review_reminders (
  id bigint generated always as identity primary key,
  risk_point_id uuid not null references risk_points(id),
  jurisdiction_code text not null,
  enterprise_id uuid not null,
  due_on date not null,
  created_at timestamptz not null,
  resolved_at timestamptz,
  unique (risk_point_id, due_on)
);
create index risk_review_reminders_open on risk_review_reminders (jurisdiction_code text_pattern_ops) where resolved_at is null;

-- Excel imports: progress and row errors the UI polls.
create table registry_imports (
  id uuid primary key,
  kind text not null check (kind in ('enterprises', 'parks', 'risk_points')),
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  file_name text not null,
  total integer not null default 0,
  processed integer not null default 0,
  inserted integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  failed integer not null default 0,
  errors jsonb not null default '[]',
  message text,
  jurisdiction_code text not null,
  created_by uuid not null,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index registry_imports_creator on registry_imports (created_by, created_at desc);
