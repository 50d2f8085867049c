// Kysely table types for 乡呼县应 requests and joint inspection teams (migration 0560_assists.sql).
import type { ColumnType } from 'kysely';
import type { AssistKind, AssistRecordKind, AssistState, AssistSubject, AssistUrgency } from '../../../shared/assists.ts';
import type { CreatedAt, DateOnly, Defaulted, Timestamp, UpdatedAt } from '../../db/columns.ts';

type JsonList<T> = ColumnType<T[], string | undefined, string>;

/** An officer of ours as checked when assigned (行政处罚法 §42). */
export interface AssistOfficer {
  userId: string;
  name: string;
  unitCode: string;
  licenceNumber: string;
}

/** A record the help produced. */
export interface AssistRecord {
  kind: AssistRecordKind;
  id: string;
  label: string;
  at: string;
}

/** An officer of another department on a joint team. */
export interface TeamMember {
  departmentCode: string;
  departmentName: string;
  name: string;
  credential: string | null;
  phone: string | null;
}

export interface AssistRequestsTable {
  id: string;
  code: string;
  state: Defaulted<AssistState>;
  jurisdiction_code: string;
  town_code: string;
  subject_kind: AssistSubject;
  case_id: string | null;
  inspection_id: string | null;
  enterprise_id: string | null;
  subject_label: string;
  kind: AssistKind;
  urgency: Defaulted<AssistUrgency>;
  reason: string;
  attachment_ids: Defaulted<string[]>;
  requested_by: string | null;
  requested_by_name: string;
  requested_at: Timestamp;
  response_due_day: DateOnly;
  response_due_at: Timestamp;
  overdue: Defaulted<boolean>;
  answered_at: Timestamp | null;
  answered_by_name: string | null;
  decline_reason: string | null;
  withdraw_reason: string | null;
  lead_unit_code: string | null;
  officers: JsonList<AssistOfficer>;
  assigned_at: Timestamp | null;
  records: JsonList<AssistRecord>;
  result_summary: string | null;
  done_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AssistJointTeamsTable {
  inspection_id: string;
  jurisdiction_code: string;
  lead_unit_code: string;
  officers: JsonList<AssistOfficer>;
  members: JsonList<TeamMember>;
  note: string | null;
  version: Defaulted<number>;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface AssistsTables {
  assist_requests: AssistRequestsTable;
  assist_joint_teams: AssistJointTeamsTable;
}
