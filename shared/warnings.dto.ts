// What the warnings API answers (camelCase), as TypeBox schemas: the routes declare them as response
// schemas (so OpenAPI describes them and fastify serialises exactly these fields) and the web imports
// their Static<> types instead of declaring its own.
import { type Static, Type } from 'typebox';
import { Enum, Instant, Nullable, Page } from './dto.ts';
import { Uuid } from './schema.ts';
import { ACK_VIA, CHANNELS, DELIVERY_STATES, PERSON_ROLES, RECIPIENT_STATES, WARNING_ACTIONS, WARNING_LEVELS, WARNING_STATES } from './warnings.ts';

const Str = Type.String();
const Int = Type.Integer();

const Source = Enum(['platform', 'external'] as const);
const MsgType = Enum(['Alert', 'Update', 'Cancel'] as const);
const Status = Enum(WARNING_STATES);
const Level = Enum(WARNING_LEVELS);

export const WarningAreaDto = Type.Object({
  polygons: Type.Array(Type.Array(Type.Array(Type.Number()))),
  circles: Type.Array(Type.Object({ lon: Type.Number(), lat: Type.Number(), radiusKm: Type.Number() })),
  geocodes: Type.Array(Str),
});

const warningCore = {
  id: Uuid,
  identifier: Str,
  source: Source,
  msgType: MsgType,
  status: Status,
  eventType: Str,
  eventName: Str,
  level: Level,
  headline: Str,
  areaDesc: Str,
  townCodes: Type.Array(Str),
  onset: Nullable(Instant),
  expires: Nullable(Instant),
  releasedAt: Nullable(Instant),
  createdAt: Instant,
  senderName: Nullable(Str),
};

/** One warning as written or changed (create, edit, submit, approve, reject, release). */
export const WarningDto = Type.Object({
  ...warningCore,
  sender: Str,
  refs: Type.Array(Str),
  supersedesId: Nullable(Uuid),
  urgency: Str,
  certainty: Str,
  description: Str,
  instruction: Nullable(Str),
  sentAt: Nullable(Instant),
  area: WarningAreaDto,
  jurisdictionCode: Str,
  approvedAt: Nullable(Instant),
  rejectReason: Nullable(Str),
  endedAt: Nullable(Instant),
  updatedAt: Instant,
});
export type WarningDto = Static<typeof WarningDto>;

export const WarningListItem = Type.Object({ ...warningCore, recipients: Int, acknowledged: Int });
export type WarningListItem = Static<typeof WarningListItem>;

export const WarningPage = Page(WarningListItem);

export const ChainItem = Type.Object({ id: Uuid, identifier: Str, msgType: MsgType, status: Status, headline: Str, sentAt: Nullable(Instant) });

export const WarningDetail = Type.Object({
  ...WarningDto.properties,
  hasCap: Type.Boolean(),
  draftedByName: Nullable(Str),
  approvedByName: Nullable(Str),
  releasedByName: Nullable(Str),
  chain: Type.Array(ChainItem),
  /** The towns the area resolves to, and why (server: resolveTowns). */
  resolvedTowns: Type.Array(
    Type.Object({ code: Str, name: Str, reason: Enum(['geocode', 'geometry', 'geocode+geometry'] as const), geocode: Type.Optional(Str) }),
  ),
  canApprove: Type.Boolean(),
  isDrafter: Type.Boolean(),
  /** What the current user may do now, as the server decides it (permission, state and guards). */
  actions: Type.Array(Enum(WARNING_ACTIONS)),
});
export type WarningDetail = Static<typeof WarningDetail>;

export const ReleasedWarning = Type.Object({ ...WarningDto.properties, recipients: Int });
export const CancelResult = Type.Object({ cancelId: Nullable(Uuid) });

export const Preview = Type.Object({
  total: Int,
  byTown: Type.Record(Str, Int),
  byRole: Type.Record(Str, Int),
  recipients: Type.Array(
    Type.Object({
      name: Str,
      role: Str,
      phone: Nullable(Str),
      jurisdictionCode: Str,
      townCode: Str,
      personId: Nullable(Str),
      enterpriseId: Nullable(Str),
    }),
  ),
});
export type Preview = Static<typeof Preview>;

// ── call-response ──────────────────────────────────────────────────────────────────────────────────
export const BoardTown = Type.Object({
  townCode: Str,
  townName: Nullable(Str),
  total: Int,
  /** Anything done for them yet (an outbox record counts: the four below say what). */
  reached: Int,
  /** By the furthest their messages got: recorded in the outbox only (nothing sent) … gateway receipt. */
  outbox: Int,
  inapp: Int,
  gateway: Int,
  delivered: Int,
  acknowledged: Int,
  overdue: Int,
  notReached: Int,
  escalations: Int,
});
export type BoardTown = Static<typeof BoardTown>;
/** How messages go out now: the channels only recorded in the outbox, and whether links are absolute. */
export const DeliveryModes = Type.Object({
  outboxChannels: Type.Array(Enum(CHANNELS)),
  liveChannels: Type.Array(Enum(CHANNELS)),
  /** ANLAN_PUBLIC_URL (or the public address setting) is configured: links open on a phone. */
  publicUrl: Type.Boolean(),
});
export type DeliveryModes = Static<typeof DeliveryModes>;
export const Board = Type.Object({ warningId: Uuid, at: Instant, towns: Type.Array(BoardTown), delivery: DeliveryModes });
export type Board = Static<typeof Board>;

export const RecipientDto = Type.Object({
  id: Uuid,
  warningId: Uuid,
  kind: Enum(['target', 'escalation'] as const),
  personId: Nullable(Str),
  enterpriseId: Nullable(Str),
  escalatedFrom: Nullable(Str),
  escalatedFromName: Nullable(Str),
  name: Str,
  role: Str,
  phone: Nullable(Str),
  jurisdictionCode: Str,
  townCode: Str,
  channels: Type.Array(Enum(CHANNELS)),
  step: Int,
  state: Enum(RECIPIENT_STATES),
  overdue: Type.Boolean(),
  deadlineAt: Instant,
  reachedAt: Nullable(Instant),
  delivery: Nullable(Enum(DELIVERY_STATES)),
  ackedAt: Nullable(Instant),
  ackVia: Nullable(Enum(ACK_VIA)),
  notReachedAt: Nullable(Instant),
  measures: Nullable(Str),
  peopleMoved: Nullable(Int),
  measuresAt: Nullable(Instant),
  measuresPhotoIds: Type.Array(Str),
});
export type RecipientDto = Static<typeof RecipientDto>;
export const RecipientPage = Page(RecipientDto);

export const AttemptDto = Type.Object({
  id: Uuid,
  channel: Enum(CHANNELS),
  step: Int,
  mode: Nullable(Str),
  state: Str,
  createdAt: Instant,
  sentAt: Nullable(Instant),
  providerId: Nullable(Str),
  result: Nullable(Str),
  error: Nullable(Str),
  deliveredAt: Nullable(Instant),
  receipt: Nullable(Str),
});

export const OutboxItem = Type.Object({
  attemptId: Uuid,
  channel: Enum(CHANNELS),
  step: Int,
  address: Nullable(Str),
  /** The message as it would have gone out (text, speech, link, reply code). */
  payload: Type.Record(Str, Type.Unknown()),
  text: Str,
  link: Str,
  /** No ANLAN_PUBLIC_URL when it was written: the link is relative and would not open on a phone. */
  linkRelative: Type.Boolean(),
  createdAt: Instant,
  recipientId: Uuid,
  name: Str,
  townCode: Str,
  recipientState: Enum(RECIPIENT_STATES),
  ackedAt: Nullable(Instant),
  measuresAt: Nullable(Instant),
  warningId: Uuid,
  headline: Str,
  warningStatus: Status,
});
export type OutboxItem = Static<typeof OutboxItem>;
export const OutboxPage = Page(OutboxItem);

export const ReceiptResult = Type.Object({ matched: Type.Boolean(), attemptId: Type.Optional(Uuid) });

// ── acknowledgement ────────────────────────────────────────────────────────────────────────────────
export const MineItem = Type.Object({
  id: Uuid,
  state: Enum(RECIPIENT_STATES),
  deadlineAt: Instant,
  ackedAt: Nullable(Instant),
  measures: Nullable(Str),
  peopleMoved: Nullable(Int),
  kind: Str,
  warningId: Uuid,
  headline: Str,
  level: Level,
  eventName: Str,
  areaDesc: Str,
  warningStatus: Status,
  releasedAt: Nullable(Instant),
});
export type MineItem = Static<typeof MineItem>;
export const AckResult = Type.Object({ id: Uuid, state: Enum(RECIPIENT_STATES), ackedAt: Nullable(Instant) });
export const MeasuresResult = Type.Object({ id: Uuid, measuresAt: Nullable(Instant) });
export const SmsReplyResult = Type.Object({ matched: Type.Boolean(), recipientId: Type.Optional(Uuid) });

/** What the public one-tap page shows (no sign-in: the signed link is the authority). */
export const LinkView = Type.Object({
  name: Str,
  state: Str,
  ackedAt: Nullable(Instant),
  deadlineAt: Instant,
  /** The measures reported so far (shown again when the link is reopened; read-only once the warning ends). */
  measures: Nullable(Str),
  peopleMoved: Nullable(Int),
  measuresAt: Nullable(Instant),
  photoCount: Int,
  /** The warning is still in force: the link acknowledges, and after that takes measures and photos. */
  open: Type.Boolean(),
  /** Acknowledged and open: the token for the measures report and photos (also when the link is reopened). */
  measuresToken: Nullable(Str),
  warning: Type.Object({
    headline: Str,
    level: Str,
    eventName: Str,
    areaDesc: Str,
    description: Str,
    instruction: Nullable(Str),
    status: Str,
    expires: Nullable(Instant),
  }),
});
export type LinkView = Static<typeof LinkView>;
export const LinkAck = Type.Object({ ...LinkView.properties, measuresToken: Str });
export type LinkAck = Static<typeof LinkAck>;
export const PhotoResult = Type.Object({ id: Uuid, filename: Str, size: Int });
export const Ok = Type.Object({ ok: Type.Boolean() });

// ── CAP ────────────────────────────────────────────────────────────────────────────────────────────
export const ImportResult = Type.Object({
  result: Enum(['imported', 'duplicate', 'ignored'] as const),
  id: Type.Optional(Uuid),
  status: Type.Optional(Status),
  identifier: Str,
  msgType: Str,
  recipients: Type.Optional(Int),
  ended: Type.Optional(Type.Array(Uuid)),
});
export type ImportResult = Static<typeof ImportResult>;

// ── configuration ──────────────────────────────────────────────────────────────────────────────────
const LevelPolicyDto = Type.Object({ ackMinutes: Int, retryMinutes: Int, roles: Type.Array(Enum(PERSON_ROLES)), enterprises: Type.Boolean() });
export const PolicyDto = Type.Object({
  levels: Type.Object({ red: LevelPolicyDto, orange: LevelPolicyDto, yellow: LevelPolicyDto, blue: LevelPolicyDto }),
  defaultLadder: Type.Array(Enum(CHANNELS)),
  enterpriseLadder: Type.Array(Enum(CHANNELS)),
  linkTtlHours: Int,
});

const ChannelState = Type.Object({ mode: Str, configured: Type.Boolean() });
/** Channel settings without credentials. */
export const ChannelsDto = Type.Object({
  channels: Type.Record(Str, ChannelState),
  publicBaseUrl: Str,
  signature: Str,
  capSender: Str,
  capOrgCode: Str,
});
export type ChannelsDto = Static<typeof ChannelsDto>;

export const FeedDto = Type.Object({
  id: Uuid,
  name: Str,
  url: Str,
  enabled: Type.Boolean(),
  pollMinutes: Int,
  lastPolledAt: Nullable(Instant),
  lastStatus: Nullable(Str),
  lastError: Nullable(Str),
  importedCount: Int,
  createdAt: Instant,
  senderId: Nullable(Uuid),
  senderName: Nullable(Str),
});
export type FeedDto = Static<typeof FeedDto>;

export const SenderDto = Type.Object({
  id: Uuid,
  name: Str,
  sender: Str,
  areaCodes: Type.Array(Str),
  release: Enum(['draft', 'release'] as const),
  enabled: Type.Boolean(),
  lastUsedAt: Nullable(Instant),
  createdAt: Instant,
  updatedAt: Instant,
});
export type SenderDto = Static<typeof SenderDto>;
export const SenderWithToken = Type.Object({ ...SenderDto.properties, token: Str });
export const SenderToken = Type.Object({ id: Uuid, token: Str });

export const StatsRow = Type.Object({
  townCode: Str,
  townName: Nullable(Str),
  quarter: Str,
  warnings: Int,
  recipients: Int,
  acknowledged: Int,
  onTime: Int,
  notReached: Int,
  computedAt: Instant,
});
export const Quarter = Type.Object({ quarter: Str });

// ── responsible persons ────────────────────────────────────────────────────────────────────────────
export const PersonDto = Type.Object({
  id: Uuid,
  name: Str,
  role: Enum(PERSON_ROLES),
  jurisdictionCode: Str,
  unitName: Nullable(Str),
  grid: Nullable(Str),
  phone: Nullable(Str),
  phone2: Nullable(Str),
  email: Nullable(Str),
  channels: Type.Array(Enum(CHANNELS)),
  superiorId: Nullable(Uuid),
  userId: Nullable(Uuid),
  households: Nullable(Int),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  active: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type PersonDto = Static<typeof PersonDto>;
export const PersonListItem = Type.Object({ ...PersonDto.properties, jurisdictionName: Nullable(Str), superiorName: Nullable(Str) });
export type PersonListItem = Static<typeof PersonListItem>;
export const PersonPage = Page(PersonListItem);
export const ImportPersonsResult = Type.Object({ created: Int, updated: Int });

/** A file download (xlsx / XML): described honestly, not as JSON. */
export const FileBody = (contentMediaType: string, description: string) => Type.String({ contentMediaType, description });
