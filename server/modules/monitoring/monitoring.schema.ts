// TypeBox schemas for monitoring request bodies and queries (unknown fields are rejected).
import { Type } from 'typebox';
import { ALARM_STATES, DEVICE_TYPES, DUTY_LOG_KINDS, OWNER_KINDS, RULE_KINDS, RULE_OPS, SEVERITIES } from '../../../shared/monitoring.ts';
import { DateTime, IsoDate, Lat, Lon, Text, Uuid } from '../../../shared/schema.ts';

/** One of the given strings (typed as their union). */
const lit = <const T extends readonly string[]>(xs: T) => Type.Unsafe<T[number]>(Type.Union(xs.map((x) => Type.Literal(x))));
const closed = { additionalProperties: false } as const;
const Code = Type.String({ pattern: '^330203[0-9D]*$', maxLength: 12 });
const DeviceId = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' });
const Nullable = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));

export const MetricDefSchema = Type.Object({ name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }), unit: Text(16, 0), label: Text(32, 0) }, closed);

const deviceFields = {
  name: Text(100),
  type: lit(DEVICE_TYPES),
  ownerKind: lit(OWNER_KINDS),
  enterpriseId: Nullable(Uuid),
  parkId: Nullable(Uuid),
  placeName: Nullable(Text(100, 0)),
  lon: Nullable(Lon),
  lat: Nullable(Lat),
  jurisdictionCode: Code,
  metrics: Type.Optional(Type.Array(MetricDefSchema, { maxItems: 32 })),
  installDate: Nullable(IsoDate),
};

export const DeviceBody = Type.Object({ id: DeviceId, ...deviceFields }, closed);
export const DeviceUpdateBody = Type.Object({ ...deviceFields, version: Type.Integer({ minimum: 1 }) }, closed);
export const DeviceIdParams = Type.Object({ id: DeviceId });
export const IdParams = Type.Object({ id: Uuid });

const Page = { page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }) };

export const DeviceQuery = Type.Object(
  {
    q: Type.Optional(Text(64, 0)),
    type: Type.Optional(lit(DEVICE_TYPES)),
    town: Type.Optional(Code),
    online: Type.Optional(Type.Boolean()),
    enterpriseId: Type.Optional(Uuid),
    ...Page,
  },
  closed,
);
export const TrendQuery = Type.Object(
  { window: Type.Union([Type.Literal('1h'), Type.Literal('6h'), Type.Literal('24h'), Type.Literal('7d')], { default: '24h' }) },
  closed,
);

export const ImportBody = Type.Object({ fileBase64: Text(2_000_000) }, closed);

export const RuleBody = Type.Object(
  {
    name: Text(100),
    deviceType: Nullable(lit(DEVICE_TYPES)),
    deviceId: Nullable(DeviceId),
    overrides: Nullable(Uuid),
    metric: Nullable(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' })),
    kind: lit(RULE_KINDS),
    op: Nullable(lit(RULE_OPS)),
    threshold: Nullable(Type.Number()),
    threshold2: Nullable(Type.Number()),
    hysteresis: Type.Optional(Type.Number({ minimum: 0 })),
    durationS: Nullable(Type.Integer({ minimum: 1, maximum: 86400 })),
    ratePerMin: Nullable(Type.Number()),
    offlineMinutes: Nullable(Type.Integer({ minimum: 1, maximum: 10080 })),
    severity: lit(SEVERITIES),
    enabled: Type.Optional(Type.Boolean()),
  },
  closed,
);
export const RuleUpdateBody = Type.Object({ ...RuleBody.properties, version: Type.Integer({ minimum: 1 }) }, closed);

const alarmFilters = {
  status: Type.Optional(Type.Union([lit(ALARM_STATES), Type.Literal('open')])),
  deviceId: Type.Optional(DeviceId),
  town: Type.Optional(Code),
  deviceType: Type.Optional(lit(DEVICE_TYPES)),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  fold: Type.Optional(Type.Boolean({ description: 'hide alarms folded into a group alarm (default true)' })),
  groupId: Type.Optional(Uuid),
};
export const AlarmQuery = Type.Object(
  {
    ...alarmFilters,
    severity: Type.Optional(lit(SEVERITIES)),
    sort: Type.Optional(
      Type.Union(['-severity', 'severity', 'time', '-raisedAt', 'raisedAt'].map((x) => Type.Literal(x)) as [ReturnType<typeof Type.Literal<string>>], {
        description:
          '-severity (default): most severe first, then newest; time or -raisedAt: newest first; raisedAt: oldest first; severity: least severe first',
      }),
    ),
    ...Page,
  },
  closed,
);
export const AlarmCountsQuery = Type.Object(alarmFilters, closed);
export const GroupQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('cleared'), Type.Literal('closed')])),
    town: Type.Optional(Code),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  closed,
);
export const BatchBody = Type.Object(
  {
    action: Type.Union([Type.Literal('triage'), Type.Literal('close')]),
    items: Type.Array(Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1 }) }, closed), { minItems: 1, maxItems: 200 }),
    verdict: Type.Optional(Type.Union([Type.Literal('true_alarm'), Type.Literal('false_alarm')])),
    note: Text(2000),
  },
  closed,
);
export const MaintenanceBody = Type.Object(
  {
    reason: Text(500),
    startsAt: DateTime,
    endsAt: DateTime,
    deviceIds: Type.Optional(Type.Array(DeviceId, { minItems: 1, maxItems: 500 })),
    placeCode: Type.Optional(Code),
    enterpriseId: Type.Optional(Uuid),
    parkId: Type.Optional(Uuid),
  },
  closed,
);
export const MaintenanceQuery = Type.Object({ active: Type.Optional(Type.Boolean()), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, closed);
export const AlarmActionParams = Type.Object({
  id: Uuid,
  action: Type.Union([Type.Literal('triage'), Type.Literal('dispatch'), Type.Literal('handle'), Type.Literal('close')]),
});
export const AlarmActionBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    note: Type.Optional(Text(2000, 0)),
    verdict: Type.Optional(Type.Union([Type.Literal('true_alarm'), Type.Literal('false_alarm')])),
    toKind: Type.Optional(Type.Union([Type.Literal('town'), Type.Literal('department'), Type.Literal('person')])),
    to: Type.Optional(Text(100)),
  },
  closed,
);
export const HazardBody = Type.Object({ title: Type.Optional(Text(200, 0)), description: Type.Optional(Text(4000, 0)) }, closed);

// Each reading is checked by the ingest itself (parseReading), so a bad one is rejected alone, not the batch.
const RawReading = Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true }));
export const IngestBody = Type.Object({ readings: Type.Array(RawReading, { minItems: 1, maxItems: 5000 }) }, closed);

export const ShiftBody = Type.Object({ unitCode: Code, startsAt: DateTime, endsAt: DateTime, officerId: Uuid, leaderId: Uuid }, closed);
export const ShiftQuery = Type.Object({ from: DateTime, to: DateTime, unitCode: Type.Optional(Code) }, closed);
export const HandoverBody = Type.Object({ toShiftId: Uuid, note: Type.Optional(Text(4000, 0)) }, closed);
export const LogBody = Type.Object({ unitCode: Code, kind: lit(DUTY_LOG_KINDS), content: Text(4000) }, closed);
export const LogQuery = Type.Object({ unitCode: Type.Optional(Code), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, closed);
export const AccidentBody = Type.Object(
  {
    jurisdictionCode: Code,
    title: Text(200),
    occurredAt: DateTime,
    knownAt: DateTime,
  },
  closed,
);
export const ReportStepBody = Type.Object({ step: Type.Union([Type.Literal('county'), Type.Literal('city'), Type.Literal('province')]) }, closed);
