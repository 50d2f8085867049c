// Kysely table types for the supervision lists and checklists (kept in step with migrations 05xx).
import type { ColumnType } from 'kysely';
import type { CreatedAt, DateOnly, Defaulted, Json, Timestamp, UpdatedAt } from '../../db/columns.ts';
import type { StandardizationLevel } from '../../../shared/registry.ts';
import type { FrequencyPolicy, GradeLevel, PowerType, Sector, VersionKind, VersionState } from '../../../shared/supervision.ts';

export interface SupervisionChecklistsTable {
  id: string;
  name: string;
  topic: string;
  industry: string | null;
  description: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
}

export interface SupervisionVersionsTable {
  id: string;
  kind: VersionKind;
  checklist_id: string | null;
  number: number;
  status: Defaulted<VersionState>;
  effective_from: DateOnly | null;
  note: string | null;
  published_at: Timestamp | null;
  published_by: string | null;
  published_by_name: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
}

export interface SupervisionPowersTable {
  id: string;
  version_id: string;
  sort: Defaulted<number>;
  code: string;
  unit_code: string;
  matter: string;
  power_type: PowerType;
  basis: string;
  note: string | null;
}

export interface SupervisionItemsTable {
  id: string;
  version_id: string;
  sort: Defaulted<number>;
  code: string;
  name: string;
  subject: string;
  basis: string;
  method: string;
  frequency: string;
  unit_code: string;
}

export interface SupervisionGradesTable {
  id: string;
  version_id: string;
  enterprise_id: string;
  jurisdiction_code: string;
  level: GradeLevel;
  key_unit: Defaulted<boolean>;
  sector: Sector;
  standardization: StandardizationLevel;
  credit: string;
  annual_cap: number;
  note: string | null;
}

export interface SupervisionChecklistItemsTable {
  id: string;
  version_id: string;
  sort: Defaulted<number>;
  content: string;
  basis: string | null;
  method: string | null;
  major: Defaulted<boolean>;
  clause_id: string | null;
}

export interface SupervisionPolicyTable {
  version: number;
  policy: Json<FrequencyPolicy>;
  note: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  created_by_name: string | null;
}

/** One refused cell of an import (the row as read kept in `source` for errors.xlsx). */
export interface SupervisionImportError {
  row: number;
  column: string;
  value: string;
  message: string;
}

export interface SupervisionImportsTable {
  id: string;
  kind: string;
  version_id: string;
  file_name: string;
  status: 'done' | 'failed';
  total_rows: Defaulted<number>;
  imported: Defaulted<number>;
  errors: ColumnType<SupervisionImportError[], string | undefined, string>;
  source: ColumnType<{ row: number; cells: string[] }[], string | undefined, string>;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface SupervisionTables {
  supervision_checklists: SupervisionChecklistsTable;
  supervision_versions: SupervisionVersionsTable;
  supervision_powers: SupervisionPowersTable;
  supervision_items: SupervisionItemsTable;
  supervision_grades: SupervisionGradesTable;
  supervision_checklist_items: SupervisionChecklistItemsTable;
  supervision_policy: SupervisionPolicyTable;
  supervision_imports: SupervisionImportsTable;
}
