// Plans on the platform lifecycle engine: create (draft), approve (the routine plan's enterprise set and
// frequencies filled into plan_progress), activate (by hand, or the job at the first day), close. Reads: the
// list and the detail (actions, timeline, the progress or campaign summary).
import type { Static } from 'typebox';
import { fmtDate } from '../../../shared/time.ts';
import { v7 } from 'uuid';
import {
  type CampaignTargets,
  DEFAULT_DRAW_SHARE_PCT,
  PLAN_STATE_NAMES,
  PLAN_TRANSITIONS,
  type PlanState,
  CAMPAIGN_KIND_NAMES,
  periodOf,
} from '../../../shared/plans.ts';
import type { ActivityDto, PlanDetail, PlanDto } from '../../../shared/plans.dto.ts';
import type { PageOf } from '../../../shared/dto.ts';
import { requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, fieldError } from '../../platform/errors.ts';
import { planNotFound, READ, WRITE } from './plans.common.ts';
import { historyEntry, readHistory, writeHistory } from '../../platform/history.ts';
import { allowedActions, apply, type Machine } from '../../platform/lifecycle.ts';
import { countCapped, pageOf } from '../../platform/pagination.ts';
import { iso } from '../../platform/sql.ts';
import { activityEffect, campaignSummary } from './plans.campaigns.ts';
import { fillProgress, progressSummary } from './plans.progress.ts';
import * as repo from './plans.repo.ts';
import type { ActivityBody, CreatePlanBody, PlansQuery } from './plans.schema.ts';

type PlanRow = repo.PlanRow;

export function toPlanDto(p: PlanRow): PlanDto {
  return {
    id: p.id,
    code: p.code,
    kind: p.kind,
    campaignKind: p.campaign_kind,
    title: p.title,
    jurisdictionCode: p.jurisdiction_code,
    supervisingLevel: p.supervising_level,
    year: p.year,
    quarter: p.quarter,
    periodStart: p.period_start,
    periodEnd: p.period_end,
    drawSharePct: p.draw_share_pct,
    targets: p.targets ?? {},
    description: p.description,
    state: p.state,
    approvedByName: p.approved_by_name,
    approvedAt: iso(p.approved_at),
    version: p.version,
    createdAt: iso(p.created_at),
    updatedAt: iso(p.updated_at),
  };
}

type PlanInputs = {
  approve: { note?: string };
  activate: { note?: string };
  start: Record<string, never>;
  close: { note?: string };
  record_activity: Static<typeof ActivityBody>;
};

/** The job at the first day of an approved plan's period. */
const startJob = (p: PlanRow) => ({
  kind: 'plan.start',
  runAt: new Date(`${p.period_start}T00:00:00+08:00`),
  payload: { planId: p.id },
  dedupKey: `plan:${p.id}:start`,
});

export const planMachine: Machine<PlanRow, PlanState, PlanInputs> = {
  name: 'plan',
  stateOf: (p) => p.state,
  steps: PLAN_TRANSITIONS,
  stateLabel: (s) => PLAN_STATE_NAMES[s].zh,
  guards: {
    record_activity: [
      { code: 'NOT_CAMPAIGN', zh: '只有专项检查可以填报活动记录', en: 'Only a campaign records activities', allows: (_ctx, p) => p.kind === 'campaign' },
    ],
    close: [
      {
        code: 'PERIOD_NOT_STARTED',
        zh: '计划期尚未开始，不能结束',
        en: 'The plan period has not started yet',
        allows: (ctx, p) => fmtDate(ctx.deps.clock.now()) >= p.period_start,
      },
    ],
  },
  refusals: {
    record_activity: { code: 'PLAN_NOT_ACTIVE', zh: '专项检查须审批并开始执行后才能填报活动', en: 'The campaign is not running' },
  },
  lock: (ctx, id) => repo.lockPlan(ctx, id),
  notFound: planNotFound,
  save: repo.savePlan,
  present: toPlanDto,
  effects: {
    approve: async (ctx, p, input) => {
      const enterprises = p.kind === 'routine' ? await fillProgress(ctx, p) : 0;
      // A plan whose period has begun is active at once; otherwise the job starts it on its first day.
      const started = fmtDate(ctx.deps.clock.now()) >= p.period_start;
      return {
        patch: { approved_by: ctx.actor.id, approved_by_name: ctx.actor.displayName, approved_at: ctx.deps.clock.now() },
        to: started ? 'active' : 'approved',
        note: input.note ?? null,
        data: { enterprises },
        jobs: started ? [] : [startJob(p)],
      };
    },
    activate: (_ctx, p, input) => ({ note: input.note ?? null, cancelJobs: [`plan:${p.id}:start`] }),
    start: () => ({ note: '计划期开始，自动执行' }),
    close: (_ctx, _p, input) => ({ note: input.note ?? null }),
    record_activity: activityEffect,
  },
};

const step = (action: keyof PlanInputs) => async (ctx: Ctx, id: string, input: { note?: string }) => {
  await apply(ctx, planMachine, id, action, input as never);
  return getPlan(ctx, id);
};
export const approvePlan = step('approve');
export const activatePlan = step('activate');
export const closePlan = step('close');

/** A campaign's activity record (a side step on the plan: locked, audited, in its timeline). */
export async function recordActivity(ctx: Ctx, id: string, input: Static<typeof ActivityBody>) {
  return (await apply(ctx, planMachine, id, 'record_activity', input)) as ActivityDto;
}

/** The default title: "2026年度海曙区安全生产监督检查计划" / the campaign kind's name. */
function defaultTitle(kind: PlanRow['kind'], year: number, quarter: number | null, unitName: string, campaign: PlanRow['campaign_kind']) {
  const period = quarter ? `${year}年第${quarter}季度` : `${year}年度`;
  return kind === 'routine' ? `${period}${unitName}安全生产监督检查计划` : `${period}${unitName}${CAMPAIGN_KIND_NAMES[campaign ?? 'other'].zh}`;
}

export async function createPlan(ctx: Ctx, input: Static<typeof CreatePlanBody>): Promise<PlanDetail> {
  requirePermission(ctx, WRITE);
  const id = await withTx(ctx, async (c) => {
    await requireJurisdiction(c, input.jurisdictionCode, 'body.jurisdictionCode', { kinds: ['district', 'town'] });
    const unit = await c.db.selectFrom('org_units').select(['name', 'kind']).where('code', '=', input.jurisdictionCode).executeTakeFirstOrThrow();
    const quarter = input.quarter ?? null;
    const campaign = input.kind === 'campaign';
    if (campaign && !input.campaignKind) throw fieldError('body.campaignKind', '专项检查须选择专项类型', 'a campaign needs its kind');
    if (!campaign && input.campaignKind) throw fieldError('body.campaignKind', '日常检查计划不设专项类型', 'a routine plan has no campaign kind');
    if (!campaign && (input.periodStart || input.periodEnd))
      throw fieldError('body.periodStart', '日常检查计划的期间为年度或季度，不能另设', 'a routine plan runs for its year or quarter');
    if (!campaign && input.targets) throw fieldError('body.targets', '日常检查计划的目标由监管对象和检查频次决定', 'a routine plan takes no targets');
    const period = periodOf(input.year, quarter);
    const start = input.periodStart ?? period.start;
    const end = input.periodEnd ?? period.end;
    if (start < period.start || start > period.end)
      throw fieldError('body.periodStart', `开始日期须在 ${period.start} 至 ${period.end} 之间`, 'outside the year/quarter');
    if (end < start || end > period.end)
      throw fieldError('body.periodEnd', `结束日期须在开始日期之后、${period.end} 之前`, 'before the start or outside the period');
    if (!campaign) {
      const dup = await repo
        .plansQuery(c, { kind: 'routine', year: input.year, jurisdiction: input.jurisdictionCode })
        .select('id')
        .where((eb) => (quarter === null ? eb('quarter', 'is', null) : eb('quarter', '=', quarter)))
        .executeTakeFirst();
      if (dup) throw conflict('PLAN_EXISTS', '该单位该期间已有日常检查计划', 'This unit already has a routine plan for the period');
    }
    const targets: CampaignTargets = Object.fromEntries(Object.entries(input.targets ?? {}).filter(([, v]) => v !== undefined));
    const row = await repo.insertPlan(c, {
      id: v7(),
      code: await repo.nextPlanCode(c, campaign ? 'ZX' : 'JH', input.year),
      kind: input.kind,
      campaign_kind: campaign ? (input.campaignKind ?? 'other') : null,
      title: input.title?.trim() || defaultTitle(input.kind, input.year, quarter, unit.name, input.campaignKind ?? null),
      jurisdiction_code: input.jurisdictionCode,
      supervising_level: unit.kind === 'district' ? 'district' : 'town',
      year: input.year,
      quarter,
      period_start: start,
      period_end: end,
      draw_share_pct: input.drawSharePct ?? DEFAULT_DRAW_SHARE_PCT,
      targets: JSON.stringify(targets),
      description: input.description?.trim() || null,
      created_by: ctx.actor.id,
      created_at: ctx.deps.clock.now(),
      updated_at: ctx.deps.clock.now(),
    });
    await writeHistory(c, { aggregate: 'plan', aggregateId: row.id, action: 'create', to: 'draft', data: { kind: row.kind } });
    await audit(c.db, c, { action: 'plan.create', resourceType: 'plan', resourceId: row.id, after: toPlanDto(row) });
    return row.id;
  });
  return getPlan(ctx, id);
}

export async function getPlan(ctx: Ctx, id: string): Promise<PlanDetail> {
  requirePermission(ctx, READ);
  const p = await repo.findPlan(ctx, id);
  if (!p) throw planNotFound();
  const history = await readHistory(ctx.db, 'plan', id);
  return {
    plan: toPlanDto(p),
    actions: await allowedActions(ctx, planMachine, p),
    timeline: history.map(historyEntry),
    progress: p.kind === 'routine' && p.state !== 'draft' ? await progressSummary(ctx, p, {}) : null,
    campaign: p.kind === 'campaign' ? await campaignSummary(ctx, p) : null,
  };
}

export async function listPlans(ctx: Ctx, q: Static<typeof PlansQuery>): Promise<PageOf<PlanDto>> {
  requirePermission(ctx, READ);
  const base = repo.plansQuery(ctx, q);
  const [count, rows] = await Promise.all([
    countCapped(ctx.db, base),
    base
      .selectAll()
      .orderBy('year', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return pageOf(count, rows.map(toPlanDto), q);
}
