// Files the hazard module reads and writes: the criteria import (.xlsx), the ledger export (.xlsx) and
// the 一患一档 dossier (.docx). Also the criteria catalogue reads, notifications and the dashboard.
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Row } from 'exceljs';
import { escapeCell, newWorkbook } from '../../platform/excel.ts';
import { sql } from 'kysely';
import { v7 } from 'uuid';
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  CLAUSE_CATEGORIES,
  type ClauseCategory,
  type HazardAction,
  LEVEL_LABELS,
  SECTOR_LABELS,
  SOURCE_LABELS,
  STATE_LABELS,
} from '../../../shared/hazards.ts';
import { requirePermission, scopedFrom } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, notFound, ValidationError } from '../../platform/errors.ts';
import { dashboardByTown, type LedgerFilter, LEDGER_COLUMNS, ledgerQuery, overdueAgeing, yearBreakdown } from './hazards.repo.ts';
import { getHazard } from './hazards.reads.ts';
import { containsLike, iso, prefixLike } from '../../platform/sql.ts';

/** Dates shown to people are Beijing dates. */
const bj = (d: Date | string | null | undefined, withTime = false) =>
  d
    ? new Date(new Date(d).getTime() + 8 * 3_600_000)
        .toISOString()
        .slice(0, withTime ? 16 : 10)
        .replace('T', ' ')
    : '';

// ── criteria catalogue ───────────────────────────────────────────────────────────────────────────────

export async function listStandards(ctx: Ctx) {
  requirePermission(ctx, 'hazard:read');
  const rows = await ctx.deps.db
    .selectFrom('hazard_standards')
    .leftJoin('hazard_clauses', 'hazard_clauses.standard_id', 'hazard_standards.id')
    .select([
      'hazard_standards.id',
      'hazard_standards.code',
      'hazard_standards.name',
      'hazard_standards.version',
      'hazard_standards.issuer',
      'hazard_standards.effective_from',
      'hazard_standards.status',
      sql<number>`count(hazard_clauses.id)`.as('clauses'),
      sql<number>`count(hazard_clauses.id) filter (where hazard_clauses.text_kind = 'summary')`.as('summaries'),
    ])
    .groupBy('hazard_standards.id')
    .orderBy('hazard_standards.code')
    .orderBy('hazard_standards.version', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    version: r.version,
    issuer: r.issuer,
    effectiveFrom: r.effective_from,
    status: r.status,
    clauses: Number(r.clauses),
    summaries: Number(r.summaries),
  }));
}

export async function listClauses(ctx: Ctx, q: { standardId?: string; category?: string; q?: string }) {
  requirePermission(ctx, 'hazard:read');
  let query = ctx.deps.db
    .selectFrom('hazard_clauses')
    .innerJoin('hazard_standards', 'hazard_standards.id', 'hazard_clauses.standard_id')
    .select([
      'hazard_clauses.id',
      'hazard_clauses.standard_id',
      'hazard_clauses.number',
      'hazard_clauses.category',
      'hazard_clauses.industry',
      'hazard_clauses.text',
      'hazard_clauses.text_kind',
      'hazard_standards.name as standard_name',
      'hazard_standards.version as standard_version',
      'hazard_standards.status as standard_status',
    ]);
  if (q.standardId) query = query.where('hazard_clauses.standard_id', '=', q.standardId);
  if (q.category) query = query.where('hazard_clauses.category', '=', q.category as ClauseCategory);
  if (q.q)
    query = query.where((eb) =>
      eb.or([eb('hazard_clauses.text', 'ilike', containsLike(q.q as string)), eb('hazard_clauses.number', 'ilike', containsLike(q.q as string))]),
    );
  const rows = await query.orderBy('hazard_standards.code').orderBy('hazard_clauses.sort').orderBy('hazard_clauses.number').limit(1000).execute();
  return rows.map((r) => ({
    id: r.id,
    standardId: r.standard_id,
    standardName: r.standard_name,
    standardVersion: r.standard_version,
    standardStatus: r.standard_status,
    number: r.number,
    category: r.category,
    industry: r.industry,
    text: r.text,
    textKind: r.text_kind,
  }));
}

const CATEGORY_BY_LABEL: Record<string, ClauseCategory> = Object.fromEntries(
  CLAUSE_CATEGORIES.flatMap((c) => [
    [c, c],
    [CATEGORY_LABELS[c].zh, c],
  ]),
);

export interface ImportMeta {
  code: string;
  name: string;
  version: string;
  issuer?: string;
  effectiveFrom?: string;
}

/**
 * Import a standard's clauses from .xlsx (columns: 编号, 类别, 行业, 条文 — first sheet, header in row 1).
 * Every row is checked first; any bad row refuses the whole file with each row's error, nothing written.
 * Rows replace clauses with the same number and are marked as full text.
 */
export async function importCriteria(ctx: Ctx, meta: ImportMeta, file: Buffer) {
  requirePermission(ctx, 'hazard:criteria');
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw fieldError('body.file', '不是有效的 .xlsx 文件', 'is not a valid .xlsx file');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw fieldError('body.file', '文件中没有工作表', 'has no worksheet');
  const cell = (row: Row, i: number) => {
    const v = row.getCell(i).value;
    if (v === null || v === undefined) return '';
    if (typeof v === 'object' && 'richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
    return String(v).trim();
  };
  const issues: { field: string; message: string; messageEn: string }[] = [];
  const clauses: { number: string; category: ClauseCategory; industry: string | null; text: string; sort: number }[] = [];
  const seen = new Set<string>();
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const number = cell(row, 1);
    const cat = cell(row, 2);
    const industry = cell(row, 3) || null;
    const text = cell(row, 4);
    if (!number && !cat && !text) return;
    const err = (col: string, zh: string, en: string) => issues.push({ field: `rows.${n}.${col}`, message: `第 ${n} 行：${zh}`, messageEn: `row ${n}: ${en}` });
    if (!number) err('编号', '编号为必填项', 'number is required');
    else if (seen.has(number)) err('编号', `编号 ${number} 重复`, `number ${number} is duplicated`);
    seen.add(number);
    const category = CATEGORY_BY_LABEL[cat];
    if (!category) err('类别', '类别应为 管理类 / 行业类 / 专项类', 'category must be 管理类 / 行业类 / 专项类');
    if (!text) err('条文', '条文为必填项', 'text is required');
    else if (text.length > 4000) err('条文', '条文不能超过 4000 字', 'text must be at most 4000 characters');
    if (number && category && text) clauses.push({ number, category, industry, text, sort: n });
  });
  if (issues.length) throw new ValidationError(issues);
  if (clauses.length === 0)
    throw fieldError('body.file', '文件中没有条款（表头：编号、类别、行业、条文）', 'contains no clauses (header: 编号, 类别, 行业, 条文)');
  const now = ctx.deps.clock.now();
  return ctx.deps.db.transaction().execute(async (trx) => {
    let std = await trx.selectFrom('hazard_standards').selectAll().where('code', '=', meta.code).where('version', '=', meta.version).executeTakeFirst();
    if (!std) {
      std = await trx
        .insertInto('hazard_standards')
        .values({ id: v7(), code: meta.code, name: meta.name, version: meta.version, issuer: meta.issuer ?? null, effective_from: meta.effectiveFrom ?? null })
        .returningAll()
        .executeTakeFirstOrThrow();
      // A new version supersedes older ones of the same standard (their clauses stay citable history).
      await trx.updateTable('hazard_standards').set({ status: 'superseded' }).where('code', '=', meta.code).where('id', '<>', std.id).execute();
    }
    for (const c of clauses) {
      await trx
        .insertInto('hazard_clauses')
        .values({ id: v7(), standard_id: std.id, number: c.number, category: c.category, industry: c.industry, text: c.text, text_kind: 'full', sort: c.sort })
        .onConflict((oc) =>
          oc.columns(['standard_id', 'number']).doUpdateSet((eb) => ({
            category: eb.ref('excluded.category'),
            industry: eb.ref('excluded.industry'),
            text: eb.ref('excluded.text'),
            text_kind: 'full',
            sort: eb.ref('excluded.sort'),
            updated_at: now,
          })),
        )
        .execute();
    }
    await audit(trx, ctx, {
      action: 'hazard.criteria.import',
      resourceType: 'hazard_standard',
      resourceId: std.id,
      after: { ...meta, clauses: clauses.length },
    });
    return { standardId: std.id, imported: clauses.length };
  });
}

// ── ledger export ────────────────────────────────────────────────────────────────────────────────────

export const EXPORT_MAX_ROWS = 50_000;

export async function exportLedger(ctx: Ctx, f: LedgerFilter): Promise<Buffer> {
  requirePermission(ctx, 'hazard:read');
  const rows = await ledgerQuery(ctx, f)
    .leftJoin('enterprises', 'enterprises.id', 'hazards.enterprise_id')
    .leftJoin('parks', 'parks.id', 'hazards.park_id')
    .leftJoin('org_units as town', 'town.code', 'hazards.town_code')
    .select([...LEDGER_COLUMNS, 'hazards.description', 'enterprises.name as enterprise_name', 'parks.name as park_name', 'town.name as town_name'])
    .orderBy('hazards.found_at', 'desc')
    .orderBy('hazards.id', 'desc')
    .limit(EXPORT_MAX_ROWS + 1)
    .execute();
  if (rows.length > EXPORT_MAX_ROWS) {
    throw new AppError(
      'EXPORT_TOO_LARGE',
      400,
      `导出不能超过 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围`,
      `At most ${EXPORT_MAX_ROWS} rows per export; narrow the filters`,
    );
  }
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('隐患台账');
  ws.columns = [
    { header: '隐患编号', key: 'code', width: 16 },
    { header: '隐患名称', key: 'title', width: 30 },
    { header: '隐患描述', key: 'description', width: 40 },
    { header: '单位/地点', key: 'unit', width: 28 },
    { header: '镇街', key: 'town', width: 12 },
    { header: '来源', key: 'source', width: 12 },
    { header: '行业领域', key: 'sector', width: 12 },
    { header: '等级', key: 'level', width: 14 },
    { header: '状态', key: 'state', width: 12 },
    { header: '发现时间', key: 'found', width: 12 },
    { header: '整改期限', key: 'deadline', width: 12 },
    { header: '是否超期', key: 'overdue', width: 10 },
    { header: '销号时间', key: 'closed', width: 12 },
    { header: '发现人', key: 'finder', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow({
      code: r.code,
      title: escapeCell(r.title),
      description: escapeCell(r.description),
      unit: escapeCell(r.enterprise_name ?? r.park_name ?? r.location),
      town: r.town_name ?? '',
      source: SOURCE_LABELS[r.source]?.zh ?? r.source,
      sector: SECTOR_LABELS[r.sector as keyof typeof SECTOR_LABELS]?.zh ?? escapeCell(r.sector),
      level: r.level ? LEVEL_LABELS[r.level].zh : '未定级',
      state: STATE_LABELS[r.state].zh,
      found: bj(r.found_at),
      deadline: bj(r.deadline),
      overdue: r.overdue ? '是' : '否',
      closed: bj(r.closed_at),
      finder: escapeCell(r.finder_name),
    });
  }
  await ctx.deps.db
    .transaction()
    .execute((trx) => audit(trx, ctx, { action: 'hazard.export', resourceType: 'hazard', detail: { filter: f, rows: rows.length } }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ── 一患一档 dossier ────────────────────────────────────────────────────────────────────────────────

export async function dossierDocx(ctx: Ctx, id: string): Promise<{ filename: string; data: Buffer }> {
  const d = await getHazard(ctx, id);
  const h = d.hazard;
  const kv = (pairs: [string, string][]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: pairs.map(
        ([k, v]) =>
          new TableRow({
            children: [
              new TableCell({
                width: { size: 25, type: WidthType.PERCENTAGE },
                children: [new Paragraph({ children: [new TextRun({ text: k, bold: true })] })],
              }),
              new TableCell({ width: { size: 75, type: WidthType.PERCENTAGE }, children: [new Paragraph(v || '—')] }),
            ],
          }),
      ),
    });
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2, spacing: { before: 300, after: 120 } });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: '重大事故隐患“一患一档”', heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${h.code}　导出时间 ${bj(ctx.deps.clock.now(), true)}`, size: 20 })] }),
    heading('一、基本情况'),
    kv([
      ['隐患名称', h.title],
      ['隐患描述', h.description],
      ['单位', d.enterprise?.name ?? d.park?.name ?? ''],
      ['地点', h.location ?? ''],
      ['所属镇街', d.townName ?? ''],
      ['来源', SOURCE_LABELS[h.source].zh],
      ['行业领域', SECTOR_LABELS[h.sector as keyof typeof SECTOR_LABELS]?.zh ?? h.sector],
      ['发现人 / 时间', `${h.finderName ?? ''}　${bj(h.foundAt, true)}`],
      ['等级', h.level ? LEVEL_LABELS[h.level].zh : '未定级'],
      ['当前状态', `${STATE_LABELS[h.state].zh}${h.overdue ? '（已超期）' : ''}`],
      ['整改期限', bj(h.deadline)],
    ]),
    heading('二、判定依据'),
    d.clause
      ? kv([
          ['判定标准', `${d.clause.standard_name}（${d.clause.standard_version}）`],
          ['条款', `${d.clause.number}　${CATEGORY_LABELS[d.clause.category].zh}`],
          ['条文', `${d.clause.text}${d.clause.text_kind === 'summary' ? '（摘要）' : ''}`],
        ])
      : new Paragraph('未引用判定标准条款。'),
    heading('三、整改方案（五到位）'),
  ];
  if (d.plans.length === 0) children.push(new Paragraph('尚未制定整改方案。'));
  for (const [i, p] of d.plans.entries()) {
    children.push(
      new Paragraph({ children: [new TextRun({ text: `方案 ${i + 1}（${bj(p.createdAt, true)}）`, bold: true })] }),
      kv([
        ['整改措施', p.measures],
        ['整改资金', `${(p.fundsFen / 100).toFixed(2)} 元`],
        ['整改期限', bj(p.deadline)],
        ['责任人', `${p.responsiblePerson}${p.responsiblePhone ? `　${p.responsiblePhone}` : ''}`],
        ['应急措施', p.interimMeasures],
      ]),
    );
  }
  children.push(heading('四、整改进度'));
  if (d.progress.length === 0) children.push(new Paragraph('暂无整改进度。'));
  for (const p of d.progress)
    children.push(new Paragraph(`${bj(p.createdAt, true)}　${p.createdByName ?? ''}：${p.note}${p.photoIds.length ? `（照片 ${p.photoIds.length} 张）` : ''}`));
  children.push(heading('五、延期申请'));
  if (d.extensions.length === 0) children.push(new Paragraph('无。'));
  for (const e of d.extensions) {
    const status = { pending: '待审批', approved: '已批准', denied: '未批准' }[e.status];
    children.push(
      new Paragraph(
        `${bj(e.requestedAt)} 申请由 ${bj(e.oldDeadline)} 延期至 ${bj(e.newDeadline)}，理由：${e.reason}；${status}${e.decisionNote ? `（${e.decisionNote}）` : ''}`,
      ),
    );
  }
  children.push(heading('六、挂牌督办'));
  if (d.supervisions.length === 0) children.push(new Paragraph('未挂牌督办。'));
  for (const s of d.supervisions) {
    children.push(
      kv([
        ['督办文号', s.noticeNo],
        ['督办单位', `${s.issuer}（${s.level === 'district' ? '区级' : '镇街级'}）`],
        ['督办期限', bj(s.deadline)],
        ['挂牌 / 摘牌', `${bj(s.publishedAt)} / ${s.withdrawnAt ? bj(s.withdrawnAt) : '督办中'}`],
        ['责令停产停业', s.stopProduction ? `是（${s.stopOrderNo ?? ''}）` : '否'],
      ]),
    );
  }
  children.push(heading('七、处理过程'));
  for (const e of d.events) {
    const label = ACTION_LABELS[e.action as HazardAction]?.zh ?? EVENT_LABELS[e.action] ?? e.action;
    children.push(new Paragraph(`${bj(e.at, true)}　${e.actorName ?? ''}　${label}${e.note ? `：${e.note}` : ''}`));
  }
  const doc = new Document({ creator: '安澜 海曙区应急管理平台', title: `一患一档 ${h.code}`, sections: [{ children }] });
  return { filename: `一患一档-${h.code}.docx`, data: await Packer.toBuffer(doc) };
}

export const EVENT_LABELS: Record<string, string> = {
  create: '登记',
  progress: '整改进度',
  extension_request: '申请延期',
  extension_approve: '批准延期',
  extension_deny: '驳回延期',
  supervise: '挂牌督办',
  withdraw_supervision: '摘牌',
  overdue: '超期',
  escalate: '升级督办',
};

// ── notifications ────────────────────────────────────────────────────────────────────────────────────

export async function listNotifications(ctx: Ctx, q: { unread?: boolean; limit: number }) {
  requirePermission(ctx, 'hazard:read');
  let query = scopedFrom(ctx, 'hazard_notifications').where((eb) =>
    eb.or(ctx.actor.jurisdictions.map((p) => eb('hazard_notifications.target_unit_code', 'like', prefixLike(p)))),
  );
  if (q.unread) query = query.where('read_at', 'is', null);
  const rows = await query.selectAll().orderBy('created_at', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    hazardId: r.hazard_id,
    kind: r.kind,
    targetUnitCode: r.target_unit_code,
    message: r.message,
    createdAt: iso(r.created_at),
    readAt: iso(r.read_at),
  }));
}

export async function markNotificationRead(ctx: Ctx, id: string) {
  requirePermission(ctx, 'hazard:read');
  const n = await scopedFrom(ctx, 'hazard_notifications').select(['id', 'jurisdiction_code']).where('id', '=', id).executeTakeFirst();
  if (!n || ctx.actor.enterpriseId) throw notFound('通知', 'Notification');
  await ctx.deps.db.updateTable('hazard_notifications').set({ read_at: ctx.deps.clock.now() }).where('id', '=', id).where('read_at', 'is', null).execute();
  return { id };
}

// ── dashboard ────────────────────────────────────────────────────────────────────────────────────────

/** Start of the current year in Beijing time. */
export function yearStartOf(now: Date): Date {
  const y = new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
  return new Date(Date.UTC(y, 0, 1) - 8 * 3_600_000);
}

export async function dashboard(ctx: Ctx, q: { town?: string }) {
  requirePermission(ctx, 'hazard:read');
  const now = ctx.deps.clock.now();
  const ys = yearStartOf(now);
  const year = new Date(ys.getTime() + 8 * 3_600_000).getUTCFullYear();
  const [towns, ageing, bySource, bySector, names] = await Promise.all([
    dashboardByTown(ctx, year, q.town),
    overdueAgeing(ctx, now, q.town),
    yearBreakdown(ctx, year, 'source', q.town),
    yearBreakdown(ctx, year, 'sector', q.town),
    ctx.deps.db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').orderBy('sort').execute(),
  ]);
  const byCode = new Map(towns.map((t) => [t.town_code, t]));
  const visible = names.filter((n) => ctx.actor.jurisdictions.some((p) => n.code.startsWith(p) || p.startsWith(n.code)));
  const rows = visible
    .filter((n) => !q.town || n.code === q.town)
    .map((n) => {
      const t = byCode.get(n.code);
      const yearTotal = t?.year_total ?? 0;
      const stock = t?.stock_major_open ?? 0;
      const fresh = t?.new_major_open ?? 0;
      return {
        code: n.code,
        name: n.name,
        stockMajorOpen: stock,
        newMajorOpen: fresh,
        newMajorTotal: t?.new_major_total ?? 0,
        yearTotal,
        yearClosed: t?.year_closed ?? 0,
        closingRate: yearTotal ? (t?.year_closed ?? 0) / yearTotal : null,
        openTotal: t?.open_total ?? 0,
        overdue: t?.overdue ?? 0,
        // 动态清零: stock of major hazards cleared and no new one left open.
        cleared: stock === 0 && fresh === 0,
      };
    });
  const sum = (k: 'stockMajorOpen' | 'newMajorOpen' | 'newMajorTotal' | 'yearTotal' | 'yearClosed' | 'openTotal' | 'overdue') =>
    rows.reduce((a, r) => a + r[k], 0);
  const yearTotal = sum('yearTotal');
  return {
    year,
    asOf: now.toISOString(),
    totals: {
      stockMajorOpen: sum('stockMajorOpen'),
      newMajorOpen: sum('newMajorOpen'),
      newMajorTotal: sum('newMajorTotal'),
      yearTotal,
      yearClosed: sum('yearClosed'),
      closingRate: yearTotal ? sum('yearClosed') / yearTotal : null,
      openTotal: sum('openTotal'),
      overdue: sum('overdue'),
      townsCleared: rows.filter((r) => r.cleared).length,
    },
    towns: rows,
    ageing,
    bySource,
    bySector,
  };
}
