// What other modules may call of the cases module: a case named by a write, checked like any reference.
import { requireVisible, type ReferencedRow } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { caseLabelRow } from './cases.repo.ts';

export { seedCaseSample } from './cases.repo.ts';

/** A case the caller may see, with the words a person reads for it ("AJ20260090001 某公司未消除隐患案"). */
export async function requireCase(ctx: Ctx, id: string, field: string): Promise<ReferencedRow & { label: string }> {
  const ref = await requireVisible(ctx, 'cases', id, field);
  const row = await caseLabelRow(ctx, ref.id);
  return { ...ref, label: `${row.code} ${row.title}` };
}
