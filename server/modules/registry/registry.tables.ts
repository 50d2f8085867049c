// Kysely table types for the registry (kept in step with migrations 01xx).
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateOnly, Json, Timestamp, UpdatedAt } from '../../db/columns.ts';

export type RiskGrade = 'red' | 'orange' | 'yellow' | 'blue';
export type StandardizationLevel = 'level1' | 'level2' | 'level3' | 'none';

export interface EnterprisesTable {
  id: string;
  credit_code: string;
  name: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  jurisdiction_code: string;
  industry_code: string | null;
  industry_name: string | null;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  headcount: number | null;
  principal_name: string | null;
  principal_phone: string | null;
  safety_manager_name: string | null;
  safety_manager_phone: string | null;
  risk_grade: RiskGrade | null;
  standardization_level: ColumnType<StandardizationLevel, StandardizationLevel | undefined, StandardizationLevel>;
  credit_rating: string | null;
  dishonest_from: DateOnly | null;
  dishonest_until: DateOnly | null;
  key_unit: ColumnType<boolean, boolean | undefined, boolean>;
  supervising_level: ColumnType<'district' | 'town', 'district' | 'town' | undefined, 'district' | 'town'>;
  supervising_dept_code: string | null;
  iot_device_count: ColumnType<number, number | undefined, number>;
  /** Generated from name (0101): characters and character pairs for fuzzy Chinese search. */
  name_grams: ColumnType<string[] | null, never, never>;
  status: ColumnType<'active' | 'suspended' | 'closed', 'active' | 'suspended' | 'closed' | undefined, 'active' | 'suspended' | 'closed'>;
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface ParksTable {
  id: string;
  name: string;
  kind: ColumnType<'micro' | 'industrial', 'micro' | 'industrial' | undefined, 'micro' | 'industrial'>;
  address: string | null;
  lon: number | null;
  lat: number | null;
  jurisdiction_code: string;
  landlord_id: string | null;
  safety_staff_count: ColumnType<number, number | undefined, number>;
  standardized: ColumnType<boolean, boolean | undefined, boolean>;
  standardized_at: DateOnly | null;
  insured: ColumnType<boolean, boolean | undefined, boolean>;
  name_grams: ColumnType<string[] | null, never, never>;
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface ParkTenantsTable {
  park_id: string;
  enterprise_id: string;
  relation: ColumnType<'multi_tenant' | 'factory_in_factory' | 'park_in_park', string | undefined, string>;
  agreement_signed: ColumnType<boolean, boolean | undefined, boolean>;
  agreement_signed_at: DateOnly | null;
  agreement_expires_at: DateOnly | null;
  agreement_file_id: string | null;
  moved_in_at: DateOnly | null;
  moved_out_at: DateOnly | null;
}

type Numeric = ColumnType<string, number | string, number | string>;

/** The registry's records with a version history (the platform history's aggregate names). */
export type RegistryEntity = 'enterprise' | 'park' | 'risk_point' | 'tenant' | 'insurance';

/** What a registry history row keeps in `data`: the version and the whole record before and after. */
export interface RegistryVersion {
  version: number;
  changed: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

export type InsuranceKind = 'safety_liability' | 'property' | 'park_shield' | 'other';

export interface InsurancePoliciesTable {
  id: string;
  enterprise_id: string | null;
  park_id: string | null;
  jurisdiction_code: string;
  kind: InsuranceKind;
  insurer: string;
  policy_no: string;
  premium_fen: ColumnType<number, number | undefined, number>;
  discount_pct: ColumnType<string, number | string | undefined, number | string>;
  coverage_fen: ColumnType<number, number | undefined, number>;
  starts_on: DateOnly;
  ends_on: DateOnly;
  services: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface RegistryPoliciesTable {
  key: string;
  version: number;
  value: Json<Record<string, unknown>>;
  effective_from: Timestamp;
  note: string | null;
  created_at: CreatedAt;
  created_by: string | null;
}

export type ControlTier = 'company' | 'workshop' | 'team' | 'post';

export interface RiskPointsTable {
  id: string;
  enterprise_id: string;
  jurisdiction_code: string;
  name: string;
  area: string;
  hazard_source: string | null;
  accident_type: string;
  lec_l: Numeric;
  lec_e: Numeric;
  lec_c: Numeric;
  lec_d: Numeric;
  grade: RiskGrade;
  policy_version: number;
  control_measures: string | null;
  control_tier: ControlTier;
  owner_name: string;
  owner_phone: string | null;
  review_cycle_days: number;
  last_reviewed_on: DateOnly | null;
  next_review_on: DateOnly;
  lon: number | null;
  lat: number | null;
  status: ColumnType<'active' | 'retired', 'active' | 'retired' | undefined, 'active' | 'retired'>;
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface RiskReviewRemindersTable {
  id: Generated<number>;
  risk_point_id: string;
  jurisdiction_code: string;
  enterprise_id: string;
  due_on: DateOnly;
  created_at: Date;
  resolved_at: Date | null;
}

export type ImportKind = 'enterprises' | 'parks' | 'risk_points';

export interface RegistryImportsTable {
  id: string;
  kind: ImportKind;
  status: ColumnType<'running' | 'done' | 'failed', 'running' | 'done' | 'failed' | undefined, 'running' | 'done' | 'failed'>;
  file_name: string;
  total: ColumnType<number, number | undefined, number>;
  processed: ColumnType<number, number | undefined, number>;
  inserted: ColumnType<number, number | undefined, number>;
  updated: ColumnType<number, number | undefined, number>;
  unchanged: ColumnType<number, number | undefined, number>;
  failed: ColumnType<number, number | undefined, number>;
  errors: ColumnType<ImportRowError[], string | undefined, string>;
  notes: ColumnType<ImportRowNote[], string | undefined, string>;
  message: string | null;
  jurisdiction_code: string;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
}

/** A value the import accepted after normalising it (the report shows what was stored). */
export interface ImportRowNote {
  sheet: string;
  row: number;
  column: string;
  note: string;
}

export interface ImportRowError {
  sheet: string;
  row: number;
  column: string;
  reason: string;
  /** The rejected row's cells by template header (on the row's first error only; absent in older imports). */
  cells?: Record<string, string | number | boolean | null>;
}

export interface RegistryTables {
  enterprises: EnterprisesTable;
  parks: ParksTable;
  park_tenants: ParkTenantsTable;
  insurance_policies: InsurancePoliciesTable;
  registry_policies: RegistryPoliciesTable;
  risk_points: RiskPointsTable;
  risk_review_reminders: RiskReviewRemindersTable;
  registry_imports: RegistryImportsTable;
}
