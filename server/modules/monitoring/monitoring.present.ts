// Rows → the DTOs of shared/monitoring.dto.ts (camelCase, ISO times). Every monitoring answer goes through here.
import type { Selectable } from 'kysely';
import type * as D from '../../../shared/monitoring.dto.ts';
import type { HistoryRow } from '../../platform/history.ts';
import { iso } from '../../platform/sql.ts';
import type { reportClocks } from './monitoring.duty.ts';
import type {
  MonitoringAccidentReportsTable as AccidentRow,
  MonitoringAlarmGroupsTable as GroupTable,
  MonitoringAlarmsTable as AlarmRow,
  MonitoringDevicesTable as DeviceRow,
  MonitoringDutyLogTable as LogRow,
  MonitoringDutyShiftsTable as ShiftRow,
  MonitoringHandoversTable as HandoverRow,
  MonitoringIngestRejectsTable as RejectRow,
  MonitoringMaintenanceTable as MaintenanceTable,
  MonitoringRulesTable as RuleRow,
} from './monitoring.tables.ts';

type Row<T> = Selectable<T>;
type DeviceListRow = Omit<Row<DeviceRow>, 'secret_hash' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by'> & {
  enterprise_name: string | null;
  park_name: string | null;
};
type AlarmListRow = Row<AlarmRow> & { device_name: string; device_type: D.Device['type']; lon: number | null; lat: number | null };

export const device = (d: DeviceListRow): D.Device => ({
  id: d.id,
  name: d.name,
  type: d.type,
  ownerKind: d.owner_kind,
  enterpriseId: d.enterprise_id,
  enterpriseName: d.enterprise_name,
  parkId: d.park_id,
  parkName: d.park_name,
  placeName: d.place_name,
  lon: d.lon,
  lat: d.lat,
  jurisdictionCode: d.jurisdiction_code,
  metrics: d.metrics,
  installDate: d.install_date,
  online: d.online,
  lastSeenAt: iso(d.last_seen_at),
  lastValues: d.last_values,
  disabled: d.disabled,
  version: d.version,
});

export const devicePoint = (
  p: Pick<Row<DeviceRow>, 'id' | 'name' | 'type' | 'lon' | 'lat' | 'online' | 'jurisdiction_code' | 'last_seen_at'>,
): D.DevicePoint => ({
  id: p.id,
  name: p.name,
  type: p.type,
  lon: p.lon,
  lat: p.lat,
  online: p.online,
  jurisdictionCode: p.jurisdiction_code,
  lastSeenAt: iso(p.last_seen_at),
});

export const rule = (r: Row<RuleRow>): D.Rule => ({
  id: r.id,
  name: r.name,
  deviceType: r.device_type,
  deviceId: r.device_id,
  overrides: r.overrides,
  metric: r.metric,
  kind: r.kind,
  op: r.op,
  threshold: r.threshold,
  threshold2: r.threshold2,
  hysteresis: r.hysteresis,
  durationS: r.duration_s,
  ratePerMin: r.rate_per_min,
  offlineMinutes: r.offline_minutes,
  severity: r.severity,
  enabled: r.enabled,
  version: r.version,
  updatedAt: iso(r.updated_at),
});

export const alarm = (a: AlarmListRow): D.Alarm => ({
  id: a.id,
  deviceId: a.device_id,
  deviceName: a.device_name,
  deviceType: a.device_type,
  ruleId: a.rule_id,
  jurisdictionCode: a.jurisdiction_code,
  enterpriseId: a.enterprise_id,
  severity: a.severity,
  status: a.status,
  verdict: a.verdict,
  metric: a.metric,
  message: a.message,
  firstValue: a.first_value,
  lastValue: a.last_value,
  count: a.count,
  raisedAt: iso(a.raised_at),
  lastAt: iso(a.last_at),
  clearedAt: iso(a.cleared_at),
  triagedAt: iso(a.triaged_at),
  dispatchedAt: iso(a.dispatched_at),
  dispatchToKind: a.dispatch_to_kind,
  dispatchTo: a.dispatch_to,
  handlingAt: iso(a.handling_at),
  closedAt: iso(a.closed_at),
  note: a.note,
  escalationLevel: a.escalation_level,
  hazardId: a.hazard_id,
  lon: a.lon,
  lat: a.lat,
  groupId: a.group_id,
  version: a.version,
});

type GroupRow = Row<GroupTable> & {
  enterprise_name: string | null;
  park_name: string | null;
  town_name: string | null;
  members: {
    id: string;
    status: D.Alarm['status'];
    version: number;
    raised_at: Date;
    cleared_at: Date | null;
    device_id: string;
    device_name: string;
    device_type: D.Device['type'];
    online: boolean;
    last_seen_at: Date | null;
  }[];
};

export const alarmGroup = (g: GroupRow): D.AlarmGroup => ({
  id: g.id,
  kind: g.kind,
  placeKind: g.place_kind,
  placeKey: g.place_key,
  placeName: g.place_kind === 'enterprise' ? g.enterprise_name : g.place_kind === 'park' ? g.park_name : g.town_name,
  jurisdictionCode: g.jurisdiction_code,
  townName: g.town_name,
  severity: g.severity,
  status: g.status,
  memberCount: g.member_count,
  activeCount: g.active_count,
  raisedAt: iso(g.raised_at),
  lastAt: iso(g.last_at),
  clearedAt: iso(g.cleared_at),
  members: g.members.map((m) => ({
    alarmId: m.id,
    status: m.status,
    version: m.version,
    raisedAt: iso(m.raised_at),
    clearedAt: iso(m.cleared_at),
    deviceId: m.device_id,
    deviceName: m.device_name,
    deviceType: m.device_type,
    online: m.online,
    lastSeenAt: iso(m.last_seen_at),
  })),
});

export const maintenance = (m: Row<MaintenanceTable> & { created_by_name: string | null }, now: Date): D.Maintenance => ({
  id: m.id,
  targetKind: m.target_kind,
  targetRef: m.target_ref,
  jurisdictionCode: m.jurisdiction_code,
  deviceIds: m.device_ids,
  startsAt: iso(m.starts_at),
  endsAt: iso(m.ends_at),
  reason: m.reason,
  createdAt: iso(m.created_at),
  createdByName: m.created_by_name,
  cancelledAt: iso(m.cancelled_at),
  active: !m.cancelled_at && new Date(m.starts_at) <= now && now < new Date(m.ends_at),
});

export const alarmStep = (e: HistoryRow): D.AlarmStep => ({
  id: Number(e.id),
  at: iso(e.at),
  action: e.action,
  actorName: e.actor_name,
  detail: e.data && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : null,
});

export const ingestReject = (r: Row<RejectRow>): D.IngestStats['rejects'][number] => ({
  reason: r.reason,
  count: r.count,
  lastAt: iso(r.last_at),
  lastSample: r.last_sample,
});

export const shift = (s: Row<ShiftRow> & { officer_name: string; leader_name: string; handover_id: string | null; acknowledged_at: Date | null }): D.Shift => ({
  id: s.id,
  unitCode: s.unit_code,
  startsAt: iso(s.starts_at),
  endsAt: iso(s.ends_at),
  officerId: s.officer_id,
  officerName: s.officer_name,
  leaderId: s.leader_id,
  leaderName: s.leader_name,
  handoverId: s.handover_id,
  acknowledgedAt: iso(s.acknowledged_at),
});

export const handover = (h: Row<HandoverRow>): D.Handover => ({
  id: h.id,
  unitCode: h.unit_code,
  fromShiftId: h.from_shift_id,
  toShiftId: h.to_shift_id,
  handedOverAt: iso(h.handed_over_at),
  handedOverBy: h.handed_over_by,
  note: h.note,
  openItems: h.open_items,
  acknowledgedAt: iso(h.acknowledged_at),
  acknowledgedBy: h.acknowledged_by,
});

export const dutyLog = (e: Row<LogRow>): D.DutyLog => ({
  id: e.id,
  unitCode: e.unit_code,
  shiftId: e.shift_id,
  at: iso(e.at),
  kind: e.kind,
  content: e.content,
  authorName: e.author_name,
});

export const accident = (r: Row<AccidentRow>, clocks: ReturnType<typeof reportClocks>): D.Accident => ({
  id: r.id,
  jurisdictionCode: r.jurisdiction_code,
  title: r.title,
  occurredAt: iso(r.occurred_at),
  knownAt: iso(r.known_at),
  clocks,
});
