// The hazards part of the work desk: what waits on this person (grade, accept, close, decide extensions,
// verify public reports), what is overdue, and rectification deadlines in the coming week.
import type { DeskPart, DeskTodo } from '../../../shared/desk.dto.ts';
import { hasPermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { countHazards, countPendingExtensions, countSubmittedReports, deadlinesBefore } from './hazards.desk.repo.ts';

const WEEK_MS = 7 * 86_400_000;

export async function hazardsDesk(ctx: Ctx): Promise<DeskPart> {
  if (!hasPermission(ctx, 'hazard:read')) return {};
  const todo = (key: string, zh: string, en: string, tone: DeskTodo['tone'], href: string, n: { total: number; capped: boolean }): DeskTodo => ({
    key: `hazards.${key}`,
    module: 'hazards',
    label: { zh, en },
    count: n.total,
    capped: n.capped,
    tone,
    href,
  });
  const todos: DeskTodo[] = [];
  todos.push(
    todo('overdue', '整改超期隐患', 'Overdue hazards', 'danger', '/hazards?open=true&overdue=true', await countHazards(ctx, { open: true, overdue: true })),
  );
  if (hasPermission(ctx, 'hazard:approve')) {
    todos.push(todo('grade', '待定级隐患', 'Hazards to grade', 'warning', '/hazards?state=reported', await countHazards(ctx, { state: ['reported'] })));
    todos.push(
      todo(
        'accept',
        '待验收隐患',
        'Hazards awaiting acceptance',
        'warning',
        '/hazards?state=acceptance_requested',
        await countHazards(ctx, { state: ['acceptance_requested'] }),
      ),
    );
    todos.push(todo('close', '待销号隐患', 'Hazards to close', 'info', '/hazards?state=verified', await countHazards(ctx, { state: ['verified'] })));
    todos.push(todo('extensions', '延期申请待审批', 'Extension requests', 'warning', '/hazards/work', await countPendingExtensions(ctx)));
    todos.push(todo('reports', '群众举报待核实', 'Public reports to verify', 'warning', '/hazards/reports?status=submitted', await countSubmittedReports(ctx)));
  }
  if (hasPermission(ctx, 'hazard:write')) {
    todos.push(
      todo('plan', '待制定整改方案', 'Hazards needing a plan', 'info', '/hazards?state=graded', await countHazards(ctx, { state: ['graded', 'reopened'] })),
    );
  }
  const now = ctx.deps.clock.now();
  const rows = await deadlinesBefore(ctx, new Date(now.getTime() + WEEK_MS), 10);
  return {
    todos,
    deadlines: rows.map((r) => ({
      module: 'hazards',
      kind: { zh: '隐患整改期限', en: 'Rectification deadline' },
      title: `${r.code} ${r.title}`,
      place: r.town_name,
      due: new Date(r.deadline as Date).toISOString(),
      overdue: r.overdue || new Date(r.deadline as Date) < now,
      href: `/hazards/${r.id}`,
    })),
  };
}
