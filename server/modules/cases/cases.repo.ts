// SQL for cases: the locked row for the lifecycle, its save, the parties, and the ledger query. Every read of
// a case starts from scopedFrom(ctx, 'cases') (the case's jurisdiction).
import { type Selectable, sql } from 'kysely';
import type { CaseState } from '../../../shared/cases.ts';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { saveVersioned } from '../../platform/lifecycle.save.ts';
import { containsLike, prefixLike } from '../../platform/sql.ts';
import type { CasesTable } from './cases.tables.ts';
import type { PartyRow } from './cases.penalties.ts';

export type CaseRow = Selectable<CasesTable>;

export const lockCase = (ctx: Ctx, id: string) => ctx.db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** A case's number and title by id (the caller has checked it may see it). */
export const caseLabelRow = (ctx: Ctx, id: string) => ctx.db.selectFrom('cases').select(['code', 'title']).where('id', '=', id).executeTakeFirstOrThrow();

/** For demo seeds of other modules: the first `limit` cases filed in a town (or one of its villages), oldest first. */
export const seedCaseSample = (db: Tx, limit: number) =>
  db
    .selectFrom('cases')
    .select(['id', 'jurisdiction_code'])
    .where((eb) => eb.fn('length', ['jurisdiction_code']), '>=', 9)
    .orderBy('filed_at')
    .limit(limit)
    .execute();

export const findCase = (ctx: Ctx, id: string) => scopedFrom(ctx, 'cases').selectAll().where('id', '=', id).executeTakeFirst();

export const saveCase = saveVersioned<CaseRow>('cases');

export const partiesOf = (ctx: Ctx, caseId: string) =>
  ctx.db.selectFrom('case_parties').selectAll().where('case_id', '=', caseId).orderBy('sort').execute() as Promise<PartyRow[]>;

export const paymentsOf = (ctx: Ctx, caseId: string) =>
  ctx.db.selectFrom('case_payments').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();

export const clocksOf = (ctx: Ctx, caseId: string) =>
  ctx.db.selectFrom('case_clocks').selectAll().where('case_id', '=', caseId).orderBy('started_at').orderBy('id').execute();

export const unitName = async (ctx: Ctx, code: string | null) =>
  code ? ((await ctx.db.selectFrom('org_units').select('name').where('code', '=', code).executeTakeFirst())?.name ?? null) : null;

export interface LedgerFilter {
  q?: string;
  state?: CaseState[];
  town?: string;
  overdue?: boolean;
  publication?: string;
  from?: string;
  to?: string;
}

const SORTS = { filedAt: 'cases.filed_at', code: 'cases.code', state: 'cases.state', fine: 'fine_total' } as const;
export type LedgerSort = keyof typeof SORTS | `-${keyof typeof SORTS}`;

export function ledgerQuery(ctx: Ctx, f: LedgerFilter) {
  let q = scopedFrom(ctx, 'cases').leftJoin('org_units as town', (j) => j.on(sql<boolean>`town.code = left(cases.jurisdiction_code, 9)`));
  if (f.q) {
    const like = containsLike(f.q);
    q = q.where((eb) =>
      eb.or([
        eb('cases.code', 'like', like),
        eb('cases.title', 'like', like),
        eb('cases.cause', 'like', like),
        eb.exists(
          eb.selectFrom('case_parties').select('case_parties.id').whereRef('case_parties.case_id', '=', 'cases.id').where('case_parties.name', 'like', like),
        ),
      ]),
    );
  }
  if (f.state?.length) q = q.where('cases.state', 'in', f.state);
  if (f.town) q = q.where('cases.jurisdiction_code', 'like', prefixLike(f.town));
  if (f.overdue !== undefined) q = q.where('cases.overdue', '=', f.overdue);
  if (f.publication) q = q.where('cases.publication', '=', f.publication as never);
  if (f.from) q = q.where('cases.filed_at', '>=', new Date(`${f.from}T00:00:00+08:00`));
  if (f.to) q = q.where('cases.filed_at', '<', new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000));
  return q;
}

export function ledgerRows(ctx: Ctx, f: LedgerFilter, sort: LedgerSort = '-filedAt', limit = 20, offset = 0) {
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as keyof typeof SORTS;
  return ledgerQuery(ctx, f)
    .selectAll('cases')
    .select((eb) => [
      'town.name as town_name',
      eb
        .selectFrom('case_parties')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('case_parties.fine_fen'), e.val(0)).as('s'))
        .whereRef('case_parties.case_id', '=', 'cases.id')
        .as('fine_total'),
      eb
        .selectFrom('case_clocks')
        .select((e) => e.fn.min<string>('case_clocks.due_day').as('d'))
        .whereRef('case_clocks.case_id', '=', 'cases.id')
        .where('case_clocks.state', 'in', ['running', 'overdue'])
        .as('next_due'),
    ])
    .orderBy(SORTS[key] as 'cases.filed_at', desc ? 'desc' : 'asc')
    .orderBy('cases.id', desc ? 'desc' : 'asc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export const partyNamesOf = async (ctx: Ctx, ids: string[]) => {
  if (!ids.length) return new Map<string, string[]>();
  const rows = await ctx.db.selectFrom('case_parties').select(['case_id', 'name']).where('case_id', 'in', ids).orderBy('case_id').orderBy('sort').execute();
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(r.case_id, [...(m.get(r.case_id) ?? []), r.name]);
  return m;
};
