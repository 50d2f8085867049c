// Request schemas for the registry API (validation, types and OpenAPI from one source); the answers are in
// shared/registry.dto.ts.
import { type Static, Type } from 'typebox';
import { Enum, ImportKind, Nullable, Vocab } from '../../../shared/registry.dto.ts';
import { ACCIDENT_TYPES, CATEGORY_KEYS, RISK_GRADES } from '../../../shared/registry.ts';
import { DateTime, IsoDate, Lat, Lon, Text, TownCode, Uuid, VillageCode } from '../../../shared/schema.ts';

const Phone = Nullable(Type.String({ maxLength: 20 }));
export const Id = Uuid;
export const IdParams = Type.Object({ id: Id });
/** Bodies and queries name only known fields. */
const strict = { additionalProperties: false } as const;
/** The page of a list query (a page holds at most 200 rows). */
const paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

// ── enterprises ─────────────────────────────────────────────────────────────────────────────────────
const enterpriseFields = {
  creditCode: Type.String({
    minLength: 1,
    maxLength: 30,
    description: '统一社会信用代码 (18 chars, GB 32100 check digit; lower-case letters are stored upper-case)',
  }),
  name: Text(100),
  address: Type.Optional(Nullable(Text(200, 0))),
  lon: Type.Optional(Nullable(Lon)),
  lat: Type.Optional(Nullable(Lat)),
  townCode: TownCode,
  villageCode: Type.Optional(Nullable(VillageCode)),
  industryCode: Type.Optional(Nullable(Type.String({ pattern: '^\\d{2,4}$' }))),
  industryName: Type.Optional(Nullable(Text(60, 0))),
  categories: Type.Optional(Type.Array(Enum(CATEGORY_KEYS), { maxItems: 20, uniqueItems: true })),
  headcount: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
  principalName: Type.Optional(Nullable(Text(40, 0))),
  principalPhone: Type.Optional(Phone),
  safetyManagerName: Type.Optional(Nullable(Text(40, 0))),
  safetyManagerPhone: Type.Optional(Phone),
  riskGrade: Type.Optional(Nullable(Vocab.grade)),
  standardizationLevel: Type.Optional(Vocab.standardization),
  creditRating: Type.Optional(Nullable(Text(20, 0))),
  dishonestFrom: Type.Optional(Nullable(IsoDate)),
  dishonestUntil: Type.Optional(Nullable(IsoDate)),
  keyUnit: Type.Optional(Type.Boolean()),
  supervisingLevel: Type.Optional(Vocab.supervisingLevel),
  supervisingDeptCode: Type.Optional(Type.String({ maxLength: 12 })),
  iotDeviceCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  status: Type.Optional(Vocab.enterpriseStatus),
};
export const EnterpriseCreate = Type.Object(enterpriseFields, strict);
export const EnterpriseUpdate = Type.Object(
  { ...enterpriseFields, version: Type.Integer({ minimum: 1, description: 'the version you edited (optimistic concurrency)' }) },
  strict,
);
export type EnterpriseInput = Static<typeof EnterpriseCreate>;
export type EnterpriseUpdateInput = Static<typeof EnterpriseUpdate>;

const boolQuery = Type.Union([Type.Literal('true'), Type.Literal('false')]);
const listFilters = {
  q: Type.Optional(Type.String({ maxLength: 50, description: '名称模糊搜索（中文按字/词）或信用代码前缀' })),
  creditCode: Type.Optional(Type.String({ maxLength: 18 })),
  town: Type.Optional(Type.String({ pattern: '^\\d{9}(\\d{3})?$', description: 'town or village code' })),
  industry: Type.Optional(Type.String({ pattern: '^\\d{2,4}$' })),
  category: Type.Optional(Enum(CATEGORY_KEYS)),
  sixKinds: Type.Optional(boolQuery),
  riskGrade: Type.Optional(Enum([...RISK_GRADES, 'none'] as const)),
  keyUnit: Type.Optional(boolQuery),
  dishonest: Type.Optional(boolQuery),
  standardized: Type.Optional(boolQuery),
  standardizationLevel: Type.Optional(Vocab.standardization),
  supervisingLevel: Type.Optional(Vocab.supervisingLevel),
  status: Type.Optional(Vocab.enterpriseStatus),
  parkId: Type.Optional(Id),
};
/** The list's sort orders: a column, `-` first for descending. */
export const ENTERPRISE_SORTS = ['name', '-name', 'updatedAt', '-updatedAt', 'riskGrade', '-riskGrade'] as const;
export type EnterpriseSort = (typeof ENTERPRISE_SORTS)[number];
export const EnterpriseFilterQuery = Type.Object(listFilters, strict);
export const EnterpriseListQuery = Type.Object({ ...listFilters, ...paging, sort: Type.Optional(Enum(ENTERPRISE_SORTS)) }, strict);
export type EnterpriseFilters = Static<typeof EnterpriseFilterQuery>;
export type EnterpriseListInput = Static<typeof EnterpriseListQuery>;

// ── parks and tenants ───────────────────────────────────────────────────────────────────────────────
const parkFields = {
  name: Text(100),
  kind: Type.Optional(Vocab.parkKind),
  address: Type.Optional(Nullable(Text(200, 0))),
  lon: Type.Optional(Nullable(Lon)),
  lat: Type.Optional(Nullable(Lat)),
  townCode: TownCode,
  villageCode: Type.Optional(Nullable(VillageCode)),
  landlordId: Type.Optional(Nullable(Id)),
  safetyStaffCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  standardized: Type.Optional(Type.Boolean()),
  standardizedAt: Type.Optional(Nullable(IsoDate)),
  insured: Type.Optional(Type.Boolean()),
};
export const ParkCreate = Type.Object(parkFields, strict);
export const ParkUpdate = Type.Object({ ...parkFields, version: Type.Integer({ minimum: 1 }) }, strict);
export type ParkInput = Static<typeof ParkCreate>;
export type ParkUpdateInput = Static<typeof ParkUpdate>;
const parkFilters = {
  q: Type.Optional(Type.String({ maxLength: 50 })),
  town: Type.Optional(Type.String({ pattern: '^\\d{9}(\\d{3})?$' })),
  kind: Type.Optional(Vocab.parkKind),
  standardized: Type.Optional(boolQuery),
  insured: Type.Optional(boolQuery),
};
export const ParkFilterQuery = Type.Object(parkFilters, strict);
/** Parks: by name (default) or by how many tenants are in them now. */
export const PARK_SORTS = ['name', '-name', 'tenants', '-tenants'] as const;
export type ParkSort = (typeof PARK_SORTS)[number];
export const ParkListQuery = Type.Object({ ...parkFilters, ...paging, sort: Type.Optional(Enum(PARK_SORTS)) }, strict);
export type ParkFilters = Static<typeof ParkFilterQuery>;
export type ParkListInput = Static<typeof ParkListQuery>;

export const TenantUpsert = Type.Object(
  {
    relation: Type.Optional(Vocab.tenantRelation),
    agreementSigned: Type.Optional(Type.Boolean()),
    agreementSignedAt: Type.Optional(Nullable(IsoDate)),
    agreementExpiresAt: Type.Optional(Nullable(IsoDate)),
    agreementFileId: Type.Optional(Nullable(Id)),
    movedInAt: Type.Optional(Nullable(IsoDate)),
    movedOutAt: Type.Optional(Nullable(IsoDate)),
  },
  strict,
);
export type TenantInput = Static<typeof TenantUpsert>;
export const TenantParams = Type.Object({ id: Id, enterpriseId: Id });

// ── insurance ───────────────────────────────────────────────────────────────────────────────────────
const insuranceFields = {
  enterpriseId: Type.Optional(Nullable(Id)),
  parkId: Type.Optional(Nullable(Id)),
  kind: Vocab.insuranceKind,
  insurer: Text(60),
  policyNo: Text(60),
  premiumFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000 })),
  discountPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  coverageFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })),
  startsOn: IsoDate,
  endsOn: IsoDate,
  services: Type.Optional(Nullable(Text(500, 0))),
};
export const InsuranceCreate = Type.Object(insuranceFields, strict);
export const InsuranceUpdate = Type.Object({ ...insuranceFields, version: Type.Integer({ minimum: 1 }) }, strict);
export type InsuranceInput = Static<typeof InsuranceCreate>;
export type InsuranceUpdateInput = Static<typeof InsuranceUpdate>;
export const InsuranceListQuery = Type.Object({ enterpriseId: Type.Optional(Id), parkId: Type.Optional(Id) }, strict);
export type InsuranceListInput = Static<typeof InsuranceListQuery>;

// ── risk points ─────────────────────────────────────────────────────────────────────────────────────
const riskFields = {
  name: Text(100),
  area: Text(100),
  hazardSource: Type.Optional(Nullable(Text(200, 0))),
  accidentType: Enum(ACCIDENT_TYPES),
  lecL: Type.Number(),
  lecE: Type.Number(),
  lecC: Type.Number(),
  controlMeasures: Type.Optional(Nullable(Text(2000, 0))),
  controlTier: Type.Optional(Vocab.controlTier),
  ownerName: Text(40),
  ownerPhone: Type.Optional(Phone),
  reviewCycleDays: Type.Integer({ minimum: 1, maximum: 1095 }),
  lastReviewedOn: Type.Optional(Nullable(IsoDate)),
  lon: Type.Optional(Nullable(Lon)),
  lat: Type.Optional(Nullable(Lat)),
};
export const RiskPointCreate = Type.Object({ enterpriseId: Id, ...riskFields }, strict);
export const RiskPointUpdate = Type.Object(
  { ...riskFields, status: Type.Optional(Enum(['active', 'retired'] as const)), version: Type.Integer({ minimum: 1 }) },
  strict,
);
export type RiskPointInput = Static<typeof RiskPointCreate>;
export type RiskPointUpdateInput = Static<typeof RiskPointUpdate>;
export const RiskPointReview = Type.Object(
  {
    reviewedOn: Type.Optional(IsoDate),
    lecL: Type.Optional(Type.Number()),
    lecE: Type.Optional(Type.Number()),
    lecC: Type.Optional(Type.Number()),
    controlMeasures: Type.Optional(Nullable(Text(2000, 0))),
  },
  strict,
);
export type RiskPointReviewInput = Static<typeof RiskPointReview>;
const riskFilters = {
  q: Type.Optional(Type.String({ maxLength: 50 })),
  enterpriseId: Type.Optional(Id),
  town: Type.Optional(Type.String({ pattern: '^\\d{9}(\\d{3})?$' })),
  grade: Type.Optional(Vocab.grade),
  controlTier: Type.Optional(Vocab.controlTier),
  reviewDue: Type.Optional(boolQuery),
  status: Type.Optional(Enum(['active', 'retired'] as const)),
};
export const RiskPointFilterQuery = Type.Object(riskFilters, strict);
/** Risk points: by grade (red first; default), by the next review date, or by the LEC score D. */
export const RISK_SORTS = ['grade', '-grade', 'nextReviewOn', '-nextReviewOn', 'lecD', '-lecD'] as const;
export type RiskSort = (typeof RISK_SORTS)[number];
export const RiskPointListQuery = Type.Object({ ...riskFilters, ...paging, sort: Type.Optional(Enum(RISK_SORTS)) }, strict);
export type RiskPointFilters = Static<typeof RiskPointFilterQuery>;
export type RiskPointListInput = Static<typeof RiskPointListQuery>;

// ── policy, imports ─────────────────────────────────────────────────────────────────────────────────
export const LecPolicyCreate = Type.Object(
  {
    red: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    orange: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    yellow: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    effectiveFrom: Type.Optional(DateTime),
    note: Type.Optional(Text(200, 0)),
  },
  strict,
);
export type LecPolicyInput = Static<typeof LecPolicyCreate>;

export const ImportKindParams = Type.Object({ kind: ImportKind });
