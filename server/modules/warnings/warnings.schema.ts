// TypeBox schemas for warning routes (bodies reject unknown fields).
import { type TOptional, type TSchema, Type } from 'typebox';
import { CHANNELS, EVENT_TYPES, PERSON_ROLES, WARNING_LEVELS, WARNING_STATES } from '../../../shared/warnings.ts';
import { DateTime, JurisdictionCode as Code, Lat, Lon, Paging, Text, Uuid } from '../../../shared/schema.ts';

const closed = { additionalProperties: false } as const;
const lit = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
// An alert area may reach beyond the district (targeting keeps only the towns it covers): any WGS-84 point.
const AreaLon = Type.Number({ minimum: -180, maximum: 180 });
const AreaLat = Type.Number({ minimum: -90, maximum: 90 });
const paging = Paging({ maxPage: 10_000 });
/** Recipient and outbox lists: longer pages. */
const longPaging = Paging({ size: 50, max: 500, maxPage: 10_000 });

/** A list's query string: its filters (each optional), the search text `q`, and the page. */
function listQuery<F extends Record<string, TSchema>>(filters: F, pages: typeof paging = paging) {
  const optional = Object.fromEntries(Object.entries(filters).map(([k, s]) => [k, Type.Optional(s)])) as { [K in keyof F]: TOptional<F[K]> };
  return Type.Object({ ...optional, q: Type.Optional(Text(50)), ...pages }, closed);
}

export const IdParams = Type.Object({ id: Uuid });
export const RecipientParams = Type.Object({ id: Uuid, rid: Uuid });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 600, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }) });

export const AreaBody = Type.Object(
  {
    polygons: Type.Optional(Type.Array(Type.Array(Type.Tuple([AreaLon, AreaLat]), { minItems: 3, maxItems: 500 }), { maxItems: 20 })),
    circles: Type.Optional(
      Type.Array(Type.Object({ lon: AreaLon, lat: AreaLat, radiusKm: Type.Number({ exclusiveMinimum: 0, maximum: 200 }) }, closed), { maxItems: 20 }),
    ),
    geocodes: Type.Optional(Type.Array(Code, { maxItems: 300 })),
  },
  closed,
);

const warningFields = {
  eventType: lit(EVENT_TYPES.map((e) => e.code)),
  level: lit(WARNING_LEVELS),
  headline: Type.Optional(Text(120)),
  description: Text(2000, 2),
  instruction: Type.Optional(Text(1000, 0)),
  onset: Type.Optional(DateTime),
  expires: DateTime,
  areaDesc: Type.Optional(Text(300, 0)),
  area: AreaBody,
  jurisdictionCode: Type.Optional(Code),
};
export const CreateWarningBody = Type.Object({ ...warningFields, supersedes: Type.Optional(Uuid) }, closed);
export const UpdateWarningBody = Type.Object(warningFields, closed);

export const ListWarningsQuery = listQuery({ status: lit(WARNING_STATES), level: lit(WARNING_LEVELS), source: lit(['platform', 'external'] as const) });

export const ReasonBody = Type.Object({ reason: Text(500, 2) }, closed);

export const RecipientsQuery = listQuery(
  {
    town: Code,
    state: lit(['pending', 'acknowledged', 'not_reached', 'overdue', 'unreached', 'closed'] as const),
    kind: lit(['target', 'escalation'] as const),
  },
  longPaging,
);

export const MeasuresBody = Type.Object({ measures: Text(2000, 2), peopleMoved: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })) }, closed);

export const SmsReplyBody = Type.Object({ from: Type.String({ pattern: '^\\+?\\d{6,15}$' }), text: Text(500), receivedAt: Type.Optional(DateTime) }, closed);

export const PersonBody = Type.Object(
  {
    name: Text(50),
    role: lit(PERSON_ROLES),
    jurisdictionCode: Code,
    unitName: Type.Optional(Type.Union([Text(100, 0), Type.Null()])),
    grid: Type.Optional(Type.Union([Text(50, 0), Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ pattern: '^1\\d{10}$' }), Type.Null()])),
    phone2: Type.Optional(Type.Union([Type.String({ pattern: '^[\\d-]{7,15}$' }), Type.Null()])),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 120 }), Type.Null()])),
    channels: Type.Optional(Type.Array(lit(CHANNELS), { maxItems: 6, uniqueItems: true })),
    superiorId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    userId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    households: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()])),
    lon: Type.Optional(Type.Union([Lon, Type.Null()])),
    lat: Type.Optional(Type.Union([Lat, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  closed,
);

export const PersonsQuery = listQuery({ code: Code, role: lit(PERSON_ROLES) });

export const ImportBody = Type.Object({ fileName: Type.Optional(Text(200)), contentBase64: Type.String({ minLength: 4, maxLength: 2_700_000 }) }, closed);

const LevelPolicy = Type.Object(
  {
    ackMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    retryMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    roles: Type.Array(lit(PERSON_ROLES), { uniqueItems: true }),
    enterprises: Type.Boolean(),
  },
  closed,
);
export const PolicyBody = Type.Object(
  {
    levels: Type.Object({ red: LevelPolicy, orange: LevelPolicy, yellow: LevelPolicy, blue: LevelPolicy }, closed),
    defaultLadder: Type.Array(lit(CHANNELS), { minItems: 1, uniqueItems: true }),
    enterpriseLadder: Type.Array(lit(CHANNELS), { minItems: 1, uniqueItems: true }),
    linkTtlHours: Type.Integer({ minimum: 1, maximum: 168 }),
  },
  closed,
);

export const FeedBody = Type.Object(
  {
    name: Text(100),
    url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }),
    pollMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    senderId: Uuid,
  },
  closed,
);

const senderFields = {
  name: Text(100),
  areaCodes: Type.Array(Code, { minItems: 1, maxItems: 50 }),
  release: Type.Optional(lit(['draft', 'release'] as const)),
  enabled: Type.Optional(Type.Boolean()),
};
/** A registered CAP sender: its CAP <sender> id, the division codes it may warn, and its release policy. */
export const SenderBody = Type.Object({ ...senderFields, sender: Type.String({ minLength: 3, maxLength: 120, pattern: '^[^\\s,<&]+$' }) }, closed);
export const SenderUpdateBody = Type.Object(senderFields, closed);

export const StatsQuery = Type.Object({ quarter: Type.Optional(Type.String({ pattern: '^\\d{4}Q[1-4]$' })) }, closed);
export const OutboxQuery = listQuery({ warningId: Uuid, channel: lit(CHANNELS) }, longPaging);

/** A gateway's delivery receipt: our attempt id (the idempotency key we sent) or the gateway's message id. */
export const ReceiptBody = Type.Object(
  { id: Text(100), status: lit(['delivered', 'failed'] as const), at: Type.Optional(DateTime), detail: Type.Optional(Text(200)) },
  closed,
);

const ChannelConfigBody = Type.Object(
  {
    mode: lit(['outbox', 'live'] as const),
    url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 })),
    token: Type.Optional(Text(500)),
    secret: Type.Optional(Text(500)),
    smtpUrl: Type.Optional(Type.String({ pattern: '^smtps?://', maxLength: 500 })),
    from: Type.Optional(Text(200)),
  },
  closed,
);
export const ChannelsBody = Type.Object(
  {
    channels: Type.Partial(
      Type.Object(
        {
          inapp: ChannelConfigBody,
          sms: ChannelConfigBody,
          voice: ChannelConfigBody,
          wecom: ChannelConfigBody,
          dingtalk: ChannelConfigBody,
          email: ChannelConfigBody,
        },
        closed,
      ),
    ),
    publicBaseUrl: Type.Optional(Type.String({ pattern: '^(https?://[^\\s]+)?$', maxLength: 300 })),
    signature: Type.Optional(Text(40)),
    capOrgCode: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{8}$' })),
    capSender: Type.Optional(Text(120)),
  },
  closed,
);
