// The work desk's query over the registry: active risk points in scope due for review by a date.
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';

export function reviewsDueBy(ctx: Ctx, by: string, limit: number) {
  return scopedFrom(ctx, 'risk_points', { enterprise: 'risk_points.enterprise_id' })
    .innerJoin('enterprises', 'enterprises.id', 'risk_points.enterprise_id')
    .where('risk_points.status', '=', 'active')
    .where('risk_points.next_review_on', '<=', by)
    .select(['risk_points.id', 'risk_points.name', 'risk_points.next_review_on', 'enterprises.name as enterprise_name'])
    .orderBy('risk_points.next_review_on')
    .limit(limit)
    .execute();
}
