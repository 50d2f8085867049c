-- Two platform records the enforcement modules (inspections, 双随机 draws, cases) share.

-- Working-day calendar overrides. 行政处罚法 §85: the "two, three, five, seven days" of the law are working
-- days. The built-in calendar is the State Council's yearly holiday notice as the npm package chinese-days
-- carries it (statutory holidays and make-up working days); a row here wins over it: a notice published after
-- the release, a year the package does not know yet, a local change.
create table workday_overrides (
  day date primary key,
  working boolean not null,
  note text not null,
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);

-- 行政执法证: who may inspect and investigate. 行政处罚法 §42: at least two officers holding a valid
-- enforcement licence. One person may hold several over time; a licence is valid on a day from valid_from to
-- valid_until inclusive unless revoked.
create table enforcement_licences (
  id uuid primary key,
  user_id uuid not null references users(id),
  number text not null unique,
  issuer text not null,
  unit_code text not null references org_units(code),
  valid_from date not null,
  valid_until date not null,
  revoked_at timestamptz,
  revoked_reason text,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check (valid_until >= valid_from)
);
create index enforcement_licences_user on enforcement_licences (user_id);
create index enforcement_licences_unit on enforcement_licences (unit_code, valid_until);
