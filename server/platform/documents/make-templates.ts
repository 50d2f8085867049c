// Writes the default .docx templates (server/platform/documents/templates/<kind>.docx) from the catalogue in
// shared/documents.ts, with the docx package. Run once when a kind or its fields change, and commit the files:
//   npx tsx server/platform/documents/make-templates.ts
// An administrator replaces any of them through /api/documents/templates/:kind (same tags).
import fs from 'node:fs';
import path from 'node:path';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { DOCUMENT_KINDS, type DocumentField, type DocumentKindSpec } from '../../../shared/documents.ts';

const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
const line = (text: string, opts: { bold?: boolean; size?: number; center?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: opts.bold, size: opts.size ?? 24, font: FONT })],
  });
const field = (f: DocumentField) => line(`${f.label}：{${f.tag}}`);

export function templateDocument(spec: DocumentKindSpec): Document {
  const children = [
    line('宁波市海曙区应急管理局', { center: true, size: 32, bold: true }),
    line(spec.name, { center: true, size: 36, bold: true }),
    line('{number}', { center: true }),
    ...spec.fields.map(field),
  ];
  if (spec.parties) {
    children.push(line('{#parties}'), line('当事人{index}', { bold: true }), ...spec.parties.map(field), line('{/parties}'));
  }
  for (const f of spec.images ?? []) children.push(line(`${f.label}：`), line(`{#${f.tag}}{picture}{/${f.tag}}`));
  for (const t of spec.text ?? []) children.push(line(t));
  children.push(line('{unitName}    {issuedDate}', { center: false }));
  return new Document({ sections: [{ children }] });
}

export const TEMPLATE_DIR = path.join(import.meta.dirname, 'templates');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  for (const [kind, spec] of Object.entries(DOCUMENT_KINDS)) {
    const buf = await Packer.toBuffer(templateDocument(spec));
    fs.writeFileSync(path.join(TEMPLATE_DIR, `${kind}.docx`), buf);
    console.log(`${kind}.docx ${buf.length} bytes`);
  }
}
