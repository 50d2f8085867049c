// The two halves every paged list repeats: a search box over a few text columns (user text matched literally),
// and one page of a filtered query with its capped count (pagination.ts countCapped). A repo builds the
// filtered query, then hands fetchPage how to select and order its rows.
import type { ReferenceExpression, SelectQueryBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Tx } from './jobs/jobs.ts';
import { type CappedCount, countCapped } from './pagination.ts';
import { containsLike } from './sql.ts';

/** `qb` narrowed to rows where any of `columns` contains `term` (LIKE, wildcards literal); unchanged without a term. */
export function whereContains<D, TB extends keyof D, O>(
  qb: SelectQueryBuilder<D, TB, O>,
  term: string | undefined,
  columns: readonly ReferenceExpression<D, TB>[],
): SelectQueryBuilder<D, TB, O> {
  if (!term) return qb;
  const pattern = containsLike(term);
  return qb.where((eb) => eb.or(columns.map((c) => eb(c, 'like', pattern))));
}

/**
 * Page `at` (1-based) of a filtered query: the count of its matches (capped) and the rows `rows(base)` selects
 * and orders, `at.pageSize` of them. `base` has no columns selected yet (countCapped counts it as it is).
 */
// biome-ignore lint/suspicious/noExplicitAny: any filtered query over the schema
export async function fetchPage<B extends SelectQueryBuilder<DB, any, object>, O>(
  db: Tx,
  base: B,
  // biome-ignore lint/suspicious/noExplicitAny: the rows' query may join more tables
  rows: (base: B) => SelectQueryBuilder<DB, any, O>,
  at: { page: number; pageSize: number },
): Promise<{ count: CappedCount; items: O[] }> {
  const count = await countCapped(db, base);
  const items = await rows(base)
    .limit(at.pageSize)
    .offset((at.page - 1) * at.pageSize)
    .execute();
  return { count, items };
}
