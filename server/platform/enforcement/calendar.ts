// The working-day calendar as people see and correct it: the days of a range with where each answer comes from,
// and the administrator's override rows (a late State Council notice, a year chinese-days does not know yet).
import type { CalendarDay } from '../../../shared/enforcement.dto.ts';
import { requirePermission } from '../access.ts';
import { audit } from '../audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { fieldError, notFound } from '../errors.ts';
import { iso } from '../sql.ts';
import { calendarWith, type Day, nextDay } from './workdays.ts';

/** The longest range one request shows (a year and a bit). */
const MAX_RANGE_DAYS = 400;

export async function calendarDays(ctx: Ctx, from: Day, to: Day): Promise<{ items: CalendarDay[] }> {
  requirePermission(ctx, 'org:read');
  if (to < from) throw fieldError('querystring.to', '结束日不能早于开始日', 'must not be before from');
  if (nextDay(from, MAX_RANGE_DAYS) < to) throw fieldError('querystring.to', `一次最多查询 ${MAX_RANGE_DAYS} 天`, `at most ${MAX_RANGE_DAYS} days`);
  const rows = await ctx.db.selectFrom('workday_overrides').select(['day', 'working', 'note']).execute();
  const notes = new Map(rows.map((r) => [r.day, r.note]));
  const cal = calendarWith(new Map(rows.map((r) => [r.day, r.working])));
  const items: CalendarDay[] = [];
  for (let day = from; day <= to; day = nextDay(day)) items.push({ day, working: cal.isWorking(day), source: cal.sourceOf(day), note: notes.get(day) ?? null });
  return { items };
}

export async function listOverrides(ctx: Ctx) {
  requirePermission(ctx, 'org:read');
  const rows = await ctx.db
    .selectFrom('workday_overrides')
    .leftJoin('users', 'users.id', 'workday_overrides.updated_by')
    .select(['workday_overrides.day', 'workday_overrides.working', 'workday_overrides.note', 'workday_overrides.updated_at', 'users.display_name'])
    .orderBy('workday_overrides.day', 'desc')
    .execute();
  return { items: rows.map((r) => ({ day: r.day, working: r.working, note: r.note, updatedBy: r.display_name, updatedAt: iso(r.updated_at) })) };
}

export async function setOverride(ctx: Ctx, day: Day, input: { working: boolean; note: string }): Promise<{ day: Day }> {
  requirePermission(ctx, 'calendar:write');
  const note = input.note.trim();
  if (!note) throw fieldError('body.note', '请写明依据（如国务院办公厅通知文号）', 'state the basis (the notice)');
  return withTx(ctx, async (c) => {
    const before = await c.db.selectFrom('workday_overrides').select(['working', 'note']).where('day', '=', day).forUpdate().executeTakeFirst();
    const row = { working: input.working, note, updated_by: c.actor.id, updated_at: c.deps.clock.now() };
    await c.db
      .insertInto('workday_overrides')
      .values({ day, ...row })
      .onConflict((oc) => oc.column('day').doUpdateSet(row))
      .execute();
    await audit(c.db, c, {
      action: 'calendar.override',
      resourceType: 'workday',
      resourceId: day,
      before: before ?? null,
      after: { working: input.working, note },
    });
    return { day };
  });
}

export async function deleteOverride(ctx: Ctx, day: Day): Promise<void> {
  requirePermission(ctx, 'calendar:write');
  await withTx(ctx, async (c) => {
    const before = await c.db.deleteFrom('workday_overrides').where('day', '=', day).returning(['working', 'note']).executeTakeFirst();
    if (!before) throw notFound('调整记录', 'Override');
    await audit(c.db, c, { action: 'calendar.override.delete', resourceType: 'workday', resourceId: day, before, after: null });
  });
}
