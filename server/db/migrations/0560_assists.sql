-- 乡呼县应: a town's request for the district's help on a case, an inspection or an enterprise, tracked from the
-- request to the town's confirmation (states: shared/assists.ts; the timeline is the platform history, aggregate
-- 'assist'); and 组团式执法 / 联合检查: the joint team of an inspection (our licensed officers and officers of other
-- departments, departments being the org tree's department units).
create table assist_requests (
  id uuid primary key,
  code text not null unique,
  state text not null default 'requested'
    check (state in ('requested', 'accepted', 'working', 'done', 'closed', 'declined', 'withdrawn')),
  -- The subject's place (a town or one of its villages); town_code is the requesting town.
  jurisdiction_code text not null references org_units(code),
  town_code text not null references org_units(code),
  subject_kind text not null check (subject_kind in ('case', 'inspection', 'enterprise')),
  case_id uuid references cases(id),
  inspection_id uuid references inspections(id),
  enterprise_id uuid references enterprises(id),
  -- The subject as the town saw it when asking ("AJ2026090001 某公司未消除隐患案").
  subject_label text not null,
  kind text not null check (kind in ('expertise', 'joint', 'escalate')),
  urgency text not null default 'normal' check (urgency in ('normal', 'urgent')),
  reason text not null,
  attachment_ids uuid[] not null default '{}',
  requested_by uuid references users(id),
  requested_by_name text not null,
  requested_at timestamptz not null,
  -- The district answers by the end of this working day (RESPONSE_WORKING_DAYS); overdue once it has passed unanswered.
  response_due_day date not null,
  response_due_at timestamptz not null,
  overdue boolean not null default false,
  answered_at timestamptz,
  answered_by_name text,
  decline_reason text,
  withdraw_reason text,
  lead_unit_code text references org_units(code),
  -- [{ userId, name, unitCode, licenceNumber }] as checked when assigned (行政处罚法 §42)
  officers jsonb not null default '[]',
  assigned_at timestamptz,
  -- [{ kind: 'case' | 'inspection', id, label, at }]: what the help produced
  records jsonb not null default '[]',
  result_summary text,
  done_at timestamptz,
  closed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (
    (subject_kind = 'case' and case_id is not null)
    or (subject_kind = 'inspection' and inspection_id is not null)
    or (subject_kind = 'enterprise' and enterprise_id is not null)
  )
);
create index assist_requests_jurisdiction on assist_requests (jurisdiction_code, requested_at desc);
create index assist_requests_state on assist_requests (state, requested_at desc);
create index assist_requests_case on assist_requests (case_id) where case_id is not null;
create index assist_requests_inspection on assist_requests (inspection_id) where inspection_id is not null;

-- The joint team of one inspection: our officers (at least two with a valid 行政执法证, §42) and the officers of
-- other departments (who hold their own department's credentials, not our licence).
create table assist_joint_teams (
  inspection_id uuid primary key references inspections(id),
  jurisdiction_code text not null references org_units(code),
  lead_unit_code text not null references org_units(code),
  officers jsonb not null default '[]',
  -- [{ departmentCode, departmentName, name, credential, phone }]
  members jsonb not null default '[]',
  note text,
  version integer not null default 1,
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);
create index assist_joint_teams_jurisdiction on assist_joint_teams (jurisdiction_code);
