// Reads: the ledger page, the 一患一档 file of one hazard, the extension queue and the public
// supervision list. Each: permission → scoped repo read → presenter.
import type { Static } from 'typebox';
import { assertInScope, requirePermission } from '../../platform/access.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { filesMeta } from '../../platform/files/files.service.ts';
import { iso } from '../../platform/sql.ts';
import { ledgerItemDto, supervisionDto, toDto } from './hazards.presenters.ts';
import type * as S from './hazards.schema.ts';
import { allowedActions } from '../../platform/lifecycle.ts';
import { hazardMachine, hazardNotFound } from './hazards.service.ts';
import { extensionQueue, findHazard, hazardFile, type LedgerFilter, ledgerPage, publicSupervisionRows } from './hazards.repo.ts';

export type LedgerQuery = Static<typeof S.LedgerQuery>;

/** The ledger's query string as repo filters (shared by the list and the export). */
export function ledgerFilter(q: Omit<LedgerQuery, 'page' | 'pageSize'>): LedgerFilter {
  return { ...q, q: q.q || undefined, foundFrom: q.foundFrom ? new Date(q.foundFrom) : undefined, foundTo: q.foundTo ? new Date(q.foundTo) : undefined };
}

export async function listLedger(ctx: Ctx, { page, pageSize, sort, ...q }: LedgerQuery) {
  requirePermission(ctx, 'hazard:read');
  const p = await ledgerPage(ctx, ledgerFilter(q), page, pageSize, sort);
  return { items: p.rows.map(ledgerItemDto), total: p.total, totalCapped: p.totalCapped, page, pageSize };
}

export async function getHazard(ctx: Ctx, id: string) {
  requirePermission(ctx, 'hazard:read');
  const h = await findHazard(ctx, id);
  assertInScope(ctx, h, hazardNotFound);
  const { enterprise, park, units, clause, plans, progress, extensions, supervisions, events } = await hazardFile(ctx.db, h);
  const photos = await filesMeta(ctx, [...h.photo_ids, ...progress.flatMap((p) => p.photo_ids)]);
  return {
    hazard: toDto(h),
    /** What the current user may do with this hazard now (permission, state and guards): the web's buttons. */
    actions: await allowedActions(ctx, hazardMachine, h),
    enterprise: enterprise
      ? { id: enterprise.id, name: enterprise.name, address: enterprise.address, creditCode: enterprise.credit_code, principalName: enterprise.principal_name }
      : null,
    park: park ?? null,
    jurisdictionName: units.find((u) => u.code === h.jurisdiction_code)?.name ?? null,
    townName: units.find((u) => u.code === h.town_code)?.name ?? null,
    clause: clause
      ? {
          id: clause.id,
          number: clause.number,
          category: clause.category,
          text: clause.text,
          textKind: clause.text_kind,
          standardName: clause.standard_name,
          standardVersion: clause.standard_version,
        }
      : null,
    plans: plans.map((p) => ({
      id: p.id,
      measures: p.measures,
      fundsFen: Number(p.funds_fen),
      deadline: iso(p.deadline),
      responsiblePerson: p.responsible_person,
      responsiblePhone: p.responsible_phone,
      interimMeasures: p.interim_measures,
      createdAt: iso(p.created_at),
    })),
    progress: progress.map((p) => ({ id: p.id, note: p.note, photoIds: p.photo_ids, createdByName: p.created_by_name, createdAt: iso(p.created_at) })),
    extensions: extensions.map((e) => ({
      id: e.id,
      reason: e.reason,
      oldDeadline: iso(e.old_deadline),
      newDeadline: iso(e.new_deadline),
      status: e.status,
      requestedByName: e.requested_by_name,
      requestedAt: iso(e.requested_at),
      decidedByName: e.decided_by_name,
      decidedAt: iso(e.decided_at),
      decisionNote: e.decision_note,
    })),
    supervisions: supervisions.map(supervisionDto),
    events: events.map((e) => ({
      id: Number(e.id),
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      actorName: e.actor_name,
      note: e.note,
      data: e.data,
      at: iso(e.at),
    })),
    photos: photos.map((p) => ({ id: p.id, filename: p.filename, mime: p.mime, size: p.size })),
  };
}

/** Public page: what is under supervision right now (no account; no personal data). */
export async function publicSupervisions(deps: Deps) {
  const rows = await publicSupervisionRows(deps.db, deps.clock.now());
  return rows.map((r) => ({
    noticeNo: r.notice_no,
    issuer: r.issuer,
    level: r.level,
    deadline: iso(r.deadline),
    publishedAt: iso(r.published_at),
    stopProduction: r.stop_production,
    hazardCode: r.code,
    title: r.title,
    unitName: r.enterprise_name ?? r.park_name ?? r.location,
    townName: r.town_name,
  }));
}

/** Extension requests in scope (the approval queue). */
export async function listExtensions(ctx: Ctx, q: { status?: 'pending' | 'approved' | 'denied' }) {
  requirePermission(ctx, 'hazard:read');
  const rows = await extensionQueue(ctx, q.status);
  return rows.map((r) => ({
    id: r.id,
    hazardId: r.hazard_id,
    hazardCode: r.code,
    hazardTitle: r.title,
    reason: r.reason,
    oldDeadline: iso(r.old_deadline),
    newDeadline: iso(r.new_deadline),
    status: r.status,
    requestedByName: r.requested_by_name,
    requestedAt: iso(r.requested_at),
  }));
}
