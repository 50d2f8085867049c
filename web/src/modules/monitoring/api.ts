// Monitoring on the web: the API's DTO types (shared/monitoring.dto.ts) and query keys.
export type {
  Accident,
  Alarm,
  AlarmCounts,
  AlarmDetail,
  AlarmGroup,
  AlarmTrend,
  BatchResult,
  AlarmList,
  Device,
  DevicePoint,
  DeviceTrend,
  DutyLog,
  DutyPerson,
  Handover,
  LiveAlarm,
  Maintenance,
  Rule,
  Shift,
  TownOnline,
} from '../../../../shared/monitoring.dto.ts';

/** Query keys: invalidate `monitoringKeys.all` after any monitoring write. */
export const monitoringKeys = {
  all: ['monitoring'] as const,
  alarms: ['monitoring', 'alarms'] as const,
  groups: ['monitoring', 'alarms', 'groups'] as const,
  counts: ['monitoring', 'alarms', 'counts'] as const,
  maintenance: ['monitoring', 'maintenance'] as const,
  alarm: (id: string | undefined) => ['monitoring', 'alarms', 'one', id] as const,
  devices: ['monitoring', 'devices'] as const,
  rules: ['monitoring', 'rules'] as const,
  trend: (deviceId: string, range: string) => ['monitoring', 'trend', deviceId, range] as const,
  duty: ['monitoring', 'duty'] as const,
};
