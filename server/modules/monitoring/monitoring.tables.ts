import type { CreatedAt, DateOnly, Defaulted, Json, Timestamp, UpdatedAt } from '../../db/columns.ts';
import type { AlarmState, DeviceType, DutyLogKind, OwnerKind, RuleKind, RuleOp, Severity } from '../../../shared/monitoring.ts';

export interface MetricDef {
  name: string;
  unit: string;
  label: string;
}

export interface MonitoringDevicesTable {
  id: string;
  name: string;
  type: DeviceType;
  owner_kind: OwnerKind;
  enterprise_id: string | null;
  park_id: string | null;
  place_name: string | null;
  lon: number | null;
  lat: number | null;
  jurisdiction_code: string;
  metrics: Json<MetricDef[]>;
  install_date: DateOnly | null;
  online: Defaulted<boolean>;
  last_seen_at: Timestamp | null;
  last_values: Json<Record<string, number>> | null;
  secret_hash: string | null;
  disabled: Defaulted<boolean>;
  version: Defaulted<number>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface MonitoringReadingsTable {
  device_id: string;
  seq: number;
  ts: Timestamp;
  metrics: Json<Record<string, number>>;
  received_at: CreatedAt;
}

export interface MonitoringRulesTable {
  id: string;
  name: string;
  device_type: DeviceType | null;
  device_id: string | null;
  overrides: string | null;
  metric: string | null;
  kind: RuleKind;
  op: RuleOp | null;
  threshold: number | null;
  threshold2: number | null;
  hysteresis: Defaulted<number>;
  duration_s: number | null;
  rate_per_min: number | null;
  offline_minutes: number | null;
  severity: Severity;
  enabled: Defaulted<boolean>;
  version: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MonitoringRuleStateTable {
  device_id: string;
  rule_id: string;
  active: boolean;
  since: Timestamp | null;
  last_value: number | null;
  last_ts: Timestamp | null;
  updated_at: UpdatedAt;
}

export interface MonitoringAlarmsTable {
  id: string;
  device_id: string;
  rule_id: string;
  jurisdiction_code: string;
  enterprise_id: string | null;
  severity: Severity;
  status: Defaulted<AlarmState>;
  verdict: 'true_alarm' | 'false_alarm' | null;
  metric: string | null;
  message: string;
  first_value: number | null;
  last_value: number | null;
  count: Defaulted<number>;
  raised_at: Timestamp;
  last_at: Timestamp;
  cleared_at: Timestamp | null;
  triaged_at: Timestamp | null;
  triaged_by: string | null;
  dispatched_at: Timestamp | null;
  dispatched_by: string | null;
  dispatch_to_kind: 'town' | 'department' | 'person' | null;
  dispatch_to: string | null;
  handling_at: Timestamp | null;
  handling_by: string | null;
  closed_at: Timestamp | null;
  closed_by: string | null;
  note: string | null;
  escalation_level: Defaulted<number>;
  hazard_id: string | null;
  incident_id: string | null;
  /** The group alarm this offline alarm folded into (monitoring_alarm_groups), if any. */
  group_id: string | null;
  version: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MonitoringIngestRejectsTable {
  reason: string;
  count: Defaulted<number>;
  last_at: Timestamp | null;
  last_sample: string | null;
}

export interface MonitoringDutyShiftsTable {
  id: string;
  unit_code: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  officer_id: string;
  leader_id: string;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface MonitoringHandoversTable {
  id: string;
  unit_code: string;
  from_shift_id: string | null;
  to_shift_id: string;
  handed_over_at: Timestamp;
  handed_over_by: string;
  note: string | null;
  open_items: Json<{ id: string; message: string; severity: Severity; status: AlarmState }[]>;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
}

export interface MonitoringDutyLogTable {
  id: string;
  unit_code: string;
  shift_id: string | null;
  at: Timestamp;
  kind: DutyLogKind;
  content: string;
  author_id: string;
  author_name: string;
}

export interface MonitoringAccidentReportsTable {
  id: string;
  jurisdiction_code: string;
  title: string;
  occurred_at: Timestamp;
  known_at: Timestamp;
  county_reported_at: Timestamp | null;
  city_reported_at: Timestamp | null;
  province_reported_at: Timestamp | null;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface MonitoringAlarmGroupsTable {
  id: string;
  kind: Defaulted<'offline'>;
  place_kind: 'enterprise' | 'park' | 'town';
  place_key: string;
  jurisdiction_code: string;
  enterprise_id: string | null;
  park_id: string | null;
  severity: Severity;
  status: Defaulted<'open' | 'cleared' | 'closed'>;
  member_count: Defaulted<number>;
  active_count: Defaulted<number>;
  raised_at: Timestamp;
  last_at: Timestamp;
  cleared_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MonitoringMaintenanceTable {
  id: string;
  target_kind: 'devices' | 'place' | 'enterprise' | 'park';
  target_ref: string | null;
  jurisdiction_code: string;
  enterprise_id: string | null;
  device_ids: string[];
  starts_at: Timestamp;
  ends_at: Timestamp;
  reason: string;
  created_at: CreatedAt;
  created_by: string;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
}

export interface MonitoringTables {
  monitoring_alarm_groups: MonitoringAlarmGroupsTable;
  monitoring_maintenance: MonitoringMaintenanceTable;
  monitoring_devices: MonitoringDevicesTable;
  monitoring_readings: MonitoringReadingsTable;
  monitoring_rules: MonitoringRulesTable;
  monitoring_rule_state: MonitoringRuleStateTable;
  monitoring_alarms: MonitoringAlarmsTable;
  monitoring_ingest_rejects: MonitoringIngestRejectsTable;
  monitoring_duty_shifts: MonitoringDutyShiftsTable;
  monitoring_handovers: MonitoringHandoversTable;
  monitoring_duty_log: MonitoringDutyLogTable;
  monitoring_accident_reports: MonitoringAccidentReportsTable;
}
