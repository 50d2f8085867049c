// The one typed schema for Kysely, kept in step with migrations/ by hand. Platform tables are here;
// each module keeps its tables in server/modules/<name>/<name>.tables.ts and DB extends them below.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Json, Timestamp, UpdatedAt } from './columns.ts';
import type { MonitoringTables } from '../modules/monitoring/monitoring.tables.ts';
import type { RegistryTables } from '../modules/registry/registry.tables.ts';
import type { WarningsTables } from '../modules/warnings/warnings.tables.ts';
import type { HazardTables } from '../modules/hazards/hazards.tables.ts';
import type { PlansTables } from '../modules/plans/plans.tables.ts';
import type { InspectionTables } from '../modules/inspections/inspections.tables.ts';
import type { SupervisionTables } from '../modules/supervision/supervision.tables.ts';
import type { DrawTables } from '../modules/draws/draws.tables.ts';
import type { FileTables } from '../platform/files/files.tables.ts';
import type { HistoryTables } from '../platform/history.tables.ts';
import type { EnforcementPlatformTables } from '../platform/enforcement/enforcement.tables.ts';
import type { DocumentTables } from '../platform/documents/documents.tables.ts';
import type { CasesTables } from '../modules/cases/cases.tables.ts';
import type { AssistsTables } from '../modules/assists/assists.tables.ts';

// ── platform ─────────────────────────────────────────────────────────────────────────────────────────
export interface OrgUnitsTable {
  code: string;
  parent_code: string | null;
  kind: 'district' | 'town' | 'village' | 'department';
  name: string;
  short_name: string | null;
  path: string;
  sort: Generated<number>;
  lon: number | null;
  lat: number | null;
  /** An administrator renamed it: the start-up refresh of the org tree keeps the name. */
  name_edited: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'dead' | 'cancelled';

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  run_at: Timestamp;
  status: Generated<JobStatus>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  locked_until: Timestamp | null;
  locked_by: string | null;
  dedup_key: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  finished_at: Timestamp | null;
}

export interface SystemMetaTable {
  key: string;
  value: Json;
  updated_at: UpdatedAt;
}

// ── identity ─────────────────────────────────────────────────────────────────────────────────────────
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  unit_code: string;
  enterprise_id: string | null;
  roles: string[];
  phone: string | null;
  password_hash: string | null;
  password_changed_at: Timestamp | null;
  password_history: ColumnType<string[], string[] | undefined, string[]>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: number | null;
  /** Set by an administrator's reset: the temporary password must be changed at the next sign-in. */
  must_change_password: Generated<boolean>;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface UserGrantsTable {
  user_id: string;
  unit_code: string;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  mfa_passed: Generated<boolean>;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string[];
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: string | null;
  username: string | null;
  unit_code: string | null;
  ip: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  before: Json | null;
  after: Json | null;
  detail: Json | null;
  prev_hash: string;
  hash: string;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: Timestamp;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: CreatedAt;
}

export interface DB
  extends RegistryTables,
    MonitoringTables,
    HazardTables,
    FileTables,
    HistoryTables,
    WarningsTables,
    EnforcementPlatformTables,
    SupervisionTables,
    DocumentTables,
    CasesTables,
    PlansTables,
    DrawTables,
    InspectionTables,
    AssistsTables {
  schema_migrations: SchemaMigrationsTable;
  org_units: OrgUnitsTable;
  jobs: JobsTable;
  system_meta: SystemMetaTable;
  users: UsersTable;
  user_grants: UserGrantsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
}
