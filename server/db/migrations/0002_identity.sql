-- Identity, sessions, machine tokens and the tamper-evident audit trail.
create table users (
  id uuid primary key,
  username text not null unique check (username = lower(username)),
  display_name text not null,
  unit_code text not null references org_units(code),
  -- Set for external users who belong to one enterprise or park (registry ids).
  enterprise_id uuid,
  roles text[] not null default '{}',
  phone text,
  password_hash text,
  password_changed_at timestamptz,
  password_history text[] not null default '{}',
  failed_logins integer not null default 0,
  locked_until timestamptz,
  totp_secret text,
  totp_enabled boolean not null default false,
  totp_last_step bigint,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create index users_unit on users (unit_code);

-- Extra jurisdictions a user may see beyond their own unit's subtree.
create table user_grants (
  user_id uuid not null references users(id) on delete cascade,
  unit_code text not null references org_units(code),
  created_at timestamptz not null default now(),
  primary key (user_id, unit_code)
);

create table sessions (
  id text primary key,              -- sha256 of the cookie token; the token itself is never stored
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  mfa_passed boolean not null default false,
  ip text,
  user_agent text,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id uuid primary key,
  user_id uuid not null references users(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  scopes text[] not null default '{}',
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  user_id uuid,
  username text,
  unit_code text,
  ip text,
  action text not null,
  resource_type text,
  resource_id text,
  outcome text not null check (outcome in ('success', 'denied', 'failure')),
  before jsonb,
  after jsonb,
  detail jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_log_at on audit_log (at);
create index audit_log_resource on audit_log (resource_type, resource_id);
create index audit_log_user on audit_log (user_id, at);

-- Append-only: UPDATE is always refused; DELETE only by the retention purge, which sets
-- anlan.audit_purge_before for its own transaction and may remove only rows older than that.
create function audit_log_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE'
     and current_setting('anlan.audit_purge_before', true) is not null
     and current_setting('anlan.audit_purge_before', true) <> ''
     and old.at < current_setting('anlan.audit_purge_before', true)::timestamptz then
    return old;
  end if;
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_guard();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_guard();
