// 乡呼县应 routes: the list, a town's request, one request, one row per lifecycle step; and an inspection's joint
// team (组团式执法 / 联合检查).
import type { FastifyInstance } from 'fastify';
import * as D from '../../../shared/assists.dto.ts';
import type { Deps } from '../../platform/context.ts';
import { lifecycleSteps, routeTable } from '../../platform/routes.ts';
import { createAssist } from './assists.create.ts';
import { getAssist, listAssists } from './assists.reads.ts';
import * as S from './assists.schema.ts';
import { type AssistInputs, assistStep } from './assists.service.ts';
import { getJointTeam, saveJointTeam } from './assists.teams.ts';

const tags = ['assists'];

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
  step('accept', 'accept', '受理 Accept', S.NoteBody);
  step('decline', 'decline', '不予受理 Decline', S.ReasonBody);
  step('withdraw', 'withdraw', '撤回 Withdraw', S.ReasonBody);
  step('assign', 'assign', '指派 Assign a lead unit and officers', S.AssignBody);
  step('notes', 'add_note', '处置记录 Add a note', S.AddNoteBody);
  step('links', 'link_record', '关联检查或案件 Link the inspection or case it produced', S.LinkRecordBody);
  step('done', 'report_done', '报告处置完成 Report done', S.ReportDoneBody);
  step('confirm', 'confirm', '确认办结 Confirm closure', S.NoteBody);
  step('reopen', 'reopen', '退回继续处置 Send back', S.ReasonBody);
}
