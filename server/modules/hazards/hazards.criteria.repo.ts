// SQL for the criteria catalogue (判定标准): standards, clauses, and writing an imported standard.
import { sql } from 'kysely';
import { v7 } from 'uuid';
import type { ClauseCategory } from '../../../shared/hazards.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { columnsOf, containsLike } from '../../platform/sql.ts';

export function standardsWithCounts(db: Tx) {
  return db
    .selectFrom('hazard_standards')
    .leftJoin('hazard_clauses', 'hazard_clauses.standard_id', 'hazard_standards.id')
    .select([
      ...columnsOf('hazard_standards', ['id', 'code', 'name', 'version', 'issuer', 'effective_from', 'status']),
      sql<number>`count(hazard_clauses.id)`.as('clauses'),
      sql<number>`count(hazard_clauses.id) filter (where hazard_clauses.text_kind = 'summary')`.as('summaries'),
    ])
    .groupBy('hazard_standards.id')
    .orderBy('hazard_standards.code')
    .orderBy('hazard_standards.version', 'desc')
    .execute();
}

/** Clauses with their standard's name, version and status (the catalogue's one read shape). */
function clausesWithStandard(db: Tx) {
  return db
    .selectFrom('hazard_clauses')
    .innerJoin('hazard_standards', 'hazard_standards.id', 'hazard_clauses.standard_id')
    .select([
      ...columnsOf('hazard_clauses', ['id', 'standard_id', 'number', 'category', 'industry', 'text', 'text_kind']),
      'hazard_standards.code as standard_code',
      'hazard_standards.name as standard_name',
      'hazard_standards.version as standard_version',
      'hazard_standards.status as standard_status',
    ]);
}

export function clausesList(db: Tx, q: { standardId?: string; category?: ClauseCategory; q?: string }) {
  let query = clausesWithStandard(db);
  if (q.standardId) query = query.where('hazard_clauses.standard_id', '=', q.standardId);
  if (q.category) query = query.where('hazard_clauses.category', '=', q.category);
  if (q.q) {
    const like = containsLike(q.q);
    query = query.where((eb) => eb.or([eb('hazard_clauses.text', 'ilike', like), eb('hazard_clauses.number', 'ilike', like)]));
  }
  return query.orderBy('hazard_standards.code').orderBy('hazard_clauses.sort').orderBy('hazard_clauses.number').limit(1000).execute();
}

/**
 * Write an imported standard: the (code, version) row, created if new (a new version supersedes the older
 * ones, whose clauses stay citable history), and its clauses upserted by number as full text.
 */
export async function saveStandardClauses(
  trx: Tx,
  meta: { code: string; name: string; version: string; issuer?: string; effectiveFrom?: string },
  clauses: { number: string; category: ClauseCategory; industry: string | null; text: string; sort: number }[],
  now: Date,
) {
  let std = await trx.selectFrom('hazard_standards').selectAll().where('code', '=', meta.code).where('version', '=', meta.version).executeTakeFirst();
  if (!std) {
    std = await trx
      .insertInto('hazard_standards')
      .values({ id: v7(), code: meta.code, name: meta.name, version: meta.version, issuer: meta.issuer ?? null, effective_from: meta.effectiveFrom ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    // A new version supersedes older ones of the same standard (their clauses stay citable history).
    await trx.updateTable('hazard_standards').set({ status: 'superseded' }).where('code', '=', meta.code).where('id', '<>', std.id).execute();
  }
  for (const c of clauses) {
    await trx
      .insertInto('hazard_clauses')
      .values({ id: v7(), standard_id: std.id, number: c.number, category: c.category, industry: c.industry, text: c.text, text_kind: 'full', sort: c.sort })
      .onConflict((oc) =>
        oc.columns(['standard_id', 'number']).doUpdateSet((eb) => ({
          category: eb.ref('excluded.category'),
          industry: eb.ref('excluded.industry'),
          text: eb.ref('excluded.text'),
          text_kind: 'full',
          sort: eb.ref('excluded.sort'),
          updated_at: now,
        })),
      )
      .execute();
  }
  return std;
}

/**
 * Clauses of the criteria catalogue by id, with their standard (national criteria: not scoped). The supervision
 * module's checklists draw items from them.
 */
export function criteriaClauses(db: Tx, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return clausesWithStandard(db)
    .where('hazard_clauses.id', 'in', [...ids])
    .execute();
}

/** Ids of the active standards' clauses by clause number (demo data of other modules cites them). */
export async function clauseIdsByNumber(db: Tx, numbers: readonly string[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await clausesWithStandard(db)
    .where('hazard_standards.status', '=', 'active')
    .where('hazard_clauses.number', 'in', [...numbers])
    .execute();
  return new Map(rows.map((r) => [r.number, r.id]));
}
