// What the registry API answers: response schemas (fastify serialises by them, OpenAPI shows them) and their
// types, which the web imports instead of re-declaring them. Presenters in server/modules/registry return these.
import { type Static, type TSchema, Type } from 'typebox';
import {
  CONTROL_TIERS,
  ENTERPRISE_STATUSES,
  INSURANCE_KINDS,
  PARK_KINDS,
  RISK_GRADES,
  STANDARDIZATION_LEVELS,
  SUPERVISING_LEVELS,
  TENANT_RELATIONS,
} from './registry.ts';

import { Count, CountBy, Day, Enum, Instant, Nullable, Revision, Versioned } from './dto.ts';

export { Enum, Nullable, Page, type PageOf } from './dto.ts';
/** The registry's vocabularies as schemas, each once: these answers and the request schemas
 * (server/modules/registry/registry.schema.ts) use them. */
export const Vocab = {
  grade: Enum(RISK_GRADES),
  standardization: Enum(STANDARDIZATION_LEVELS),
  supervisingLevel: Enum(SUPERVISING_LEVELS),
  enterpriseStatus: Enum(ENTERPRISE_STATUSES),
  parkKind: Enum(PARK_KINDS),
  tenantRelation: Enum(TENANT_RELATIONS),
  insuranceKind: Enum(INSURANCE_KINDS),
  controlTier: Enum(CONTROL_TIERS),
};
const Grade = Vocab.grade;

export const HistoryEntry = Type.Object({
  version: Type.Integer(),
  action: Enum(['create', 'update', 'import'] as const),
  changed: Type.Array(Type.String()),
  before: Nullable(Type.Record(Type.String(), Type.Unknown())),
  after: Type.Record(Type.String(), Type.Unknown()),
  at: Instant,
  byName: Nullable(Type.String()),
});
export type HistoryEntry = Static<typeof HistoryEntry>;

// ── enterprises ─────────────────────────────────────────────────────────────────────────────────────
/** Where a registered record is: its address and point, and the town and village it is filed under. */
const placeFields = {
  address: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  jurisdictionCode: Type.String(),
  townCode: Type.String(),
  villageCode: Nullable(Type.String()),
};

export const Enterprise = Type.Object({
  id: Type.String(),
  creditCode: Type.String(),
  name: Type.String(),
  ...placeFields,
  industryCode: Nullable(Type.String()),
  industryName: Nullable(Type.String()),
  categories: Type.Array(Type.String()),
  headcount: Nullable(Type.Integer()),
  principalName: Nullable(Type.String()),
  principalPhone: Nullable(Type.String()),
  safetyManagerName: Nullable(Type.String()),
  safetyManagerPhone: Nullable(Type.String()),
  riskGrade: Nullable(Grade),
  standardizationLevel: Vocab.standardization,
  creditRating: Nullable(Type.String()),
  dishonestFrom: Nullable(Day),
  dishonestUntil: Nullable(Day),
  keyUnit: Type.Boolean(),
  supervisingLevel: Vocab.supervisingLevel,
  supervisingDeptCode: Nullable(Type.String()),
  iotDeviceCount: Type.Integer(),
  status: Vocab.enterpriseStatus,
  ...Versioned,
});
export type Enterprise = Static<typeof Enterprise>;

export const EnterpriseStats = Type.Object({
  total: Count,
  keyUnits: Count,
  sixKinds: Count,
  standardized: Count,
  dishonest: Count,
  byGrade: Type.Record(Type.String(), Count, { description: 'red, orange, yellow, blue and none' }),
  byTown: Type.Array(CountBy),
  byCategory: Type.Array(Type.Object({ category: Type.String(), count: Count })),
});
export type EnterpriseStats = Static<typeof EnterpriseStats>;

export const EnterpriseParks = Type.Object({
  asTenant: Type.Array(
    Type.Object({
      parkId: Type.String(),
      parkName: Type.String(),
      kind: Vocab.parkKind,
      relation: Vocab.tenantRelation,
      agreementSigned: Type.Boolean(),
      agreementExpiresAt: Nullable(Day),
      movedInAt: Nullable(Day),
      movedOutAt: Nullable(Day),
    }),
  ),
  asLandlord: Type.Array(Type.Object({ parkId: Type.String(), parkName: Type.String(), kind: Vocab.parkKind })),
});
export type EnterpriseParks = Static<typeof EnterpriseParks>;

// ── parks and tenants ───────────────────────────────────────────────────────────────────────────────
const parkFields = {
  id: Type.String(),
  name: Type.String(),
  kind: Vocab.parkKind,
  ...placeFields,
  landlordId: Nullable(Type.String()),
  landlordName: Nullable(Type.String()),
  safetyStaffCount: Type.Integer(),
  standardized: Type.Boolean(),
  standardizedAt: Nullable(Day),
  insured: Type.Boolean(),
  ...Versioned,
};
export const Park = Type.Object(parkFields);
export type Park = Static<typeof Park>;
/** A park in a list: with its current tenants and how many of them signed the safety agreement. */
export const ParkListItem = Type.Object({ ...parkFields, tenantCount: Count, agreementsSigned: Count });
export type ParkListItem = Static<typeof ParkListItem>;

/** A tenancy's terms: how the enterprise sits in the park and its safety-management agreement. */
const tenancyFields = {
  relation: Vocab.tenantRelation,
  agreementSigned: Type.Boolean(),
  agreementSignedAt: Nullable(Day),
  agreementExpiresAt: Nullable(Day),
  agreementFileId: Nullable(Type.String()),
  movedInAt: Nullable(Day),
  movedOutAt: Nullable(Day),
};
export const Tenant = Type.Object({
  enterpriseId: Type.String(),
  name: Type.String(),
  creditCode: Type.String(),
  riskGrade: Nullable(Grade),
  categories: Type.Array(Type.String()),
  ...tenancyFields,
});
export type Tenant = Static<typeof Tenant>;
export const ParkDetail = Type.Object({ ...parkFields, landlordCreditCode: Nullable(Type.String()), tenants: Type.Array(Tenant) });
export type ParkDetail = Static<typeof ParkDetail>;

/** A tenancy as written (the answer to PUT …/tenants/:enterpriseId). */
export const Tenancy = Type.Object({ parkId: Type.String(), enterpriseId: Type.String(), ...tenancyFields });
export type Tenancy = Static<typeof Tenancy>;

const Rate = Type.Number({ minimum: 0, maximum: 1 });
export const ParkStats = Type.Object({
  total: Count,
  standardized: Count,
  insured: Count,
  standardizationRate: Rate,
  goal: Rate,
  tenants: Count,
  agreementsSigned: Count,
  byTown: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), total: Count, standardized: Count, insured: Count, rate: Rate })),
});
export type ParkStats = Static<typeof ParkStats>;

// ── insurance ───────────────────────────────────────────────────────────────────────────────────────
export const InsurancePolicy = Type.Object({
  id: Type.String(),
  enterpriseId: Nullable(Type.String()),
  parkId: Nullable(Type.String()),
  kind: Vocab.insuranceKind,
  insurer: Type.String(),
  policyNo: Type.String(),
  premiumFen: Type.Integer(),
  discountPct: Type.Number(),
  coverageFen: Type.Integer(),
  startsOn: Day,
  endsOn: Day,
  services: Nullable(Type.String()),
  ...Revision,
});
export type InsurancePolicy = Static<typeof InsurancePolicy>;

// ── risk points ─────────────────────────────────────────────────────────────────────────────────────
export const RiskPoint = Type.Object({
  id: Type.String(),
  enterpriseId: Type.String(),
  enterpriseName: Nullable(Type.String()),
  jurisdictionCode: Type.String(),
  name: Type.String(),
  area: Type.String(),
  hazardSource: Nullable(Type.String()),
  accidentType: Type.String(),
  lecL: Type.Number(),
  lecE: Type.Number(),
  lecC: Type.Number(),
  lecD: Type.Number(),
  grade: Grade,
  policyVersion: Type.Integer(),
  controlMeasures: Nullable(Type.String()),
  controlTier: Vocab.controlTier,
  ownerName: Type.String(),
  ownerPhone: Nullable(Type.String()),
  reviewCycleDays: Type.Integer(),
  lastReviewedOn: Nullable(Day),
  nextReviewOn: Day,
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  status: Enum(['active', 'retired'] as const),
  ...Revision,
});
export type RiskPoint = Static<typeof RiskPoint>;

const GradeCount = Type.Object({ count: Count, reviewDue: Count });
export const RiskStats = Type.Object({ red: GradeCount, orange: GradeCount, yellow: GradeCount, blue: GradeCount });
export type RiskStats = Static<typeof RiskStats>;

export const Reminder = Type.Object({
  id: Type.Integer(),
  riskPointId: Type.String(),
  riskPointName: Type.String(),
  grade: Grade,
  enterpriseId: Type.String(),
  enterpriseName: Type.String(),
  dueOn: Day,
  createdAt: Instant,
});
export type Reminder = Static<typeof Reminder>;

// ── LEC policy ──────────────────────────────────────────────────────────────────────────────────────
const Thresholds = Type.Object({ red: Type.Number(), orange: Type.Number(), yellow: Type.Number() });
export const LecPolicyVersion = Type.Object({ version: Type.Integer(), thresholds: Thresholds, effectiveFrom: Instant });
export type LecPolicyVersion = Static<typeof LecPolicyVersion>;
export const LecPolicy = Type.Object({
  current: LecPolicyVersion,
  versions: Type.Array(Type.Object({ version: Type.Integer(), thresholds: Thresholds, effectiveFrom: Instant, note: Nullable(Type.String()) })),
});
export type LecPolicy = Static<typeof LecPolicy>;

// ── map ─────────────────────────────────────────────────────────────────────────────────────────────
const Points = <T extends TSchema>(point: T) =>
  Type.Object({ truncated: Type.Boolean({ description: 'more points matched than the map shows' }), points: Type.Array(point) });
export const EnterprisePoint = Type.Object({
  id: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  grade: Nullable(Grade),
  keyUnit: Type.Boolean(),
  categories: Type.Array(Type.String()),
});
export const ParkPoint = Type.Object({
  id: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  standardized: Type.Boolean(),
  grade: Nullable(Grade),
});
export const RiskMapPoint = Type.Object({
  id: Type.String(),
  name: Type.String(),
  enterpriseName: Type.String(),
  area: Type.String(),
  grade: Grade,
  lecD: Type.Number(),
  lon: Type.Number(),
  lat: Type.Number(),
});
export const EnterprisePoints = Points(EnterprisePoint);
export const ParkPoints = Points(ParkPoint);
export const RiskMapPoints = Points(RiskMapPoint);
export type EnterprisePoints = Static<typeof EnterprisePoints>;
export type ParkPoints = Static<typeof ParkPoints>;
export type RiskMapPoints = Static<typeof RiskMapPoints>;

// ── imports ─────────────────────────────────────────────────────────────────────────────────────────
export const ImportKind = Enum(['enterprises', 'parks', 'risk_points'] as const);
export const ImportStarted = Type.Object({ id: Type.String(), total: Count });
export type ImportStarted = Static<typeof ImportStarted>;
export const ImportJob = Type.Object({
  id: Type.String(),
  kind: ImportKind,
  status: Enum(['running', 'done', 'failed'] as const),
  fileName: Type.String(),
  total: Count,
  processed: Count,
  inserted: Count,
  updated: Count,
  unchanged: Count,
  failed: Count,
  errors: Type.Array(Type.Object({ sheet: Type.String(), row: Type.Integer(), column: Type.String(), reason: Type.String() })),
  /** Values read after normalising them (a lower-case credit code stored upper-case). */
  notes: Type.Array(Type.Object({ sheet: Type.String(), row: Type.Integer(), column: Type.String(), note: Type.String() })),
  message: Nullable(Type.String()),
  createdAt: Instant,
  finishedAt: Nullable(Instant),
});
export type ImportJob = Static<typeof ImportJob>;
