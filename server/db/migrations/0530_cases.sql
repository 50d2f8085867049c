-- Enforcement cases (行政处罚案件): the case, its parties (一案双罚: the unit and its principal, each with its
-- own violation, basis, discretion and penalty), payments, stage clocks, and the discretion standard and the
-- inclusive-enforcement lists as data. The timeline is the platform history (aggregate 'case').

-- 裁量基准 (应急管理部令第12号): the range a violation of an article at a level suggests. A range in fen, or (安全生产法
-- §95) a percentage of last year's income.
create table case_discretion (
  id uuid primary key,
  article text not null,
  violation text not null,
  party_kind text not null check (party_kind in ('unit', 'person')),
  level text not null check (level in ('minor', 'general', 'serious', 'severe')),
  min_fen bigint,
  max_fen bigint,
  min_percent numeric(5, 2),
  max_percent numeric(5, 2),
  circumstances text not null default '',
  active boolean not null default true,
  updated_by uuid references users(id),
  updated_at timestamptz not null default now(),
  check ((min_fen is not null and max_fen is not null and max_fen >= min_fen) or (min_percent is not null and max_percent is not null and max_percent >= min_percent))
);
create index case_discretion_article on case_discretion (article, party_kind, level);

-- 首违不罚 / 不予 / 从轻 / 减轻 lists (行政处罚法 §32, §33).
create table case_leniency (
  id uuid primary key,
  kind text not null check (kind in ('first_offence', 'no_penalty', 'lighter', 'mitigated')),
  article text not null,
  description text not null,
  conditions text not null default '',
  active boolean not null default true,
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);

create table cases (
  id uuid primary key,
  code text not null unique,
  title text not null,
  cause text not null,
  source text not null,
  state text not null,
  jurisdiction_code text not null references org_units(code),
  unit_code text not null references org_units(code),
  enterprise_id uuid,
  facts text not null default '',
  officer_ids uuid[] not null,
  officer_names text[] not null,
  filed_at timestamptz not null,
  opened_at timestamptz,
  notified_at timestamptz,
  hearing_at timestamptz,
  hearing_place text,
  hearing_result text,
  decided_at timestamptz,
  served_at timestamptz,
  closed_at timestamptz,
  close_reason text,
  statement text,
  transfer_reason text,
  transfer_approved_at timestamptz,
  handed_over_at timestamptz,
  police_answer text,
  police_accepted boolean,
  publication text not null default 'none',
  publication_summary text,
  publication_note text,
  published_at timestamptz,
  overdue boolean not null default false,
  version integer not null default 1,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cases_scope on cases (jurisdiction_code, state);
create index cases_filed on cases (filed_at desc, id);
create index cases_public on cases (publication, published_at desc);

create table case_parties (
  id uuid primary key,
  case_id uuid not null references cases(id) on delete cascade,
  sort integer not null,
  kind text not null check (kind in ('unit', 'person')),
  name text not null,
  credit_code text,
  id_number text,
  phone text,
  address text,
  role text not null default '',
  violation text not null,
  article text not null,
  penalty_article text not null,
  discretion_id uuid references case_discretion(id),
  level text not null check (level in ('minor', 'general', 'serious', 'severe')),
  leniency_id uuid references case_leniency(id),
  penalty_kind text not null,
  fine_fen bigint not null default 0,
  income_fen bigint,
  income_percent numeric(5, 2),
  daily_fine_fen bigint not null default 0,
  daily_days integer not null default 0,
  outside_reason text,
  paid_fen bigint not null default 0
);
create index case_parties_case on case_parties (case_id, sort);

create table case_payments (
  id uuid primary key,
  case_id uuid not null references cases(id) on delete cascade,
  party_id uuid not null references case_parties(id),
  amount_fen bigint not null check (amount_fen > 0),
  surcharge_fen bigint not null default 0,
  paid_on date not null,
  receipt_no text not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index case_payments_case on case_payments (case_id);

-- A stage clock (行政处罚法 §60, §61, §64, §67, §85; 移送规定 §5, §8): when it started, when it ends, its state.
-- Its reminder and overdue jobs carry the clock's id; a met or cancelled clock makes them do nothing.
create table case_clocks (
  id uuid primary key,
  case_id uuid not null references cases(id) on delete cascade,
  kind text not null,
  started_at timestamptz not null,
  due_day date not null,
  due_at timestamptz not null,
  working boolean not null,
  basis text not null,
  state text not null default 'running',
  met_at timestamptz,
  overdue_at timestamptz
);
create index case_clocks_case on case_clocks (case_id, kind);
create index case_clocks_running on case_clocks (state, due_at);
