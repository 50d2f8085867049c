// Response schemas of the document engine: issued documents (a record's list) and the templates.
import { type Static, Type } from 'typebox';
import { Instant, Items, Nullable } from './dto.ts';

export const IssuedDocument = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  kindName: Type.String(),
  number: Type.String(),
  title: Type.String(),
  issuedAt: Instant,
  issuedBy: Type.String(),
});
export type IssuedDocument = Static<typeof IssuedDocument>;

const TemplateField = Type.Object({ tag: Type.String(), label: Type.String() });
export const DocumentTemplate = Type.Object({
  kind: Type.String(),
  name: Type.String(),
  series: Type.String(),
  custom: Type.Boolean(),
  note: Type.String(),
  updatedAt: Nullable(Instant),
  fields: Type.Array(TemplateField),
  partyFields: Type.Array(TemplateField),
});
export type DocumentTemplate = Static<typeof DocumentTemplate>;
export const DocumentTemplates = Items(DocumentTemplate);
export const TemplateReplaced = Type.Object({ kind: Type.String() });
