// Kysely table types for enforcement cases (migration 0530_cases.sql).
import type { CreatedAt, DateOnly, Defaulted, Timestamp, UpdatedAt } from '../../db/columns.ts';
import type { CaseState, ClockKind, ClockState, DiscretionLevel, LeniencyKind, PartyKind, PenaltyKind, PublicationState } from '../../../shared/cases.ts';
import type { ColumnType } from 'kysely';

/** numeric(5,2): the driver reads it as text. */
type Numeric = ColumnType<string, number | string, number | string>;
/** bigint money in fen: read as a number by the driver (server/db/connection.ts). */
type Fen = number;

export interface CaseDiscretionTable {
  id: string;
  article: string;
  violation: string;
  party_kind: PartyKind;
  level: DiscretionLevel;
  min_fen: Fen | null;
  max_fen: Fen | null;
  min_percent: Numeric | null;
  max_percent: Numeric | null;
  circumstances: Defaulted<string>;
  active: Defaulted<boolean>;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface CaseLeniencyTable {
  id: string;
  kind: LeniencyKind;
  article: string;
  description: string;
  conditions: Defaulted<string>;
  active: Defaulted<boolean>;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface CasesTable {
  id: string;
  code: string;
  title: string;
  cause: string;
  source: string;
  state: CaseState;
  jurisdiction_code: string;
  unit_code: string;
  enterprise_id: string | null;
  facts: Defaulted<string>;
  officer_ids: string[];
  officer_names: string[];
  filed_at: Timestamp;
  opened_at: Timestamp | null;
  notified_at: Timestamp | null;
  hearing_at: Timestamp | null;
  hearing_place: string | null;
  hearing_result: string | null;
  decided_at: Timestamp | null;
  served_at: Timestamp | null;
  closed_at: Timestamp | null;
  close_reason: string | null;
  statement: string | null;
  transfer_reason: string | null;
  transfer_approved_at: Timestamp | null;
  handed_over_at: Timestamp | null;
  police_answer: string | null;
  police_accepted: boolean | null;
  publication: Defaulted<PublicationState>;
  publication_summary: string | null;
  publication_note: string | null;
  published_at: Timestamp | null;
  overdue: Defaulted<boolean>;
  version: Defaulted<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CasePartiesTable {
  id: string;
  case_id: string;
  sort: number;
  kind: PartyKind;
  name: string;
  credit_code: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  role: Defaulted<string>;
  violation: string;
  article: string;
  penalty_article: string;
  discretion_id: string | null;
  level: DiscretionLevel;
  leniency_id: string | null;
  penalty_kind: PenaltyKind;
  fine_fen: Defaulted<Fen>;
  income_fen: Fen | null;
  income_percent: Numeric | null;
  daily_fine_fen: Defaulted<Fen>;
  daily_days: Defaulted<number>;
  outside_reason: string | null;
  paid_fen: Defaulted<Fen>;
}

export interface CasePaymentsTable {
  id: string;
  case_id: string;
  party_id: string;
  amount_fen: Fen;
  surcharge_fen: Defaulted<Fen>;
  paid_on: DateOnly;
  receipt_no: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CaseClocksTable {
  id: string;
  case_id: string;
  kind: ClockKind;
  started_at: Timestamp;
  due_day: DateOnly;
  due_at: Timestamp;
  working: boolean;
  basis: string;
  state: Defaulted<ClockState>;
  met_at: Timestamp | null;
  overdue_at: Timestamp | null;
}

export interface CasesTables {
  case_discretion: CaseDiscretionTable;
  case_leniency: CaseLeniencyTable;
  cases: CasesTable;
  case_parties: CasePartiesTable;
  case_payments: CasePaymentsTable;
  case_clocks: CaseClocksTable;
}
