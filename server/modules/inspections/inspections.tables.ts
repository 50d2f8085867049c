// Kysely table types for inspections (kept in step with migration 0510).
import type { ColumnType } from 'kysely';
import type { CreatedAt, DateOnly, Defaulted, Json, Timestamp, UpdatedAt } from '../../db/columns.ts';
import type { InspectionKind, InspectionState, ItemResult, ItemSource } from '../../../shared/inspections.ts';

/** An officer as checked when the inspection was made (行政处罚法 §42). */
export interface OfficerSnapshot {
  userId: string;
  name: string;
  unitCode: string;
  licenceNumber: string;
}
export interface Confirmation {
  userId: string;
  name: string;
  at: string;
  /** Who held the phone when the officer confirmed (the officer themself, or the colleague they showed their licence to). */
  by: string;
}

type JsonList<T> = ColumnType<T[], string | undefined, string>;

export interface InspectionsTable {
  id: string;
  code: string;
  kind: InspectionKind;
  title: string;
  enterprise_id: string | null;
  park_id: string | null;
  jurisdiction_code: string;
  town_code: string;
  checklist_version_id: string | null;
  /** The 双随机 task (draws module) this inspection carries out, if any (migration 0550). */
  draw_task_id: Defaulted<string | null>;
  state: Defaulted<InspectionState>;
  officers: JsonList<OfficerSnapshot>;
  confirmations: JsonList<Confirmation>;
  representative_name: string | null;
  leader_name: string | null;
  lon: number | null;
  lat: number | null;
  signature_file_id: string | null;
  signer_name: string | null;
  signed_at: Timestamp | null;
  summary: string | null;
  rectify_deadline: DateOnly | null;
  cancel_reason: string | null;
  items_total: Defaulted<number>;
  items_failed: Defaulted<number>;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  version: Defaulted<number>;
  created_by: string | null;
  created_by_name: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InspectionItemsTable {
  id: string;
  inspection_id: string;
  seq: number;
  source: ItemSource;
  source_id: string | null;
  content: string;
  basis: string | null;
  method: string | null;
  major: Defaulted<boolean>;
  result: ItemResult | null;
  note: string | null;
  photo_ids: ColumnType<string[], string[] | undefined, string[]>;
  hazard_id: string | null;
  answered_at: Timestamp | null;
  answered_by: string | null;
}

export interface InspectionSyncOpsTable {
  key: string;
  inspection_id: string;
  kind: string;
  result: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface InspectionTables {
  inspections: InspectionsTable;
  inspection_items: InspectionItemsTable;
  inspection_sync_ops: InspectionSyncOpsTable;
}
