// 工作台: GET /api/desk assembles each module's part for the signed-in person. The platform does not know
// the modules; the composition root (server/app.ts) hands them in. A module's part checks its own
// permissions and answers nothing it may not show.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Desk, type DeskPart } from '../../../shared/desk.dto.ts';
import { ctxOf } from '../auth/auth.plugin.ts';
import type { Ctx, Deps } from '../context.ts';
import type { AnlanModule } from '../module.ts';

const TONE_ORDER = { danger: 0, warning: 1, info: 2 } as const;

export async function assembleDesk(ctx: Ctx, modules: readonly AnlanModule[]): Promise<Desk> {
  const parts: DeskPart[] = [];
  for (const m of modules) {
    if (!m.desk) continue;
    parts.push(await m.desk(ctx));
  }
  const todos = parts.flatMap((p) => p.todos ?? []).filter((t) => t.count > 0);
  todos.sort((a, b) => TONE_ORDER[a.tone] - TONE_ORDER[b.tone] || b.count - a.count);
  const deadlines = parts.flatMap((p) => p.deadlines ?? []).sort((a, b) => a.due.localeCompare(b.due));
  const alarms = parts.find((p) => p.alarms)?.alarms ?? null;
  const warnings = parts.find((p) => p.warnings)?.warnings ?? null;
  return { todos, deadlines: deadlines.slice(0, 20), alarms, warnings };
}

export async function deskRoutes(root: FastifyInstance, deps: Deps, modules: readonly AnlanModule[]) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/desk',
    { schema: { tags: ['system'], summary: '工作台 Work desk: my to-dos, alarms, warnings, deadlines', response: { 200: Desk } } },
    async (req) => assembleDesk(ctxOf(req, deps), modules),
  );
}
