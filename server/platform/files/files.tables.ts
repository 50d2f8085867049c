// Kysely table type for the platform file store (migration 0010_files.sql).
import type { CreatedAt } from '../../db/columns.ts';

export interface FilesTable {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  data: Buffer;
  uploaded_by: string | null;
  jurisdiction_code: string;
  created_at: CreatedAt;
}

export interface FileTables {
  files: FilesTable;
}
