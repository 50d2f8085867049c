// Rows → the camelCase DTOs of shared/warnings.dto.ts. Services answer with these; nothing else leaves the
// module (phones are masked, reply codes and credentials never leave).
import type { Selectable } from 'kysely';
import type {
  AttemptDto,
  BoardTown,
  ChainItem,
  FeedDto,
  MineItem,
  OutboxItem,
  PersonDto,
  PersonListItem,
  RecipientDto,
  SenderDto,
  StatsRow,
  WarningDto,
  WarningListItem,
} from '../../../shared/warnings.dto.ts';
import type { Static } from 'typebox';
import { iso } from '../../platform/sql.ts';
import type {
  DeliveryAttemptsTable,
  ResponsiblePersonsTable,
  WarningAckStatsTable,
  WarningCapSendersTable,
  WarningFeedsTable,
  WarningRecipientsTable,
} from './warnings.tables.ts';
import type { BoardRow, WarningRow } from './warnings.repo.ts';

export const maskPhone = (p: string | null) => (p && p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p);

type Core = Pick<
  WarningRow,
  | 'id'
  | 'identifier'
  | 'source'
  | 'msg_type'
  | 'status'
  | 'event_type'
  | 'event_name'
  | 'level'
  | 'headline'
  | 'area_desc'
  | 'town_codes'
  | 'onset'
  | 'expires'
  | 'released_at'
  | 'created_at'
  | 'sender_name'
>;

const core = (w: Core) => ({
  id: w.id,
  identifier: w.identifier,
  source: w.source,
  msgType: w.msg_type,
  status: w.status,
  eventType: w.event_type,
  eventName: w.event_name,
  level: w.level,
  headline: w.headline,
  areaDesc: w.area_desc,
  townCodes: w.town_codes,
  onset: iso(w.onset),
  expires: iso(w.expires),
  releasedAt: iso(w.released_at),
  createdAt: iso(w.created_at),
  senderName: w.sender_name,
});

export const warningDto = (w: WarningRow): WarningDto => ({
  ...core(w),
  sender: w.sender,
  refs: w.refs,
  supersedesId: w.supersedes_id,
  urgency: w.urgency,
  certainty: w.certainty,
  description: w.description,
  instruction: w.instruction,
  sentAt: iso(w.sent_at),
  area: w.area,
  jurisdictionCode: w.jurisdiction_code,
  approvedAt: iso(w.approved_at),
  rejectReason: w.reject_reason,
  endedAt: iso(w.ended_at),
  updatedAt: iso(w.updated_at),
});

export const listItemDto = (w: Core & { recipients: number | string | null; acknowledged: number | string | null }): WarningListItem => ({
  ...core(w),
  recipients: Number(w.recipients ?? 0),
  acknowledged: Number(w.acknowledged ?? 0),
});

export const chainDto = (w: Pick<WarningRow, 'id' | 'identifier' | 'msg_type' | 'status' | 'headline' | 'sent_at'>): Static<typeof ChainItem> => ({
  id: w.id,
  identifier: w.identifier,
  msgType: w.msg_type,
  status: w.status,
  headline: w.headline,
  sentAt: iso(w.sent_at),
});

export const boardTownDto = (r: BoardRow): BoardTown => ({
  townCode: r.town_code,
  townName: r.town_name,
  total: r.total,
  reached: r.reached,
  outbox: r.outbox,
  inapp: r.inapp,
  gateway: r.gateway,
  delivered: r.delivered,
  acknowledged: r.acknowledged,
  overdue: r.overdue,
  notReached: r.not_reached,
  escalations: r.escalations,
});

export const recipientDto = (r: Selectable<WarningRecipientsTable> & { escalated_from_name: string | null }): RecipientDto => ({
  id: r.id,
  warningId: r.warning_id,
  kind: r.kind,
  personId: r.person_id,
  enterpriseId: r.enterprise_id,
  escalatedFrom: r.escalated_from,
  escalatedFromName: r.escalated_from_name,
  name: r.name,
  role: r.role,
  phone: maskPhone(r.phone),
  jurisdictionCode: r.jurisdiction_code,
  townCode: r.town_code,
  channels: r.channels,
  step: r.step,
  state: r.state,
  overdue: r.overdue,
  deadlineAt: iso(r.deadline_at),
  reachedAt: iso(r.reached_at),
  delivery: r.delivery,
  ackedAt: iso(r.acked_at),
  ackVia: r.ack_via,
  notReachedAt: iso(r.not_reached_at),
  measures: r.measures,
  peopleMoved: r.people_moved,
  measuresAt: iso(r.measures_at),
  measuresPhotoIds: r.measures_photo_ids,
});

export const attemptDto = (
  a: Pick<
    Selectable<DeliveryAttemptsTable>,
    'id' | 'channel' | 'step' | 'mode' | 'state' | 'created_at' | 'sent_at' | 'provider_id' | 'result' | 'error' | 'delivered_at' | 'receipt'
  >,
): Static<typeof AttemptDto> => ({
  id: a.id,
  channel: a.channel,
  step: a.step,
  mode: a.mode,
  state: a.state,
  createdAt: iso(a.created_at),
  sentAt: iso(a.sent_at),
  providerId: a.provider_id,
  result: a.result,
  error: a.error,
  deliveredAt: iso(a.delivered_at),
  receipt: a.receipt,
});

export const outboxDto = (o: {
  attempt_id: string;
  channel: Static<typeof OutboxItem>['channel'];
  step: number;
  address: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  link_relative: boolean;
  recipient_id: string;
  name: string;
  town_code: string;
  recipient_state: Static<typeof OutboxItem>['recipientState'];
  acked_at: Date | null;
  measures_at: Date | null;
  warning_id: string;
  headline: string;
  warning_status: Static<typeof OutboxItem>['warningStatus'];
}): Static<typeof OutboxItem> => ({
  attemptId: o.attempt_id,
  channel: o.channel,
  step: o.step,
  address: o.address,
  payload: o.payload,
  text: String(o.payload.text ?? ''),
  link: String(o.payload.link ?? ''),
  linkRelative: o.link_relative,
  createdAt: iso(o.created_at),
  recipientId: o.recipient_id,
  name: o.name,
  townCode: o.town_code,
  recipientState: o.recipient_state,
  ackedAt: iso(o.acked_at),
  measuresAt: iso(o.measures_at),
  warningId: o.warning_id,
  headline: o.headline,
  warningStatus: o.warning_status,
});

export const mineDto = (m: {
  id: string;
  state: MineItem['state'];
  deadline_at: Date;
  acked_at: Date | null;
  measures: string | null;
  people_moved: number | null;
  kind: string;
  warning_id: string;
  headline: string;
  level: MineItem['level'];
  event_name: string;
  area_desc: string;
  warning_status: MineItem['warningStatus'];
  released_at: Date | null;
}): MineItem => ({
  id: m.id,
  state: m.state,
  deadlineAt: iso(m.deadline_at),
  ackedAt: iso(m.acked_at),
  measures: m.measures,
  peopleMoved: m.people_moved,
  kind: m.kind,
  warningId: m.warning_id,
  headline: m.headline,
  level: m.level,
  eventName: m.event_name,
  areaDesc: m.area_desc,
  warningStatus: m.warning_status,
  releasedAt: iso(m.released_at),
});

export const feedDto = (f: Selectable<WarningFeedsTable> & { sender_name: string | null }): FeedDto => ({
  id: f.id,
  name: f.name,
  url: f.url,
  enabled: f.enabled,
  pollMinutes: f.poll_minutes,
  lastPolledAt: iso(f.last_polled_at),
  lastStatus: f.last_status,
  lastError: f.last_error,
  importedCount: f.imported_count,
  createdAt: iso(f.created_at),
  senderId: f.sender_id,
  senderName: f.sender_name,
});

/** A registered sender without its credential hash. */
export const senderDto = (s: Selectable<WarningCapSendersTable>): SenderDto => ({
  id: s.id,
  name: s.name,
  sender: s.sender,
  areaCodes: s.area_codes,
  release: s.release,
  enabled: s.enabled,
  lastUsedAt: iso(s.last_used_at),
  createdAt: iso(s.created_at),
  updatedAt: iso(s.updated_at),
});

export const statsDto = (s: Selectable<WarningAckStatsTable> & { town_name: string | null }): Static<typeof StatsRow> => ({
  townCode: s.town_code,
  townName: s.town_name,
  quarter: s.quarter,
  warnings: s.warnings,
  recipients: s.recipients,
  acknowledged: s.acknowledged,
  onTime: s.on_time,
  notReached: s.not_reached,
  computedAt: iso(s.computed_at),
});

export const personDto = (p: Selectable<ResponsiblePersonsTable>): PersonDto => ({
  id: p.id,
  name: p.name,
  role: p.role,
  jurisdictionCode: p.jurisdiction_code,
  unitName: p.unit_name,
  grid: p.grid,
  phone: p.phone,
  phone2: p.phone2,
  email: p.email,
  channels: p.channels,
  superiorId: p.superior_id,
  userId: p.user_id,
  households: p.households,
  lon: p.lon,
  lat: p.lat,
  active: p.active,
  createdAt: iso(p.created_at),
  updatedAt: iso(p.updated_at),
});

export const personListDto = (p: Selectable<ResponsiblePersonsTable> & { jurisdiction_name: string | null; superior_name: string | null }): PersonListItem => ({
  ...personDto(p),
  jurisdictionName: p.jurisdiction_name,
  superiorName: p.superior_name,
});
