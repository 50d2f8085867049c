// Files the inspections module writes: the ledger export (.xlsx), and the 现场检查记录 and 责令限期整改指令书 on
// the platform's document engine (server/platform/documents: replaceable templates, gap-free 文号). An
// enforcement inspection's documents are issued in its signing transaction, numbered for the lead officer's
// unit; a record not (yet) issued — before the signature, or a self-inspection — downloads as a preview of
// the same template, under the inspection's code instead of a 文号.
import { DOCUMENT_KINDS } from '../../../shared/documents.ts';
import { KIND_LABELS, RESULT_LABELS, STATE_LABELS } from '../../../shared/inspections.ts';
import { cellMinute } from '../../../shared/time.ts';
import { assertInScope, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { issueDocument, renderTemplate, templateBytes, withPictures } from '../../platform/documents/documents.ts';
import { conflict } from '../../platform/errors.ts';
import { assertExportSize, xlsxOf } from '../../platform/excel.ts';
import { townsInOrder } from '../../platform/orgs/orgs.service.ts';
import { hazardSummaries } from '../hazards/api.ts';
import { withOwnerNames } from '../registry/api.ts';
import { asOfficer } from './inspections.officers.ts';
import { findInspection, type InspectionRow, inspectionNotFound, itemsOf, type LedgerFilter, ledgerExportRows } from './inspections.repo.ts';

export const EXPORT_MAX_ROWS = 50_000;

export async function exportLedger(ctx: Ctx, f: LedgerFilter): Promise<Buffer> {
  requirePermission(ctx, 'inspection:read');
  const rows = await ledgerExportRows(ctx, f, EXPORT_MAX_ROWS + 1);
  assertExportSize(rows, EXPORT_MAX_ROWS);
  const named = await withOwnerNames(ctx.db, rows);
  const towns = new Map((await townsInOrder(ctx.db)).map((u) => [u.code, u.name] as const));
  const data = await xlsxOf(
    '检查台账',
    [
      { header: '检查编号', width: 16, cell: (r) => r.code },
      { header: '类型', width: 16, cell: (r) => KIND_LABELS[r.kind].zh },
      { header: '名称', width: 30, cell: (r) => r.title },
      { header: '被检查单位', width: 28, cell: (r) => r.enterprise_name },
      { header: '园区', width: 24, cell: (r) => r.park_name },
      { header: '镇街', width: 12, cell: (r) => towns.get(r.town_code) ?? r.town_code },
      { header: '执法人员', width: 20, cell: (r) => r.officers.map((o) => o.name).join('、') },
      { header: '状态', width: 12, cell: (r) => STATE_LABELS[r.state].zh },
      { header: '检查项', width: 8, cell: (r) => r.items_total },
      { header: '不符合项', width: 8, cell: (r) => r.items_failed },
      { header: '开始时间', width: 18, cell: (r) => cellMinute(r.started_at?.toISOString()) },
      { header: '完成时间', width: 18, cell: (r) => cellMinute(r.completed_at?.toISOString()) },
      { header: '整改期限', width: 12, cell: (r) => r.rectify_deadline ?? '' },
      { header: '登记人', width: 12, cell: (r) => r.created_by_name },
    ],
    named,
  );
  await withTx(ctx, (c) => audit(c.db, c, { action: 'inspection.export', resourceType: 'inspection', detail: { filter: f, rows: rows.length } }));
  return data;
}

// ── 现场检查记录 / 责令限期整改指令书 ──────────────────────────────────────────────────────────────────

type InspectionDocumentKind = 'site_inspection_record' | 'rectification_order';

const ORDER_REFUSED = () =>
  conflict(
    'NO_ORDER',
    '只有发现问题并已确定整改期限的执法检查，在被检查单位签字后才出具责令限期整改指令书',
    'Only a signed enforcement inspection with findings and a deadline has an order',
  );

/** The officers as the documents name them. */
const officersText = (r: InspectionRow) => r.officers.map((o) => `${o.name}（执法证号 ${o.licenceNumber}）`).join('、') || (r.created_by_name ?? '');

/** The template data of both documents (the tags of shared/documents.ts), from the record as it is now. */
async function documentData(ctx: Ctx, r: InspectionRow): Promise<Record<InspectionDocumentKind, Record<string, string | string[]>>> {
  const [[named], items] = await Promise.all([withOwnerNames(ctx.db, [r]), itemsOf(ctx, r.id)]);
  const hazardIds = items.flatMap((i) => (i.hazard_id ? [i.hazard_id] : []));
  const hazards = new Map((await hazardSummaries(ctx, hazardIds)).map((h) => [h.id, h.code]));
  const findings = items.map((it) =>
    [
      `${it.seq}. ${it.content}【${it.result ? RESULT_LABELS[it.result].zh : '未检查'}】${it.major ? '（重大隐患判定项）' : ''}`,
      it.basis && `　依据：${it.basis}`,
      it.note && `　现场情况：${it.note}`,
      it.photo_ids.length > 0 && `　现场照片 ${it.photo_ids.length} 张`,
      it.hazard_id && hazards.has(it.hazard_id) && `　已转入隐患闭环：${hazards.get(it.hazard_id)}`,
    ]
      .filter(Boolean)
      .join('\n'),
  );
  const signed = r.signer_name ? `被检查单位签字：${r.signer_name}（电子签名）　${cellMinute(r.signed_at)}` : '被检查单位签字：＿＿＿＿＿＿＿＿';
  const enterprise = named.enterprise_name ?? named.park_name ?? '';
  const failed = items.filter((i) => i.result === 'fail');
  return {
    site_inspection_record: {
      enterprise,
      address: [named.park_name && `园区：${named.park_name}`, r.lon !== null && r.lat !== null && `坐标：${r.lon.toFixed(6)}, ${r.lat.toFixed(6)}`]
        .filter(Boolean)
        .join('；'),
      time: `${cellMinute(r.started_at)} 至 ${cellMinute(r.completed_at)}`,
      officers: officersText(r),
      findings: [
        `检查编号：${r.code}（${KIND_LABELS[r.kind].zh}）`,
        `现场负责人：${r.representative_name ?? r.leader_name ?? ''}`,
        ...(r.summary ? [`检查情况：${r.summary}`] : []),
        ...findings,
        signed,
      ].join('\n'),
      // Pictures by file id (the engine embeds them when the document is rendered).
      photos: items.flatMap((i) => i.photo_ids),
      signature: r.signature_file_id ? [r.signature_file_id] : [],
    },
    rectification_order: {
      enterprise,
      problems: failed.map((i, n) => `${n + 1}. ${i.content}${i.note ? `（${i.note}）` : ''}${i.basis ? `，违反了${i.basis}的规定` : ''}。`).join('\n'),
      deadline: r.rectify_deadline ?? '',
      officers: officersText(r),
    },
  };
}

const hasOrder = (r: InspectionRow) => r.kind === 'enforcement' && r.items_failed > 0 && !!r.rectify_deadline;

/**
 * Issue the 现场检查记录 (and the 责令限期整改指令书 when something failed) of a just-signed enforcement
 * inspection, in the signing transaction: a rolled-back signature gives its numbers back.
 */
export async function issueInspectionDocuments(ctx: Ctx, r: InspectionRow): Promise<void> {
  const data = await documentData(ctx, r);
  const kinds: InspectionDocumentKind[] = hasOrder(r) ? ['site_inspection_record', 'rectification_order'] : ['site_inspection_record'];
  for (const kind of kinds)
    await issueDocument(ctx, {
      kind,
      aggregate: 'inspection',
      aggregateId: r.id,
      jurisdictionCode: r.jurisdiction_code,
      unitCode: r.officers[0]?.unitCode ?? r.town_code,
      title: `${DOCUMENT_KINDS[kind].name}（${r.code}）`,
      data: data[kind],
    });
}

/** An inspection's document of `kind`: the issued one, or (not issued yet) the record's preview; an order only issued. */
async function inspectionDocument(caller: Ctx, id: string, kind: InspectionDocumentKind): Promise<{ fileName: string; data: Buffer }> {
  requirePermission(caller, 'inspection:read');
  const ctx = await asOfficer(caller, id);
  const r = await findInspection(ctx, id);
  assertInScope(ctx, r, inspectionNotFound);
  // Read here, not through renderDocument: the inspection's scope (an enterprise sees its own) is the documents'.
  const issued = await ctx.db
    .selectFrom('documents')
    .select(['number', 'title', 'data'])
    .where('aggregate', '=', 'inspection')
    .where('aggregate_id', '=', r.id)
    .where('kind', '=', kind)
    .executeTakeFirst();
  if (!issued && kind === 'rectification_order') throw ORDER_REFUSED();
  const { data: template } = await templateBytes(ctx, kind);
  if (issued) return { fileName: `${issued.title}-${issued.number}.docx`, data: await renderTemplate(template, await withPictures(ctx, kind, issued.data)) };
  const preview = { ...(await documentData(ctx, r))[kind], number: `${r.code}（未编文号）` };
  return { fileName: `${DOCUMENT_KINDS[kind].name}-${r.code}.docx`, data: await renderTemplate(template, await withPictures(ctx, kind, preview)) };
}

/** 现场检查记录: who, where, when, each item with its result, the officers and the enterprise's signature. */
export const recordDocx = (ctx: Ctx, id: string) => inspectionDocument(ctx, id, 'site_inspection_record');

/** 责令限期整改指令书: the failed items and the deadline of a signed enforcement inspection that found something. */
export const orderDocx = (ctx: Ctx, id: string) => inspectionDocument(ctx, id, 'rectification_order');
