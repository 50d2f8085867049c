// Kysely table types for 双随机一公开 (migration 0520_draws.sql).
import type { CreatedAt, DateOnly, Defaulted, Json, Timestamp, UpdatedAt } from '../../db/columns.ts';
import type { DrawState } from '../../../shared/draws.ts';
import type { DrawParams, Exclusion, PoolEntity, PoolInspector } from './draws.algorithm.ts';
import type { PoolFilter } from '../registry/api.ts';

export interface DrawsTable {
  id: string;
  code: string;
  title: string;
  jurisdiction_code: string;
  inspector_unit: string;
  state: Defaulted<DrawState>;
  filter: Json<PoolFilter>;
  params: Json<DrawParams>;
  pool_day: DateOnly | null;
  entities: Json<PoolEntity[]> | null;
  inspectors: Json<PoolInspector[]> | null;
  exclusions: Json<Exclusion[]> | null;
  entity_count: Defaulted<number>;
  inspector_count: Defaulted<number>;
  round: Defaulted<number>;
  cancel_reason: string | null;
  version: Defaulted<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface DrawRoundsTable {
  draw_id: string;
  round: number;
  algorithm: string;
  commitment: string;
  bureau_nonce_hash: string;
  bureau_nonce: string;
  witness_name: string;
  witness_hash: string;
  witness_secret: string | null;
  committed_at: Timestamp;
  committed_by: string | null;
  seed: string | null;
  drawn_at: Timestamp | null;
  drawn_by: string | null;
  reason: string | null;
  superseded_at: Timestamp | null;
}

export interface DrawTasksTable {
  id: string;
  draw_id: string;
  round: number;
  seq: number;
  enterprise_id: string;
  enterprise_name: string;
  jurisdiction_code: string;
  town_name: string;
  inspector_ids: string[];
  inspector_names: string[];
  due_date: DateOnly;
  drawn_at: Timestamp;
  superseded: Defaulted<boolean>;
}

export interface DrawConflictsTable {
  id: string;
  user_id: string;
  enterprise_id: string;
  jurisdiction_code: string;
  reason: string;
  declared_by: string | null;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_reason: string | null;
}

export interface DrawTables {
  draws: DrawsTable;
  draw_rounds: DrawRoundsTable;
  draw_tasks: DrawTasksTable;
  draw_conflicts: DrawConflictsTable;
}
