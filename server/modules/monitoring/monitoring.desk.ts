// The monitoring part of the work desk: open alarms by level (most severe first) and, for those who triage,
// how many wait for triage — severe ones first, so a flood of 一般 alarms cannot hide a 特别严重 one.
import type { DeskAlarmLevel, DeskPart, DeskTodo } from '../../../shared/desk.dto.ts';
import { SEVERITIES, SEVERITY_LABELS } from '../../../shared/monitoring.ts';
import { hasPermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { openAlarmCounts } from './monitoring.repo.ts';

export async function monitoringDesk(ctx: Ctx): Promise<DeskPart> {
  if (!hasPermission(ctx, 'monitoring:read')) return {};
  const rows = await openAlarmCounts(ctx);
  const alarms: DeskAlarmLevel[] = [...SEVERITIES].reverse().map((severity) => {
    const mine = rows.filter((r) => r.severity === severity);
    return {
      severity,
      label: { zh: SEVERITY_LABELS[severity].zh, en: SEVERITY_LABELS[severity].en },
      color: SEVERITY_LABELS[severity].color,
      open: mine.reduce((n, r) => n + Number(r.n), 0),
      raised: mine.filter((r) => r.status === 'raised').reduce((n, r) => n + Number(r.n), 0),
    };
  });
  const todos: DeskTodo[] = [];
  if (hasPermission(ctx, 'monitoring:write')) {
    const severe = alarms.filter((a) => a.severity === 'critical' || a.severity === 'high').reduce((n, a) => n + a.raised, 0);
    const rest = alarms.filter((a) => a.severity !== 'critical' && a.severity !== 'high').reduce((n, a) => n + a.raised, 0);
    const todo = (key: string, zh: string, en: string, tone: DeskTodo['tone'], href: string, count: number): DeskTodo => ({
      key: `monitoring.${key}`,
      module: 'monitoring',
      label: { zh, en },
      count,
      capped: false,
      tone,
      href,
    });
    todos.push(todo('triage-severe', '严重告警待研判', 'Severe alarms to triage', 'danger', '/monitoring/alarms?status=raised', severe));
    todos.push(todo('triage', '一般/较重告警待研判', 'Other alarms to triage', 'warning', '/monitoring/alarms?status=raised', rest));
  }
  return { alarms, todos };
}
