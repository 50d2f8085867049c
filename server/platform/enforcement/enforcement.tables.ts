// Kysely table types for the enforcement platform records (migration 0006_enforcement_platform.sql).
import type { CreatedAt, DateOnly, Timestamp, UpdatedAt } from '../../db/columns.ts';

export interface WorkdayOverridesTable {
  day: DateOnly;
  working: boolean;
  note: string;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface EnforcementLicencesTable {
  id: string;
  user_id: string;
  number: string;
  issuer: string;
  /** The org unit (district bureau or town) the licence holder enforces for. */
  unit_code: string;
  valid_from: DateOnly;
  valid_until: DateOnly;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface EnforcementPlatformTables {
  workday_overrides: WorkdayOverridesTable;
  enforcement_licences: EnforcementLicencesTable;
}
