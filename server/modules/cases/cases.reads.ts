// Reads: the case ledger (filters, sort, export), the case file (parties with their amounts as of today,
// payments, clocks with the time left, documents, timeline, the actions the caller may take), and the public
// typical cases (查处一案、警示一批) with personal data removed.
import { CASE_SOURCE_LABELS, CASE_STATE_LABELS, DISCRETION_LEVEL_LABELS, PARTY_KIND_LABELS, PUBLICATION_LABELS } from '../../../shared/cases.ts';
import type { CaseDetail, CaseListItem, PublicCase } from '../../../shared/cases.dto.ts';
import { DOCUMENT_KINDS } from '../../../shared/documents.ts';
import { cellDate } from '../../../shared/time.ts';
import { assertInScope, requirePermission } from '../../platform/access.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { documentsOf, isDocumentKind } from '../../platform/documents/documents.ts';
import { dayOf, workCalendar } from '../../platform/enforcement/workdays.ts';
import { notFound } from '../../platform/errors.ts';
import { assertExportSize, xlsxOf } from '../../platform/excel.ts';
import { readHistory } from '../../platform/history.ts';
import { allowedActions } from '../../platform/lifecycle.ts';
import { countCapped, pageOf } from '../../platform/pagination.ts';
import { iso } from '../../platform/sql.ts';
import { clockDto } from './cases.clocks.ts';
import { penaltyText } from './cases.documents.ts';
import { amountsOf, maskName, partyDto } from './cases.penalties.ts';
import {
  type CaseRow,
  clocksOf,
  findCase,
  type LedgerFilter,
  type LedgerSort,
  ledgerQuery,
  ledgerRows,
  partiesOf,
  partyNamesOf,
  paymentsOf,
  unitName,
} from './cases.repo.ts';
import { caseMachine, caseNotFound } from './cases.service.ts';

export interface LedgerQueryInput extends LedgerFilter {
  sort?: LedgerSort;
  page?: number;
  pageSize?: number;
}

type LedgerRow = Awaited<ReturnType<typeof ledgerRows>>[number];

const listItem = (r: LedgerRow, names: string[]): CaseListItem => ({
  id: r.id,
  code: r.code,
  title: r.title,
  cause: r.cause,
  source: r.source as CaseListItem['source'],
  state: r.state,
  jurisdictionCode: r.jurisdiction_code,
  townName: r.town_name,
  partyNames: names,
  fineFen: Number(r.fine_total ?? 0),
  filedAt: iso(r.filed_at),
  overdue: r.overdue,
  publication: r.publication,
  nextDue: r.next_due ?? null,
});

export async function listCases(ctx: Ctx, { page = 1, pageSize = 20, sort, ...f }: LedgerQueryInput) {
  requirePermission(ctx, 'enforcement:read');
  const [count, rows] = await Promise.all([countCapped(ctx.db, ledgerQuery(ctx, f)), ledgerRows(ctx, f, sort, pageSize, (page - 1) * pageSize)]);
  const names = await partyNamesOf(
    ctx,
    rows.map((r) => r.id),
  );
  return pageOf(
    count,
    rows.map((r) => listItem(r, names.get(r.id) ?? [])),
    { page, pageSize },
  );
}

export const EXPORT_MAX_ROWS = 20_000;

export async function exportCases(ctx: Ctx, { sort, ...f }: LedgerQueryInput): Promise<Buffer> {
  requirePermission(ctx, 'enforcement:read');
  const rows = await ledgerRows(ctx, f, sort, EXPORT_MAX_ROWS + 1, 0);
  assertExportSize(rows, EXPORT_MAX_ROWS);
  const names = await partyNamesOf(
    ctx,
    rows.map((r) => r.id),
  );
  return xlsxOf(
    '案件台账',
    [
      { header: '案件编号', width: 16, cell: (r) => r.code },
      { header: '案件名称', width: 30, cell: (r) => r.title },
      { header: '案由', width: 30, cell: (r) => r.cause },
      { header: '当事人', width: 30, cell: (r) => (names.get(r.id) ?? []).join('、') },
      { header: '镇街', width: 12, cell: (r) => r.town_name ?? '' },
      { header: '来源', width: 10, cell: (r) => CASE_SOURCE_LABELS[r.source as keyof typeof CASE_SOURCE_LABELS]?.zh ?? r.source },
      { header: '状态', width: 10, cell: (r) => CASE_STATE_LABELS[r.state].zh },
      { header: '罚款（元）', width: 14, cell: (r) => Number(r.fine_total ?? 0) / 100 },
      { header: '立案申请日', width: 12, cell: (r) => cellDate(r.filed_at) },
      { header: '最近期限', width: 12, cell: (r) => r.next_due ?? '' },
      { header: '是否超期', width: 10, cell: (r) => (r.overdue ? '是' : '否') },
      { header: '典型案例', width: 10, cell: (r) => PUBLICATION_LABELS[r.publication].zh },
    ],
    rows,
  );
}

export async function getCase(ctx: Ctx, id: string): Promise<CaseDetail> {
  requirePermission(ctx, 'enforcement:read');
  const row = await findCase(ctx, id);
  assertInScope(ctx, row, caseNotFound);
  return caseDetail(ctx, row);
}

export async function caseDetail(ctx: Ctx, row: CaseRow): Promise<CaseDetail> {
  const [parties, payments, clocks, docs, history, cal] = await Promise.all([
    partiesOf(ctx, row.id),
    paymentsOf(ctx, row.id),
    clocksOf(ctx, row.id),
    documentsOf(ctx, 'case', row.id),
    readHistory(ctx.db, 'case', row.id),
    workCalendar(ctx),
  ]);
  const today = dayOf(ctx.deps.clock.now());
  const payment = [...clocks].reverse().find((c) => c.kind === 'payment' && c.state !== 'cancelled');
  const daysLate =
    payment && payment.state !== 'met' && today > payment.due_day ? Math.round((Date.parse(today) - Date.parse(payment.due_day)) / 86_400_000) : 0;
  const dtoParties = parties.map((p) => partyDto(p, daysLate));
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    cause: row.cause,
    source: row.source as CaseDetail['source'],
    state: row.state,
    jurisdictionCode: row.jurisdiction_code,
    townName: await unitName(ctx, row.jurisdiction_code.slice(0, 9)),
    unitCode: row.unit_code,
    enterpriseId: row.enterprise_id,
    facts: row.facts,
    officers: row.officer_ids.map((oid, i) => ({ id: oid, name: row.officer_names[i] ?? '' })),
    filedAt: iso(row.filed_at),
    openedAt: iso(row.opened_at),
    notifiedAt: iso(row.notified_at),
    hearingAt: iso(row.hearing_at),
    hearingPlace: row.hearing_place,
    hearingResult: row.hearing_result,
    statement: row.statement,
    decidedAt: iso(row.decided_at),
    servedAt: iso(row.served_at),
    closedAt: iso(row.closed_at),
    closeReason: row.close_reason,
    transferReason: row.transfer_reason,
    handedOverAt: iso(row.handed_over_at),
    policeAnswer: row.police_answer,
    policeAccepted: row.police_accepted,
    publication: row.publication,
    publicationSummary: row.publication_summary,
    overdue: row.overdue,
    version: row.version,
    totalFineFen: parties.reduce((s, p) => s + amountsOf(p, 0).base, 0),
    parties: dtoParties,
    payments: payments.map((p) => ({
      id: p.id,
      partyId: p.party_id,
      amountFen: Number(p.amount_fen),
      surchargeFen: Number(p.surcharge_fen),
      paidOn: p.paid_on,
      receiptNo: p.receipt_no,
      createdAt: iso(p.created_at),
    })),
    clocks: clocks.filter((c) => c.state !== 'cancelled').map((c) => clockDto(cal, c, today)),
    documents: docs.map((d) => ({
      id: d.id,
      kind: d.kind,
      kindName: isDocumentKind(d.kind) ? DOCUMENT_KINDS[d.kind].name : d.kind,
      number: d.number,
      title: d.title,
      issuedAt: iso(d.issued_at),
      issuedBy: d.issued_by_name,
    })),
    timeline: history.map((h) => ({ action: h.action, from: h.from_state, to: h.to_state, actorName: h.actor_name ?? '系统', note: h.note, at: iso(h.at) })),
    actions: (await allowedActions(ctx, caseMachine, row)) as CaseDetail['actions'],
  };
}

// ── public typical cases ───────────────────────────────────────────────────────────────────────────

/** What the public sees of a party: a unit by its name (a legal person), a natural person masked (张某); no ID or phone. */
async function publicCase(
  deps: Deps,
  row: Pick<CaseRow, 'id' | 'title' | 'cause' | 'jurisdiction_code' | 'publication_summary' | 'decided_at' | 'published_at'>,
): Promise<PublicCase> {
  const parties = await deps.db.selectFrom('case_parties').selectAll().where('case_id', '=', row.id).orderBy('sort').execute();
  const town = await deps.db.selectFrom('org_units').select('name').where('code', '=', row.jurisdiction_code.slice(0, 9)).executeTakeFirst();
  return {
    id: row.id,
    title: row.title,
    cause: row.cause,
    townName: town?.name ?? null,
    summary: row.publication_summary ?? '',
    parties: parties.map((p) => ({
      kind: p.kind,
      name: p.kind === 'person' ? maskName(p.name) : p.name,
      violation: p.violation,
      article: p.article,
      penalty: `${PARTY_KIND_LABELS[p.kind].zh}·${DISCRETION_LEVEL_LABELS[p.level].zh}：${penaltyText(p)}`,
    })),
    decidedAt: iso(row.decided_at),
    publishedAt: iso(row.published_at) ?? '',
  };
}

const PUBLIC_COLUMNS = ['id', 'title', 'cause', 'jurisdiction_code', 'publication_summary', 'decided_at', 'published_at'] as const;

export async function publicCases(deps: Deps, q: { page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 10;
  const base = deps.db.selectFrom('cases').where('publication', '=', 'public');
  const [count, rows] = await Promise.all([
    countCapped(deps.db, base),
    base
      .select([...PUBLIC_COLUMNS])
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  const items: PublicCase[] = [];
  for (const r of rows) items.push(await publicCase(deps, r));
  return pageOf(count, items, { page, pageSize });
}

export async function publicCaseById(deps: Deps, id: string): Promise<PublicCase> {
  const row = await deps.db
    .selectFrom('cases')
    .select([...PUBLIC_COLUMNS])
    .where('id', '=', id)
    .where('publication', '=', 'public')
    .executeTakeFirst();
  if (!row) throw notFound('典型案例', 'Typical case');
  return publicCase(deps, row);
}
