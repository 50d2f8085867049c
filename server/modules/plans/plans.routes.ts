// Plan routes: plans and their lifecycle, the plan view (progress per enterprise, counts per town and status,
// export), campaign activities.
import type { FastifyInstance } from 'fastify';
import * as D from '../../../shared/plans.dto.ts';
import type { Deps } from '../../platform/context.ts';
import { routeTable, XLSX } from '../../platform/routes.ts';
import { listActivities } from './plans.campaigns.ts';
import { exportProgress, planView } from './plans.progress.ts';
import * as S from './plans.schema.ts';
import { activatePlan, approvePlan, closePlan, createPlan, getPlan, listPlans, recordActivity } from './plans.service.ts';

const tags = ['plans'];

export async function plansRoutes(root: FastifyInstance, deps: Deps) {
  const api = routeTable(root, deps, tags);
  const Id = S.IdParams;

  api.get('/api/plans', '检查计划 Plans', { querystring: S.PlansQuery, response: D.PlanPageSchema }, (c, req) => listPlans(c, req.query));
  api.post('/api/plans', '编制计划 Create a plan', { body: S.CreatePlanBody, response: D.PlanDetailSchema, status: 201 }, (c, req) => createPlan(c, req.body));
  api.get('/api/plans/:id', '计划详情 Plan', { params: Id, response: D.PlanDetailSchema }, (c, req) => getPlan(c, req.params.id));
  api.post('/api/plans/:id/approve', '审批计划 Approve', { params: Id, body: S.NoteBody, response: D.PlanDetailSchema }, (c, req) =>
    approvePlan(c, req.params.id, req.body),
  );
  api.post('/api/plans/:id/activate', '开始执行 Activate', { params: Id, body: S.NoteBody, response: D.PlanDetailSchema }, (c, req) =>
    activatePlan(c, req.params.id, req.body),
  );
  api.post('/api/plans/:id/close', '结束计划 Close', { params: Id, body: S.NoteBody, response: D.PlanDetailSchema }, (c, req) =>
    closePlan(c, req.params.id, req.body),
  );

  // ── the plan view ──
  api.get('/api/plans/:id/progress', '计划执行情况 Plan view', { params: Id, querystring: S.ProgressQuery, response: D.PlanViewSchema }, (c, req) =>
    planView(c, req.params.id, req.query),
  );
  api.file(
    '/api/plans/:id/progress/export.xlsx',
    '导出执行情况 Export the plan view (.xlsx)',
    { params: Id, querystring: S.ProgressExportQuery, mime: XLSX, description: 'the filtered plan view' },
    (c, req) => exportProgress(c, req.params.id, req.query),
  );

  // ── campaigns ──
  api.get('/api/plans/:id/activities', '专项活动记录 Activities', { params: Id, querystring: S.ActivitiesQuery, response: D.ActivityPageSchema }, (c, req) =>
    listActivities(c, req.params.id, req.query),
  );
  api.post(
    '/api/plans/:id/activities',
    '填报专项活动 Record an activity',
    { params: Id, body: S.ActivityBody, response: D.ActivitySchema, status: 201 },
    (c, req) => recordActivity(c, req.params.id, req.body),
  );
}
