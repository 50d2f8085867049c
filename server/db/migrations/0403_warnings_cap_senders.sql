-- Registered CAP senders: the only callers that may push CAP alerts (POST /api/warnings/cap) and the
-- attribution of every pulled feed. Each has its own credential (only the SHA-256 of the token is kept),
-- is bound to one CAP <sender> id and to the division codes it may warn, and says whether its alerts
-- are released at once or land for approval (the default).
create table warning_cap_senders (
  id uuid primary key,
  name text not null,
  sender text not null unique,
  token_hash text not null unique,
  area_codes text[] not null check (cardinality(area_codes) > 0),
  release text not null default 'draft' check (release in ('draft', 'release')),
  enabled boolean not null default true,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);

-- A pulled feed speaks for one registered sender; a feed without one imports nothing.
alter table warning_feeds add column sender_id uuid references warning_cap_senders(id);

-- An imported alert that had already expired is kept for the record, never fanned out.
alter table warnings drop constraint warnings_status_check;
alter table warnings add constraint warnings_status_check
  check (status in ('draft', 'pending_approval', 'approved', 'rejected', 'released', 'superseded', 'cancelled', 'expired'));
