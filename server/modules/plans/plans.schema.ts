// TypeBox schemas for plan routes (bodies reject unknown fields).
import { Type } from 'typebox';
import { CAMPAIGN_KINDS, CAMPAIGN_METRICS, PLAN_KINDS, PLAN_STATES, PROGRESS_SORTS, PROGRESS_STATUSES } from '../../../shared/plans.ts';
import { IsoDate, JurisdictionCode, Text, TownCode, Uuid } from '../../../shared/schema.ts';

const closed = { additionalProperties: false } as const;
const lit = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum([...values]));
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Quarter = Type.Integer({ minimum: 1, maximum: 4 });
const Amount = Type.Integer({ minimum: 0, maximum: 1_000_000 });

export const IdParams = Type.Object({ id: Uuid });

export const TargetsBody = Type.Object(
  Object.fromEntries(CAMPAIGN_METRICS.map((m) => [m, Type.Optional(Amount)])) as Record<string, ReturnType<typeof Type.Optional<typeof Amount>>>,
  closed,
);

export const CreatePlanBody = Type.Object(
  {
    kind: lit(PLAN_KINDS),
    campaignKind: Type.Optional(lit(CAMPAIGN_KINDS)),
    title: Type.Optional(Text(100, 2)),
    jurisdictionCode: JurisdictionCode,
    year: Year,
    quarter: Type.Optional(Quarter),
    /** Campaigns only: their own period inside the year (default: the year or quarter). */
    periodStart: Type.Optional(IsoDate),
    periodEnd: Type.Optional(IsoDate),
    drawSharePct: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    targets: Type.Optional(TargetsBody),
    description: Type.Optional(Text(4000)),
  },
  closed,
);

export const NoteBody = Type.Object({ note: Type.Optional(Text(2000)) }, closed);

export const PlansQuery = Type.Object(
  {
    kind: Type.Optional(lit(PLAN_KINDS)),
    state: Type.Optional(Type.Array(lit(PLAN_STATES))),
    year: Type.Optional(Year),
    jurisdiction: Type.Optional(JurisdictionCode),
    page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  closed,
);

export const ProgressFilter = {
  town: Type.Optional(TownCode),
  status: Type.Optional(Type.Array(lit(PROGRESS_STATUSES))),
  keyUnit: Type.Optional(Type.Boolean()),
  sort: Type.Optional(lit(PROGRESS_SORTS)),
};
export const ProgressQuery = Type.Object(
  {
    ...ProgressFilter,
    page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  closed,
);
export const ProgressExportQuery = Type.Object(ProgressFilter, closed);

export const ActivityBody = Type.Object(
  {
    day: IsoDate,
    jurisdictionCode: Type.Optional(JurisdictionCode),
    groupName: Text(60),
    checkpoint: Type.Optional(Text(100)),
    personTimes: Amount,
    enterprisesChecked: Type.Optional(Amount),
    hazardsFound: Type.Optional(Amount),
    hazardsRectified: Type.Optional(Amount),
    parkIds: Type.Optional(Type.Array(Uuid, { maxItems: 1000, uniqueItems: true })),
    enterpriseIds: Type.Optional(Type.Array(Uuid, { maxItems: 1000, uniqueItems: true })),
    note: Type.Optional(Text(2000)),
  },
  closed,
);

export const ActivitiesQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  closed,
);
