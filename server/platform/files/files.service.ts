// The platform file store: photos and attachments in the database (bytea), sniffed by content (magic
// bytes, never the client's claimed type), with sha256, uploader and the jurisdiction that may read it.
import { createHash } from 'node:crypto';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { v7 } from 'uuid';
import { assertInScope, requireJurisdiction, scopedFrom } from '../access.ts';
import { type Ctx, withTx } from '../context.ts';
import { AppError, fieldError, notFound } from '../errors.ts';
import type { Tx } from '../jobs/jobs.ts';
import { refuseNul } from '../validation.ts';

export type FileKind = 'image' | 'document';

const DOCUMENT_MIMES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

export interface UploadedPart {
  field: string;
  filename: string;
  data: Buffer;
}

export interface StoredFile {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
}

export const fileTooLarge = (field: string, maxMb: number) =>
  new AppError('FILE_TOO_LARGE', 413, `文件过大：单个文件不能超过 ${maxMb} MB`, `File too large: at most ${maxMb} MB per file`, [
    { field, message: `不能超过 ${maxMb} MB`, messageEn: `must be at most ${maxMb} MB` },
  ]);

/** Check what a buffer really is. Throws a 400 naming the field when it is not of the wanted kind. */
export async function sniff(part: UploadedPart, kind: FileKind): Promise<string> {
  const type = await fileTypeFromBuffer(part.data);
  const mime = type?.mime ?? 'application/octet-stream';
  if (mime.startsWith('image/') && mime !== 'image/svg+xml') return mime;
  if (kind === 'document' && DOCUMENT_MIMES.has(mime)) return mime;
  if (kind === 'image') {
    throw new AppError('NOT_AN_IMAGE', 400, `“${part.filename}”不是图片（仅接受 JPEG、PNG、WebP 等图片）`, `"${part.filename}" is not an image`, [
      { field: part.field, message: '不是图片文件', messageEn: 'is not an image' },
    ]);
  }
  throw new AppError(
    'UNSUPPORTED_FILE_TYPE',
    400,
    `“${part.filename}”的文件类型不被接受（图片、PDF、Word、Excel）`,
    `"${part.filename}" has an unsupported type`,
    [{ field: part.field, message: '文件类型不被接受', messageEn: 'has an unsupported type' }],
  );
}

/** Store already-sniffed content in the caller's transaction. */
export async function insertFile(
  trx: Tx,
  f: { filename: string; mime: string; data: Buffer; uploadedBy: string | null; jurisdictionCode: string; at: Date },
): Promise<StoredFile> {
  const id = v7();
  const sha256 = createHash('sha256').update(f.data).digest('hex');
  // Path separators and control characters never reach a Content-Disposition header.
  const filename =
    [...f.filename]
      .map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 32 ? '_' : c))
      .join('')
      .slice(0, 200) || 'file';
  await trx
    .insertInto('files')
    .values({
      id,
      filename,
      mime: f.mime,
      size: f.data.length,
      sha256,
      data: f.data,
      uploaded_by: f.uploadedBy,
      jurisdiction_code: f.jurisdictionCode,
      created_at: f.at,
    })
    .execute();
  return { id, filename, mime: f.mime, size: f.data.length, sha256 };
}

/** Read a whole multipart request: text fields and file parts (buffered, each within the size limit). */
export async function readMultipart(req: FastifyRequest, maxMb: number, maxFiles = 10): Promise<{ fields: Record<string, string>; files: UploadedPart[] }> {
  if (!req.isMultipart()) {
    throw new AppError('MULTIPART_REQUIRED', 415, '请以 multipart/form-data 上传', 'Upload as multipart/form-data');
  }
  const fields: Record<string, string> = {};
  const files: UploadedPart[] = [];
  let current = 'file';
  try {
    for await (const part of req.parts({ limits: { fileSize: maxMb * 1024 * 1024, files: maxFiles, fields: 50, fieldSize: 100_000 } })) {
      if (part.type === 'file') {
        current = part.fieldname;
        const data = await (part as MultipartFile).toBuffer();
        if (data.length === 0) throw fieldError(part.fieldname, '文件为空', 'is empty');
        refuseNul(`body.${part.fieldname}`, part.filename);
        files.push({ field: part.fieldname, filename: part.filename || 'file', data });
      } else {
        fields[part.fieldname] = String(part.value ?? '');
        refuseNul(`body.${part.fieldname}`, fields[part.fieldname]);
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(current, maxMb);
    if (code === 'FST_FILES_LIMIT') throw fieldError(current, `最多 ${maxFiles} 个文件`, `at most ${maxFiles} files`);
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw fieldError('body', '字段过多', 'has too many fields');
    throw e;
  }
  return { fields, files };
}

/** POST /api/files: one or more files, stored under the actor's (or a covered) jurisdiction. */
export async function uploadFiles(ctx: Ctx, parts: UploadedPart[], opts: { kind: FileKind; jurisdictionCode?: string }): Promise<StoredFile[]> {
  if (parts.length === 0) throw fieldError('file', '请选择文件', 'is required');
  const code = opts.jurisdictionCode ?? ctx.actor.jurisdictions[0];
  await requireJurisdiction(ctx, code, 'jurisdiction');
  const mimes: string[] = [];
  for (const p of parts) mimes.push(await sniff(p, opts.kind));
  const at = ctx.deps.clock.now();
  return withTx(ctx, async (c) => {
    const out: StoredFile[] = [];
    for (const [i, p] of parts.entries()) {
      out.push(await insertFile(c.db, { filename: p.filename, mime: mimes[i], data: p.data, uploadedBy: ctx.actor.id, jurisdictionCode: code, at }));
    }
    return out;
  });
}

export async function getFile(ctx: Ctx, id: string) {
  const row = await scopedFrom(ctx, 'files').selectAll().where('id', '=', id).executeTakeFirst();
  assertInScope(ctx, row, () => notFound('文件', 'File'));
  return row;
}

/** Metadata of files in scope (used by modules to show thumbnails of ids they hold). */
export async function filesMeta(ctx: Ctx, ids: string[]) {
  if (ids.length === 0) return [];
  return scopedFrom(ctx, 'files').select(['id', 'filename', 'mime', 'size', 'sha256', 'created_at']).where('id', 'in', ids).execute();
}
