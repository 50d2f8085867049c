// Special campaigns (专项检查/专项整治): activity records (a supervision group's day at a checkpoint or over a set
// of parks/enterprises) and targets against what the records achieve — groups and checkpoints counted distinct,
// parks and enterprises covered counted distinct, person-times and hazards summed.
import type { Static } from 'typebox';
import { v7 } from 'uuid';
import { CAMPAIGN_METRICS, type CampaignMetric } from '../../../shared/plans.ts';
import type { ActivityDto, CampaignSummary } from '../../../shared/plans.dto.ts';
import type { PageOf } from '../../../shared/dto.ts';
import { fmtDate } from '../../../shared/time.ts';
import { requireJurisdiction, requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { fieldError } from '../../platform/errors.ts';
import type { Effect } from '../../platform/lifecycle.ts';
import { countCapped, pageOf } from '../../platform/pagination.ts';
import { iso } from '../../platform/sql.ts';
import { requireEnterprises, requireParks } from '../registry/api.ts';
import { planNotFound, READ } from './plans.common.ts';
import * as repo from './plans.repo.ts';
import type { ActivitiesQuery, ActivityBody } from './plans.schema.ts';

export function toActivityDto(a: repo.ActivityRow): ActivityDto {
  return {
    id: a.id,
    planId: a.plan_id,
    day: a.day,
    jurisdictionCode: a.jurisdiction_code,
    groupName: a.group_name,
    checkpoint: a.checkpoint,
    personTimes: a.person_times,
    enterprisesChecked: a.enterprises_checked,
    hazardsFound: a.hazards_found,
    hazardsRectified: a.hazards_rectified,
    parkIds: a.park_ids,
    enterpriseIds: a.enterprise_ids,
    note: a.note,
    createdByName: a.created_by_name,
    createdAt: iso(a.created_at),
  };
}

/** The record_activity side step's effect (inside apply: the plan is locked, in scope and active). */
export async function activityEffect(ctx: Ctx, p: repo.PlanRow, input: Static<typeof ActivityBody>): Promise<Effect<repo.PlanRow>> {
  if (input.day < p.period_start || input.day > p.period_end)
    throw fieldError('body.day', `活动日期须在专项期间 ${p.period_start} 至 ${p.period_end} 内`, 'outside the campaign period');
  if (input.day > fmtDate(ctx.deps.clock.now())) throw fieldError('body.day', '不能晚于当前时间', 'cannot be in the future');
  const found = input.hazardsFound ?? 0;
  const rectified = input.hazardsRectified ?? 0;
  if (rectified > found) throw fieldError('body.hazardsRectified', '整改隐患数不能多于发现隐患数', 'more rectified than found');
  const code = input.jurisdictionCode ?? p.jurisdiction_code;
  if (!code.startsWith(p.jurisdiction_code)) throw fieldError('body.jurisdictionCode', '活动地点须在专项检查的辖区内', 'outside the campaign unit');
  await requireJurisdiction(ctx, code, 'body.jurisdictionCode');
  // A covered park or enterprise lies under the campaign's unit (a town campaign covers its own town).
  const parks = await requireParks(ctx, input.parkIds ?? [], 'body.parkIds');
  parks.forEach((r, i) => {
    if (!r.jurisdictionCode.startsWith(p.jurisdiction_code))
      throw fieldError(`body.parkIds.${i}`, '园区不在专项检查的辖区内', 'park outside the campaign unit');
  });
  const enterprises = await requireEnterprises(ctx, input.enterpriseIds ?? [], 'body.enterpriseIds');
  enterprises.forEach((r, i) => {
    if (!r.jurisdictionCode.startsWith(p.jurisdiction_code))
      throw fieldError(`body.enterpriseIds.${i}`, '企业不在专项检查的辖区内', 'enterprise outside the campaign unit');
  });
  const row = await repo.insertActivity(ctx, {
    id: v7(),
    plan_id: p.id,
    day: input.day,
    jurisdiction_code: code,
    group_name: input.groupName.trim(),
    checkpoint: input.checkpoint?.trim() || null,
    person_times: input.personTimes,
    enterprises_checked: input.enterprisesChecked ?? (input.enterpriseIds?.length || 0),
    hazards_found: found,
    hazards_rectified: rectified,
    park_ids: input.parkIds ?? [],
    enterprise_ids: input.enterpriseIds ?? [],
    note: input.note?.trim() || null,
    created_at: ctx.deps.clock.now(),
    created_by: ctx.actor.id,
    created_by_name: ctx.actor.displayName,
  });
  const dto = toActivityDto(row);
  return {
    note: `${row.group_name}${row.checkpoint ? ` · ${row.checkpoint}` : ''}：出动 ${row.person_times} 人次，发现隐患 ${row.hazards_found} 处`,
    data: { activityId: row.id, day: row.day, personTimes: row.person_times, hazardsFound: row.hazards_found },
    audit: { action: 'plan.activity', before: null, after: dto },
    result: dto,
  };
}

/** A campaign's targets against what its activities achieved (every metric with a target or an achievement). */
export async function campaignSummary(ctx: Ctx, p: repo.PlanRow): Promise<CampaignSummary> {
  const t = await repo.campaignTotals(ctx, p.id);
  const achieved: Record<CampaignMetric, number> = {
    enterprises: t.enterprises + t.unnamed_enterprises,
    parks: t.parks,
    groups: t.groups,
    checkpoints: t.checkpoints,
    personTimes: t.person_times,
    hazardsFound: t.hazards_found,
    hazardsRectified: t.hazards_rectified,
  };
  const targets = p.targets ?? {};
  return {
    metrics: CAMPAIGN_METRICS.filter((m) => targets[m] !== undefined || achieved[m] > 0).map((m) => ({
      metric: m,
      target: targets[m] ?? null,
      achieved: achieved[m],
    })),
    activities: t.activities,
  };
}

export async function listActivities(ctx: Ctx, planId: string, q: Static<typeof ActivitiesQuery>): Promise<PageOf<ActivityDto>> {
  requirePermission(ctx, READ);
  const p = await repo.findPlan(ctx, planId);
  if (!p) throw planNotFound();
  const base = repo.activitiesOf(ctx, p.id);
  const [count, rows] = await Promise.all([
    countCapped(ctx.db, base),
    base
      .selectAll()
      .orderBy('day', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return pageOf(count, rows.map(toActivityDto), q);
}
