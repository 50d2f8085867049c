// Demo data: the 2026 district plan and the 17 town plans (approved: their enterprise sets filled from the graded
// list and the frequency policy), and the 2024/2025 campaigns
// with their activity records — the forest fire campaign (20 supervision groups, 21 checkpoints, 500+
// person-times, 24 fire hazards found and rectified) and the 一厂多租 park campaign that covered the 568 parks.
// Runs after the registry and supervision seeds. Deterministic: the same data each run. The inspections counted
// on these plans are the inspections module's (its seed calls recordInspectionDone, as a signed inspection does).
import { CAMPAIGN_KIND_NAMES, type CampaignKind, type CampaignTargets } from '../../../shared/plans.ts';
import { type Deps, systemCtx } from '../../platform/context.ts';
import { DISTRICT_CODE } from '../../platform/orgs/orgs.service.ts';
import { seedSample } from '../registry/api.ts';
import { approvePlan, closePlan, createPlan, recordActivity } from './plans.service.ts';

const DAY = 86_400_000;
/** A fixed spread of 0 ≤ x < 1 for the n-th thing (golden-ratio sequence): deterministic without a generator. */
const spread = (n: number) => (n * 0.6180339887498949) % 1;

const FIRE_CHECKPOINTS = [
  '龙观乡五龙潭景区入口',
  '章水镇杖锡村进山口',
  '章水镇蜜岩村林道口',
  '鄞江镇它山庙后山道',
  '鄞江镇晴江岸村山口',
  '横街镇大雷村林区入口',
  '横街镇朱敏村山道',
  '集士港镇山下庄村林道',
  '古林镇茂新村坟山入口',
  '高桥镇石塘村山林卡点',
  '洞桥镇沙港村山道',
  '洞桥镇宣裴村进山口',
  '石碶街道冯家村山林卡点',
  '龙观乡李岙村林道',
  '龙观乡雪岙村进山口',
  '章水镇李家坑村卡点',
  '章水镇周公宅水库入口',
  '鄞江镇悬慈村林道口',
  '横街镇桃源村山道',
  '集士港镇深溪村卡点',
  '古林镇仲一村山林入口',
];

async function campaign(
  deps: Deps,
  input: { kind: CampaignKind; year: number; start: string; end: string; targets: CampaignTargets; title: string; description: string },
) {
  const ctx = systemCtx(deps);
  const p = await createPlan(ctx, {
    kind: 'campaign',
    campaignKind: input.kind,
    jurisdictionCode: DISTRICT_CODE,
    year: input.year,
    periodStart: input.start,
    periodEnd: input.end,
    title: input.title,
    targets: input.targets,
    description: input.description,
  });
  await approvePlan(ctx, p.plan.id, { note: '局长办公会审议通过' });
  return p.plan.id;
}

const dayIn = (start: string, end: string, f: number) => {
  const a = Date.parse(`${start}T00:00:00Z`);
  const b = Date.parse(`${end}T00:00:00Z`);
  return new Date(a + Math.floor(f * ((b - a) / DAY + 1)) * DAY).toISOString().slice(0, 10);
};

async function forestFire(deps: Deps, year: number, start: string, end: string, scale: { records: number; hazards: number; personTimes: number }) {
  const ctx = systemCtx(deps);
  const id = await campaign(deps, {
    kind: 'forest_fire',
    year,
    start,
    end,
    title: `${year}年海曙区森林防火专项检查`,
    targets: { groups: 20, checkpoints: 21, personTimes: 500, hazardsFound: scale.hazards, hazardsRectified: scale.hazards },
    description: '组建督查组深入西部山区乡镇，在进山路口设卡检查，排查野外用火、祭扫用火和林区周边火灾隐患，做到即查即改。',
  });
  // Each group works at least once; each checkpoint is manned at least once; hazards fall on the first records.
  let hazards = scale.hazards;
  for (let i = 0; i < scale.records; i++) {
    const found = hazards > 0 ? Math.min(hazards, 1 + (i % 2)) : 0;
    hazards -= found;
    const personTimes = Math.floor(scale.personTimes / scale.records) + (i < scale.personTimes % scale.records ? 1 : 0);
    await recordActivity(ctx, id, {
      day: dayIn(start, end, i / scale.records),
      groupName: `第${(i % 20) + 1}督查组`,
      checkpoint: FIRE_CHECKPOINTS[i % FIRE_CHECKPOINTS.length],
      personTimes,
      hazardsFound: found,
      hazardsRectified: found,
      note: found ? '发现林区周边违规堆放柴草、野外用火等隐患，已现场督促整改到位' : '卡点值守，劝返携带火种进山人员',
    });
  }
  await closePlan(ctx, id, { note: '专项检查结束，形成工作总结' });
}

async function parkCampaign(deps: Deps, year: number, parks: { id: string; jurisdiction_code: string }[], close: boolean) {
  const ctx = systemCtx(deps);
  const start = `${year}-03-01`;
  const end = `${year}-11-30`;
  const id = await campaign(deps, {
    kind: 'multi_tenant_parks',
    year,
    start,
    end,
    title: `${year}年海曙区“一厂多租”小微园区安全生产专项检查`,
    targets: { parks: parks.length, personTimes: parks.length * 2 },
    description: '对全区小微园区（一厂多租）开展全覆盖检查：出租方安全管理协议、承租企业季度自查、消防通道与电气线路。',
  });
  const byTown = new Map<string, { id: string; jurisdiction_code: string }[]>();
  for (const p of parks) {
    const town = p.jurisdiction_code.slice(0, 9);
    byTown.set(town, [...(byTown.get(town) ?? []), p]);
  }
  const towns = await deps.db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').execute();
  const nameOf = new Map(towns.map((t) => [t.code, t.name]));
  let n = 0;
  for (const [town, list] of byTown)
    for (let i = 0; i < list.length; i += 40) {
      const batch = list.slice(i, i + 40);
      await recordActivity(ctx, id, {
        day: dayIn(start, end, spread(++n) * 0.9),
        jurisdictionCode: town,
        groupName: `${nameOf.get(town) ?? town}检查组`,
        personTimes: batch.length * 2 + 2,
        parkIds: batch.map((p) => p.id),
        hazardsFound: Math.round(batch.length * 0.6),
        hazardsRectified: Math.round(batch.length * 0.55),
      });
    }
  if (close) await closePlan(ctx, id, { note: '园区全覆盖检查完成' });
}

export async function seedPlans(deps: Deps, progress: (done: number, total: number) => void) {
  const ctx = systemCtx(deps);
  const now = deps.clock.now();
  const year = Number(now.toISOString().slice(0, 4));
  const total = 5;
  // ── campaigns of the two years before ──
  const { parks } = await seedSample(deps.db, { enterprises: 0, parks: 568 });
  await forestFire(deps, year - 2, `${year - 2}-01-01`, `${year - 2}-04-30`, { records: 26, hazards: 24, personTimes: 512 });
  progress(1, total);
  await parkCampaign(deps, year - 2, parks, true);
  progress(2, total);
  await forestFire(deps, year - 1, `${year - 1}-01-01`, `${year - 1}-04-30`, { records: 24, hazards: 17, personTimes: 486 });
  await parkCampaign(deps, year - 1, parks, true);
  progress(3, total);

  // ── this year's routine plans: the district's and each town's, approved (active: the year has begun) ──
  const towns = await deps.db.selectFrom('org_units').select('code').where('kind', '=', 'town').orderBy('code').execute();
  for (const unit of [DISTRICT_CODE, ...towns.map((t) => t.code)]) {
    const p = await createPlan(ctx, {
      kind: 'routine',
      jurisdictionCode: unit,
      year,
      description: '按照分级分类监管清单和年度检查频次编制；双随机抽查不少于计划检查总量的 70%。',
    });
    await approvePlan(ctx, p.plan.id, { note: '审批通过' });
  }
  progress(4, total);

  // ── this year's 六类企业 campaign, running ──
  await campaign(deps, {
    kind: 'six_kinds',
    year,
    start: `${year}-04-01`,
    end: `${year}-12-31`,
    title: `${year}年${CAMPAIGN_KIND_NAMES.six_kinds.zh}`,
    targets: { enterprises: 300, personTimes: 600, hazardsFound: 200 },
    description: '塑料、海绵、泡沫、玩具、打火机、印刷六类企业：仓储、电气线路、消防设施和员工疏散专项整治。',
  });
  progress(5, total);
}
