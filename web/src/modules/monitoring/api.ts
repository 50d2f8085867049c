// Monitoring on the web: DTO types and query keys.
import type { AlarmState, Severity } from '../../../../shared/monitoring.ts';

export interface Device {
  id: string;
  name: string;
  type: string;
  owner_kind: string;
  enterprise_id: string | null;
  enterprise_name?: string | null;
  park_name?: string | null;
  place_name: string | null;
  lon: number | null;
  lat: number | null;
  jurisdiction_code: string;
  metrics: { name: string; unit: string; label: string }[];
  install_date: string | null;
  online: boolean;
  last_seen_at: string | null;
  last_values: Record<string, number> | null;
  version: number;
}

export interface Alarm {
  id: string;
  device_id: string;
  device_name: string;
  device_type: string;
  rule_id: string;
  severity: Severity;
  status: AlarmState;
  verdict: 'true_alarm' | 'false_alarm' | null;
  message: string;
  first_value: number | null;
  last_value: number | null;
  count: number;
  raised_at: string;
  last_at: string;
  cleared_at: string | null;
  escalation_level: number;
  hazard_id: string | null;
  jurisdiction_code: string;
  dispatch_to_kind: string | null;
  dispatch_to: string | null;
  note: string | null;
  lon: number | null;
  lat: number | null;
  version: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Query keys: invalidate `monitoringKeys.all` after any monitoring write. */
export const monitoringKeys = {
  all: ['monitoring'] as const,
  alarms: ['monitoring', 'alarms'] as const,
  alarm: (id: string | undefined) => ['monitoring', 'alarms', 'one', id] as const,
  devices: ['monitoring', 'devices'] as const,
  rules: ['monitoring', 'rules'] as const,
  trend: (deviceId: string, range: string) => ['monitoring', 'trend', deviceId, range] as const,
  duty: ['monitoring', 'duty'] as const,
};
