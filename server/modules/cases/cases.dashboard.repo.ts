// SQL of the 监管执法看板: the cases of a period per town (a case's town is the first 9 digits of its place; a
// district-level case keeps the district's code), by cause, their fines, and the time between stage times.
import { type Expression, type SqlBool, sql } from 'kysely';
import { CASE_STAGE_STATES, type CaseStageState } from '../../../shared/cases.ts';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { prefixLike } from '../../platform/sql.ts';

export interface Period {
  from: Date;
  to: Date;
  town?: string;
}

const townOf = sql<string>`left(cases.jurisdiction_code, 9)`;

function casesIn(ctx: Ctx, p: Period) {
  const q = scopedFrom(ctx, 'cases');
  return p.town ? q.where('cases.jurisdiction_code', 'like', prefixLike(p.town)) : q;
}

const within = (column: string, p: Period): Expression<SqlBool> => sql<SqlBool>`${sql.ref(column)} >= ${p.from} and ${sql.ref(column)} < ${p.to}`;

/** Cases filed in the period, per town and cause. */
export function filedByTownAndCause(ctx: Ctx, p: Period) {
  return casesIn(ctx, p)
    .where(within('cases.filed_at', p))
    .select([townOf.as('town'), 'cases.cause', sql<number>`count(*)::int`.as('n')])
    .groupBy([townOf, 'cases.cause'])
    .execute();
}

/** Cases decided in the period per town: how many, their fines with daily penalties, and what was paid of them. */
export function finesByTown(ctx: Ctx, p: Period) {
  const base = sql<number>`(case_parties.fine_fen + case_parties.daily_fine_fen * case_parties.daily_days)`;
  return casesIn(ctx, p)
    .leftJoin('case_parties', 'case_parties.case_id', 'cases.id')
    .where(within('cases.decided_at', p))
    .select([
      townOf.as('town'),
      sql<number>`count(distinct cases.id)::int`.as('decided'),
      sql<number>`coalesce(sum(${base}), 0)::bigint`.as('fine'),
      sql<number>`coalesce(sum(least(case_parties.paid_fen, ${base})), 0)::bigint`.as('paid'),
    ])
    .groupBy(townOf)
    .execute();
}

/**
 * The times a case records as it goes: it stays in CASE_STAGE_STATES[i] from STAGE_TIMES[i] to STAGE_TIMES[i + 1]
 * (立案审批 from filing to opening, 调查取证 to the notice, 已告知 to the decision, 已决定 to service, 执行 to closing).
 */
const STAGE_TIMES = ['filed_at', 'opened_at', 'notified_at', 'decided_at', 'served_at', 'closed_at'] as const;

export interface StageTotal {
  stage: CaseStageState;
  /** Sum of the stays in days and how many there are. */
  days: number;
  n: number;
}

/** The stays in each stage that ended in the period: their total length in days and their number. */
export async function stageTotals(ctx: Ctx, p: Period): Promise<StageTotal[]> {
  const row = (await casesIn(ctx, p)
    .select(
      CASE_STAGE_STATES.flatMap((stage, i) => {
        const [start, end] = [sql.ref(`cases.${STAGE_TIMES[i]}`), sql.ref(`cases.${STAGE_TIMES[i + 1]}`)];
        const ended = sql`${start} is not null and ${end} >= ${p.from} and ${end} < ${p.to}`;
        return [
          sql<number>`coalesce(sum(extract(epoch from ${end} - ${start})) filter (where ${ended}), 0)::float8 / 86400`.as(`${stage}_days`),
          sql<number>`count(*) filter (where ${ended})::int`.as(`${stage}_n`),
        ];
      }),
    )
    .executeTakeFirstOrThrow()) as Record<string, number>;
  return CASE_STAGE_STATES.map((stage) => ({ stage, days: Number(row[`${stage}_days`]), n: Number(row[`${stage}_n`]) }));
}
