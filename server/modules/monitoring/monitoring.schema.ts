// TypeBox schemas for monitoring request bodies and queries (unknown fields are rejected).
import { Type } from 'typebox';
import { ALARM_STATES, DEVICE_TYPES, DUTY_LOG_KINDS, OWNER_KINDS, RULE_KINDS, RULE_OPS, SEVERITIES } from '../../../shared/monitoring.ts';

const lit = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));
const closed = { additionalProperties: false } as const;
const Uuid = Type.String({ pattern: '^[0-9a-fA-F-]{36}$' });
const Code = Type.String({ pattern: '^330203[0-9D]*$', maxLength: 12 });
const DeviceId = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' });
const Nullable = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));

export const MetricDefSchema = Type.Object(
  { name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }), unit: Type.String({ maxLength: 16 }), label: Type.String({ maxLength: 32 }) },
  closed,
);

const deviceFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  type: lit(DEVICE_TYPES),
  ownerKind: lit(OWNER_KINDS),
  enterpriseId: Nullable(Uuid),
  parkId: Nullable(Uuid),
  placeName: Nullable(Type.String({ maxLength: 100 })),
  lon: Nullable(Type.Number({ minimum: 73, maximum: 136 })),
  lat: Nullable(Type.Number({ minimum: 3, maximum: 54 })),
  jurisdictionCode: Code,
  metrics: Type.Optional(Type.Array(MetricDefSchema, { maxItems: 32 })),
  installDate: Nullable(Type.String({ format: 'date' })),
};

export const DeviceBody = Type.Object({ id: DeviceId, ...deviceFields }, closed);
export const DeviceUpdateBody = Type.Object({ ...deviceFields, version: Type.Integer({ minimum: 1 }) }, closed);
export const DeviceIdParams = Type.Object({ id: DeviceId });
export const IdParams = Type.Object({ id: Uuid });

const Page = { page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }) };

export const DeviceQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
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

export const ImportBody = Type.Object({ fileBase64: Type.String({ minLength: 1, maxLength: 2_000_000 }) }, closed);

export const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
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

export const AlarmQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([lit(ALARM_STATES), Type.Literal('open')])),
    severity: Type.Optional(lit(SEVERITIES)),
    deviceId: Type.Optional(DeviceId),
    town: Type.Optional(Code),
    ...Page,
  },
  closed,
);
export const AlarmActionParams = Type.Object({
  id: Uuid,
  action: Type.Union([Type.Literal('triage'), Type.Literal('dispatch'), Type.Literal('handle'), Type.Literal('close')]),
});
export const AlarmActionBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    verdict: Type.Optional(Type.Union([Type.Literal('true_alarm'), Type.Literal('false_alarm')])),
    toKind: Type.Optional(Type.Union([Type.Literal('town'), Type.Literal('department'), Type.Literal('person')])),
    to: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  closed,
);
export const HazardBody = Type.Object(
  { title: Type.Optional(Type.String({ maxLength: 200 })), description: Type.Optional(Type.String({ maxLength: 4000 })) },
  closed,
);

export const IngestBody = Type.Object({ readings: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: 5000 }) }, closed);

export const ShiftBody = Type.Object(
  { unitCode: Code, startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }), officerId: Uuid, leaderId: Uuid },
  closed,
);
export const ShiftQuery = Type.Object(
  { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }), unitCode: Type.Optional(Code) },
  closed,
);
export const HandoverBody = Type.Object({ toShiftId: Uuid, note: Type.Optional(Type.String({ maxLength: 4000 })) }, closed);
export const LogBody = Type.Object({ unitCode: Code, kind: lit(DUTY_LOG_KINDS), content: Type.String({ minLength: 1, maxLength: 4000 }) }, closed);
export const LogQuery = Type.Object({ unitCode: Type.Optional(Code), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, closed);
export const AccidentBody = Type.Object(
  {
    jurisdictionCode: Code,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    occurredAt: Type.String({ format: 'date-time' }),
    knownAt: Type.String({ format: 'date-time' }),
  },
  closed,
);
export const ReportStepBody = Type.Object({ step: Type.Union([Type.Literal('county'), Type.Literal('city'), Type.Literal('province')]) }, closed);
