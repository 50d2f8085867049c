// Pieces every .docx a module writes uses (the 一患一档 dossier, the inspection record and its rectification
// order): a two-column key/value table and a record's photos as pictures, each fitted to the page.
import { ImageRun, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { imageSize } from 'image-size';
import type { Ctx } from './context.ts';
import { AppError } from './errors.ts';
import { getFile } from './files/files.service.ts';

/** A two-column table: the label in bold on the left, the value (— when empty) on the right. */
export const kvTable = (pairs: [string, string][]) =>
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

// The picture types Word shows inline; a WebP or HEIC photo is named instead (it stays viewable in the app).
const DOCX_IMAGE = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/bmp': 'bmp' } as const;
const PHOTO_MAX_PX = 420; // about 11 cm on an A4 page

/** A stored picture fitted to `maxPx` (keeping its shape), or only its name: a type Word cannot show inline,
 * a damaged image, or a file the reader cannot see is named, not embedded (it stays viewable in the app). */
export async function fittedPicture(
  ctx: Ctx,
  id: string,
  maxPx = PHOTO_MAX_PX,
): Promise<{ filename: string; picture?: { type: (typeof DOCX_IMAGE)[keyof typeof DOCX_IMAGE]; mime: string; data: Buffer; width: number; height: number } }> {
  let f: Awaited<ReturnType<typeof getFile>>;
  try {
    f = await getFile(ctx, id);
  } catch (e) {
    // Missing or outside the reader's scope (one 404): named by its id. Anything else (the database) is an error.
    if (e instanceof AppError && e.status === 404) return { filename: id };
    throw e;
  }
  const type = DOCX_IMAGE[f.mime as keyof typeof DOCX_IMAGE];
  let size: { width: number; height: number } | undefined;
  try {
    size = type ? imageSize(f.data) : undefined;
  } catch {
    size = undefined;
  }
  if (!type || !size) return { filename: f.filename };
  const scale = Math.min(1, maxPx / Math.max(size.width, size.height));
  const data = Buffer.from(f.data);
  return { filename: f.filename, picture: { type, mime: f.mime, data, width: Math.round(size.width * scale), height: Math.round(size.height * scale) } };
}

/** The line a picture that is not embedded leaves in a document. */
export const pictureNamed = (filename: string) => `〔照片：${filename}，请在系统中查看〕`;

/** The photos as pictures in the document, each at most `maxPx` wide or tall, keeping its shape. */
export async function photoParagraphs(ctx: Ctx, ids: readonly string[], maxPx = PHOTO_MAX_PX): Promise<Paragraph[]> {
  const out: Paragraph[] = [];
  for (const id of ids) {
    const { filename, picture } = await fittedPicture(ctx, id, maxPx);
    if (!picture) {
      out.push(new Paragraph({ children: [new TextRun({ text: pictureNamed(filename), italics: true, size: 20 })] }));
      continue;
    }
    out.push(
      new Paragraph({
        children: [
          new ImageRun({
            type: picture.type,
            data: picture.data,
            transformation: { width: picture.width, height: picture.height },
            altText: { title: filename, description: filename, name: filename },
          }),
        ],
      }),
    );
  }
  return out;
}
