// Hazard routes: staff API (signed in, scoped) and the public pages' API (no account, rate-limited).
import { fileDate } from '../../../shared/time.ts';
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import * as D from '../../../shared/hazards.dto.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import type { RouteLimit } from '../../platform/ratelimit.ts';
import { DOCX, type RouteRequest, routeTable, XLSX } from '../../platform/routes.ts';
import { importCriteriaUpload, listClauses, listStandards } from './hazards.criteria.ts';
import { dashboard, listNotifications, markNotificationRead } from './hazards.dashboard.ts';
import { dossierDocx, exportLedger } from './hazards.documents.ts';
import { decideReward, getReport, listReports, submitReport, trackReport, verifyReport } from './hazards.reports.ts';
import * as S from './hazards.schema.ts';
import { createHazard } from './hazards.create.ts';
import { getHazard, ledgerFilter, listExtensions, listLedger, publicSupervisions } from './hazards.reads.ts';
import {
  addProgress,
  cancelHazard,
  closeHazard,
  decideExtension,
  gradeHazard,
  rejectAcceptance,
  reopenHazard,
  requestAcceptance,
  requestExtension,
  submitPlan,
  superviseHazard,
  verifyHazard,
  withdrawSupervision,
} from './hazards.service.ts';

const tags = ['hazards'];

/** Public report limits: per network address and per device, per hour; tracking look-ups per minute. */
export const REPORT_LIMITS = { perIpHour: 10, perDeviceHour: 5, trackPerIpMinute: 30 };
const DEVICE_COOKIE = 'anlan_dev';
// Kept in the database by the platform limiter: a restart or a second process does not reset them.
const tooMany = { zh: '提交过于频繁，请稍后再试', en: 'Too many submissions; please try again later' };
const REPORT_BY_IP: RouteLimit = { name: 'report-ip', max: REPORT_LIMITS.perIpHour, windowMs: 3_600_000, message: tooMany };
const REPORT_BY_DEVICE: RouteLimit = {
  name: 'report-dev',
  max: REPORT_LIMITS.perDeviceHour,
  windowMs: 3_600_000,
  message: tooMany,
  subject: (req) => deviceOf(req) ?? req.ip,
};
const TRACK_BY_IP: RouteLimit = { name: 'track-ip', max: REPORT_LIMITS.trackPerIpMinute, windowMs: 60_000, message: tooMany };

/** A list answered as `{ items }`. */
const items = async <T>(rows: Promise<T[]>) => ({ items: await rows });

export async function hazardsRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const api = routeTable(root, deps, tags);
  const Id = S.IdParams;

  // ── ledger, detail, documents ──
  api.get('/api/hazards', '隐患台账 Ledger', { querystring: S.LedgerQuery, response: D.LedgerPageSchema }, (c, req) => listLedger(c, req.query));
  api.file(
    '/api/hazards/export.xlsx',
    '导出台账 Export ledger (.xlsx)',
    { querystring: S.LedgerQuery, mime: XLSX, description: 'the filtered ledger' },
    async (c, req) => {
      const { page: _p, pageSize: _s, ...q } = req.query;
      return { fileName: `隐患台账-${fileDate(deps.clock.now())}.xlsx`, data: await exportLedger(c, ledgerFilter(q)) };
    },
  );
  api.get('/api/hazards/dashboard', '隐患治理看板 Dashboard', { querystring: S.DashboardQuery, response: D.DashboardSchema }, (c, req) =>
    dashboard(c, req.query),
  );
  api.get('/api/hazards/notifications', '隐患提醒 Notifications', { querystring: S.NotificationsQuery, response: D.Items(D.NotificationSchema) }, (c, req) =>
    items(listNotifications(c, req.query)),
  );
  api.post('/api/hazards/notifications/:id/read', '标记已读 Mark read', { params: Id, response: D.IdOnly }, (c, req) => markNotificationRead(c, req.params.id));
  api.get('/api/hazards/criteria/standards', '判定标准 Standards', { response: D.Items(D.StandardSchema) }, (c) => items(listStandards(c)));
  api.get('/api/hazards/criteria/clauses', '判定标准条款 Clauses', { querystring: S.ClausesQuery, response: D.Items(D.ClauseSchema) }, (c, req) =>
    items(listClauses(c, req.query)),
  );
  api.post('/api/hazards', '登记隐患 Record a hazard', { body: S.CreateHazardBody, response: D.HazardSchema, status: 201 }, (c, req) =>
    createHazard(c, req.body),
  );
  api.get('/api/hazards/:id', '隐患详情（一患一档） Hazard file', { params: Id, response: D.HazardFileSchema }, (c, req) => getHazard(c, req.params.id));
  api.file('/api/hazards/:id/dossier.docx', '导出一患一档 Dossier (.docx)', { params: Id, mime: DOCX, description: 'the 一患一档 dossier' }, async (c, req) => {
    const d = await dossierDocx(c, req.params.id);
    return { fileName: d.filename, data: d.data };
  });

  // ── lifecycle: POST /api/hazards/:id/<step>, one row a step: path, summary, body, answer, service call ──
  const step = <B extends TSchema, R extends TSchema>(
    name: string,
    summary: string,
    body: B,
    response: R,
    run: (c: Ctx, id: string, input: RouteRequest<typeof Id, undefined, B>['body']) => Promise<Static<R>>,
  ) => api.post(`/api/hazards/:id/${name}`, summary, { params: Id, body, response }, (c, req) => run(c, req.params.id, req.body));
  step('grade', '定级 Grade', S.GradeBody, D.HazardSchema, gradeHazard);
  step('plan', '整改方案（五到位） Rectification plan', S.PlanBody, D.HazardSchema, submitPlan);
  step('progress', '整改进度 Progress', S.ProgressBody, D.IdOnly, addProgress);
  step('request-acceptance', '申请验收 Request acceptance', S.ProgressBody, D.HazardSchema, requestAcceptance);
  step('reject-acceptance', '验收不通过 Reject acceptance', S.ReasonBody, D.HazardSchema, rejectAcceptance);
  step('verify', '验收通过 Verify', S.NoteBody, D.HazardSchema, verifyHazard);
  step('close', '销号 Close', S.NoteBody, D.HazardSchema, closeHazard);
  step('reopen', '重新打开 Reopen', S.ReasonBody, D.HazardSchema, reopenHazard);
  step('cancel', '撤销 Cancel', S.ReasonBody, D.HazardSchema, cancelHazard);
  step('extensions', '申请延期 Request an extension', S.ExtensionBody, D.IdOnly, requestExtension);
  step('supervision', '挂牌督办 Supervise', S.SuperviseBody, D.IdOnly, superviseHazard);

  api.get(
    '/api/hazards/extensions',
    '延期申请 Extension requests',
    { querystring: S.ExtensionsQuery, response: D.Items(D.ExtensionQueueItemSchema) },
    (c, req) => items(listExtensions(c, req.query)),
  );
  api.post(
    '/api/hazards/extensions/:id/decision',
    '审批延期 Decide an extension',
    { params: Id, body: S.DecisionBody, response: D.ExtensionDecisionSchema },
    (c, req) => decideExtension(c, req.params.id, req.body),
  );
  api.post('/api/hazards/supervisions/:id/withdraw', '摘牌 Withdraw supervision', { params: Id, body: S.ReasonBody, response: D.IdOnly }, (c, req) =>
    withdrawSupervision(c, req.params.id, req.body),
  );

  // ── public reports, staff side ──
  api.get('/api/hazards/reports', '群众举报 Public reports', { querystring: S.ReportsQuery, response: D.ReportPageSchema }, (c, req) =>
    listReports(c, req.query),
  );
  api.get('/api/hazards/reports/:id', '举报详情 Report', { params: Id, response: D.ReportDetailSchema }, (c, req) => getReport(c, req.params.id));
  api.post('/api/hazards/reports/:id/verify', '核实举报 Verify a report', { params: Id, body: S.VerifyReportBody, response: D.VerifyResultSchema }, (c, req) =>
    verifyReport(c, req.params.id, req.body),
  );
  api.post('/api/hazards/reports/:id/reward', '举报奖励 Reward decision', { params: Id, body: S.RewardBody, response: D.RewardResultSchema }, (c, req) =>
    decideReward(c, req.params.id, req.body),
  );

  // ── multipart: criteria import and public report submission ──
  await app.register(async (scope) => {
    await scope.register(multipart);
    const typed = scope.withTypeProvider<TypeBoxTypeProvider>();

    routeTable(scope, deps, tags).post(
      '/api/hazards/criteria/import',
      '导入判定标准（.xlsx） Import criteria',
      { response: D.ImportResultSchema },
      async (c, req) => {
        const { fields, files } = await readMultipart(req, deps.config.maxUploadMb, 1);
        return importCriteriaUpload(c, fields, files);
      },
    );

    scope.post(
      '/api/public/hazards/reports',
      {
        // Counted before the body is read: a flood costs us a counter, not an upload.
        config: { public: true, limits: [REPORT_BY_IP, REPORT_BY_DEVICE] },
        schema: { tags: ['public'], summary: '群众举报（无需登录） Submit a public report', response: { 201: D.SubmittedReportSchema } },
      },
      async (req, reply) => {
        let device = deviceOf(req);
        if (!device) {
          device = randomUUID();
          reply.setCookie(DEVICE_COOKIE, device, { path: '/api/public/hazards', httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400 });
        }
        const { fields, files } = await readMultipart(req, deps.config.maxUploadMb, 6);
        reply.status(201);
        return submitReport(deps, { fields, files, ip: req.ip, deviceId: device });
      },
    );

    typed.get(
      '/api/public/hazards/reports/:code',
      {
        config: { public: true, limits: [TRACK_BY_IP] },
        schema: { tags: ['public'], summary: '举报进度查询 Track a report', params: S.TrackParams, response: { 200: D.TrackedReportSchema } },
      },
      async (req) => trackReport(deps, req.params.code.toUpperCase()),
    );
  });

  app.get(
    '/api/public/hazards/supervisions',
    {
      config: { public: true },
      schema: { tags: ['public'], summary: '挂牌督办公示 Supervised hazards (public)', response: { 200: D.Items(D.PublicSupervisionSchema) } },
    },
    () => items(publicSupervisions(deps)),
  );
}

function deviceOf(req: FastifyRequest): string | undefined {
  const h = req.headers['x-device-id'];
  const v = (typeof h === 'string' ? h : undefined) ?? req.cookies?.[DEVICE_COOKIE];
  return v && /^[\w-]{8,64}$/.test(v) ? v : undefined;
}
