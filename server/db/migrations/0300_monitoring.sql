-- Safety operation center (城市安全运行监测): devices, telemetry, rules, alarms, duty.
-- Topic scheme and ingest rules: server/modules/monitoring/README.md.
create table monitoring_devices (
  id text primary key check (id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
  name text not null,
  type text not null check (type in ('smoke', 'temperature', 'gas', 'water_level', 'rainfall', 'wind', 'video', 'generic')),
  owner_kind text not null check (owner_kind in ('enterprise', 'park', 'place')),
  enterprise_id uuid references enterprises(id),
  park_id uuid references parks(id),
  place_name text,
  lon double precision,
  lat double precision,
  jurisdiction_code text not null references org_units(code),
  -- [{name, unit, label}]
  metrics jsonb not null default '[]',
  install_date date,
  online boolean not null default false,
  last_seen_at timestamptz,
  last_values jsonb,
  -- sha256 of the per-device secret (MQTT password / HTTP device credential); null = gateway token only.
  secret_hash text,
  disabled boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create index monitoring_devices_jurisdiction on monitoring_devices (jurisdiction_code text_pattern_ops);
create index monitoring_devices_enterprise on monitoring_devices (enterprise_id);

-- Append-only telemetry. (device_id, seq) is the delivery key: a redelivered reading is dropped.
-- Readings without seq get seq = epoch milliseconds of ts, so the key is then (device_id, ts).
create table monitoring_readings (
  device_id text not null,
  seq bigint not null,
  ts timestamptz not null,
  metrics jsonb not null,
  received_at timestamptz not null default now(),
  primary key (device_id, seq)
);
create index monitoring_readings_device_ts on monitoring_readings (device_id, ts);

create table monitoring_rules (
  id uuid primary key,
  name text not null,
  -- A type rule applies to every device of the type; a device rule (device_id set) adds to or, with
  -- overrides, replaces one type rule for that device.
  device_type text check (device_type in ('smoke', 'temperature', 'gas', 'water_level', 'rainfall', 'wind', 'video', 'generic')),
  device_id text references monitoring_devices(id),
  overrides uuid references monitoring_rules(id),
  metric text,
  kind text not null check (kind in ('threshold', 'duration', 'rate', 'offline')),
  op text check (op in ('gt', 'lt', 'between')),
  threshold double precision,
  threshold2 double precision,
  hysteresis double precision not null default 0,
  duration_s integer,
  rate_per_min double precision,
  offline_minutes integer,
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  enabled boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((device_type is null) <> (device_id is null))
);

-- Rule state per device and rule ("above since", last value), so a restart continues where it stopped.
create table monitoring_rule_state (
  device_id text not null,
  rule_id uuid not null references monitoring_rules(id) on delete cascade,
  active boolean not null default false,
  since timestamptz,
  last_value double precision,
  last_ts timestamptz,
  updated_at timestamptz not null default now(),
  primary key (device_id, rule_id)
);

create table monitoring_alarms (
  id uuid primary key,
  device_id text not null references monitoring_devices(id),
  rule_id uuid not null references monitoring_rules(id),
  jurisdiction_code text not null,
  enterprise_id uuid,
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  status text not null default 'raised' check (status in ('raised', 'triaged', 'dispatched', 'handling', 'closed')),
  verdict text check (verdict in ('true_alarm', 'false_alarm')),
  metric text,
  message text not null,
  first_value double precision,
  last_value double precision,
  count integer not null default 1,
  raised_at timestamptz not null,
  last_at timestamptz not null,
  cleared_at timestamptz,
  triaged_at timestamptz,
  triaged_by uuid,
  dispatched_at timestamptz,
  dispatched_by uuid,
  dispatch_to_kind text check (dispatch_to_kind in ('town', 'department', 'person')),
  dispatch_to text,
  handling_at timestamptz,
  handling_by uuid,
  closed_at timestamptz,
  closed_by uuid,
  note text,
  escalation_level integer not null default 0,
  hazard_id uuid,
  -- Seam for the command module: set when an alarm becomes an incident.
  incident_id uuid,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One active alarm per device and rule: a repeat updates count and last value.
create unique index monitoring_alarms_active on monitoring_alarms (device_id, rule_id) where status <> 'closed';
create index monitoring_alarms_jurisdiction on monitoring_alarms (jurisdiction_code text_pattern_ops, raised_at desc);
create index monitoring_alarms_status on monitoring_alarms (status, raised_at desc);

create table monitoring_alarm_events (
  id bigint generated always as identity primary key,
  alarm_id uuid not null references monitoring_alarms(id),
  at timestamptz not null,
  action text not null,
  actor_id uuid,
  actor_name text,
  detail jsonb
);
create index monitoring_alarm_events_alarm on monitoring_alarm_events (alarm_id, id);

-- Rejected ingest messages by reason (not JSON, wrong types, unknown device, too large, future ts …).
create table monitoring_ingest_rejects (
  reason text primary key,
  count bigint not null default 0,
  last_at timestamptz,
  last_sample text
);

-- Duty (值班值守): shifts with a duty officer and a leader on duty, per duty unit.
create table monitoring_duty_shifts (
  id uuid primary key,
  unit_code text not null references org_units(code),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  officer_id uuid not null references users(id),
  leader_id uuid not null references users(id),
  created_at timestamptz not null default now(),
  created_by uuid
);
create index monitoring_duty_shifts_unit on monitoring_duty_shifts (unit_code, starts_at);

create table monitoring_handovers (
  id uuid primary key,
  unit_code text not null,
  from_shift_id uuid references monitoring_duty_shifts(id),
  to_shift_id uuid not null references monitoring_duty_shifts(id),
  handed_over_at timestamptz not null,
  handed_over_by uuid not null,
  note text,
  -- the open alarms at handover: [{id, message, severity, status}]
  open_items jsonb not null default '[]',
  acknowledged_at timestamptz,
  acknowledged_by uuid
);
create unique index monitoring_handovers_to on monitoring_handovers (to_shift_id);

create table monitoring_duty_log (
  id uuid primary key,
  unit_code text not null,
  shift_id uuid references monitoring_duty_shifts(id),
  at timestamptz not null,
  kind text not null check (kind in ('call', 'report', 'alarm', 'instruction', 'note')),
  content text not null,
  author_id uuid not null,
  author_name text not null
);
create index monitoring_duty_log_unit on monitoring_duty_log (unit_code text_pattern_ops, at desc);

-- Accident-reporting clocks (493号令): unit → county within 1 h of learning of it, each level up within 2 h.
create table monitoring_accident_reports (
  id uuid primary key,
  jurisdiction_code text not null references org_units(code),
  title text not null,
  occurred_at timestamptz not null,
  -- when the unit's principal learned of it: the county report is due 1 h later
  known_at timestamptz not null,
  county_reported_at timestamptz,
  city_reported_at timestamptz,
  province_reported_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid
);
create index monitoring_accident_reports_jurisdiction on monitoring_accident_reports (jurisdiction_code text_pattern_ops);
