-- Warnings and call-response (预警叫应): CAP warnings, the responsible-person registry, recipients with
-- their channel ladder, delivery attempts (one row per send, idempotency key = attempt id), the local
-- outbox, used link tokens, external feeds, and the quarterly acknowledgement rate per town.

-- Policy and channel settings as data (key → jsonb); defaults live in shared/warnings.ts.
create table warning_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by uuid
);

create table responsible_persons (
  id uuid primary key,
  name text not null,
  role text not null check (role in ('flood_chief', 'works_patroller', 'flash_flood_warner', 'geo_monitor', 'shelter_manager', 'house_liaison', 'grid_worker', 'cadre')),
  -- Village/community, town or district the person answers for.
  jurisdiction_code text not null references org_units(code),
  unit_name text,
  grid text,
  phone text,
  phone2 text,
  email text,
  -- Ordered channel ladder; empty = the policy's default ladder.
  channels text[] not null default '{}',
  superior_id uuid references responsible_persons(id),
  user_id uuid references users(id),
  households integer,
  lon double precision,
  lat double precision,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create index responsible_persons_jurisdiction on responsible_persons (jurisdiction_code text_pattern_ops);
create index responsible_persons_superior on responsible_persons (superior_id);
create index responsible_persons_user on responsible_persons (user_id) where user_id is not null;

create table warnings (
  id uuid primary key,
  -- GB/T 35965.1 / CAP identifier, unique per sender.
  identifier text not null unique,
  sender text not null,
  source text not null check (source in ('platform', 'external')),
  msg_type text not null check (msg_type in ('Alert', 'Update', 'Cancel')),
  -- CAP references ("sender,identifier,sent" triples) of earlier messages this one updates or cancels.
  refs text[] not null default '{}',
  supersedes_id uuid references warnings(id),
  status text not null check (status in ('draft', 'pending_approval', 'approved', 'rejected', 'released', 'superseded', 'cancelled')),
  event_type text not null,
  event_name text not null,
  level text not null check (level in ('red', 'orange', 'yellow', 'blue')),
  urgency text not null default 'Expected',
  certainty text not null default 'Likely',
  headline text not null,
  description text not null,
  instruction text,
  sender_name text,
  sent_at timestamptz,
  onset timestamptz,
  expires timestamptz,
  -- { polygons: [[[lon,lat]…]], circles: [{lon,lat,radiusKm}], geocodes: [code…] }
  area jsonb not null,
  area_desc text not null,
  -- Issuing scope (drafter's unit or the area's common code) and the towns the area touches.
  jurisdiction_code text not null references org_units(code),
  town_codes text[] not null default '{}',
  cap_xml text,
  drafted_by uuid,
  approved_by uuid,
  approved_at timestamptz,
  released_by uuid,
  released_at timestamptz,
  reject_reason text,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create index warnings_jurisdiction on warnings (jurisdiction_code text_pattern_ops);
create index warnings_status on warnings (status, created_at desc);
create index warnings_towns on warnings using gin (town_codes);

create table warning_recipients (
  id uuid primary key,
  warning_id uuid not null references warnings(id),
  kind text not null default 'target' check (kind in ('target', 'escalation')),
  person_id uuid references responsible_persons(id),
  enterprise_id uuid references enterprises(id),
  -- For kind = 'escalation': the recipient who was not reached.
  escalated_from uuid references warning_recipients(id),
  name text not null,
  role text not null,
  phone text,
  email text,
  user_id uuid,
  jurisdiction_code text not null,
  town_code text not null,
  channels text[] not null,
  step integer not null default 0,
  state text not null default 'pending' check (state in ('pending', 'acknowledged', 'not_reached', 'closed')),
  reply_code text not null,
  deadline_at timestamptz not null,
  next_action_at timestamptz,
  overdue boolean not null default false,
  reached_at timestamptz,
  acked_at timestamptz,
  ack_via text check (ack_via in ('link', 'inapp', 'sms')),
  not_reached_at timestamptz,
  measures text,
  people_moved integer,
  measures_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index warning_recipients_person on warning_recipients (warning_id, person_id) where kind = 'target' and person_id is not null;
create unique index warning_recipients_enterprise on warning_recipients (warning_id, enterprise_id) where enterprise_id is not null;
create unique index warning_recipients_escalation on warning_recipients (warning_id, escalated_from) where kind = 'escalation';
create index warning_recipients_warning on warning_recipients (warning_id, town_code);
create index warning_recipients_due on warning_recipients (warning_id, next_action_at) where state = 'pending';
create index warning_recipients_user on warning_recipients (user_id) where user_id is not null;
create index warning_recipients_phone on warning_recipients (phone, reply_code) where state = 'pending';

-- One row per send. The id is the provider idempotency key. pending → sending → sent | failed;
-- 'cancelled' when the warning ends before the send.
create table delivery_attempts (
  id uuid primary key,
  warning_id uuid not null references warnings(id),
  recipient_id uuid not null references warning_recipients(id),
  channel text not null check (channel in ('inapp', 'sms', 'voice', 'wecom', 'dingtalk', 'email')),
  step integer not null,
  mode text,
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  created_at timestamptz not null,
  sending_at timestamptz,
  lease_until timestamptz,
  sent_at timestamptz,
  provider_id text,
  result text,
  error text
);
create index delivery_attempts_todo on delivery_attempts (created_at) where state in ('pending', 'sending');
create index delivery_attempts_recipient on delivery_attempts (recipient_id);
create index delivery_attempts_warning on delivery_attempts (warning_id);

-- Outbox mode: what would have been sent (development, tests, drills). Keyed by attempt id.
create table warning_outbox (
  attempt_id uuid primary key references delivery_attempts(id),
  channel text not null,
  address text,
  payload jsonb not null,
  created_at timestamptz not null
);

-- Link tokens are single-use: the nonce of a used token is kept until it would have expired anyway.
create table warning_used_tokens (
  nonce text primary key,
  recipient_id uuid not null,
  purpose text not null,
  used_at timestamptz not null,
  expires_at timestamptz not null
);

create table warning_feeds (
  id uuid primary key,
  name text not null,
  url text not null,
  enabled boolean not null default true,
  poll_minutes integer not null default 5 check (poll_minutes between 1 and 1440),
  last_polled_at timestamptz,
  last_status text,
  last_error text,
  imported_count integer not null default 0,
  created_at timestamptz not null default now(),
  created_by uuid
);

-- Acknowledgement rate per town per quarter, for assessment (考核).
create table warning_ack_stats (
  town_code text not null references org_units(code),
  quarter text not null,
  warnings integer not null,
  recipients integer not null,
  acknowledged integer not null,
  on_time integer not null,
  not_reached integer not null,
  computed_at timestamptz not null,
  primary key (town_code, quarter)
);
