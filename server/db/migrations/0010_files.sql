-- The platform file store: photos and attachments for every module. Content lives in the database
-- (bytea) so several API processes share it without a shared disk; sha256 for integrity and dedup checks.
create table files (
  id uuid primary key,
  filename text not null,
  mime text not null,
  size integer not null check (size >= 0),
  sha256 text not null,
  data bytea not null,
  -- null for uploads by the public (anonymous reports).
  uploaded_by uuid,
  -- Who may read it: the same prefix rule as every domain row.
  jurisdiction_code text not null references org_units(code),
  created_at timestamptz not null default now()
);
create index files_jurisdiction on files (jurisdiction_code text_pattern_ops);
create index files_sha256 on files (sha256);
