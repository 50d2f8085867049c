-- Alarm floods (issue 12): offline alarms of many devices in one place fold into one group alarm, and
-- maintenance windows suppress the alarms of chosen devices for a time span.

-- A group alarm: offline alarms of devices at one place (an enterprise, a park, or else a town) raised within
-- a window of each other. Its members are the alarms pointing at it (monitoring_alarms.group_id). The offline
-- sweep keeps it current: status open (some device still silent) → cleared (every device reported again,
-- cleared_at) → closed (every member alarm closed).
create table monitoring_alarm_groups (
  id uuid primary key,
  kind text not null default 'offline' check (kind in ('offline')),
  place_kind text not null check (place_kind in ('enterprise', 'park', 'town')),
  -- the enterprise id, park id or town code
  place_key text not null,
  jurisdiction_code text not null,
  enterprise_id uuid,
  park_id uuid,
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  status text not null default 'open' check (status in ('open', 'cleared', 'closed')),
  member_count integer not null default 0,
  -- members whose device is still silent and whose alarm is not closed
  active_count integer not null default 0,
  raised_at timestamptz not null,
  last_at timestamptz not null,
  cleared_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One open group per place and kind: new offline alarms there join it.
create unique index monitoring_alarm_groups_open on monitoring_alarm_groups (kind, place_kind, place_key) where status = 'open';
create index monitoring_alarm_groups_jurisdiction on monitoring_alarm_groups (jurisdiction_code text_pattern_ops, raised_at desc);

alter table monitoring_alarms add column group_id uuid references monitoring_alarm_groups(id);
create index monitoring_alarms_group on monitoring_alarms (group_id) where group_id is not null;

-- Maintenance windows: no alarm is raised for the listed devices between starts_at and ends_at (threshold,
-- duration, rate and offline rules alike). The place chosen (a town/village, an enterprise, a park, or a list
-- of devices) is resolved to its devices when the window is created, so the window says exactly which.
create table monitoring_maintenance (
  id uuid primary key,
  target_kind text not null check (target_kind in ('devices', 'place', 'enterprise', 'park')),
  -- the code, enterprise id or park id chosen (null for a list of devices)
  target_ref text,
  jurisdiction_code text not null references org_units(code),
  enterprise_id uuid,
  device_ids text[] not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  reason text not null,
  created_at timestamptz not null default now(),
  created_by uuid not null,
  cancelled_at timestamptz,
  cancelled_by uuid
);
create index monitoring_maintenance_active on monitoring_maintenance (ends_at) where cancelled_at is null;
create index monitoring_maintenance_jurisdiction on monitoring_maintenance (jurisdiction_code text_pattern_ops, starts_at desc);
