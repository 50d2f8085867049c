// Kysely table types for inspection plans (kept in step with migrations 054x).
import type { ColumnType } from 'kysely';
import type { CampaignKind, CampaignTargets, InspectionKind, PlanKind, PlanState, ProgressStatus } from '../../../shared/plans.ts';
import type { CreatedAt, DateOnly, Defaulted, Timestamp, UpdatedAt } from '../../db/columns.ts';

export interface PlansTable {
  id: string;
  code: string;
  kind: PlanKind;
  campaign_kind: CampaignKind | null;
  title: string;
  jurisdiction_code: string;
  supervising_level: 'district' | 'town';
  year: number;
  quarter: number | null;
  period_start: DateOnly;
  period_end: DateOnly;
  draw_share_pct: Defaulted<number>;
  targets: ColumnType<CampaignTargets, string | undefined, string>;
  description: string | null;
  state: Defaulted<PlanState>;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: Timestamp | null;
  version: Defaulted<number>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
}

export interface PlanProgressTable {
  plan_id: string;
  enterprise_id: string;
  enterprise_name: string;
  credit_code: string;
  jurisdiction_code: string;
  town_code: string;
  key_unit: Defaulted<boolean>;
  required: number;
  cap: number;
  done: Defaulted<number>;
  drawn: Defaulted<number>;
  last_inspected_at: Timestamp | null;
  status: ColumnType<ProgressStatus, never, never>;
}

/** Kept by triggers on plan_progress (0541): never written by the module. */
export interface PlanProgressCountsTable {
  plan_id: string;
  jurisdiction_code: string;
  town_code: string;
  status: ProgressStatus;
  key_unit: boolean;
  n: Defaulted<number>;
  required: Defaulted<number>;
  towards: Defaulted<number>;
  done: Defaulted<number>;
  drawn: Defaulted<number>;
}

export interface PlanInspectionsTable {
  inspection_id: string;
  enterprise_id: string;
  at: Timestamp;
  kind: InspectionKind;
  plan_id: string | null;
  jurisdiction_code: string;
  created_at: CreatedAt;
}

export interface PlanActivitiesTable {
  id: string;
  plan_id: string;
  day: DateOnly;
  jurisdiction_code: string;
  group_name: string;
  checkpoint: string | null;
  person_times: Defaulted<number>;
  enterprises_checked: Defaulted<number>;
  hazards_found: Defaulted<number>;
  hazards_rectified: Defaulted<number>;
  park_ids: ColumnType<string[], string[] | undefined, string[]>;
  enterprise_ids: ColumnType<string[], string[] | undefined, string[]>;
  note: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  created_by_name: string | null;
}

export interface PlansTables {
  plans: PlansTable;
  plan_progress: PlanProgressTable;
  plan_progress_counts: PlanProgressCountsTable;
  plan_inspections: PlanInspectionsTable;
  plan_activities: PlanActivitiesTable;
}
