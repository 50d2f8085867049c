// The 隐患治理看板 dashboard (per-town figures from the trigger-kept counters) and the notification inbox.
import { requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/sql.ts';
import { dashboardByTown, findNotification, markRead, notificationsFor, overdueAgeing, townNames, yearBreakdown } from './hazards.repo.ts';

// ── notifications ────────────────────────────────────────────────────────────────────────────────────

export async function listNotifications(ctx: Ctx, q: { unread?: boolean; limit: number }) {
  requirePermission(ctx, 'hazard:read');
  const rows = await notificationsFor(ctx, q.unread ?? false, q.limit);
  return rows.map((r) => ({
    id: r.id,
    hazardId: r.hazard_id,
    kind: r.kind,
    targetUnitCode: r.target_unit_code,
    message: r.message,
    createdAt: iso(r.created_at),
    readAt: iso(r.read_at),
  }));
}

export async function markNotificationRead(ctx: Ctx, id: string) {
  requirePermission(ctx, 'hazard:read');
  const n = await findNotification(ctx, id);
  if (!n || ctx.actor.enterpriseId) throw notFound('通知', 'Notification');
  await markRead(ctx.deps.db, id, ctx.deps.clock.now());
  return { id };
}

// ── dashboard ────────────────────────────────────────────────────────────────────────────────────────

/** Start of the current year in Beijing time. */
export function yearStartOf(now: Date): Date {
  const y = new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
  return new Date(Date.UTC(y, 0, 1) - 8 * 3_600_000);
}

export async function dashboard(ctx: Ctx, q: { town?: string }) {
  requirePermission(ctx, 'hazard:read');
  const now = ctx.deps.clock.now();
  const ys = yearStartOf(now);
  const year = new Date(ys.getTime() + 8 * 3_600_000).getUTCFullYear();
  const [towns, ageing, bySource, bySector, names] = await Promise.all([
    dashboardByTown(ctx, year, q.town),
    overdueAgeing(ctx, now, q.town),
    yearBreakdown(ctx, year, 'source', q.town),
    yearBreakdown(ctx, year, 'sector', q.town),
    townNames(ctx.deps.db),
  ]);
  const byCode = new Map(towns.map((t) => [t.town_code, t]));
  const visible = names.filter((n) => ctx.actor.jurisdictions.some((p) => n.code.startsWith(p) || p.startsWith(n.code)));
  const rows = visible
    .filter((n) => !q.town || n.code === q.town)
    .map((n) => {
      const t = byCode.get(n.code);
      const yearTotal = t?.year_total ?? 0;
      const stock = t?.stock_major_open ?? 0;
      const fresh = t?.new_major_open ?? 0;
      return {
        code: n.code,
        name: n.name,
        stockMajorOpen: stock,
        newMajorOpen: fresh,
        newMajorTotal: t?.new_major_total ?? 0,
        yearTotal,
        yearClosed: t?.year_closed ?? 0,
        closingRate: yearTotal ? (t?.year_closed ?? 0) / yearTotal : null,
        openTotal: t?.open_total ?? 0,
        overdue: t?.overdue ?? 0,
        // 动态清零: stock of major hazards cleared and no new one left open.
        cleared: stock === 0 && fresh === 0,
      };
    });
  const sum = (k: 'stockMajorOpen' | 'newMajorOpen' | 'newMajorTotal' | 'yearTotal' | 'yearClosed' | 'openTotal' | 'overdue') =>
    rows.reduce((a, r) => a + r[k], 0);
  const yearTotal = sum('yearTotal');
  return {
    year,
    asOf: now.toISOString(),
    totals: {
      stockMajorOpen: sum('stockMajorOpen'),
      newMajorOpen: sum('newMajorOpen'),
      newMajorTotal: sum('newMajorTotal'),
      yearTotal,
      yearClosed: sum('yearClosed'),
      closingRate: yearTotal ? sum('yearClosed') / yearTotal : null,
      openTotal: sum('openTotal'),
      overdue: sum('overdue'),
      townsCleared: rows.filter((r) => r.cleared).length,
    },
    towns: rows,
    ageing,
    bySource,
    bySector,
  };
}
