// Rows → the DTOs the inspections API answers with (camelCase, ISO times). No SQL here.
import type { InspectionDto, ItemDto } from '../../../shared/inspections.dto.ts';
import { iso } from '../../platform/sql.ts';
import type { InspectionRow, ItemRow } from './inspections.repo.ts';

export function inspectionDto(r: InspectionRow & { enterprise_name?: string | null; park_name?: string | null }): InspectionDto {
  const confirmed = new Map(r.confirmations.map((c) => [c.userId, c.at]));
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    title: r.title,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name ?? null,
    parkId: r.park_id,
    parkName: r.park_name ?? null,
    drawTaskId: r.draw_task_id,
    jurisdictionCode: r.jurisdiction_code,
    townCode: r.town_code,
    state: r.state,
    officers: r.officers.map((o) => ({ ...o, confirmedAt: confirmed.get(o.userId) ?? null })),
    representativeName: r.representative_name,
    leaderName: r.leader_name,
    lon: r.lon,
    lat: r.lat,
    signatureFileId: r.signature_file_id,
    signerName: r.signer_name,
    signedAt: iso(r.signed_at),
    summary: r.summary,
    rectifyDeadline: r.rectify_deadline,
    cancelReason: r.cancel_reason,
    itemsTotal: r.items_total,
    itemsFailed: r.items_failed,
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
    createdByName: r.created_by_name,
    createdAt: iso(r.created_at),
    version: r.version,
  };
}

export function itemDto(r: ItemRow): ItemDto {
  return {
    id: r.id,
    seq: r.seq,
    source: r.source,
    sourceId: r.source_id,
    content: r.content,
    basis: r.basis,
    method: r.method,
    major: r.major,
    result: r.result,
    note: r.note,
    photoIds: r.photo_ids,
    hazardId: r.hazard_id,
    answeredAt: iso(r.answered_at),
  };
}
