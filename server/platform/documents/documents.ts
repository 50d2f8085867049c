// The document engine: numbered documents (执法文书) issued inside the transaction of the step that issues them,
// rendered as .docx from a template an administrator may replace (easy-template-x over the shipped default).
//
// Numbering (文号) is per issuing unit, series and year, without gaps: the counter row is locked FOR UPDATE in
// the issuing transaction, so two concurrent issues wait for each other and a rolled-back step gives its number
// back. A document keeps the data it was issued with; the download renders that data with the current template.
// Used by enforcement cases and field inspections (the kinds: shared/documents.ts).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { type ImageContent, type TemplateData, TemplateHandler } from 'easy-template-x';
import { v7 } from 'uuid';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentKindSpec, documentNumber } from '../../../shared/documents.ts';
import { fmtDate } from '../../../shared/time.ts';
import { assertInScope, requirePermission, scopedFrom } from '../access.ts';
import { audit } from '../audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { fittedPicture, pictureNamed } from '../docx.ts';
import { AppError, fieldError, notFound } from '../errors.ts';
import { insertFile, type UploadedPart } from '../files/files.service.ts';
import { DISTRICT_CODE } from '../orgs/orgs.service.ts';

export const TEMPLATE_DIR = path.join(import.meta.dirname, 'templates');
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const isDocumentKind = (k: string): k is DocumentKind => k in DOCUMENT_KINDS;
const documentNotFound = () => notFound('文书', 'Document');

/** The Beijing-time year of an instant (a document issued at 2027-01-01 00:30 CST belongs to 2027). */
export const yearOf = (at: Date) => Number(fmtDate(at).slice(0, 4));

/** The 文号 prefix of an issuing unit: the bureau 海应急, a town 石碶应急 (its short name, or its name less 街道/镇). */
export async function unitPrefix(ctx: Ctx, unitCode: string): Promise<{ prefix: string; unitName: string }> {
  const u = await ctx.db.selectFrom('org_units').select(['name', 'short_name', 'kind']).where('code', '=', unitCode).executeTakeFirst();
  if (!u || unitCode === DISTRICT_CODE || u.kind === 'district') return { prefix: '海应急', unitName: '宁波市海曙区应急管理局' };
  const short = u.short_name ?? u.name.replace(/(街道|镇|乡)$/, '');
  return { prefix: `${short}应急`, unitName: `${u.name}应急管理所` };
}

/**
 * The next number of a series, counted per unit and year: the counter row is created if missing and locked
 * FOR UPDATE in ctx's transaction (call inside withTx).
 */
export async function nextNumber(ctx: Ctx, unitCode: string, series: string, year: number): Promise<number> {
  await ctx.db
    .insertInto('document_counters')
    .values({ unit_code: unitCode, series, year })
    .onConflict((oc) => oc.columns(['unit_code', 'series', 'year']).doNothing())
    .execute();
  const row = await ctx.db
    .selectFrom('document_counters')
    .select('last_number')
    .where('unit_code', '=', unitCode)
    .where('series', '=', series)
    .where('year', '=', year)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const seq = row.last_number + 1;
  await ctx.db
    .updateTable('document_counters')
    .set({ last_number: seq })
    .where('unit_code', '=', unitCode)
    .where('series', '=', series)
    .where('year', '=', year)
    .execute();
  return seq;
}

export interface IssueInput {
  kind: DocumentKind;
  aggregate: string;
  aggregateId: string;
  jurisdictionCode: string;
  /** The issuing unit (its prefix and its counter). */
  unitCode: string;
  title: string;
  data: Record<string, unknown>;
}

export interface IssuedDocument {
  id: string;
  kind: DocumentKind;
  number: string;
}

/** Issue a numbered document in ctx's transaction (the step that issues it). */
export async function issueDocument(ctx: Ctx, input: IssueInput): Promise<IssuedDocument> {
  return withTx(ctx, async (c) => {
    const spec = DOCUMENT_KINDS[input.kind];
    const now = c.deps.clock.now();
    const year = yearOf(now);
    const { prefix, unitName } = await unitPrefix(c, input.unitCode);
    const seq = await nextNumber(c, input.unitCode, spec.series, year);
    const number = documentNumber(prefix, spec.series, year, seq);
    const id = v7();
    const data = { ...input.data, number, unitName, issuedDate: fmtDate(now) };
    await c.db
      .insertInto('documents')
      .values({
        id,
        kind: input.kind,
        aggregate: input.aggregate,
        aggregate_id: input.aggregateId,
        jurisdiction_code: input.jurisdictionCode,
        unit_code: input.unitCode,
        series: spec.series,
        year,
        seq,
        number,
        title: input.title,
        data: JSON.stringify(data),
        issued_by: c.actor.id.startsWith('00000000-') ? null : c.actor.id,
        issued_by_name: c.actor.displayName,
        issued_at: now,
      })
      .execute();
    return { id, kind: input.kind, number };
  });
}

/** The documents issued for one record, oldest first (what a detail page lists). */
export function documentsOf(ctx: Ctx, aggregate: string, aggregateId: string) {
  return ctx.db
    .selectFrom('documents')
    .select(['id', 'kind', 'number', 'title', 'issued_at', 'issued_by_name'])
    .where('aggregate', '=', aggregate)
    .where('aggregate_id', '=', aggregateId)
    .orderBy('issued_at')
    .orderBy('id')
    .execute();
}

/** The template in force for a kind: the administrator's replacement, or the shipped default. */
export async function templateBytes(ctx: Pick<Ctx, 'db'>, kind: DocumentKind): Promise<{ data: Buffer; custom: boolean }> {
  const row = await ctx.db
    .selectFrom('document_templates')
    .innerJoin('files', 'files.id', 'document_templates.file_id')
    .select('files.data')
    .where('document_templates.kind', '=', kind)
    .executeTakeFirst();
  if (row) return { data: Buffer.from(row.data), custom: true };
  return { data: fs.readFileSync(path.join(TEMPLATE_DIR, `${kind}.docx`)), custom: false };
}

/**
 * A kind's stored data made ready for its template: each picture tag's file ids become pictures fitted to the
 * page (a file Word cannot show, or one the reader cannot see, is named instead).
 */
export async function withPictures(ctx: Ctx, kind: DocumentKind, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const images = (DOCUMENT_KINDS[kind] as DocumentKindSpec).images ?? [];
  const out = { ...data };
  for (const { tag } of images) {
    const ids = Array.isArray(data[tag]) ? (data[tag] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
    out[tag] = await Promise.all(
      ids.map(async (id) => {
        const { filename, picture } = await fittedPicture(ctx, id);
        if (!picture) return { picture: pictureNamed(filename) };
        const image: ImageContent = {
          _type: 'image',
          source: picture.data,
          format: picture.mime as ImageContent['format'],
          width: picture.width,
          height: picture.height,
          altText: filename,
        };
        return { picture: image };
      }),
    );
  }
  return out;
}

/** Render a template with data (tags the data lacks come out empty). */
export async function renderTemplate(template: Buffer, data: Record<string, unknown>): Promise<Buffer> {
  const handler = new TemplateHandler();
  return Buffer.from(await handler.process(template, data as TemplateData));
}

/** An issued document as .docx, if the caller may read it (its kind's permission; its record's jurisdiction). */
export async function renderDocument(ctx: Ctx, id: string): Promise<{ fileName: string; data: Buffer }> {
  const doc = await scopedFrom(ctx, 'documents').selectAll().where('id', '=', id).executeTakeFirst();
  assertInScope(ctx, doc, documentNotFound);
  if (!isDocumentKind(doc.kind)) throw documentNotFound();
  requirePermission(ctx, DOCUMENT_KINDS[doc.kind].permission);
  const { data } = await templateBytes(ctx, doc.kind);
  return { fileName: `${doc.title}-${doc.number}.docx`, data: await renderTemplate(data, await withPictures(ctx, doc.kind, doc.data)) };
}

// ── templates (administrators) ─────────────────────────────────────────────────────────────────────

export async function listTemplates(ctx: Ctx) {
  requirePermission(ctx, 'enforcement:read');
  const rows = await ctx.db.selectFrom('document_templates').selectAll().execute();
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return {
    items: (Object.entries(DOCUMENT_KINDS) as [DocumentKind, (typeof DOCUMENT_KINDS)[DocumentKind]][]).map(([kind, spec]) => {
      const r = byKind.get(kind);
      return {
        kind,
        name: spec.name,
        series: spec.series,
        custom: !!r,
        note: r?.note ?? '',
        updatedAt: r ? r.updated_at.toISOString() : null,
        fields: [{ tag: 'number', label: '文号' }, ...spec.fields, { tag: 'unitName', label: '发文单位' }, { tag: 'issuedDate', label: '发文日期' }].map(
          (f) => ({ ...f }),
        ),
        partyFields: 'parties' in spec ? spec.parties.map((f) => ({ ...f })) : [],
      };
    }),
  };
}

export async function templateFile(ctx: Ctx, kind: string): Promise<{ fileName: string; data: Buffer }> {
  requirePermission(ctx, 'enforcement:read');
  if (!isDocumentKind(kind)) throw notFound('文书模板', 'Template');
  const { data } = await templateBytes(ctx, kind);
  return { fileName: `${DOCUMENT_KINDS[kind].name}模板.docx`, data };
}

const badTemplate = (why: string) =>
  new AppError('BAD_TEMPLATE', 400, `模板无法使用：${why}`, `The template cannot be used: ${why}`, [
    { field: 'file', message: `模板无法使用：${why}`, messageEn: 'unusable template' },
  ]);

/** Replace a kind's template with an uploaded .docx (it must render with sample data first). */
export async function replaceTemplate(ctx: Ctx, kind: string, files: UploadedPart[], note: string): Promise<{ kind: string }> {
  requirePermission(ctx, 'document:template');
  if (!isDocumentKind(kind)) throw notFound('文书模板', 'Template');
  const part = files[0];
  if (!part) throw fieldError('file', '请选择 .docx 模板文件', 'is required');
  if (part.data.subarray(0, 2).toString('latin1') !== 'PK') throw badTemplate('不是 .docx 文件');
  const spec = DOCUMENT_KINDS[kind];
  const sample: Record<string, unknown> = Object.fromEntries(spec.fields.map((f) => [f.tag, f.label]));
  if ('parties' in spec) sample.parties = [Object.fromEntries(spec.parties.map((f) => [f.tag, f.label]))];
  try {
    await renderTemplate(part.data, sample);
  } catch (e) {
    throw badTemplate((e as Error).message.slice(0, 120));
  }
  return withTx(ctx, async (c) => {
    const stored = await insertFile(c.db, {
      filename: part.filename || `${kind}.docx`,
      mime: DOCX_MIME,
      data: part.data,
      uploadedBy: c.actor.id,
      jurisdictionCode: DISTRICT_CODE,
      at: c.deps.clock.now(),
    });
    const before = await c.db.selectFrom('document_templates').selectAll().where('kind', '=', kind).executeTakeFirst();
    await c.db
      .insertInto('document_templates')
      .values({ kind, file_id: stored.id, note: note.trim(), updated_by: c.actor.id, updated_at: c.deps.clock.now() })
      .onConflict((oc) => oc.column('kind').doUpdateSet({ file_id: stored.id, note: note.trim(), updated_by: c.actor.id, updated_at: sql`now()` }))
      .execute();
    await audit(c.db, c, {
      action: 'document.template.replace',
      resourceType: 'document_template',
      resourceId: kind,
      before: before ? { fileId: before.file_id } : { default: true },
      after: { fileId: stored.id, sha256: stored.sha256, note },
    });
    return { kind };
  });
}

/** Go back to the shipped default template. */
export async function resetTemplate(ctx: Ctx, kind: string): Promise<void> {
  requirePermission(ctx, 'document:template');
  if (!isDocumentKind(kind)) throw notFound('文书模板', 'Template');
  await withTx(ctx, async (c) => {
    const gone = await c.db.deleteFrom('document_templates').where('kind', '=', kind).returningAll().executeTakeFirst();
    if (!gone) throw notFound('自定义模板', 'Custom template');
    await audit(c.db, c, {
      action: 'document.template.reset',
      resourceType: 'document_template',
      resourceId: kind,
      before: { fileId: gone.file_id },
      after: { default: true },
    });
  });
}
