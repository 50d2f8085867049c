// 双随机一公开 routes: staff API under /api/draws (signed in, token resource 'inspection') and the public page's
// API under /api/public/draws (no account, rate-limited per address in the database).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import * as D from '../../../shared/draws.dto.ts';
import type { Deps } from '../../platform/context.ts';
import type { RouteLimit } from '../../platform/ratelimit.ts';
import { routeTable, sendFile } from '../../platform/routes.ts';
import { declareConflict, listConflicts, withdrawConflict } from './draws.conflicts.ts';
import { getDraw, listDraws, myDrawTasks, publicDraw, publicInputs, publicList, publicVerify, verifyDraw } from './draws.reads.ts';
import * as S from './draws.schema.ts';
import { cancelDraw, commitDraw, createDraw, previewPool, redraw, runDraw } from './draws.service.ts';

const tags = ['draws'];
const PUBLIC_LIMIT: RouteLimit = {
  name: 'draws-public-ip',
  max: 60,
  windowMs: 60_000,
  message: { zh: '查询过于频繁，请稍后再试', en: 'Too many requests; please try again later' },
};
const Stepped = Type.Object({ id: Type.String(), commitment: Type.Optional(Type.String()), seed: Type.Optional(Type.String()) });

export async function drawsRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const api = routeTable(root, deps, tags);
  const Id = S.IdParams;

  api.get('/api/draws', '双随机抽查列表 Draws', { querystring: S.DrawsQuery, response: D.DrawPage }, (c, req) => listDraws(c, req.query));
  api.post('/api/draws/preview', '名录预览 Pool preview', { body: S.PreviewBody, response: D.PoolPreview }, (c, req) => previewPool(c, req.body));
  api.post('/api/draws', '新建抽查 Prepare a draw', { body: S.CreateDrawBody, response: D.IdOnly, status: 201 }, (c, req) => createDraw(c, req.body));
  api.get('/api/draws/conflicts', '利害关系申报 Declared conflicts', { querystring: S.ConflictsQuery, response: D.ConflictPage }, (c, req) =>
    listConflicts(c, req.query),
  );
  api.post('/api/draws/conflicts', '申报利害关系 Declare a conflict', { body: S.ConflictBody, response: D.IdOnly, status: 201 }, (c, req) =>
    declareConflict(c, req.body),
  );
  api.post('/api/draws/conflicts/:id/withdraw', '撤回申报 Withdraw a declaration', { params: Id, body: S.ReasonBody, response: D.IdOnly }, (c, req) =>
    withdrawConflict(c, req.params.id, req.body.reason),
  );
  api.get('/api/draws/my-tasks', '我的双随机任务 My drawn tasks (any jurisdiction)', { response: D.MyDrawTasks }, (c) => myDrawTasks(c));
  api.get('/api/draws/:id', '抽查详情 Draw', { params: Id, response: D.DrawDetail }, (c, req) => getDraw(c, req.params.id));
  api.get('/api/draws/:id/verify', '验证抽取 Verify (re-run every round)', { params: Id, response: D.VerificationDto }, (c, req) =>
    verifyDraw(c, req.params.id),
  );
  api.post('/api/draws/:id/commit', '锁定名录并公示承诺 Commit', { params: Id, body: S.CommitBody, response: Stepped }, (c, req) =>
    commitDraw(c, req.params.id, req.body),
  );
  api.post('/api/draws/:id/draw', '抽取 Draw', { params: Id, body: S.DrawBody, response: Stepped }, (c, req) => runDraw(c, req.params.id, req.body));
  api.post('/api/draws/:id/redraw', '重新抽取 Redraw (with a reason)', { params: Id, body: S.RedrawBody, response: Stepped }, (c, req) =>
    redraw(c, req.params.id, req.body),
  );
  api.post('/api/draws/:id/cancel', '取消 Cancel', { params: Id, body: S.ReasonBody, response: D.IdOnly }, (c, req) => cancelDraw(c, req.params.id, req.body));

  const config = { public: true, limits: [PUBLIC_LIMIT] };
  const pub = (summary: string) => ({ tags: ['public'], summary });
  app.get('/api/public/draws', { config, schema: { ...pub('双随机抽查公示 Published draws'), response: { 200: D.PublicDrawList } } }, () => publicList(deps));
  app.get(
    '/api/public/draws/:code',
    { config, schema: { ...pub('抽查公示 A published draw'), params: S.CodeParams, response: { 200: D.PublicDraw } } },
    (req) => publicDraw(deps, req.params.code),
  );
  app.get(
    '/api/public/draws/:code/verify',
    { config, schema: { ...pub('公开验证 Verify a draw'), params: S.CodeParams, response: { 200: D.VerificationDto } } },
    (req) => publicVerify(deps, req.params.code),
  );
  app.get(
    '/api/public/draws/:code/inputs',
    {
      config,
      schema: {
        ...pub('抽取输入 The canonical inputs of a round (SHA-256 of the file = the commitment)'),
        params: S.CodeParams,
        querystring: S.RoundQuery,
        response: { 200: Type.String({ contentMediaType: 'application/json', description: 'the canonical JSON text the commitment hashes' }) },
      },
    },
    async (req, reply) => {
      const f = await publicInputs(deps, req.params.code, req.query.round);
      return sendFile(reply, 'application/json', f.fileName, f.data);
    },
  );
}
