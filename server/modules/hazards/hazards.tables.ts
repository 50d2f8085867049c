// Kysely table types for the hazard closed loop (kept in step with migrations 02xx).
import type { ColumnType } from 'kysely';
import type { CreatedAt, DateOnly, Json, Timestamp, UpdatedAt } from '../../db/columns.ts';
import type {
  ClauseCategory,
  ExtensionStatus,
  HazardLevel,
  HazardSource,
  HazardState,
  ReportStatus,
  RewardStatus,
  SupervisionLevel,
} from '../../../shared/hazards.ts';

type Ids = ColumnType<string[], string[] | undefined, string[]>;
/** bigint columns come back as numbers (see connection.ts) */
type Fen = ColumnType<number, number | bigint, number | bigint>;

export interface HazardStandardsTable {
  id: string;
  code: string;
  name: string;
  version: string;
  issuer: string | null;
  effective_from: DateOnly | null;
  status: ColumnType<'active' | 'superseded', 'active' | 'superseded' | undefined, 'active' | 'superseded'>;
  created_at: CreatedAt;
}

export interface HazardClausesTable {
  id: string;
  standard_id: string;
  number: string;
  category: ClauseCategory;
  industry: string | null;
  text: string;
  text_kind: ColumnType<'summary' | 'full', 'summary' | 'full' | undefined, 'summary' | 'full'>;
  sort: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface HazardsTable {
  id: string;
  code: string;
  enterprise_id: string | null;
  park_id: string | null;
  jurisdiction_code: string;
  town_code: string;
  location: string | null;
  lon: number | null;
  lat: number | null;
  title: string;
  description: string;
  source: HazardSource;
  sector: ColumnType<string, string | undefined, string>;
  finder_name: string | null;
  found_at: Timestamp;
  level: HazardLevel | null;
  clause_id: string | null;
  state: ColumnType<HazardState, HazardState | undefined, HazardState>;
  deadline: Timestamp | null;
  overdue: ColumnType<boolean, boolean | undefined, boolean>;
  overdue_since: Timestamp | null;
  escalation_level: ColumnType<number, number | undefined, number>;
  rectified_by: string | null;
  alarm_id: string | null;
  report_id: string | null;
  /** The inspection (and its item) the hazard was found in (migration 0511); one hazard per item. */
  inspection_id: string | null;
  inspection_item_id: string | null;
  photo_ids: Ids;
  closed_at: Timestamp | null;
  cancel_reason: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface HazardPlansTable {
  id: string;
  hazard_id: string;
  measures: string;
  funds_fen: Fen;
  deadline: Timestamp;
  responsible_person: string;
  responsible_phone: string | null;
  interim_measures: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface HazardProgressTable {
  id: string;
  hazard_id: string;
  note: string;
  photo_ids: Ids;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Timestamp;
}

export interface HazardExtensionsTable {
  id: string;
  hazard_id: string;
  reason: string;
  old_deadline: Timestamp;
  new_deadline: Timestamp;
  status: ColumnType<ExtensionStatus, ExtensionStatus | undefined, ExtensionStatus>;
  requested_by: string | null;
  requested_by_name: string | null;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

export interface HazardSupervisionsTable {
  id: string;
  hazard_id: string;
  notice_no: string;
  issuer: string;
  level: SupervisionLevel;
  deadline: Timestamp;
  published_at: Timestamp;
  withdrawn_at: Timestamp | null;
  withdraw_reason: string | null;
  stop_production: ColumnType<boolean, boolean | undefined, boolean>;
  stop_order_no: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface HazardReportsTable {
  id: string;
  tracking_code: string;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  jurisdiction_code: string;
  photo_ids: Ids;
  contact_name: string | null;
  contact_phone: string | null;
  wants_reward: ColumnType<boolean, boolean | undefined, boolean>;
  ip: string | null;
  device_id: string | null;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  reject_reason: string | null;
  hazard_id: string | null;
  reward_status: ColumnType<RewardStatus, RewardStatus | undefined, RewardStatus>;
  reward_fen: Fen | null;
  reward_note: string | null;
  verified_by: string | null;
  verified_at: Timestamp | null;
  created_at: Timestamp;
}

export interface HazardNotificationsTable {
  id: string;
  hazard_id: string | null;
  kind: string;
  target_unit_code: string;
  jurisdiction_code: string;
  message: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface HazardPolicyTable {
  key: string;
  value: Json;
  updated_at: UpdatedAt;
}

/** Per-year counters kept by triggers (migration 0202) for the dashboards. */
export interface HazardCountsTable {
  year: number;
  jurisdiction_code: string;
  dim: 'level' | 'source' | 'sector' | 'overdue';
  key: string;
  state: string;
  n: number;
}

export interface HazardTables {
  hazard_standards: HazardStandardsTable;
  hazard_clauses: HazardClausesTable;
  hazards: HazardsTable;
  hazard_plans: HazardPlansTable;
  hazard_progress: HazardProgressTable;
  hazard_extensions: HazardExtensionsTable;
  hazard_supervisions: HazardSupervisionsTable;
  hazard_reports: HazardReportsTable;
  hazard_notifications: HazardNotificationsTable;
  hazard_policy: HazardPolicyTable;
  hazard_counts: HazardCountsTable;
}
