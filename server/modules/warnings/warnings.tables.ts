// Kysely table types for warnings and call-response (kept in step with migrations 04xx).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Defaulted, TextArray, Timestamp, UpdatedAt } from '../../db/columns.ts';
import type { AckVia, Channel, DeliveryState, PersonRole, RecipientState, WarningLevel, WarningState } from '../../../shared/warnings.ts';

export interface WarningArea {
  polygons: [number, number][][];
  circles: { lon: number; lat: number; radiusKm: number }[];
  geocodes: string[];
}

export interface WarningSettingsTable {
  key: string;
  value: JSONColumnType<object, string, string>;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface ResponsiblePersonsTable {
  id: string;
  name: string;
  role: PersonRole;
  jurisdiction_code: string;
  unit_name: string | null;
  grid: string | null;
  phone: string | null;
  phone2: string | null;
  email: string | null;
  channels: TextArray<Channel>;
  superior_id: string | null;
  user_id: string | null;
  households: number | null;
  lon: number | null;
  lat: number | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface WarningsTable {
  id: string;
  identifier: string;
  sender: string;
  source: 'platform' | 'external';
  msg_type: 'Alert' | 'Update' | 'Cancel';
  refs: TextArray;
  supersedes_id: string | null;
  status: WarningState;
  event_type: string;
  event_name: string;
  level: WarningLevel;
  urgency: ColumnType<string, string | undefined, string>;
  certainty: ColumnType<string, string | undefined, string>;
  headline: string;
  description: string;
  instruction: string | null;
  sender_name: string | null;
  sent_at: Timestamp | null;
  onset: Timestamp | null;
  expires: Timestamp | null;
  area: JSONColumnType<WarningArea, string, string>;
  area_desc: string;
  jurisdiction_code: string;
  town_codes: TextArray;
  cap_xml: string | null;
  drafted_by: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  released_by: string | null;
  released_at: Timestamp | null;
  reject_reason: string | null;
  ended_at: Timestamp | null;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface WarningRecipientsTable {
  id: string;
  warning_id: string;
  kind: ColumnType<'target' | 'escalation', 'target' | 'escalation' | undefined, 'target' | 'escalation'>;
  person_id: string | null;
  enterprise_id: string | null;
  escalated_from: string | null;
  name: string;
  role: string;
  phone: string | null;
  email: string | null;
  user_id: string | null;
  jurisdiction_code: string;
  town_code: string;
  channels: TextArray<Channel>;
  step: ColumnType<number, number | undefined, number>;
  state: ColumnType<RecipientState, RecipientState | undefined, RecipientState>;
  reply_code: string;
  deadline_at: Timestamp;
  next_action_at: Timestamp | null;
  overdue: ColumnType<boolean, boolean | undefined, boolean>;
  reached_at: Timestamp | null;
  /** The furthest any message got (0404): outbox < inapp < gateway < delivered; null: nothing yet. */
  delivery: DeliveryState | null;
  acked_at: Timestamp | null;
  ack_via: AckVia | null;
  not_reached_at: Timestamp | null;
  measures: string | null;
  people_moved: number | null;
  measures_at: Timestamp | null;
  measures_photo_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
}

export type AttemptState = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface DeliveryAttemptsTable {
  id: string;
  warning_id: string;
  recipient_id: string;
  channel: Channel;
  step: number;
  mode: string | null;
  state: ColumnType<AttemptState, AttemptState | undefined, AttemptState>;
  created_at: Timestamp;
  sending_at: Timestamp | null;
  lease_until: Timestamp | null;
  sent_at: Timestamp | null;
  provider_id: string | null;
  result: string | null;
  error: string | null;
  /** The gateway's delivery receipt (回执). */
  delivered_at: Timestamp | null;
  receipt: string | null;
}

export interface WarningOutboxTable {
  attempt_id: string;
  channel: Channel;
  address: string | null;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  /** The link in it is relative (no ANLAN_PUBLIC_URL): it would not open on a phone. */
  link_relative: Defaulted<boolean>;
}

export interface WarningUsedTokensTable {
  nonce: string;
  recipient_id: string;
  purpose: string;
  used_at: Timestamp;
  expires_at: Timestamp;
}

export interface WarningFeedsTable {
  id: string;
  name: string;
  url: string;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  poll_minutes: ColumnType<number, number | undefined, number>;
  last_polled_at: Timestamp | null;
  last_status: string | null;
  last_error: string | null;
  imported_count: Generated<number>;
  created_at: CreatedAt;
  created_by: string | null;
  sender_id: string | null;
}

export type SenderRelease = 'draft' | 'release';

export interface WarningCapSendersTable {
  id: string;
  name: string;
  /** The CAP <sender> its documents must carry. */
  sender: string;
  token_hash: string;
  /** Division codes (district/town/village) it may warn; its alerts are clipped to them. */
  area_codes: TextArray;
  release: ColumnType<SenderRelease, SenderRelease | undefined, SenderRelease>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  last_used_at: Timestamp | null;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface WarningAckStatsTable {
  town_code: string;
  quarter: string;
  warnings: number;
  recipients: number;
  acknowledged: number;
  on_time: number;
  not_reached: number;
  computed_at: Timestamp;
}

export interface WarningsTables {
  warning_settings: WarningSettingsTable;
  responsible_persons: ResponsiblePersonsTable;
  warnings: WarningsTable;
  warning_recipients: WarningRecipientsTable;
  delivery_attempts: DeliveryAttemptsTable;
  warning_outbox: WarningOutboxTable;
  warning_used_tokens: WarningUsedTokensTable;
  warning_feeds: WarningFeedsTable;
  warning_cap_senders: WarningCapSendersTable;
  warning_ack_stats: WarningAckStatsTable;
}
