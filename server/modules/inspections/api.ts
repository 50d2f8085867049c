// What other modules may call of the inspections module: an inspection named by a write, checked like any reference.
import { requireVisible, type ReferencedRow } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { OfficerSnapshot } from './inspections.tables.ts';

export interface InspectionRef extends ReferencedRow {
  /** "JC2026… 某公司执法检查": the words a person reads for it. */
  label: string;
  state: string;
  /** Its officers as checked when it was made (行政处罚法 §42). */
  officers: OfficerSnapshot[];
}

/** An inspection the caller may see (a missing one and one outside the scope alike: a field error, or `notFound`). */
export async function requireInspection(ctx: Ctx, id: string, field: string, opts: { notFound?: () => Error } = {}): Promise<InspectionRef> {
  const ref = await requireVisible(ctx, 'inspections', id, field, opts);
  const row = await ctx.db.selectFrom('inspections').select(['code', 'title', 'state', 'officers']).where('id', '=', ref.id).executeTakeFirstOrThrow();
  return { ...ref, label: `${row.code} ${row.title}`, state: row.state, officers: row.officers };
}
