// The registry part of the work desk: risk points whose periodic review (LEC re-assessment) falls due within
// the week, with the enterprise's name. Queries: registry.desk.repo.ts.
import type { DeskPart } from '../../../shared/desk.dto.ts';
import { hasPermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { reviewsDueBy } from './registry.desk.repo.ts';
import { localDate } from './registry.rules.ts';

export async function registryDesk(ctx: Ctx): Promise<DeskPart> {
  if (!hasPermission(ctx, 'registry:read')) return {};
  const now = ctx.deps.clock.now();
  const today = localDate(now);
  const rows = await reviewsDueBy(ctx, localDate(new Date(now.getTime() + 7 * 86_400_000)), 10);
  return {
    deadlines: rows.map((r) => ({
      module: 'registry',
      kind: { zh: '风险点复评', en: 'Risk review' },
      title: r.name,
      place: r.enterprise_name,
      // A review is due on a date: shown as that date's morning in the district.
      due: new Date(`${r.next_review_on}T09:00:00+08:00`).toISOString(),
      overdue: String(r.next_review_on) < today,
      href: `/registry/risk-points/${r.id}`,
    })),
  };
}
