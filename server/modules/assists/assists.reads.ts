// Reads: the list of requests (filters, sort) and one request with its work log and the actions the caller may
// take now; the desk's to-dos (requests waiting for the district, closures waiting for the town).
import type { AssistDetail, AssistListItem } from '../../../shared/assists.dto.ts';
import type { DeskPart, DeskTodo } from '../../../shared/desk.dto.ts';
import { assertInScope, hasPermission, requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { historyEntry, readHistory } from '../../platform/history.ts';
import { allowedActions } from '../../platform/lifecycle.ts';
import { countCapped, pageOf } from '../../platform/pagination.ts';
import { iso } from '../../platform/sql.ts';
import { type AssistFilter, type AssistRow, type AssistSort, assistQuery, assistRows, findAssist, unitNames } from './assists.repo.ts';
import { assistMachine, assistNotFound } from './assists.service.ts';

export interface AssistListInput extends AssistFilter {
  sort?: AssistSort;
  page?: number;
  pageSize?: number;
}

const listItem = (r: AssistRow, names: Map<string, string>): AssistListItem => ({
  id: r.id,
  code: r.code,
  state: r.state,
  kind: r.kind,
  urgency: r.urgency,
  subjectKind: r.subject_kind,
  subjectLabel: r.subject_label,
  townCode: r.town_code,
  townName: names.get(r.town_code) ?? null,
  reason: r.reason,
  requestedByName: r.requested_by_name,
  requestedAt: iso(r.requested_at),
  responseDueDay: r.response_due_day,
  overdue: r.overdue,
  leadUnitName: r.lead_unit_code ? (names.get(r.lead_unit_code) ?? null) : null,
});

export async function listAssists(ctx: Ctx, { page = 1, pageSize = 20, sort, ...f }: AssistListInput) {
  requirePermission(ctx, 'assist:read');
  const [count, rows] = await Promise.all([countCapped(ctx.db, assistQuery(ctx, f)), assistRows(ctx, f, sort, pageSize, (page - 1) * pageSize)]);
  const names = await unitNames(
    ctx,
    rows.flatMap((r) => [r.town_code, r.lead_unit_code]),
  );
  return pageOf(
    count,
    rows.map((r) => listItem(r, names)),
    { page, pageSize },
  );
}

export async function getAssist(ctx: Ctx, id: string): Promise<AssistDetail> {
  requirePermission(ctx, 'assist:read');
  const row = await findAssist(ctx, id);
  assertInScope(ctx, row, assistNotFound);
  const [names, history, actions] = await Promise.all([
    unitNames(ctx, [row.town_code, row.lead_unit_code]),
    readHistory(ctx.db, assistMachine.name, row.id),
    allowedActions(ctx, assistMachine, row),
  ]);
  return {
    ...listItem(row, names),
    jurisdictionCode: row.jurisdiction_code,
    caseId: row.case_id,
    inspectionId: row.inspection_id,
    enterpriseId: row.enterprise_id,
    attachmentIds: row.attachment_ids,
    responseDueAt: iso(row.response_due_at),
    answeredAt: iso(row.answered_at),
    answeredByName: row.answered_by_name,
    declineReason: row.decline_reason,
    withdrawReason: row.withdraw_reason,
    leadUnitCode: row.lead_unit_code,
    officers: row.officers,
    assignedAt: iso(row.assigned_at),
    records: row.records,
    resultSummary: row.result_summary,
    doneAt: iso(row.done_at),
    closedAt: iso(row.closed_at),
    version: row.version,
    timeline: history.map(historyEntry),
    actions,
  };
}

/** The desk: the district sees the requests waiting for its answer (danger when one is overdue), a town the
 * closures waiting for its confirmation. */
export async function assistDesk(ctx: Ctx): Promise<DeskPart> {
  if (!hasPermission(ctx, 'assist:read')) return {};
  const todos: DeskTodo[] = [];
  const add = async (key: string, zh: string, en: string, f: AssistFilter, tone: DeskTodo['tone'], href: string) => {
    const n = await countCapped(ctx.db, assistQuery(ctx, f));
    todos.push({ key: `assists.${key}`, module: 'assists', label: { zh, en }, count: n.total, capped: n.capped, tone, href });
  };
  if (hasPermission(ctx, 'assist:handle')) {
    await add(
      'overdue',
      '超期未响应的乡呼县应请求',
      'Town requests past their answer day',
      { state: ['requested'], overdue: true },
      'danger',
      '/assists?state=requested&overdue=true',
    );
    await add('requested', '待响应的乡呼县应请求', 'Town requests awaiting an answer', { state: ['requested'] }, 'warning', '/assists?state=requested');
  }
  if (hasPermission(ctx, 'assist:request'))
    await add('done', '待确认办结的区级支援', 'District help awaiting your confirmation', { state: ['done'] }, 'warning', '/assists?state=done');
  return { todos };
}
