// TypeBox schemas for inspection routes (bodies reject unknown fields).
import { Type } from 'typebox';
import { INSPECTION_KINDS, INSPECTION_SORTS, INSPECTION_STATES, ITEM_RESULTS } from '../../../shared/inspections.ts';
import { IsoDate, JurisdictionCode, Lat, Lon, Text, Uuid } from '../../../shared/schema.ts';

const closed = { additionalProperties: false } as const;
const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum([...values]));
/** The phone's own key for one queued operation: a replay with the same key writes nothing. */
const SyncKey = Uuid;

export const IdParams = Type.Object({ id: Uuid });
export const ItemParams = Type.Object({ id: Uuid, seq: Type.Integer({ minimum: 1, maximum: 1000 }) });
export const EnterpriseParams = Type.Object({ id: Uuid });

export const FreeItem = Type.Object(
  { content: Text(500, 2), basis: Type.Optional(Text(500)), method: Type.Optional(Text(200)), major: Type.Optional(Type.Boolean()) },
  closed,
);

export const CreateBody = Type.Object(
  {
    id: Uuid,
    kind: lit(INSPECTION_KINDS),
    enterpriseId: Type.Optional(Uuid),
    parkId: Type.Optional(Uuid),
    title: Type.Optional(Text(100, 2)),
    officerIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
    checklistVersionId: Type.Optional(Uuid),
    clauseIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
    freeItems: Type.Optional(Type.Array(FreeItem, { maxItems: 200 })),
    representativeName: Type.Optional(Text(50)),
    leaderName: Type.Optional(Text(50)),
    drawTaskId: Type.Optional(Uuid),
  },
  closed,
);

export const StartBody = Type.Object({ syncKey: Type.Optional(SyncKey), lon: Type.Optional(Lon), lat: Type.Optional(Lat) }, closed);
export const AnswerBody = Type.Object(
  {
    syncKey: SyncKey,
    seq: Type.Integer({ minimum: 1, maximum: 1000 }),
    result: lit(ITEM_RESULTS),
    note: Type.Optional(Text(2000, 0)),
    toHazard: Type.Optional(Type.Boolean()),
  },
  closed,
);
export const ConfirmBody = Type.Object({ syncKey: Type.Optional(SyncKey), licenceNumber: Type.Optional(Text(50)) }, closed);
export const SubmitBody = Type.Object({ syncKey: Type.Optional(SyncKey), summary: Type.Optional(Text(4000)), rectifyDeadline: Type.Optional(IsoDate) }, closed);
export const SignBody = Type.Object(
  { syncKey: Type.Optional(SyncKey), signerName: Text(50), image: Type.String({ minLength: 80, maxLength: 2_000_000 }) },
  closed,
);
export const ReasonBody = Type.Object({ reason: Text(2000, 2) }, closed);

export const LedgerQuery = Type.Object({
  q: Type.Optional(Text(100, 0)),
  kind: Type.Optional(Type.Array(lit(INSPECTION_KINDS))),
  state: Type.Optional(Type.Array(lit(INSPECTION_STATES))),
  town: Type.Optional(JurisdictionCode),
  enterpriseId: Type.Optional(Uuid),
  parkId: Type.Optional(Uuid),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  failed: Type.Optional(Type.Boolean()),
  sort: Type.Optional(lit(INSPECTION_SORTS)),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

export const CompletionQuery = Type.Object({ town: Type.Optional(JurisdictionCode), day: Type.Optional(IsoDate) });
