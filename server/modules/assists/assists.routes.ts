// 乡呼县应 routes: the list, a town's request, one request, one row per lifecycle step; and an inspection's joint
// team (组团式执法 / 联合检查).
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import * as D from '../../../shared/assists.dto.ts';
import type { Deps } from '../../platform/context.ts';
import { lifecycleSteps, routeTable } from '../../platform/routes.ts';
import { createAssist } from './assists.create.ts';
import { getAssist, listAssists } from './assists.reads.ts';
import * as S from './assists.schema.ts';
import { type AssistInputs, assistStep } from './assists.service.ts';
import { getJointTeam, saveJointTeam } from './assists.teams.ts';

const tags = ['assists'];

/** POST /api/assists/:id/<path>: every step of the lifecycle has its route (the map's type asks for each one). */
const STEP_ROUTES: { [A in keyof AssistInputs]: [path: string, summary: string, body: TSchema] } = {
  accept: ['accept', '受理 Accept', S.NoteBody],
  decline: ['decline', '不予受理 Decline', S.ReasonBody],
  withdraw: ['withdraw', '撤回 Withdraw', S.ReasonBody],
  assign: ['assign', '指派 Assign a lead unit and officers', S.AssignBody],
  add_note: ['notes', '处置记录 Add a note', S.AddNoteBody],
  link_record: ['links', '关联检查或案件 Link the inspection or case it produced', S.LinkRecordBody],
  report_done: ['done', '报告处置完成 Report done', S.ReportDoneBody],
  confirm: ['confirm', '确认办结 Confirm closure', S.NoteBody],
  reopen: ['reopen', '退回继续处置 Send back', S.ReasonBody],
};

export async function assistsRoutes(root: FastifyInstance, deps: Deps) {
  const api = routeTable(root, deps, tags);
  const Id = S.IdParams;

  api.get('/api/assists', '乡呼县应请求 Requests for district help', { querystring: S.AssistListQuery, response: D.AssistPage }, (c, req) =>
    listAssists(c, req.query),
  );
  api.post('/api/assists', '请求区级支援 Ask the district for help', { body: S.CreateAssistBody, response: D.Created, status: 201 }, (c, req) =>
    createAssist(c, req.body),
  );
  api.get(
    '/api/assists/joint-teams/:inspectionId',
    '联合检查组 An inspection’s joint team',
    { params: S.InspectionParams, response: D.JointTeamAnswer },
    (c, req) => getJointTeam(c, req.params.inspectionId),
  );
  api.put(
    '/api/assists/joint-teams/:inspectionId',
    '登记联合检查组 Record an inspection’s joint team',
    { params: S.InspectionParams, body: S.JointTeamBody, response: D.JointTeamAnswer },
    (c, req) => saveJointTeam(c, req.params.inspectionId, req.body),
  );
  api.get('/api/assists/:id', '支援请求详情 One request', { params: Id, response: D.AssistDetail }, (c, req) => getAssist(c, req.params.id));

  // ── lifecycle: POST /api/assists/:id/<step>, one row a step ──
  const step = lifecycleSteps<AssistInputs>(api, '/api/assists', assistStep);
  for (const [action, [path, summary, body]] of Object.entries(STEP_ROUTES)) step(path, action as keyof AssistInputs, summary, body);
}
