// What the plans API answers with: response schemas (fastify serialises by them) and the DTO types the server
// presenters return and the web pages read.
import { type Static, Type } from 'typebox';
import { Count, CountsOf, Day, Enum, HistoryEntry, Instant, Items, Nullable, Page, Versioned } from './dto.ts';
import { CAMPAIGN_KINDS, CAMPAIGN_METRICS, PLAN_ACTIONS, PLAN_KINDS, PLAN_STATES, PROGRESS_STATUSES } from './plans.ts';

export { Items, Page };
const Id = Type.String();

export const TargetsSchema = Type.Object(
  Object.fromEntries(CAMPAIGN_METRICS.map((m) => [m, Type.Optional(Count)])) as Record<string, ReturnType<typeof Type.Optional<typeof Count>>>,
);

export const PlanSchema = Type.Object({
  id: Id,
  code: Type.String(),
  kind: Enum(PLAN_KINDS),
  campaignKind: Nullable(Enum(CAMPAIGN_KINDS)),
  title: Type.String(),
  jurisdictionCode: Type.String(),
  supervisingLevel: Enum(['district', 'town'] as const),
  year: Type.Integer(),
  quarter: Nullable(Type.Integer()),
  periodStart: Day,
  periodEnd: Day,
  drawSharePct: Type.Integer(),
  targets: TargetsSchema,
  description: Nullable(Type.String()),
  state: Enum(PLAN_STATES),
  approvedByName: Nullable(Type.String()),
  approvedAt: Nullable(Instant),
  ...Versioned,
});
export type PlanDto = Static<typeof PlanSchema>;

export const PlanPageSchema = Page(PlanSchema);

export const StatusCountsSchema = CountsOf(PROGRESS_STATUSES);
export type StatusCounts = Static<typeof StatusCountsSchema>;

export const TownProgressSchema = Type.Object({
  townCode: Type.String(),
  enterprises: Count,
  counts: StatusCountsSchema,
  /** Inspections wanted (Σ required) and done towards them (Σ min(done, required)). */
  required: Count,
  doneTowardsRequired: Count,
  /** Share of the town's enterprises whose requirement is met (done or over cap), 0–1. */
  completion: Type.Number(),
});
export type TownProgress = Static<typeof TownProgressSchema>;

export const ProgressSummarySchema = Type.Object({
  enterprises: Count,
  counts: StatusCountsSchema,
  required: Count,
  doneTowardsRequired: Count,
  inspections: Count,
  /** Inspections from a 双随机 draw, their share of all inspections counted (0–1), and the target share. */
  drawn: Count,
  drawShare: Type.Number(),
  drawSharePct: Type.Integer(),
  /** Draw inspections the plan wants: the target share of Σ required, rounded up. */
  drawnWanted: Count,
  completion: Type.Number(),
  towns: Type.Array(TownProgressSchema),
});
export type ProgressSummary = Static<typeof ProgressSummarySchema>;

export const ProgressRowSchema = Type.Object({
  id: Id,
  enterpriseId: Id,
  enterpriseName: Type.String(),
  creditCode: Type.String(),
  jurisdictionCode: Type.String(),
  townCode: Type.String(),
  keyUnit: Type.Boolean(),
  required: Count,
  cap: Count,
  done: Count,
  drawn: Count,
  lastInspectedAt: Nullable(Instant),
  status: Enum(PROGRESS_STATUSES),
});
export type ProgressRow = Static<typeof ProgressRowSchema>;

/** The plan view: one page of enterprises and the counts of the whole (filtered) plan. */
export const PlanViewSchema = Type.Object({
  ...Page(ProgressRowSchema).properties,
  summary: ProgressSummarySchema,
});
export type PlanView = Static<typeof PlanViewSchema>;

export const MetricSchema = Type.Object({ metric: Enum(CAMPAIGN_METRICS), target: Nullable(Count), achieved: Count });
export type CampaignMetricDto = Static<typeof MetricSchema>;

export const ActivitySchema = Type.Object({
  id: Id,
  planId: Id,
  day: Day,
  jurisdictionCode: Type.String(),
  groupName: Type.String(),
  checkpoint: Nullable(Type.String()),
  personTimes: Count,
  enterprisesChecked: Count,
  hazardsFound: Count,
  hazardsRectified: Count,
  parkIds: Type.Array(Id),
  enterpriseIds: Type.Array(Id),
  note: Nullable(Type.String()),
  createdByName: Nullable(Type.String()),
  createdAt: Instant,
});
export type ActivityDto = Static<typeof ActivitySchema>;

export const CampaignSummarySchema = Type.Object({ metrics: Type.Array(MetricSchema), activities: Count });
export type CampaignSummary = Static<typeof CampaignSummarySchema>;

export const PlanDetailSchema = Type.Object({
  plan: PlanSchema,
  actions: Type.Array(Enum(PLAN_ACTIONS)),
  timeline: Type.Array(HistoryEntry),
  /** Routine plans once approved: the plan view's counts. */
  progress: Nullable(ProgressSummarySchema),
  /** Campaigns: targets against what the activities achieved. */
  campaign: Nullable(CampaignSummarySchema),
});
export type PlanDetail = Static<typeof PlanDetailSchema>;

export const ActivityPageSchema = Page(ActivitySchema);
export const ActivityItems = Items(ActivitySchema);
export const InspectionRecordedSchema = Type.Object({ counted: Type.Boolean(), plans: Count });
