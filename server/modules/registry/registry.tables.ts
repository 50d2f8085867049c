// Kysely table types for the registry (kept in step with migrations 01xx).
import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;

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

export interface RegistryTables {
  enterprises: EnterprisesTable;
  parks: ParksTable;
  park_tenants: ParkTenantsTable;
}
