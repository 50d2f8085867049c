// What other modules may call of the cases module: a case named by a write, checked like any reference.
import { requireVisible, type ReferencedRow } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';

/** A case the caller may see, with the words a person reads for it ("AJ20260090001 某公司未消除隐患案"). */
export async function requireCase(ctx: Ctx, id: string, field: string): Promise<ReferencedRow & { label: string }> {
  const ref = await requireVisible(ctx, 'cases', id, field);
  const row = await ctx.db.selectFrom('cases').select(['code', 'title']).where('id', '=', ref.id).executeTakeFirstOrThrow();
  return { ...ref, label: `${row.code} ${row.title}` };
}

/** For demo seeds of other modules: the first `limit` cases filed in a town (or one of its villages), oldest first. */
export const seedCaseSample = (db: Tx, limit: number) =>
  db
    .selectFrom('cases')
    .select(['id', 'jurisdiction_code'])
    .where((eb) => eb.fn('length', ['jurisdiction_code']), '>=', 9)
    .orderBy('filed_at')
    .limit(limit)
    .execute();
