// Response schemas of the supervision lists and checklists (camelCase): presenters return them, fastify
// serialises by them, the web imports the types.
import { type Static, Type } from 'typebox';
import { STANDARDIZATION_LEVELS } from './registry.ts';
import { Count, Day, Enum, HistoryEntry, Instant, Items, Nullable, Page } from './dto.ts';
import { CHECKLIST_TOPICS, CREDIT_CLASSES, GRADE_LEVELS, POWER_TYPES, SECTORS, VERSION_KINDS, VERSION_STATES } from './supervision.ts';

export const Version = Type.Object({
  id: Type.String(),
  kind: Enum(VERSION_KINDS),
  checklistId: Nullable(Type.String()),
  number: Type.Integer(),
  status: Enum(VERSION_STATES),
  effectiveFrom: Nullable(Day),
  note: Nullable(Type.String()),
  publishedAt: Nullable(Instant),
  publishedByName: Nullable(Type.String()),
  createdAt: Instant,
  rows: Count,
});
export type Version = Static<typeof Version>;

export const VersionDetail = Type.Intersect([
  Version,
  Type.Object({ actions: Type.Array(Type.String()), history: Type.Array(HistoryEntry), checklistName: Nullable(Type.String()) }),
]);
export type VersionDetail = Static<typeof VersionDetail>;

export const VersionList = Type.Object({ items: Type.Array(Version), currentId: Nullable(Type.String()), draftId: Nullable(Type.String()) });
export type VersionList = Static<typeof VersionList>;

export const Power = Type.Object({
  id: Type.String(),
  sort: Type.Integer(),
  code: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  matter: Type.String(),
  powerType: Enum(POWER_TYPES),
  basis: Type.String(),
  note: Nullable(Type.String()),
});
export type Power = Static<typeof Power>;

export const Item = Type.Object({
  id: Type.String(),
  sort: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  subject: Type.String(),
  basis: Type.String(),
  method: Type.String(),
  frequency: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
});
export type Item = Static<typeof Item>;

export const Grade = Type.Object({
  id: Type.String(),
  enterpriseId: Type.String(),
  enterpriseName: Nullable(Type.String()),
  creditCode: Nullable(Type.String()),
  jurisdictionCode: Type.String(),
  level: Enum(GRADE_LEVELS),
  keyUnit: Type.Boolean(),
  sector: Enum(SECTORS),
  standardization: Enum(STANDARDIZATION_LEVELS),
  credit: Enum(CREDIT_CLASSES),
  annualCap: Type.Integer(),
  frequency: Type.String(),
  note: Nullable(Type.String()),
});
export type Grade = Static<typeof Grade>;

export const ChecklistItem = Type.Object({
  id: Type.String(),
  sort: Type.Integer(),
  content: Type.String(),
  basis: Nullable(Type.String()),
  method: Nullable(Type.String()),
  major: Type.Boolean(),
  clauseId: Nullable(Type.String()),
});
export type ChecklistItem = Static<typeof ChecklistItem>;

export const PowerPage = Page(Power);
export const ItemPage = Page(Item);
export const GradePage = Page(Grade);
export const ChecklistItems = Items(ChecklistItem);

export const GradeStats = Type.Object({
  versionId: Nullable(Type.String()),
  total: Count,
  keyUnits: Count,
  annualCap: Count,
  byLevel: Type.Array(Type.Object({ level: Enum(GRADE_LEVELS), count: Count, keyUnits: Count })),
  byTown: Type.Array(Type.Object({ townCode: Type.String(), district: Count, town: Count, keyUnits: Count, annualCap: Count })),
});
export type GradeStats = Static<typeof GradeStats>;

const closed = { additionalProperties: false } as const;
const N = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max });
const Caps = Type.Object({ level1: N(1, 365), level2: N(1, 365), level3: N(1, 365), none: N(1, 365) }, closed);
/** The frequency policy (shared/supervision.ts FrequencyPolicy), the same schema for the answer and the edit. */
export const FrequencyPolicySchema = Type.Object(
  {
    caps: Type.Object({ hazchem_metallurgy: Caps, other: Caps }, closed),
    creditDelta: Type.Object({ A: N(-12, 12), B: N(-12, 12), C: N(-12, 12), D: N(-12, 12), dishonest: N(-12, 24), unrated: N(-12, 12) }, closed),
    keyUnitMin: N(0, 365),
    min: N(0, 365),
    max: N(1, 365),
  },
  closed,
);
export const PolicyAnswer = Type.Object({
  version: Type.Integer(),
  policy: FrequencyPolicySchema,
  note: Nullable(Type.String()),
  createdAt: Nullable(Instant),
  createdByName: Nullable(Type.String()),
  versions: Type.Array(Type.Object({ version: Type.Integer(), note: Nullable(Type.String()), createdAt: Instant, createdByName: Nullable(Type.String()) })),
});
export type PolicyAnswer = Static<typeof PolicyAnswer>;

export const Checklist = Type.Object({
  id: Type.String(),
  name: Type.String(),
  topic: Enum(CHECKLIST_TOPICS),
  industry: Nullable(Type.String()),
  description: Nullable(Type.String()),
  currentVersionId: Nullable(Type.String()),
  currentNumber: Nullable(Type.Integer()),
  effectiveFrom: Nullable(Day),
  draftVersionId: Nullable(Type.String()),
  updatedAt: Instant,
});
export type Checklist = Static<typeof Checklist>;
export const ChecklistPage = Page(Checklist);
export const ChecklistDetail = Type.Intersect([Checklist, Type.Object({ versions: Type.Array(Version) })]);
export type ChecklistDetail = Static<typeof ChecklistDetail>;

export const ImportResult = Type.Object({
  id: Type.String(),
  status: Enum(['done', 'failed'] as const),
  totalRows: Count,
  imported: Count,
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Type.String(), value: Type.String(), message: Type.String() })),
});
export type ImportResult = Static<typeof ImportResult>;

export const GenerateResult = Type.Object({ rows: Count, districtLevel: Count, keyUnits: Count });

/** The public page's answer: the supervision items in force (国办发〔2024〕54号). */
export const PublicItems = Type.Object({
  version: Nullable(Type.Object({ number: Type.Integer(), effectiveFrom: Nullable(Day), publishedAt: Nullable(Instant) })),
  items: Type.Array(Item),
});
export type PublicItems = Static<typeof PublicItems>;
