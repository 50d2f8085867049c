// What the monitoring API answers: TypeBox schemas (the routes' response schemas, so OpenAPI describes them and
// fastify serialises exactly these fields) and their types, which the web imports. camelCase throughout.
import { type Static, Type } from 'typebox';
import { CountsOf, Enum, Nullable, Page, Revision } from './dto.ts';
import { ALARM_ACTIONS, ALARM_STATES, DEVICE_TYPES, DUTY_LOG_KINDS, OWNER_KINDS, RULE_KINDS, RULE_OPS, SEVERITIES } from './monitoring.ts';
import { DateTime, IsoDate } from './schema.ts';

const Id = Type.String();
const Metrics = Type.Record(Type.String(), Type.Number());

export const MetricDefDto = Type.Object({ name: Type.String(), unit: Type.String(), label: Type.String() });
export const Created = Type.Object({ id: Id });

// ── devices ──
export const DeviceDto = Type.Object({
  id: Id,
  name: Type.String(),
  type: Enum(DEVICE_TYPES),
  ownerKind: Enum(OWNER_KINDS),
  enterpriseId: Nullable(Id),
  enterpriseName: Nullable(Type.String()),
  parkId: Nullable(Id),
  parkName: Nullable(Type.String()),
  placeName: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  jurisdictionCode: Type.String(),
  metrics: Type.Array(MetricDefDto),
  installDate: Nullable(IsoDate),
  online: Type.Boolean(),
  lastSeenAt: Nullable(DateTime),
  lastValues: Nullable(Metrics),
  disabled: Type.Boolean(),
  version: Type.Integer(),
});
export const DevicePage = Page(DeviceDto);
export const DevicePointDto = Type.Object({
  id: Id,
  name: Type.String(),
  type: Enum(DEVICE_TYPES),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  online: Type.Boolean(),
  jurisdictionCode: Type.String(),
  lastSeenAt: Nullable(DateTime),
});
export const DeviceTrendDto = Type.Object({
  device: Type.Object({ id: Id, name: Type.String(), metrics: Type.Array(MetricDefDto) }),
  from: DateTime,
  to: DateTime,
  bucketSec: Type.Integer({ description: 'seconds each point covers' }),
  points: Type.Array(
    Type.Object({
      t: DateTime,
      metrics: Type.Record(Type.String(), Type.Number(), { description: 'mean per metric in the bucket' }),
      min: Metrics,
      max: Metrics,
    }),
  ),
});
/** The readings around an alarm, with what the chart marks: the rule's threshold, the alarm's moment and its peak. */
export const AlarmTrendDto = Type.Object({
  ...DeviceTrendDto.properties,
  metric: Nullable(Type.String()),
  threshold: Nullable(Type.Number()),
  threshold2: Nullable(Type.Number()),
  op: Nullable(Enum(RULE_OPS)),
  raisedAt: DateTime,
  peak: Nullable(Type.Object({ t: DateTime, value: Type.Number() })),
});
/** A device's one-time secret (MQTT password / device credential), shown once. */
export const DeviceSecretDto = Type.Object({ id: Id, secret: Type.String() });
export const DeviceImportDto = Type.Object({ created: Type.Integer(), devices: Type.Array(DeviceSecretDto) });

// ── rules ──
export const RuleDto = Type.Object({
  id: Id,
  name: Type.String(),
  deviceType: Nullable(Enum(DEVICE_TYPES)),
  deviceId: Nullable(Id),
  overrides: Nullable(Id),
  metric: Nullable(Type.String()),
  kind: Enum(RULE_KINDS),
  op: Nullable(Enum(RULE_OPS)),
  threshold: Nullable(Type.Number()),
  threshold2: Nullable(Type.Number()),
  hysteresis: Type.Number(),
  durationS: Nullable(Type.Integer()),
  ratePerMin: Nullable(Type.Number()),
  offlineMinutes: Nullable(Type.Integer()),
  severity: Enum(SEVERITIES),
  enabled: Type.Boolean(),
  ...Revision,
});

// ── alarms ──
export const AlarmDto = Type.Object({
  id: Id,
  deviceId: Id,
  deviceName: Type.String(),
  deviceType: Enum(DEVICE_TYPES),
  ruleId: Id,
  jurisdictionCode: Type.String(),
  enterpriseId: Nullable(Id),
  severity: Enum(SEVERITIES),
  status: Enum(ALARM_STATES),
  verdict: Nullable(Type.Union([Type.Literal('true_alarm'), Type.Literal('false_alarm')])),
  metric: Nullable(Type.String()),
  message: Type.String(),
  firstValue: Nullable(Type.Number()),
  lastValue: Nullable(Type.Number()),
  count: Type.Integer(),
  raisedAt: DateTime,
  lastAt: DateTime,
  clearedAt: Nullable(DateTime),
  triagedAt: Nullable(DateTime),
  dispatchedAt: Nullable(DateTime),
  dispatchToKind: Nullable(Type.Union([Type.Literal('town'), Type.Literal('department'), Type.Literal('person')])),
  dispatchTo: Nullable(Type.String()),
  handlingAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  note: Nullable(Type.String()),
  escalationLevel: Type.Integer(),
  hazardId: Nullable(Id),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  groupId: Nullable(Id),
  version: Type.Integer(),
});
export const AlarmPage = Page(AlarmDto);
/** The list header: alarms by severity under the list's filters, and the group alarms not closed. */
export const AlarmCountsDto = Type.Object({
  bySeverity: CountsOf(SEVERITIES),
  total: Type.Integer(),
  groups: Type.Integer(),
});
export const AlarmGroupMemberDto = Type.Object({
  alarmId: Id,
  status: Enum(ALARM_STATES),
  version: Type.Integer(),
  raisedAt: DateTime,
  clearedAt: Nullable(DateTime),
  deviceId: Id,
  deviceName: Type.String(),
  deviceType: Enum(DEVICE_TYPES),
  online: Type.Boolean(),
  lastSeenAt: Nullable(DateTime),
});
/** A group alarm: the offline alarms of many devices at one place, folded into one. */
export const AlarmGroupDto = Type.Object({
  id: Id,
  kind: Type.Literal('offline'),
  placeKind: Type.Union([Type.Literal('enterprise'), Type.Literal('park'), Type.Literal('town')]),
  placeKey: Type.String(),
  placeName: Nullable(Type.String()),
  jurisdictionCode: Type.String(),
  townName: Nullable(Type.String()),
  severity: Enum(SEVERITIES),
  status: Type.Union([Type.Literal('open'), Type.Literal('cleared'), Type.Literal('closed')]),
  memberCount: Type.Integer(),
  activeCount: Type.Integer({ description: 'devices still silent (alarm not closed)' }),
  raisedAt: DateTime,
  lastAt: DateTime,
  clearedAt: Nullable(DateTime),
  members: Type.Array(AlarmGroupMemberDto),
});
export const BatchResultDto = Type.Object({
  done: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(
    Type.Object({ id: Id, ok: Type.Boolean(), status: Nullable(Enum(ALARM_STATES)), code: Nullable(Type.String()), message: Nullable(Type.String()) }),
  ),
});
export const MaintenanceCreatedDto = Type.Object({ id: Id, devices: Type.Integer() });
export const MaintenanceDto = Type.Object({
  id: Id,
  targetKind: Type.Union([Type.Literal('devices'), Type.Literal('place'), Type.Literal('enterprise'), Type.Literal('park')]),
  targetRef: Nullable(Type.String()),
  jurisdictionCode: Type.String(),
  deviceIds: Type.Array(Type.String()),
  startsAt: DateTime,
  endsAt: DateTime,
  reason: Type.String(),
  createdAt: DateTime,
  createdByName: Nullable(Type.String()),
  cancelledAt: Nullable(DateTime),
  active: Type.Boolean({ description: 'in force now' }),
});
export const AlarmStepDto = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  action: Type.String({ description: 'raised, repeated, triage, dispatch, handle, close, escalated, to_hazard, grouped' }),
  actorName: Nullable(Type.String()),
  detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
export const AlarmDetailDto = Type.Object({
  ...AlarmDto.properties,
  timeline: Type.Array(AlarmStepDto),
  /** What the current user may do with this alarm now, as the server decides it. */
  actions: Type.Array(Enum(ALARM_ACTIONS)),
});
/** One `alarm` event of the live feed (SSE): an alarm raised, repeated or changed. */
export const LiveAlarmDto = Type.Object({
  id: Id,
  deviceId: Id,
  deviceName: Type.String(),
  ruleId: Id,
  severity: Enum(SEVERITIES),
  status: Type.String(),
  message: Type.String(),
  value: Nullable(Type.Number()),
  count: Type.Integer(),
  jurisdictionCode: Type.String(),
  enterpriseId: Nullable(Id),
  raisedAt: DateTime,
  /** The reading's own timestamp (what the benchmark measures latency from). */
  readingTs: DateTime,
  isNew: Type.Boolean({ description: 'a new alarm, not a repeat' }),
});
export const AlarmActedDto = Type.Object({ id: Id, status: Enum(ALARM_STATES) });
export const AlarmHazardDto = Type.Object({ id: Id, hazardId: Id });

// ── statistics and ingest ──
export const TownOnlineDto = Type.Object({ code: Type.String(), name: Type.String(), total: Type.Integer(), online: Type.Integer() });
export const IngestStatsDto = Type.Object({
  rejects: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer(), lastAt: Nullable(DateTime), lastSample: Nullable(Type.String()) })),
  process: Type.Object({
    stored: Type.Integer(),
    duplicate: Type.Integer(),
    rejected: Type.Integer(),
    batches: Type.Integer(),
    rejectsByReason: Type.Record(Type.String(), Type.Integer()),
  }),
});
export const IngestResultDto = Type.Object({
  stored: Type.Integer(),
  duplicate: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String() })),
});

// ── duty ──
export const DutyPersonDto = Type.Object({ id: Id, displayName: Type.String(), unitCode: Type.String(), roles: Type.Array(Type.String()) });
export const ShiftDto = Type.Object({
  id: Id,
  unitCode: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  officerId: Id,
  officerName: Type.String(),
  leaderId: Id,
  leaderName: Type.String(),
  handoverId: Nullable(Id),
  acknowledgedAt: Nullable(DateTime),
});
export const OpenItemDto = Type.Object({ id: Id, message: Type.String(), severity: Enum(SEVERITIES), status: Enum(ALARM_STATES) });
export const HandoverDto = Type.Object({
  id: Id,
  unitCode: Type.String(),
  fromShiftId: Nullable(Id),
  toShiftId: Id,
  handedOverAt: DateTime,
  handedOverBy: Id,
  note: Nullable(Type.String()),
  openItems: Type.Array(OpenItemDto),
  acknowledgedAt: Nullable(DateTime),
  acknowledgedBy: Nullable(Id),
});
export const HandoverCreatedDto = Type.Object({ id: Id, openItems: Type.Array(OpenItemDto) });
export const DutyLogDto = Type.Object({
  id: Id,
  unitCode: Type.String(),
  shiftId: Nullable(Id),
  at: DateTime,
  kind: Enum(DUTY_LOG_KINDS),
  content: Type.String(),
  authorName: Type.String(),
});
export const ReportClockDto = Type.Object({
  step: Type.Union([Type.Literal('county'), Type.Literal('city'), Type.Literal('province')]),
  label: Type.String(),
  due: DateTime,
  reportedAt: Nullable(DateTime),
  late: Nullable(Type.Boolean()),
});
export const AccidentDto = Type.Object({
  id: Id,
  jurisdictionCode: Type.String(),
  title: Type.String(),
  occurredAt: DateTime,
  knownAt: DateTime,
  clocks: Type.Array(ReportClockDto),
});

export type MetricDef = Static<typeof MetricDefDto>;
export type Device = Static<typeof DeviceDto>;
export type DeviceList = Static<typeof DevicePage>;
export type DevicePoint = Static<typeof DevicePointDto>;
export type DeviceTrend = Static<typeof DeviceTrendDto>;
export type DeviceSecret = Static<typeof DeviceSecretDto>;
export type DeviceImport = Static<typeof DeviceImportDto>;
export type Rule = Static<typeof RuleDto>;
export type Alarm = Static<typeof AlarmDto>;
export type AlarmTrend = Static<typeof AlarmTrendDto>;
export type AlarmCounts = Static<typeof AlarmCountsDto>;
export type AlarmGroup = Static<typeof AlarmGroupDto>;
export type BatchResult = Static<typeof BatchResultDto>;
export type Maintenance = Static<typeof MaintenanceDto>;
export type AlarmList = Static<typeof AlarmPage>;
export type AlarmStep = Static<typeof AlarmStepDto>;
export type LiveAlarm = Static<typeof LiveAlarmDto>;
export type AlarmDetail = Static<typeof AlarmDetailDto>;
export type TownOnline = Static<typeof TownOnlineDto>;
export type IngestStats = Static<typeof IngestStatsDto>;
export type IngestResult = Static<typeof IngestResultDto>;
export type DutyPerson = Static<typeof DutyPersonDto>;
export type Shift = Static<typeof ShiftDto>;
export type OpenItem = Static<typeof OpenItemDto>;
export type Handover = Static<typeof HandoverDto>;
export type DutyLog = Static<typeof DutyLogDto>;
export type Accident = Static<typeof AccidentDto>;
