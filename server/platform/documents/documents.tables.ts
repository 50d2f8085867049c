// Kysely table types for the document engine (migration 0007_documents.sql).
import type { Defaulted, Json, Timestamp, UpdatedAt } from '../../db/columns.ts';

export interface DocumentTemplatesTable {
  kind: string;
  file_id: string;
  note: Defaulted<string>;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface DocumentCountersTable {
  unit_code: string;
  series: string;
  year: number;
  last_number: Defaulted<number>;
}

export interface DocumentsTable {
  id: string;
  kind: string;
  aggregate: string;
  aggregate_id: string;
  jurisdiction_code: string;
  unit_code: string;
  series: string;
  year: number;
  seq: number;
  number: string;
  title: string;
  data: Json<Record<string, unknown>>;
  issued_by: string | null;
  issued_by_name: string;
  issued_at: Timestamp;
}

export interface DocumentTables {
  document_templates: DocumentTemplatesTable;
  document_counters: DocumentCountersTable;
  documents: DocumentsTable;
}
