// Files the hazard module writes: the ledger export (.xlsx) and the 一患一档 dossier (.docx).
import { cellDate, cellMinute } from '../../../shared/time.ts';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, type Table, TextRun } from 'docx';
import { ACTION_LABELS, CATEGORY_LABELS, type HazardAction, LEVEL_LABELS, SECTOR_LABELS, SOURCE_LABELS, STATE_LABELS } from '../../../shared/hazards.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { assertExportSize, xlsxOf } from '../../platform/excel.ts';
import { kvTable, photoParagraphs } from '../../platform/docx.ts';
import { getHazard } from './hazards.reads.ts';
import { type LedgerFilter, ledgerExportRows } from './hazards.repo.ts';

// ── ledger export ────────────────────────────────────────────────────────────────────────────────────

export const EXPORT_MAX_ROWS = 50_000;

export async function exportLedger(ctx: Ctx, f: LedgerFilter): Promise<Buffer> {
  requirePermission(ctx, 'hazard:read');
  const rows = await ledgerExportRows(ctx, f, EXPORT_MAX_ROWS + 1);
  assertExportSize(rows, EXPORT_MAX_ROWS);
  const data = await xlsxOf(
    '隐患台账',
    [
      { header: '隐患编号', width: 16, cell: (r) => r.code },
      { header: '隐患名称', width: 30, cell: (r) => r.title },
      { header: '隐患描述', width: 40, cell: (r) => r.description },
      { header: '单位/地点', width: 28, cell: (r) => r.enterprise_name ?? r.park_name ?? r.location },
      { header: '镇街', width: 12, cell: (r) => r.town_name ?? '' },
      { header: '来源', width: 12, cell: (r) => SOURCE_LABELS[r.source]?.zh ?? r.source },
      { header: '行业领域', width: 12, cell: (r) => SECTOR_LABELS[r.sector as keyof typeof SECTOR_LABELS]?.zh ?? r.sector },
      { header: '等级', width: 14, cell: (r) => (r.level ? LEVEL_LABELS[r.level].zh : '未定级') },
      { header: '状态', width: 12, cell: (r) => STATE_LABELS[r.state].zh },
      { header: '发现时间', width: 12, cell: (r) => cellDate(r.found_at) },
      { header: '整改期限', width: 12, cell: (r) => cellDate(r.deadline) },
      { header: '是否超期', width: 10, cell: (r) => (r.overdue ? '是' : '否') },
      { header: '销号时间', width: 12, cell: (r) => cellDate(r.closed_at) },
      { header: '发现人', width: 12, cell: (r) => r.finder_name },
    ],
    rows,
  );
  await withTx(ctx, (c) => audit(c.db, c, { action: 'hazard.export', resourceType: 'hazard', detail: { filter: f, rows: rows.length } }));
  return data;
}

// ── 一患一档 dossier ────────────────────────────────────────────────────────────────────────────────

/** 重大 hazards have the statutory 一患一档; a 一般 or not yet graded one is a plain hazard file. */
export function dossierTitle(level: string | null): string {
  return level === 'major' ? '重大事故隐患“一患一档”' : level === 'general' ? '一般事故隐患档案' : '事故隐患档案';
}

export async function dossierDocx(ctx: Ctx, id: string): Promise<{ filename: string; data: Buffer }> {
  const d = await getHazard(ctx, id);
  const h = d.hazard;
  const kv = kvTable;
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2, spacing: { before: 300, after: 120 } });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: dossierTitle(h.level), heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${h.code}　导出时间 ${cellMinute(ctx.deps.clock.now())}`, size: 20 })] }),
    heading('一、基本情况'),
    kv([
      ['隐患名称', h.title],
      ['隐患描述', h.description],
      ['单位', d.enterprise?.name ?? d.park?.name ?? ''],
      ['地点', h.location ?? ''],
      ['所属镇街', d.townName ?? ''],
      ['来源', SOURCE_LABELS[h.source].zh],
      ['行业领域', SECTOR_LABELS[h.sector as keyof typeof SECTOR_LABELS]?.zh ?? h.sector],
      ['发现人 / 时间', `${h.finderName ?? ''}　${cellMinute(h.foundAt)}`],
      ['等级', h.level ? LEVEL_LABELS[h.level].zh : '未定级'],
      ['当前状态', `${STATE_LABELS[h.state].zh}${h.overdue ? '（已超期）' : ''}`],
      ['整改期限', cellDate(h.deadline)],
    ]),
    ...(await photoParagraphs(ctx, h.photoIds)),
    heading('二、判定依据'),
    d.clause
      ? kv([
          ['判定标准', `${d.clause.standardName}（${d.clause.standardVersion}）`],
          ['条款', `${d.clause.number}　${CATEGORY_LABELS[d.clause.category].zh}`],
          ['条文', `${d.clause.text}${d.clause.textKind === 'summary' ? '（摘要）' : ''}`],
        ])
      : new Paragraph('未引用判定标准条款。'),
    heading('三、整改方案（五到位）'),
  ];
  if (d.plans.length === 0) children.push(new Paragraph('尚未制定整改方案。'));
  for (const [i, p] of d.plans.entries()) {
    children.push(
      new Paragraph({ children: [new TextRun({ text: `方案 ${i + 1}（${cellMinute(p.createdAt)}）`, bold: true })] }),
      kv([
        ['整改措施', p.measures],
        ['整改资金', `${(p.fundsFen / 100).toFixed(2)} 元`],
        ['整改期限', cellDate(p.deadline)],
        ['责任人', `${p.responsiblePerson}${p.responsiblePhone ? `　${p.responsiblePhone}` : ''}`],
        ['应急措施', p.interimMeasures],
      ]),
    );
  }
  children.push(heading('四、整改进度'));
  if (d.progress.length === 0) children.push(new Paragraph('暂无整改进度。'));
  for (const p of d.progress) {
    children.push(
      new Paragraph(`${cellMinute(p.createdAt)}　${p.createdByName ?? ''}：${p.note}${p.photoIds.length ? `（照片 ${p.photoIds.length} 张）` : ''}`),
    );
    children.push(...(await photoParagraphs(ctx, p.photoIds)));
  }
  children.push(heading('五、延期申请'));
  if (d.extensions.length === 0) children.push(new Paragraph('无。'));
  for (const e of d.extensions) {
    const status = { pending: '待审批', approved: '已批准', denied: '未批准' }[e.status];
    children.push(
      new Paragraph(
        `${cellDate(e.requestedAt)} 申请由 ${cellDate(e.oldDeadline)} 延期至 ${cellDate(e.newDeadline)}，理由：${e.reason}；${status}${e.decisionNote ? `（${e.decisionNote}）` : ''}`,
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
        ['督办期限', cellDate(s.deadline)],
        ['挂牌 / 摘牌', `${cellDate(s.publishedAt)} / ${s.withdrawnAt ? cellDate(s.withdrawnAt) : '督办中'}`],
        ['责令停产停业', s.stopProduction ? `是（${s.stopOrderNo ?? ''}）` : '否'],
      ]),
    );
  }
  children.push(heading('七、处理过程'));
  for (const e of d.events) {
    const label = ACTION_LABELS[e.action as HazardAction]?.zh ?? EVENT_LABELS[e.action] ?? e.action;
    children.push(new Paragraph(`${cellMinute(e.at)}　${e.actorName ?? ''}　${label}${e.note ? `：${e.note}` : ''}`));
  }
  const title = dossierTitle(h.level);
  const doc = new Document({ creator: '安澜 海曙区应急管理平台', title: `${title} ${h.code}`, sections: [{ children }] });
  const name = h.level === 'major' ? '一患一档' : '隐患档案';
  return { filename: `${name}-${h.code}.docx`, data: await Packer.toBuffer(doc) };
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
