// Paged lists: one count with a cap. An exact count of 100,000 matches costs more than the page itself
// (PGlite has no index-only scans without vacuum), so lists count at most COUNT_CAP matches and say
// "more than" through `capped`; district totals come from the stats endpoints. A repo builds a list's filtered
// query (whereContains for its search box), then hands fetchPage how to select and order the page's rows.
import { type ReferenceExpression, type SelectQueryBuilder, sql } from 'kysely';
import type { PageOf } from '../../shared/dto.ts';
import type { DB } from '../db/schema.ts';
import type { Tx } from './jobs/jobs.ts';
import { containsLike } from './sql.ts';

export const COUNT_CAP = 10_000;

export interface CappedCount {
  /** Matches, counted no further than COUNT_CAP. */
  total: number;
  /** True when there are more than COUNT_CAP matches. */
  capped: boolean;
}

/** Count the rows a filtered query (no columns selected, no ordering) would return, up to COUNT_CAP. */
// biome-ignore lint/suspicious/noExplicitAny: any filtered query over the schema
export async function countCapped(db: Tx, base: SelectQueryBuilder<DB, any, object>, cap = COUNT_CAP): Promise<CappedCount> {
  const { n } = await db
    .selectFrom(
      base
        .select(sql.lit(1).as('one'))
        .limit(cap + 1)
        .as('matches'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(n);
  return { total: Math.min(count, cap), capped: count > cap };
}

/** A list's answer in the API's shape (`{ items, total, totalCapped, page, pageSize }`, shared/dto.ts `Page`). */
export function pageOf<T>(count: CappedCount, items: T[], at: { page: number; pageSize: number }): PageOf<T> {
  return { items, total: count.total, totalCapped: count.capped, page: at.page, pageSize: at.pageSize };
}

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
