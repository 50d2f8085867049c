// Kysely table type for the platform history (migration 0005_history.sql): every aggregate's timeline.
import type { Generated } from 'kysely';
import type { Json, Timestamp } from '../db/columns.ts';

export interface HistoryTable {
  id: Generated<number>;
  /** Whose row: a machine's name ('hazard', 'monitoring.alarm', 'warning') or a registry entity type. */
  aggregate: string;
  aggregate_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_id: string | null;
  actor_name: string | null;
  note: string | null;
  data: Json | null;
  /** Always written from the clock (a FakeClock in tests); the column's default is for hand-written SQL. */
  at: Timestamp;
}

export interface HistoryTables {
  history: HistoryTable;
}
