// TypeBox schemas for hazard routes (bodies reject unknown fields).
import { Type } from 'typebox';
import { HAZARD_LEVELS, HAZARD_SECTORS, HAZARD_SOURCES, HAZARD_STATES, SUPERVISION_LEVELS } from '../../../shared/hazards.ts';
import { DateTime, JurisdictionCode, Lat, Lon, Paging, Text, TownCode, Uuid } from '../../../shared/schema.ts';

const closed = { additionalProperties: false } as const;
const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum([...values]));

export const IdParams = Type.Object({ id: Uuid });

export const CreateHazardBody = Type.Object(
  {
    enterpriseId: Type.Optional(Uuid),
    parkId: Type.Optional(Uuid),
    jurisdictionCode: Type.Optional(JurisdictionCode),
    location: Type.Optional(Text(200)),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    title: Text(100, 2),
    description: Text(4000, 2),
    source: lit(HAZARD_SOURCES),
    sector: Type.Optional(lit(HAZARD_SECTORS)),
    finderName: Type.Optional(Text(50)),
    foundAt: Type.Optional(DateTime),
    photoIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
    alarmId: Type.Optional(Text(100)),
  },
  closed,
);

export const GradeBody = Type.Object(
  { level: lit(HAZARD_LEVELS), clauseId: Type.Optional(Uuid), sector: Type.Optional(lit(HAZARD_SECTORS)), note: Type.Optional(Text(1000)) },
  closed,
);

export const PlanBody = Type.Object(
  {
    measures: Text(4000, 2),
    fundsFen: Type.Integer({ minimum: 0, maximum: 100_000_000_000 }),
    deadline: DateTime,
    responsiblePerson: Text(50),
    responsiblePhone: Type.Optional(Type.String({ pattern: '^(1\\d{10}|0\\d{2,3}-?\\d{7,8})$' })),
    interimMeasures: Text(4000, 2),
  },
  closed,
);

export const NoteBody = Type.Object({ note: Type.Optional(Text(2000)) }, closed);
export const ReasonBody = Type.Object({ reason: Text(2000, 2) }, closed);
export const ProgressBody = Type.Object({ note: Text(2000), photoIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })) }, closed);

export const ExtensionBody = Type.Object({ newDeadline: DateTime, reason: Text(2000, 2) }, closed);
export const DecisionBody = Type.Object({ approve: Type.Boolean(), note: Type.Optional(Text(1000)) }, closed);
export const ExtensionsQuery = Type.Object({ status: Type.Optional(lit(['pending', 'approved', 'denied'] as const)) }, closed);

export const SuperviseBody = Type.Object(
  {
    noticeNo: Text(60, 2),
    issuer: Text(100, 2),
    level: lit(SUPERVISION_LEVELS),
    deadline: DateTime,
    publishedAt: Type.Optional(DateTime),
    stopProduction: Type.Optional(Type.Boolean()),
    stopOrderNo: Type.Optional(Text(60)),
  },
  closed,
);

/** The ledger's sort orders: a column, `-` first for descending (default: newest found first). */
export const LEDGER_SORTS = ['foundAt', '-foundAt', 'deadline', '-deadline', 'code', '-code'] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];

export const LedgerQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(Type.Array(lit(HAZARD_STATES), { maxItems: 8 })),
    open: Type.Optional(Type.Boolean()),
    level: Type.Optional(lit([...HAZARD_LEVELS, 'ungraded'] as const)),
    source: Type.Optional(lit(HAZARD_SOURCES)),
    sector: Type.Optional(lit(HAZARD_SECTORS)),
    town: Type.Optional(TownCode),
    enterpriseId: Type.Optional(Uuid),
    overdue: Type.Optional(Type.Boolean()),
    supervised: Type.Optional(Type.Boolean()),
    foundFrom: Type.Optional(DateTime),
    foundTo: Type.Optional(DateTime),
    sort: Type.Optional(lit(LEDGER_SORTS)),
    ...Paging(),
  },
  closed,
);

export const DashboardQuery = Type.Object({ town: Type.Optional(TownCode) }, closed);
export const ClausesQuery = Type.Object(
  {
    standardId: Type.Optional(Uuid),
    category: Type.Optional(lit(['management', 'industry', 'special'] as const)),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  closed,
);
export const NotificationsQuery = Type.Object(
  { unread: Type.Optional(Type.Boolean()), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
  closed,
);

export const ReportsQuery = Type.Object(
  {
    status: Type.Optional(lit(['submitted', 'accepted', 'rejected'] as const)),
    ...Paging(),
  },
  closed,
);
export const VerifyReportBody = Type.Object(
  {
    accept: Type.Boolean(),
    reason: Type.Optional(Text(2000)),
    title: Type.Optional(Text(100, 2)),
    sector: Type.Optional(lit(HAZARD_SECTORS)),
    enterpriseId: Type.Optional(Uuid),
  },
  closed,
);
export const RewardBody = Type.Object(
  { granted: Type.Boolean(), amountFen: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })), note: Type.Optional(Text(1000)) },
  closed,
);
export const TrackParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 32 }) });
