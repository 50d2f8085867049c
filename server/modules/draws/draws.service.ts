// 双随机一公开 on the platform lifecycle engine: prepare a draw (filters, parameters), commit (snapshot both pools
// and the exclusions, publish the commitment and both nonce hashes), draw (the witness reveals the secret; seed,
// tasks), redraw (a written reason, a new commit–reveal; the first round stays), cancel. Every step is apply():
// permission → lock → scope → state → effect → save → history → audit, in one transaction.
import { randomBytes } from 'node:crypto';
import { v7 } from 'uuid';
import { DRAW_ALGORITHM, DRAW_STATE_LABELS, DRAW_TRANSITIONS, type DrawState, SCALE_HEADCOUNT } from '../../../shared/draws.ts';
import type { DrawDetail, DrawFilterDto, PoolPreview } from '../../../shared/draws.dto.ts';
import { requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { validOfficers } from '../../platform/enforcement/licences.ts';
import { type Day, dayOf, nextDay } from '../../platform/enforcement/workdays.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { apply, type Machine } from '../../platform/lifecycle.ts';
import { writeHistory } from '../../platform/history.ts';
import { audit } from '../../platform/audit.ts';
import { type PoolFilter, poolEnterprises, requirePark } from '../registry/api.ts';
import {
  type DrawInputs,
  type DrawParams,
  DrawRefusal,
  type Exclusion,
  commitmentOf,
  type PoolEntity,
  type PoolInspector,
  precheck,
  seedOf,
  selectTasks,
  sha256hex,
} from './draws.algorithm.ts';
import { currentRound, type DrawRow, exclusionsFor, insertTasks, lockDraw, nextCode, saveDraw, unitNames } from './draws.repo.ts';

export const drawNotFound = () => notFound('抽查', 'Draw');

export interface DrawSetup {
  unitCode: string;
  inspectorUnit?: string;
  filter: DrawFilterDto & { parkId?: string };
  params: DrawParams;
}

/** The registry filter of a draw's filter (scales become headcount ranges). */
export function poolFilterOf(f: DrawFilterDto): PoolFilter {
  return {
    towns: f.towns,
    industries: f.industries,
    categories: f.categories,
    headcounts: f.scales?.map((s) => [SCALE_HEADCOUNT[s].min, SCALE_HEADCOUNT[s].max] as [number, number | null]),
    keyUnit: f.keyUnit,
    parkId: f.parkId,
    riskGrades: f.riskGrades as PoolFilter['riskGrades'],
    standardizationLevels: f.standardizationLevels as PoolFilter['standardizationLevels'],
    supervisingLevel: f.supervisingLevel as PoolFilter['supervisingLevel'],
  };
}

const townOf = (code: string) => code.slice(0, 9);

/** Both pools and the exclusions as they stand on `day`, read within the caller's scope. */
export async function gatherPools(
  ctx: Ctx,
  setup: DrawSetup,
  day: Day,
): Promise<{ entities: PoolEntity[]; inspectors: PoolInspector[]; exclusions: Exclusion[] }> {
  const rows = await poolEnterprises(ctx, poolFilterOf(setup.filter));
  const officers = await validOfficers(ctx, { unit: setup.inspectorUnit ?? setup.unitCode, day });
  const names = await unitNames(
    ctx.db,
    rows.map((r) => townOf(r.jurisdiction_code)),
  );
  const entities = rows.map((r) => ({ id: r.id, name: r.name, townCode: townOf(r.jurisdiction_code), townName: names.get(townOf(r.jurisdiction_code)) ?? '' }));
  const inspectors = officers.map((o) => ({ userId: o.userId, name: o.name, unitCode: o.unitCode, unitName: o.unitName }));
  // A window of N days recuses who drew the enterprise since N days before today; 0 means no such recusal (not
  // "today": a draw earlier the same day would otherwise recuse, and the test that relies on 0 failed at random).
  const days = setup.params.recusalWindowDays;
  const since = days > 0 ? new Date(`${nextDay(day, -days)}T00:00:00+08:00`) : null;
  const exclusions = await exclusionsFor(
    ctx.db,
    inspectors.map((i) => i.userId),
    new Set(entities.map((e) => e.id)),
    since,
  );
  return { entities, inspectors, exclusions };
}

async function checkSetup(ctx: Ctx, setup: DrawSetup) {
  await requireJurisdiction(ctx, setup.unitCode, 'body.unitCode', { kinds: ['district', 'town'] });
  if (setup.inspectorUnit) await requireJurisdiction(ctx, setup.inspectorUnit, 'body.inspectorUnit', { kinds: ['district', 'town'] });
  // A park filter names a park the caller may see.
  if (setup.filter.parkId) await requirePark(ctx, setup.filter.parkId, 'body.filter.parkId');
  for (const [i, t] of (setup.filter.towns ?? []).entries()) await requireJurisdiction(ctx, t, `body.filter.towns.${i}`, { kinds: ['town', 'village'] });
  if (setup.params.dueDate <= dayOf(ctx.deps.clock.now())) throw fieldError('body.params.dueDate', '完成期限须晚于今天', 'must be after today');
}

const countBy = (codes: { code: string; name: string }[]) => {
  const m = new Map<string, { code: string; name: string; count: number }>();
  for (const c of codes) {
    const x = m.get(c.code) ?? { ...c, count: 0 };
    x.count++;
    m.set(c.code, x);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
};

/** The wizard's preview: pool sizes by town and unit, a sample, and the refusal a commit would give, if any. */
export async function previewPool(ctx: Ctx, setup: DrawSetup): Promise<PoolPreview> {
  requirePermission(ctx, 'inspection:write');
  await checkSetup(ctx, setup);
  const pools = await gatherPools(ctx, setup, dayOf(ctx.deps.clock.now()));
  let problem: string | null = null;
  try {
    precheck({ ...pools, params: setup.params } as DrawInputs);
  } catch (e) {
    if (!(e instanceof DrawRefusal)) throw e;
    problem = e.zh;
  }
  return {
    entityCount: pools.entities.length,
    byTown: countBy(pools.entities.map((e) => ({ code: e.townCode, name: e.townName }))),
    sample: pools.entities.slice(0, 20),
    inspectorCount: pools.inspectors.length,
    byUnit: countBy(pools.inspectors.map((i) => ({ code: i.unitCode, name: i.unitName }))),
    exclusionCount: pools.exclusions.length,
    problem,
  };
}

export async function createDraw(ctx: Ctx, input: DrawSetup & { title: string }): Promise<{ id: string; code: string }> {
  requirePermission(ctx, 'inspection:write');
  return withTx(ctx, async (c) => {
    await checkSetup(c, input);
    const id = v7();
    const code = await nextCode(c, Number(dayOf(c.deps.clock.now()).slice(0, 4)));
    const row = {
      id,
      code,
      title: input.title.trim(),
      jurisdiction_code: input.unitCode,
      inspector_unit: input.inspectorUnit ?? input.unitCode,
      filter: JSON.stringify(input.filter),
      params: JSON.stringify(input.params),
      created_by: c.actor.id,
    };
    await c.db.insertInto('draws').values(row).execute();
    await writeHistory(c, { aggregate: 'draw', aggregateId: id, action: 'create', to: 'prepared', data: { code } });
    await audit(c.db, c, { action: 'draw.create', resourceType: 'draw', resourceId: id, after: { ...row, filter: input.filter, params: input.params } });
    return { id, code };
  });
}

/** The inputs a round committed to, rebuilt from the draw's snapshot. */
export function inputsOf(draw: DrawRow, round: { round: number; algorithm: string; bureau_nonce_hash: string; witness_hash: string }): DrawInputs {
  return {
    algorithm: round.algorithm,
    drawCode: draw.code,
    round: round.round,
    entities: draw.entities ?? [],
    inspectors: draw.inspectors ?? [],
    exclusions: draw.exclusions ?? [],
    params: draw.params,
    bureauNonceHash: round.bureau_nonce_hash,
    witnessHash: round.witness_hash,
  };
}

const refusal = (e: unknown) => {
  if (e instanceof DrawRefusal) return new AppError(e.code, 409, e.zh, e.message);
  return e;
};

/** A new round: a fresh bureau nonce (kept secret until the draw), the witness's hash, the commitment. */
async function openRound(ctx: Ctx, draw: DrawRow, round: number, witness: { witnessName: string; witnessHash: string }, reason: string | null) {
  const bureauNonce = randomBytes(32).toString('hex');
  const row = { round, algorithm: DRAW_ALGORITHM, bureau_nonce_hash: sha256hex(bureauNonce), witness_hash: witness.witnessHash };
  const commitment = commitmentOf(inputsOf(draw, row));
  await ctx.db
    .insertInto('draw_rounds')
    .values({
      draw_id: draw.id,
      ...row,
      commitment,
      bureau_nonce: bureauNonce,
      witness_name: witness.witnessName.trim(),
      committed_at: ctx.deps.clock.now(),
      committed_by: ctx.actor.id,
      reason,
    })
    .execute();
  return commitment;
}

type DrawInputsByAction = {
  commit: { witnessName: string; witnessHash: string };
  draw: { witnessSecret: string };
  redraw: { reason: string; witnessName: string; witnessHash: string };
  cancel: { reason: string };
};

export const drawMachine: Machine<DrawRow, DrawState, DrawInputsByAction> = {
  name: 'draw',
  stateOf: (d) => d.state,
  steps: DRAW_TRANSITIONS,
  stateLabel: (s) => DRAW_STATE_LABELS[s].zh,
  lock: (ctx, id) => lockDraw(ctx, id),
  notFound: drawNotFound,
  save: saveDraw,
  present: (d) => ({ id: d.id, code: d.code, state: d.state, round: d.round, entityCount: d.entity_count, inspectorCount: d.inspector_count }),
  effects: {
    commit: async (ctx, d, input) => {
      const day = dayOf(ctx.deps.clock.now());
      if (d.params.dueDate <= day) throw fieldError('body.params.dueDate', '完成期限已过，请取消后重新组织', 'the due date has passed');
      const pools = await gatherPools(ctx, { unitCode: d.jurisdiction_code, inspectorUnit: d.inspector_unit, filter: d.filter, params: d.params }, day);
      try {
        precheck({ ...pools, params: d.params } as DrawInputs);
      } catch (e) {
        throw refusal(e);
      }
      const snapshot = {
        pool_day: day,
        entities: JSON.stringify(pools.entities),
        inspectors: JSON.stringify(pools.inspectors),
        exclusions: JSON.stringify(pools.exclusions),
        entity_count: pools.entities.length,
        inspector_count: pools.inspectors.length,
        round: 1,
      };
      const withPools = { ...d, ...pools, pool_day: day };
      const commitment = await openRound(ctx, withPools, 1, input, null);
      return {
        patch: snapshot as never,
        note: `承诺值 ${commitment}`,
        data: { round: 1, commitment, entities: pools.entities.length, inspectors: pools.inspectors.length, exclusions: pools.exclusions.length },
        result: { id: d.id, commitment },
      };
    },
    draw: async (ctx, d, input) => {
      const round = await currentRound(ctx, d);
      if (sha256hex(input.witnessSecret) !== round.witness_hash)
        throw fieldError('body.witnessSecret', '见证人随机数与公示的承诺不符', 'does not match the published witness hash');
      // Every inspector of the pool still holds a valid licence today (revoked or expired since the commit: refuse).
      const pool = d.inspectors ?? [];
      const valid = new Set((await validOfficers(ctx, { day: dayOf(ctx.deps.clock.now()), userIds: pool.map((i) => i.userId) })).map((o) => o.userId));
      const lapsed = pool.filter((i) => !valid.has(i.userId));
      if (lapsed.length)
        throw new AppError(
          'INSPECTOR_LICENCE_INVALID',
          409,
          `执法人员${lapsed.map((i) => `「${i.name}」`).join('')}的行政执法证已失效，不能参与抽取；请取消本次抽查并重新组织`,
          `Inspectors without a valid licence: ${lapsed.map((i) => i.name).join(', ')}`,
        );
      const seed = seedOf(round.commitment, round.bureau_nonce, input.witnessSecret);
      let tasks: ReturnType<typeof selectTasks>;
      try {
        tasks = selectTasks(inputsOf(d, round), seed);
      } catch (e) {
        throw refusal(e);
      }
      const now = ctx.deps.clock.now();
      await ctx.db
        .updateTable('draw_rounds')
        .set({ seed, drawn_at: now, drawn_by: ctx.actor.id, witness_secret: input.witnessSecret })
        .where('draw_id', '=', d.id)
        .where('round', '=', round.round)
        .execute();
      await insertTasks(ctx, d, round.round, tasks, now);
      return { note: `第 ${round.round} 轮抽取，种子 ${seed}`, data: { round: round.round, seed, tasks: tasks.length }, result: { id: d.id, seed } };
    },
    redraw: async (ctx, d, input) => {
      const now = ctx.deps.clock.now();
      await ctx.db.updateTable('draw_rounds').set({ superseded_at: now }).where('draw_id', '=', d.id).where('round', '=', d.round).execute();
      await ctx.db.updateTable('draw_tasks').set({ superseded: true }).where('draw_id', '=', d.id).where('round', '=', d.round).execute();
      const round = d.round + 1;
      const commitment = await openRound(ctx, d, round, input, input.reason.trim());
      return { patch: { round }, note: input.reason, data: { round, commitment, replaced: d.round }, result: { id: d.id, commitment } };
    },
    cancel: (_ctx, _d, input) => ({ patch: { cancel_reason: input.reason.trim() }, note: input.reason }),
  },
};

export const commitDraw = (ctx: Ctx, id: string, input: DrawInputsByAction['commit']) =>
  apply(ctx, drawMachine, id, 'commit', input) as Promise<{ id: string; commitment: string }>;
export const runDraw = (ctx: Ctx, id: string, input: DrawInputsByAction['draw']) =>
  apply(ctx, drawMachine, id, 'draw', input) as Promise<{ id: string; seed: string }>;
export const redraw = (ctx: Ctx, id: string, input: DrawInputsByAction['redraw']) =>
  apply(ctx, drawMachine, id, 'redraw', input) as Promise<{ id: string; commitment: string }>;
export const cancelDraw = (ctx: Ctx, id: string, input: DrawInputsByAction['cancel']) =>
  apply(ctx, drawMachine, id, 'cancel', input) as Promise<unknown> as Promise<Pick<DrawDetail, 'id'>>;
