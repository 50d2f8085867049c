// Labels and tags the plan pages share.
import { CAMPAIGN_KIND_NAMES, PLAN_KIND_NAMES, PLAN_STATE_NAMES, PROGRESS_STATUS_NAMES } from '../../../../shared/plans.ts';
import { LabelTag, labelOf } from '../../components/LabelTag';

export const stateLabel = (s: string) => labelOf(PLAN_STATE_NAMES, s);
export const statusLabel = (s: string) => labelOf(PROGRESS_STATUS_NAMES, s);
export const campaignLabel = (s: string | null) => labelOf(CAMPAIGN_KIND_NAMES, s);

export const PlanStateTag = ({ state }: { state: string }) => <LabelTag labels={PLAN_STATE_NAMES} value={state} />;
export const StatusTag = ({ status }: { status: string }) => <LabelTag labels={PROGRESS_STATUS_NAMES} value={status} />;
export const KindTag = ({ kind, campaign }: { kind: string; campaign: string | null }) =>
  campaign ? <LabelTag labels={CAMPAIGN_KIND_NAMES} value={campaign} /> : <LabelTag labels={PLAN_KIND_NAMES} value={kind} />;

/** "2026年度" / "2026年第3季度" / a campaign's own days. */
export const periodText = (p: { year: number; quarter: number | null; kind: string; periodStart: string; periodEnd: string }) =>
  p.kind === 'campaign' ? `${p.periodStart} ~ ${p.periodEnd}` : p.quarter ? `${p.year}年第${p.quarter}季度` : `${p.year}年度`;

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
