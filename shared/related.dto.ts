// What other modules hold about one enterprise (一企一档): each module answers its own section — counts with
// links to its filtered list, and the latest records — so the enterprise page shows hazards, devices and
// alarms (and, as they land, inspections and cases) without the registry reading their tables.
import { type Static, Type } from 'typebox';

const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);

export const RelatedStat = Type.Object({
  label: Label,
  value: Type.Integer(),
  capped: Type.Boolean(),
  tone: Type.Union([Type.Literal('danger'), Type.Literal('warning'), Type.Literal('default')]),
  href: Type.String(),
});
export const RelatedItem = Type.Object({
  title: Type.String(),
  subtitle: Nullable(Type.String()),
  tag: Type.Union([Type.Null(), Label]),
  tagColor: Nullable(Type.String()),
  at: Nullable(Type.String({ format: 'date-time' })),
  href: Type.String(),
});
export const RelatedSection = Type.Object({
  module: Type.String(),
  key: Type.String(),
  title: Label,
  stats: Type.Array(RelatedStat),
  items: Type.Array(RelatedItem),
  href: Type.String(),
});
export type RelatedSection = Static<typeof RelatedSection>;
export type RelatedStat = Static<typeof RelatedStat>;
export type RelatedItem = Static<typeof RelatedItem>;

export const Related = Type.Object({ sections: Type.Array(RelatedSection) });
export type Related = Static<typeof Related>;
