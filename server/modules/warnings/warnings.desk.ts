// The warnings part of the work desk: warnings waiting for this approver, and the warnings in force with how
// many named people have acknowledged and how many are past their deadline (叫应 progress).
import type { DeskPart, DeskTodo } from '../../../shared/desk.dto.ts';
import { LEVEL_LABELS } from '../../../shared/warnings.ts';
import { hasPermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { overdueRecipients } from './warnings.desk.repo.ts';
import { listWarnings } from './warnings.service.ts';

export async function warningsDesk(ctx: Ctx): Promise<DeskPart> {
  if (!hasPermission(ctx, 'warning:read')) return {};
  const todos: DeskTodo[] = [];
  if (hasPermission(ctx, 'warning:approve')) {
    const pending = await listWarnings(ctx, { status: 'pending_approval', page: 1, pageSize: 1 });
    todos.push({
      key: 'warnings.approve',
      module: 'warnings',
      label: { zh: '待审批预警', en: 'Warnings to approve' },
      count: pending.total,
      capped: pending.totalCapped,
      tone: 'warning',
      href: '/warnings?status=pending_approval',
    });
  }
  const active = await listWarnings(ctx, { status: 'released', page: 1, pageSize: 10 });
  const overdue = await overdueRecipients(
    ctx,
    active.items.map((w) => w.id),
  );
  const warnings = active.items.map((w) => ({
    id: w.id,
    headline: w.headline,
    level: w.level,
    levelLabel: { zh: LEVEL_LABELS[w.level].zh, en: LEVEL_LABELS[w.level].en },
    color: LEVEL_LABELS[w.level].color,
    recipients: w.recipients,
    acknowledged: w.acknowledged,
    overdue: overdue.get(w.id) ?? 0,
    expires: w.expires,
  }));
  const late = warnings.reduce((n, w) => n + w.overdue, 0);
  const firstLate = warnings.find((w) => w.overdue > 0);
  todos.push({
    key: 'warnings.overdue-acks',
    module: 'warnings',
    label: { zh: '叫应超时未确认（人）', en: 'People past their ack deadline' },
    count: late,
    capped: false,
    tone: 'danger',
    href: firstLate ? `/warnings/${firstLate.id}` : '/warnings?status=released',
  });
  return { todos, warnings };
}
