// Files the inspections module writes: the ledger export (.xlsx), the 现场检查记录 and the 责令限期整改指令书
// (.docx) with the record's data. Generated with `docx` here, in one file, so the lead can switch them to the
// platform's template engine (replaceable templates with 文号 numbering) when it lands.
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, type Table, TextRun } from 'docx';
import { KIND_LABELS, RESULT_LABELS, STATE_LABELS } from '../../../shared/inspections.ts';
import { cellDate, cellMinute, fmtDate } from '../../../shared/time.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { kvTable, photoParagraphs } from '../../platform/docx.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import { escapeCell, newWorkbook } from '../../platform/excel.ts';
import { getFile } from '../../platform/files/files.service.ts';
import { withOwnerNames } from '../registry/api.ts';
import { getInspection } from './inspections.reads.ts';
import { type LedgerFilter, ledgerExportRows } from './inspections.repo.ts';

export const EXPORT_MAX_ROWS = 50_000;

export async function exportLedger(ctx: Ctx, f: LedgerFilter): Promise<Buffer> {
  requirePermission(ctx, 'inspection:read');
  const rows = await ledgerExportRows(ctx, f, EXPORT_MAX_ROWS + 1);
  if (rows.length > EXPORT_MAX_ROWS)
    throw new AppError('EXPORT_TOO_LARGE', 400, `导出不能超过 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围`, `At most ${EXPORT_MAX_ROWS} rows per export`);
  const named = await withOwnerNames(ctx.db, rows);
  const towns = new Map(
    (await ctx.db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').execute()).map((u) => [u.code, u.name] as const),
  );
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('检查台账');
  ws.columns = [
    { header: '检查编号', key: 'code', width: 16 },
    { header: '类型', key: 'kind', width: 16 },
    { header: '名称', key: 'title', width: 30 },
    { header: '被检查单位', key: 'unit', width: 28 },
    { header: '园区', key: 'park', width: 24 },
    { header: '镇街', key: 'town', width: 12 },
    { header: '执法人员', key: 'officers', width: 20 },
    { header: '状态', key: 'state', width: 12 },
    { header: '检查项', key: 'total', width: 8 },
    { header: '不符合项', key: 'failed', width: 8 },
    { header: '开始时间', key: 'started', width: 18 },
    { header: '完成时间', key: 'completed', width: 18 },
    { header: '整改期限', key: 'deadline', width: 12 },
    { header: '登记人', key: 'by', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of named)
    ws.addRow({
      code: r.code,
      kind: KIND_LABELS[r.kind].zh,
      title: escapeCell(r.title),
      unit: escapeCell(r.enterprise_name),
      park: escapeCell(r.park_name),
      town: towns.get(r.town_code) ?? r.town_code,
      officers: escapeCell(r.officers.map((o) => o.name).join('、')),
      state: STATE_LABELS[r.state].zh,
      total: r.items_total,
      failed: r.items_failed,
      started: cellMinute(r.started_at?.toISOString()),
      completed: cellMinute(r.completed_at?.toISOString()),
      deadline: r.rectify_deadline ?? '',
      by: escapeCell(r.created_by_name),
    });
  await withTx(ctx, (c) => audit(c.db, c, { action: 'inspection.export', resourceType: 'inspection', detail: { filter: f, rows: rows.length } }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2, spacing: { before: 300, after: 120 } });
const title = (text: string, code: string) => [
  new Paragraph({ text: '宁波市海曙区应急管理局', alignment: AlignmentType.CENTER }),
  new Paragraph({ text, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
  new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: code, size: 20 })] }),
];

async function signatureParagraph(ctx: Ctx, fileId: string | null): Promise<Paragraph> {
  if (!fileId) return new Paragraph('被检查单位签字：＿＿＿＿＿＿＿＿');
  const f = await getFile(ctx, fileId);
  return new Paragraph({
    children: [
      new TextRun('被检查单位签字：'),
      new ImageRun({ type: 'png', data: f.data, transformation: { width: 180, height: 72 }, altText: { title: '签名', description: '签名', name: '签名' } }),
    ],
  });
}

/** 现场检查记录: who, where, when, each item with its result, the officers and the enterprise's signature. */
export async function recordDocx(ctx: Ctx, id: string): Promise<{ fileName: string; data: Buffer }> {
  const d = await getInspection(ctx, id);
  const r = d.inspection;
  const officers = r.officers.map((o) => `${o.name}（执法证号 ${o.licenceNumber}）${o.confirmedAt ? '已确认' : '未确认'}`).join('；');
  const children: (Paragraph | Table)[] = [
    ...title('现场检查记录', r.code),
    kvTable([
      ['被检查单位', r.enterpriseName ?? ''],
      ['园区', r.parkName ?? ''],
      ['检查类型', KIND_LABELS[r.kind].zh],
      ['检查时间', `${cellMinute(r.startedAt)} 至 ${cellMinute(r.completedAt)}`],
      ['检查地点（坐标）', r.lon !== null && r.lat !== null ? `${r.lon.toFixed(6)}, ${r.lat.toFixed(6)}` : ''],
      ['执法人员', officers],
      ['现场负责人', r.representativeName ?? r.leaderName ?? ''],
      ['检查情况', r.summary ?? ''],
    ]),
    heading('检查内容及结果'),
  ];
  const hazards = new Map(d.hazards.map((h) => [h.id, h]));
  for (const it of d.items) {
    children.push(
      new Paragraph({
        children: [
          new TextRun({ text: `${it.seq}. ${it.content}`, bold: true }),
          new TextRun(`　【${it.result ? RESULT_LABELS[it.result].zh : '未检查'}】${it.major ? '（重大隐患判定项）' : ''}`),
        ],
      }),
    );
    if (it.basis) children.push(new Paragraph({ children: [new TextRun({ text: `依据：${it.basis}`, size: 20 })] }));
    if (it.note) children.push(new Paragraph(`现场情况：${it.note}`));
    const h = it.hazardId ? hazards.get(it.hazardId) : undefined;
    if (h) children.push(new Paragraph(`已转入隐患闭环：${h.code}`));
    children.push(...(await photoParagraphs(ctx, it.photoIds, 300)));
  }
  children.push(heading('签字'), new Paragraph(`执法人员：${r.officers.map((o) => o.name).join('、') || r.createdByName || ''}`));
  children.push(await signatureParagraph(ctx, r.signatureFileId));
  if (r.signedAt) children.push(new Paragraph(`签字人：${r.signerName ?? ''}　${cellMinute(r.signedAt)}`));
  const doc = new Document({ creator: '安澜 海曙区应急管理平台', title: `现场检查记录 ${r.code}`, sections: [{ children }] });
  return { fileName: `现场检查记录-${r.code}.docx`, data: await Packer.toBuffer(doc) };
}

/** 责令限期整改指令书: the failed items and the deadline; only for an officers' inspection that found something. */
export async function orderDocx(ctx: Ctx, id: string): Promise<{ fileName: string; data: Buffer }> {
  const d = await getInspection(ctx, id);
  const r = d.inspection;
  const failed = d.items.filter((i) => i.result === 'fail');
  if (r.kind !== 'enforcement' || failed.length === 0 || !r.rectifyDeadline)
    throw conflict(
      'NO_ORDER',
      '只有发现问题并已确定整改期限的执法检查才能出具责令限期整改指令书',
      'Only an enforcement inspection with findings and a deadline has an order',
    );
  const children: (Paragraph | Table)[] = [
    ...title('责令限期整改指令书', `海应急责改〔${r.code.slice(2, 6)}〕${r.code.slice(6)}号`),
    new Paragraph({ children: [new TextRun({ text: `${r.enterpriseName ?? ''}：`, bold: true })] }),
    new Paragraph(`经查，你单位存在下列问题：`),
    ...failed.map((i, n) => new Paragraph(`${n + 1}. ${i.content}${i.note ? `（${i.note}）` : ''}${i.basis ? `，违反了${i.basis}的规定` : ''}。`)),
    new Paragraph(
      `依据《中华人民共和国安全生产法》第六十五条的规定，现责令你单位于 ${r.rectifyDeadline} 前整改完毕，达到有关法律法规规章和标准规定的要求。由于不能立即消除事故隐患，整改期间应当采取必要的安全防范措施，防止事故发生。`,
    ),
    new Paragraph(
      '如果不服本指令，可以依法在六十日内向宁波市海曙区人民政府申请行政复议，或者在六个月内依法向人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。',
    ),
    new Paragraph(`执法人员：${r.officers.map((o) => `${o.name}（${o.licenceNumber}）`).join('、')}`),
    await signatureParagraph(ctx, r.signatureFileId),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [new TextRun(`宁波市海曙区应急管理局　${cellDate(r.completedAt ?? r.startedAt) || fmtDate(ctx.deps.clock.now())}`)],
    }),
  ];
  const doc = new Document({ creator: '安澜 海曙区应急管理平台', title: `责令限期整改指令书 ${r.code}`, sections: [{ children }] });
  return { fileName: `责令限期整改指令书-${r.code}.docx`, data: await Packer.toBuffer(doc) };
}
