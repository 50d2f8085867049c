// TypeBox schemas for case routes (bodies reject unknown fields).
import { Type } from 'typebox';
import { CASE_SOURCES, CASE_STATES, DISCRETION_LEVELS, LENIENCY_KINDS, PARTY_KINDS, PENALTY_KINDS, PUBLICATION_STATES } from '../../../shared/cases.ts';
import { DateTime, IsoDate, JurisdictionCode, Text, TownCode, Uuid } from '../../../shared/schema.ts';

const closed = { additionalProperties: false } as const;
const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum([...values]));
const Fen = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });

export const IdParams = Type.Object({ id: Uuid });

export const PartyBody = Type.Object(
  {
    kind: lit(PARTY_KINDS),
    name: Text(100, 2),
    creditCode: Type.Optional(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' })),
    idNumber: Type.Optional(Type.String({ pattern: '^\\d{17}[\\dXx]$' })),
    phone: Type.Optional(Type.String({ pattern: '^[\\d-]{7,20}$' })),
    address: Type.Optional(Text(200)),
    role: Type.Optional(Text(50)),
    violation: Text(500, 2),
    article: Text(100, 2),
    penaltyArticle: Text(100, 2),
    level: lit(DISCRETION_LEVELS),
    discretionId: Type.Optional(Uuid),
    leniencyId: Type.Optional(Uuid),
    penaltyKind: lit(PENALTY_KINDS),
    fineFen: Type.Optional(Fen),
    incomeFen: Type.Optional(Fen),
    incomePercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    dailyFineFen: Type.Optional(Fen),
    dailyDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    outsideReason: Type.Optional(Text(1000, 4)),
  },
  closed,
);

export const CreateCaseBody = Type.Object(
  {
    title: Text(100, 2),
    cause: Text(200, 2),
    source: lit(CASE_SOURCES),
    enterpriseId: Type.Optional(Uuid),
    jurisdictionCode: Type.Optional(JurisdictionCode),
    facts: Type.Optional(Text(4000)),
    officerIds: Type.Array(Uuid, { maxItems: 10 }),
    parties: Type.Array(PartyBody, { minItems: 1, maxItems: 10 }),
  },
  closed,
);

export const PartiesBody = Type.Object({ parties: Type.Array(PartyBody, { minItems: 1, maxItems: 10 }) }, closed);
export const NoteBody = Type.Object({ note: Type.Optional(Text(1000)) }, closed);
export const ReasonBody = Type.Object({ reason: Text(1000, 2) }, closed);
export const NotifyBody = Type.Object({ facts: Type.Optional(Text(4000)), note: Type.Optional(Text(1000)) }, closed);
export const StatementBody = Type.Object({ statement: Text(4000, 2) }, closed);
export const HearingScheduleBody = Type.Object({ hearingAt: DateTime, place: Text(200, 2) }, closed);
export const HearingResultBody = Type.Object({ result: Text(4000, 2) }, closed);
export const NoPenaltyBody = Type.Object({ reason: Text(1000, 2), leniencyId: Type.Optional(Uuid) }, closed);
export const ServeBody = Type.Object({ method: Text(50, 2), recipient: Text(100, 2), place: Type.Optional(Text(200)), servedAt: DateTime }, closed);
export const PaymentBody = Type.Object(
  { partyId: Uuid, amountFen: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }), paidOn: IsoDate, receiptNo: Text(50, 2) },
  closed,
);
export const CloseBody = Type.Object({ note: Type.Optional(Text(1000)), reason: Type.Optional(Text(1000, 2)) }, closed);
export const HandOverBody = Type.Object({ receiver: Text(100, 2), handedAt: DateTime }, closed);
export const PoliceAnswerBody = Type.Object({ accepted: Type.Boolean(), answer: Text(2000, 2) }, closed);
export const InterviewBody = Type.Object({ interviewee: Text(100, 2), place: Text(200, 2), time: DateTime, content: Text(8000, 2) }, closed);
export const PublicationBody = Type.Object({ summary: Text(4000, 10) }, closed);
export const PublicationDecisionBody = Type.Object({ accept: Type.Boolean(), note: Type.Optional(Text(1000)) }, closed);

export const CASE_SORTS = ['filedAt', 'code', 'state', 'fine'] as const;
export const LedgerQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    state: Type.Optional(Type.Array(lit(CASE_STATES), { maxItems: CASE_STATES.length })),
    town: Type.Optional(JurisdictionCode),
    overdue: Type.Optional(Type.Boolean()),
    publication: Type.Optional(lit(PUBLICATION_STATES)),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    sort: Type.Optional(lit([...CASE_SORTS, ...CASE_SORTS.map((s) => `-${s}` as const)])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
);

export const DiscretionBody = Type.Object(
  {
    article: Text(100, 2),
    violation: Text(500, 2),
    partyKind: lit(PARTY_KINDS),
    level: lit(DISCRETION_LEVELS),
    minFen: Type.Optional(Fen),
    maxFen: Type.Optional(Fen),
    minPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    maxPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    circumstances: Type.Optional(Text(1000)),
    active: Type.Optional(Type.Boolean()),
  },
  closed,
);
export const DiscretionQuery = Type.Object({ article: Type.Optional(Type.String({ maxLength: 100 })), partyKind: Type.Optional(lit(PARTY_KINDS)) }, closed);

export const LeniencyBody = Type.Object(
  {
    kind: lit(LENIENCY_KINDS),
    article: Text(100, 2),
    description: Text(1000, 2),
    conditions: Type.Optional(Text(1000)),
    active: Type.Optional(Type.Boolean()),
  },
  closed,
);

export const PublicListQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  closed,
);

export const DashboardQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    town: Type.Optional(TownCode),
  },
  closed,
);
