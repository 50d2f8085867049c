-- 三张清单 (enforcement powers, supervision items, graded list) and 检查表 (checklists), each kept as numbered
-- versions: a draft is edited, publishing freezes it and supersedes the version before (which stays readable).
create table supervision_checklists (
  id uuid primary key,
  name text not null,
  topic text not null,
  industry text,
  description text,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now()
);

create table supervision_versions (
  id uuid primary key,
  kind text not null check (kind in ('powers', 'items', 'grades', 'checklist')),
  checklist_id uuid references supervision_checklists (id),
  number integer not null,
  status text not null default 'draft' check (status in ('draft', 'published', 'superseded')),
  effective_from date,
  note text,
  published_at timestamptz,
  published_by uuid,
  published_by_name text,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  check ((kind = 'checklist') = (checklist_id is not null))
);
create unique index supervision_versions_number on supervision_versions (kind, coalesce(checklist_id, '00000000-0000-0000-0000-000000000000'::uuid), number);
-- At most one draft and one version in force per list (or checklist).
create unique index supervision_versions_one_draft on supervision_versions (kind, coalesce(checklist_id, '00000000-0000-0000-0000-000000000000'::uuid)) where status = 'draft';
create unique index supervision_versions_one_current on supervision_versions (kind, coalesce(checklist_id, '00000000-0000-0000-0000-000000000000'::uuid)) where status = 'published';

-- 赋权清单: which unit may inspect / penalise / coerce which matter, on what legal basis.
create table supervision_powers (
  id uuid primary key,
  version_id uuid not null references supervision_versions (id) on delete cascade,
  sort integer not null default 0,
  code text not null,
  unit_code text not null,
  matter text not null,
  power_type text not null check (power_type in ('inspect', 'penalty', 'coercion')),
  basis text not null,
  note text
);
create index supervision_powers_version on supervision_powers (version_id, sort);

-- 检查事项清单 (public): item, basis, subject, method, frequency, unit that may do it.
create table supervision_items (
  id uuid primary key,
  version_id uuid not null references supervision_versions (id) on delete cascade,
  sort integer not null default 0,
  code text not null,
  name text not null,
  subject text not null,
  basis text not null,
  method text not null,
  frequency text not null,
  unit_code text not null
);
create index supervision_items_version on supervision_items (version_id, sort);

-- 分级分类监管清单: one supervising level per enterprise, its class inputs and the resulting annual cap.
create table supervision_grades (
  id uuid primary key,
  version_id uuid not null references supervision_versions (id) on delete cascade,
  enterprise_id uuid not null,
  jurisdiction_code text not null,
  level text not null check (level in ('district', 'town')),
  key_unit boolean not null default false,
  sector text not null check (sector in ('hazchem_metallurgy', 'other')),
  standardization text not null check (standardization in ('level1', 'level2', 'level3', 'none')),
  credit text not null,
  annual_cap integer not null,
  note text,
  unique (version_id, enterprise_id)
);
create index supervision_grades_scope on supervision_grades (version_id, jurisdiction_code);
create index supervision_grades_enterprise on supervision_grades (enterprise_id);

-- 检查表 items: from the criteria catalogue (clause_id) or free; a failure may be a major hazard.
create table supervision_checklist_items (
  id uuid primary key,
  version_id uuid not null references supervision_versions (id) on delete cascade,
  sort integer not null default 0,
  content text not null,
  basis text,
  method text,
  major boolean not null default false,
  clause_id uuid
);
create index supervision_checklist_items_version on supervision_checklist_items (version_id, sort);

-- 检查频次政策 (versioned: the newest row is in force).
create table supervision_policy (
  version integer primary key,
  policy jsonb not null,
  note text,
  created_at timestamptz not null default now(),
  created_by uuid,
  created_by_name text
);

-- Imports of a list into a draft: all-or-nothing; the rows' errors kept for errors.xlsx.
create table supervision_imports (
  id uuid primary key,
  kind text not null,
  version_id uuid not null references supervision_versions (id) on delete cascade,
  file_name text not null,
  status text not null check (status in ('done', 'failed')),
  total_rows integer not null default 0,
  imported integer not null default 0,
  errors jsonb not null default '[]',
  source jsonb not null default '[]',
  created_at timestamptz not null default now(),
  created_by uuid
);
