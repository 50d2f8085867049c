// Rows → the DTOs the API answers with (camelCase, ISO times). No SQL here.
import type { Selectable } from 'kysely';
import type { HazardDto, LedgerItemDto, SupervisionDto } from '../../../shared/hazards.dto.ts';
import { iso } from '../../platform/sql.ts';
import type { HazardSupervisionsTable, HazardsTable } from './hazards.tables.ts';

type HazardRow = Selectable<HazardsTable>;

export function toDto(r: HazardRow): HazardDto {
  return {
    id: r.id,
    code: r.code,
    enterpriseId: r.enterprise_id,
    parkId: r.park_id,
    jurisdictionCode: r.jurisdiction_code,
    townCode: r.town_code,
    location: r.location,
    lon: r.lon,
    lat: r.lat,
    title: r.title,
    description: r.description,
    source: r.source,
    sector: r.sector,
    finderName: r.finder_name,
    foundAt: iso(r.found_at) as string,
    level: r.level,
    clauseId: r.clause_id,
    state: r.state,
    deadline: iso(r.deadline),
    overdue: r.overdue,
    overdueSince: iso(r.overdue_since),
    escalationLevel: r.escalation_level,
    rectifiedBy: r.rectified_by,
    alarmId: r.alarm_id,
    reportId: r.report_id,
    inspectionId: r.inspection_id,
    inspectionItemId: r.inspection_item_id,
    photoIds: r.photo_ids,
    closedAt: iso(r.closed_at),
    cancelReason: r.cancel_reason,
    version: r.version,
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
  };
}

export function supervisionDto(s: Omit<Selectable<HazardSupervisionsTable>, 'created_by' | 'created_at'>): SupervisionDto {
  return {
    id: s.id,
    hazardId: s.hazard_id,
    noticeNo: s.notice_no,
    issuer: s.issuer,
    level: s.level,
    deadline: iso(s.deadline),
    publishedAt: iso(s.published_at),
    withdrawnAt: iso(s.withdrawn_at),
    withdrawReason: s.withdraw_reason,
    stopProduction: s.stop_production,
    stopOrderNo: s.stop_order_no,
  };
}

/** One ledger line: the hazard and the name of where it is (enterprise, park or the place). */
export function ledgerItemDto(r: {
  id: string;
  code: string;
  title: string;
  state: HazardDto['state'];
  level: HazardDto['level'];
  source: HazardDto['source'];
  sector: string;
  jurisdiction_code: string;
  town_code: string;
  town_name: string | null;
  enterprise_id: string | null;
  enterprise_name: string | null;
  park_name: string | null;
  location: string | null;
  found_at: Date;
  deadline: Date | null;
  overdue: boolean;
  closed_at: Date | null;
}): LedgerItemDto {
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    state: r.state,
    level: r.level,
    source: r.source,
    sector: r.sector,
    jurisdictionCode: r.jurisdiction_code,
    townCode: r.town_code,
    townName: r.town_name,
    enterpriseId: r.enterprise_id,
    unitName: r.enterprise_name ?? r.park_name ?? r.location,
    foundAt: iso(r.found_at),
    deadline: iso(r.deadline),
    overdue: r.overdue,
    closedAt: iso(r.closed_at),
  };
}
