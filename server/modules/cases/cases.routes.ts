// Case routes: the ledger and export, filing, the case file, one row per lifecycle step, the discretion standard
// and leniency lists, and the public typical cases. Documents download through /api/documents/:id/file.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import * as D from '../../../shared/cases.dto.ts';
import type { Deps } from '../../platform/context.ts';
import { ledgerFile } from '../../platform/excel.ts';
import { lifecycleSteps, routeTable, XLSX } from '../../platform/routes.ts';
import { createCase } from './cases.create.ts';
import { enforcementDashboard } from './cases.dashboard.ts';
import { exportCases, getCase, listCases, publicCaseById, publicCases } from './cases.reads.ts';
import * as S from './cases.schema.ts';
import { type CaseInputs, caseStep } from './cases.service.ts';
import { listDiscretion, listLeniency, saveDiscretion, saveLeniency } from './cases.standards.ts';

const tags = ['cases'];
const Created = Type.Object({ id: Type.String(), code: Type.String() });

export async function casesRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const api = routeTable(root, deps, tags);
  const Id = S.IdParams;

  api.get('/api/cases', '案件台账 Case ledger', { querystring: S.LedgerQuery, response: D.CasePage }, (c, req) => listCases(c, req.query));
  api.file(
    '/api/cases/export.xlsx',
    '导出案件台账 Export (.xlsx)',
    { querystring: S.LedgerQuery, mime: XLSX, description: 'the filtered ledger' },
    ledgerFile('案件台账', deps.clock, exportCases),
  );
  api.post('/api/cases', '立案申请 File a case', { body: S.CreateCaseBody, response: Created, status: 201 }, (c, req) => createCase(c, req.body));

  api.get('/api/cases/discretion', '裁量基准 Discretion standard', { querystring: S.DiscretionQuery, response: D.DiscretionList }, (c, req) =>
    listDiscretion(c, req.query),
  );
  api.post('/api/cases/discretion', '新增裁量基准 Add a discretion row', { body: S.DiscretionBody, response: D.Discretion, status: 201 }, (c, req) =>
    saveDiscretion(c, undefined, req.body),
  );
  api.put('/api/cases/discretion/:id', '修改裁量基准 Edit a discretion row', { params: Id, body: S.DiscretionBody, response: D.Discretion }, (c, req) =>
    saveDiscretion(c, req.params.id, req.body),
  );
  api.get('/api/cases/leniency', '首违不罚/从轻减轻清单 Leniency lists', { response: D.LeniencyList }, (c) => listLeniency(c));
  api.post('/api/cases/leniency', '新增清单条目 Add a leniency entry', { body: S.LeniencyBody, response: D.Leniency, status: 201 }, (c, req) =>
    saveLeniency(c, undefined, req.body),
  );
  api.put('/api/cases/leniency/:id', '修改清单条目 Edit a leniency entry', { params: Id, body: S.LeniencyBody, response: D.Leniency }, (c, req) =>
    saveLeniency(c, req.params.id, req.body),
  );

  api.get('/api/cases/dashboard', '监管执法看板 Enforcement dashboard', { querystring: S.DashboardQuery, response: D.EnforcementDashboard }, (c, req) =>
    enforcementDashboard(c, req.query),
  );

  api.get('/api/cases/:id', '案件详情 Case file', { params: Id, response: D.CaseDetail }, (c, req) => getCase(c, req.params.id));

  // ── lifecycle: POST /api/cases/:id/<step>, one row a step ──
  const step = lifecycleSteps<CaseInputs>(api, '/api/cases', caseStep);
  step('approve-filing', 'approve_filing', '批准立案 Approve filing', S.NoteBody);
  step('reject-filing', 'reject_filing', '不予立案 Reject filing', S.ReasonBody);
  step('parties', 'set_parties', '修改当事人及处罚 Set parties', S.PartiesBody);
  step('interviews', 'record_interview', '询问笔录 Interview record', S.InterviewBody);
  step('notify', 'notify', '告知 Notify (告知书)', S.NotifyBody);
  step('statement', 'record_statement', '陈述申辩 Statement', S.StatementBody);
  step('request-hearing', 'request_hearing', '申请听证 Hearing requested', S.NoteBody);
  step('hearing', 'schedule_hearing', '安排听证 Schedule the hearing', S.HearingScheduleBody);
  step('hearing-result', 'record_hearing', '听证结果 Hearing result', S.HearingResultBody);
  step('decide', 'decide', '处罚决定 Decide (决定书)', S.NoteBody);
  step('no-penalty', 'decide_no_penalty', '不予处罚 No penalty', S.NoPenaltyBody);
  step('serve', 'serve', '送达 Serve (送达回证)', S.ServeBody);
  step('payments', 'record_payment', '缴款 Payment', S.PaymentBody);
  step('close', 'close', '结案 Close (结案审批表)', S.CloseBody);
  step('withdraw', 'withdraw', '撤案 Withdraw', S.ReasonBody);
  step('transfer', 'propose_transfer', '提请移送 Propose transfer to the police', S.ReasonBody);
  step('approve-transfer', 'approve_transfer', '批准移送 Approve transfer', S.NoteBody);
  step('reject-transfer', 'reject_transfer', '不予移送 Reject transfer', S.ReasonBody);
  step('hand-over', 'hand_over', '移交案卷 Hand over', S.HandOverBody);
  step('police-answer', 'police_answer', '公安回复 Police answer', S.PoliceAnswerBody);
  step('publication', 'propose_publication', '提请公开典型案例 Propose publication', S.PublicationBody);
  step('publication-decision', 'decide_publication', '审核典型案例 Decide publication', S.PublicationDecisionBody);

  // ── public: typical cases (查处一案、警示一批) ──
  app.get(
    '/api/public/cases',
    {
      config: { public: true },
      schema: { tags: ['public'], summary: '典型案例 Typical cases (public)', querystring: S.PublicListQuery, response: { 200: D.PublicCasePage } },
    },
    (req) => publicCases(deps, req.query),
  );
  app.get(
    '/api/public/cases/:id',
    { config: { public: true }, schema: { tags: ['public'], summary: '典型案例详情 Typical case (public)', params: Id, response: { 200: D.PublicCase } } },
    (req) => publicCaseById(deps, req.params.id),
  );
}
