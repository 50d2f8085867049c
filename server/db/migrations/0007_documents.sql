-- The document engine (server/platform/documents): numbered documents generated from .docx templates.
-- Shared by enforcement cases (立案审批表, 告知书, 决定书…) and field inspections (现场检查记录, 责令限期整改指令书).

-- An administrator's replacement for a shipped default template (the default lives in the repository).
create table document_templates (
  kind text primary key,
  -- the files row (platform store, migration 0010, which runs after this one: no foreign key)
  file_id uuid not null,
  note text not null default '',
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);

-- 文号 counters: one row per issuing unit, series and year, locked FOR UPDATE by the transaction that issues a
-- document, so numbers have no gaps and no repeats (a rolled-back issue rolls the counter back too).
create table document_counters (
  unit_code text not null references org_units(code),
  series text not null,
  year integer not null,
  last_number integer not null default 0,
  primary key (unit_code, series, year)
);

-- Every issued document: its number, what it belongs to and the data it was issued with (rendered on download
-- from the current template, so a corrected template applies to the same facts).
create table documents (
  id uuid primary key,
  kind text not null,
  aggregate text not null,
  aggregate_id text not null,
  jurisdiction_code text not null,
  unit_code text not null references org_units(code),
  series text not null,
  year integer not null,
  seq integer not null,
  number text not null,
  title text not null,
  data jsonb not null,
  issued_by uuid references users(id),
  issued_by_name text not null,
  issued_at timestamptz not null,
  unique (unit_code, series, year, seq)
);
create index documents_aggregate on documents (aggregate, aggregate_id, issued_at);
