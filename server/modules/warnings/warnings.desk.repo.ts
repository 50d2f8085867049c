// The work desk's query over warnings: recipients past their acknowledgement deadline, per warning.
import type { Ctx } from '../../platform/context.ts';

export async function overdueRecipients(ctx: Ctx, warningIds: string[]): Promise<Map<string, number>> {
  if (warningIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('warning_recipients')
    .where('warning_id', 'in', warningIds)
    .where('state', '=', 'pending')
    .where('overdue', '=', true)
    .select(['warning_id', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('warning_id')
    .execute();
  return new Map(rows.map((r) => [r.warning_id, Number(r.n)]));
}
