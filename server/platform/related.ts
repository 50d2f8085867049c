// 一企一档 across modules: GET /api/related/enterprises/:id gathers what each module holds about one
// enterprise. The registry's part answers 404 when the caller may not see the enterprise (it is first in
// the module list); every other module reads only its own records, in the caller's scope.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Related, type RelatedStat } from '../../shared/related.dto.ts';
import { Uuid } from '../../shared/schema.ts';
import { ctxOf } from './auth/auth.plugin.ts';
import type { Ctx, Deps } from './context.ts';
import type { AnlanModule } from './module.ts';

export async function enterpriseRelated(ctx: Ctx, modules: readonly AnlanModule[], id: string): Promise<Related> {
  const sections = [];
  for (const m of modules) if (m.related?.enterprise) sections.push(...(await m.related.enterprise(ctx, id)));
  return { sections };
}

export async function relatedRoutes(root: FastifyInstance, deps: Deps, modules: readonly AnlanModule[]) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/related/enterprises/:id',
    {
      schema: {
        tags: ['registry'],
        summary: '一企一档：各模块中与企业相关的记录 What every module holds about an enterprise',
        params: Type.Object({ id: Uuid }, { additionalProperties: false }),
        response: { 200: Related },
      },
    },
    async (req) => enterpriseRelated(ctxOf(req, deps), modules, req.params.id),
  );
}

/** A count linking to the filtered list; it takes its tone only when there is something to count (a zero stays plain). */
export function countStat(
  label: RelatedStat['label'],
  count: { total: number; capped: boolean },
  href: string,
  tone: RelatedStat['tone'] = 'default',
): RelatedStat {
  return { label, value: count.total, capped: count.capped, tone: count.total ? tone : 'default', href };
}
