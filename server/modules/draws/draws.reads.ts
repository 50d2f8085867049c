// Reads of 双随机 draws: the list, the detail (pools, rounds with their commitment, nonces and tasks, actions,
// timeline), verification (re-run every round from the stored inputs), and the public page's answers.
import type { DrawDetail, DrawListItem, DrawRoundDto, DrawTaskDto, MyDrawTask, PublicDraw, VerificationDto } from '../../../shared/draws.dto.ts';
import type { PageOf } from '../../../shared/dto.ts';
import { assertInScope, requirePermission } from '../../platform/access.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { historyEntry, readHistory } from '../../platform/history.ts';
import { allowedActions } from '../../platform/lifecycle.ts';
import { fetchPage, pageOf, whereContains } from '../../platform/pagination.ts';
import { iso, prefixLike } from '../../platform/sql.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { DRAW_ALGORITHM } from '../../../shared/draws.ts';
import { drawTaskInspections, type DrawTaskInspection } from '../inspections/api.ts';
import { canonicalText, DrawRefusal, normalize, verifyRound } from './draws.algorithm.ts';
import { type DrawRow, liveTasksNaming, publicDraws, type RoundRow, roundsOf, scopedDraws, type TaskRow, tasksOf, unitNames } from './draws.repo.ts';
import { drawMachine, drawNotFound, inputsOf } from './draws.service.ts';

export interface DrawsQuery {
  q?: string;
  state?: DrawRow['state'][];
  unit?: string;
  page?: number;
  pageSize?: number;
}

function listItem(d: DrawRow, names: Map<string, string>): DrawListItem {
  return {
    id: d.id,
    code: d.code,
    title: d.title,
    state: d.state,
    jurisdictionCode: d.jurisdiction_code,
    jurisdictionName: names.get(d.jurisdiction_code) ?? '',
    inspectorUnit: d.inspector_unit,
    entityCount: d.entity_count,
    inspectorCount: d.inspector_count,
    taskCount: d.params.entityCount,
    round: d.round,
    dueDate: d.params.dueDate,
    createdAt: iso(d.created_at) as string,
    updatedAt: iso(d.updated_at) as string,
  };
}

const LIST_COLUMNS = [
  'id',
  'code',
  'title',
  'state',
  'jurisdiction_code',
  'inspector_unit',
  'entity_count',
  'inspector_count',
  'params',
  'round',
  'created_at',
  'updated_at',
] as const;

export async function listDraws(ctx: Ctx, query: DrawsQuery): Promise<PageOf<DrawListItem>> {
  requirePermission(ctx, 'inspection:read');
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  let base = whereContains(scopedDraws(ctx), query.q?.trim(), ['title', 'code']);
  if (query.state?.length) base = base.where('state', 'in', query.state);
  if (query.unit) base = base.where('jurisdiction_code', 'like', prefixLike(query.unit));
  const { count, items: rows } = await fetchPage(
    ctx.db,
    base,
    (q) =>
      q
        .select([...LIST_COLUMNS])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc'),
    { page, pageSize },
  );
  const names = await unitNames(
    ctx.db,
    rows.map((r) => r.jurisdiction_code),
  );
  return pageOf(
    count,
    rows.map((r) => listItem(r as DrawRow, names)),
    { page, pageSize },
  );
}

/** The inspections carrying out these tasks, by task id. */
const startedOf = async (db: Tx, taskIds: string[]) => new Map((await drawTaskInspections(db, taskIds)).map((x) => [x.drawTaskId, x]));
/** A task's inspection as its answers name it (which record, in which state), or null before it is started. */
const inspectionOf = (done: DrawTaskInspection | undefined) => (done ? { id: done.inspectionId, state: done.state } : null);

function taskDto(t: TaskRow, inspectors: Map<string, { unitCode: string; unitName: string }>, done: DrawTaskInspection | undefined): DrawTaskDto {
  return {
    id: t.id,
    seq: t.seq,
    enterpriseId: t.enterprise_id,
    enterpriseName: t.enterprise_name,
    townCode: t.jurisdiction_code,
    townName: t.town_name,
    inspectors: t.inspector_ids.map((id, i) => ({
      userId: id,
      name: t.inspector_names[i],
      unitCode: inspectors.get(id)?.unitCode ?? '',
      unitName: inspectors.get(id)?.unitName ?? '',
    })),
    dueDate: t.due_date,
    inspection: inspectionOf(done),
    result: done?.state === 'completed' && done.completedAt ? { completedAt: iso(done.completedAt) as string, findings: done.itemsFailed } : null,
  };
}

/**
 * The rounds as the detail and the public page show them: nonces only once drawn; each task with its
 * inspection's result once completed (the public page: the result only, not which record).
 */
async function roundDtos(db: Tx, d: DrawRow, audience: 'staff' | 'public'): Promise<DrawRoundDto[]> {
  const [rounds, tasks] = await Promise.all([roundsOf(db, d.id), tasksOf(db, d.id)]);
  const inspectors = new Map((d.inspectors ?? []).map((i) => [i.userId, i]));
  const started = await startedOf(
    db,
    tasks.filter((t) => !t.superseded).map((t) => t.id),
  );
  return rounds.map((r) => ({
    round: r.round,
    algorithm: r.algorithm,
    commitment: r.commitment,
    bureauNonceHash: r.bureau_nonce_hash,
    bureauNonce: r.drawn_at ? r.bureau_nonce : null,
    witnessName: r.witness_name,
    witnessHash: r.witness_hash,
    witnessSecret: r.drawn_at ? r.witness_secret : null,
    committedAt: iso(r.committed_at) as string,
    seed: r.seed,
    drawnAt: iso(r.drawn_at),
    reason: r.reason,
    superseded: r.superseded_at !== null,
    tasks: tasks
      .filter((t) => t.round === r.round)
      .map((t) => {
        const dto = taskDto(t, inspectors, started.get(t.id));
        return audience === 'staff' ? dto : { ...dto, inspection: null };
      }),
  }));
}

async function findDraw(ctx: Ctx, id: string): Promise<DrawRow> {
  const row = await ctx.db.selectFrom('draws').selectAll().where('id', '=', id).executeTakeFirst();
  assertInScope(ctx, row, drawNotFound);
  return row;
}

export async function getDraw(ctx: Ctx, id: string): Promise<DrawDetail> {
  requirePermission(ctx, 'inspection:read');
  const d = await findDraw(ctx, id);
  const names = await unitNames(ctx.db, [d.jurisdiction_code]);
  const history = await readHistory(ctx.db, drawMachine.name, d.id);
  return {
    ...listItem(d, names),
    filter: d.filter,
    params: d.params,
    poolDay: d.pool_day,
    cancelReason: d.cancel_reason,
    entitiesSample: (d.entities ?? []).slice(0, 100),
    inspectors: d.inspectors ?? [],
    exclusionCount: d.exclusions?.length ?? 0,
    rounds: await roundDtos(ctx.db, d, 'staff'),
    actions: await allowedActions(ctx, drawMachine, d),
    history: history.map(historyEntry),
  };
}

/**
 * The live tasks the caller was drawn for, newest first, read without scope on purpose: a town officer drawn into a
 * district draw (交叉检查) sees nothing of that draw elsewhere. Only rows naming the caller are read, and only what
 * the task itself says (the draw's code and title, the enterprise, the drawn team); starting one goes through
 * the inspections module's drawnOfficerCtx, which checks the same thing.
 */
export async function myDrawTasks(ctx: Ctx): Promise<{ items: MyDrawTask[] }> {
  requirePermission(ctx, 'inspection:write');
  const rows = await liveTasksNaming(ctx.db, ctx.actor.id);
  const started = await startedOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      drawCode: r.code,
      drawTitle: r.title,
      enterpriseId: r.enterprise_id,
      enterpriseName: r.enterprise_name,
      townCode: r.jurisdiction_code,
      townName: r.town_name,
      inspectors: r.inspector_ids.map((userId, i) => ({ userId, name: r.inspector_names[i] ?? '' })),
      dueDate: r.due_date,
      inspection: inspectionOf(started.get(r.id)),
    })),
  };
}

export async function verification(db: Tx, d: DrawRow, at: Date): Promise<VerificationDto> {
  const rounds = await roundsOf(db, d.id);
  const tasks = await tasksOf(db, d.id);
  const checks = rounds.map((r: RoundRow) => {
    const inputs = inputsOf(d, r);
    if (!r.drawn_at || !r.seed || !r.witness_secret) {
      const v = verifyCommitmentOnly(inputs, r);
      return v;
    }
    const stored = tasks
      .filter((t) => t.round === r.round)
      .map((t) => ({ enterpriseId: t.enterprise_id, inspectors: t.inspector_ids.map((userId) => ({ userId })) }));
    try {
      return {
        round: r.round,
        ...verifyRound(
          inputs,
          { bureauNonce: r.bureau_nonce, witnessSecret: r.witness_secret },
          { commitment: r.commitment, seed: r.seed, tasks: stored as never },
        ),
      };
    } catch (e) {
      if (!(e instanceof DrawRefusal)) throw e;
      return {
        round: r.round,
        commitment: r.commitment,
        commitmentMatches: false,
        bureauNonceMatches: false,
        witnessSecretMatches: false,
        seed: '',
        seedMatches: false,
        tasksMatch: false,
        ok: false,
      };
    }
  });
  const ok = checks.length > 0 && checks.every((c) => c.ok);
  const drawn = checks.filter((c) => c.seed).length;
  return {
    ok,
    algorithm: rounds.at(-1)?.algorithm ?? DRAW_ALGORITHM,
    checkedAt: at.toISOString(),
    rounds: checks.map(({ round, commitment, commitmentMatches, bureauNonceMatches, witnessSecretMatches, seed, seedMatches, tasksMatch, ok }) => ({
      round,
      commitment,
      commitmentMatches,
      bureauNonceMatches,
      witnessSecretMatches,
      seed,
      seedMatches,
      tasksMatch,
      ok,
    })),
    message: !checks.length
      ? '尚未公示承诺，无可验证内容'
      : ok
        ? `已按公示的名录和参数重新计算 ${checks.length} 轮（其中 ${drawn} 轮已抽取）：承诺值、随机种子和抽取结果与公布的完全一致`
        : `验证未通过：${checks
            .filter((c) => !c.ok)
            .map((c) => `第 ${c.round} 轮${!c.commitmentMatches ? '承诺值不符' : !c.seedMatches ? '种子不符' : '结果不符'}`)
            .join('；')}`,
  };
}

/** A round not drawn yet: the stored inputs still hash to the published commitment. */
function verifyCommitmentOnly(inputs: ReturnType<typeof inputsOf>, r: RoundRow) {
  const v = verifyRound(inputs, { bureauNonce: '', witnessSecret: '' }, { commitment: r.commitment, seed: '', tasks: [] });
  return { ...v, round: r.round, bureauNonceMatches: true, witnessSecretMatches: true, seed: '', seedMatches: true, tasksMatch: true, ok: v.commitmentMatches };
}

export async function verifyDraw(ctx: Ctx, id: string): Promise<VerificationDto> {
  requirePermission(ctx, 'inspection:read');
  const d = await findDraw(ctx, id);
  return verification(ctx.db, d, ctx.deps.clock.now());
}

// ── public (国办发〔2024〕54号: the draw and its results are published) ───────────────────────────────────

const publicRow = (deps: Deps, code: string) => publicDraws(deps.db).selectAll().where('code', '=', code).executeTakeFirst();

/** What every public answer says of a draw first. */
const publicHead = (d: DrawRow, names: Map<string, string>) => ({
  code: d.code,
  title: d.title,
  state: d.state,
  jurisdictionName: names.get(d.jurisdiction_code) ?? '',
  entityCount: d.entity_count,
});

export async function publicList(deps: Deps) {
  const rows = await publicDraws(deps.db).selectAll().orderBy('created_at', 'desc').limit(100).execute();
  const names = await unitNames(
    deps.db,
    rows.map((r) => r.jurisdiction_code),
  );
  const rounds = rows.length
    ? await deps.db
        .selectFrom('draw_rounds')
        .select(['draw_id', 'round', 'committed_at', 'drawn_at'])
        .where(
          'draw_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return {
    items: rows.map((d) => {
      const r = rounds.find((x) => x.draw_id === d.id && x.round === d.round);
      return {
        ...publicHead(d, names),
        taskCount: d.params.entityCount,
        round: d.round,
        committedAt: iso(r?.committed_at ?? null),
        drawnAt: iso(r?.drawn_at ?? null),
      };
    }),
  };
}

export async function publicDraw(deps: Deps, code: string): Promise<PublicDraw> {
  const d = await publicRow(deps, code);
  if (!d) throw drawNotFound();
  const names = await unitNames(deps.db, [d.jurisdiction_code]);
  return {
    ...publicHead(d, names),
    inspectorCount: d.inspector_count,
    exclusionCount: d.exclusions?.length ?? 0,
    params: d.params,
    poolDay: d.pool_day,
    cancelReason: d.cancel_reason,
    rounds: await roundDtos(deps.db, d, 'public'),
  };
}

export async function publicVerify(deps: Deps, code: string): Promise<VerificationDto> {
  const d = await publicRow(deps, code);
  if (!d) throw drawNotFound();
  return verification(deps.db, d, deps.clock.now());
}

/**
 * A round's inputs as the canonical text its commitment is the SHA-256 of (`sha256sum` of the file is the
 * commitment), for anyone to recompute the draw.
 */
export async function publicInputs(deps: Deps, code: string, round?: number): Promise<{ fileName: string; data: Buffer }> {
  const d = await publicRow(deps, code);
  if (!d) throw drawNotFound();
  const rounds = await roundsOf(deps.db, d.id);
  const r = rounds.find((x) => x.round === (round ?? d.round));
  if (!r) throw drawNotFound();
  return { fileName: `${d.code}-第${r.round}轮-输入.json`, data: Buffer.from(canonicalText(normalize(inputsOf(d, r))), 'utf8') };
}
