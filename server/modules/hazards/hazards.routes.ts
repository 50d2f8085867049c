// Hazard routes: staff API (signed in, scoped) and the public pages' API (no account, rate-limited).
import { fileDate } from '../../../shared/time.ts';
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import * as D from '../../../shared/hazards.dto.ts';
import { ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Deps } from '../../platform/context.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import type { RouteLimit } from '../../platform/ratelimit.ts';
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

const attachment = (reply: FastifyReply, mime: string, filename: string, data: Buffer) =>
  reply
    .type(mime)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('cache-control', 'no-store')
    .send(data);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** A file answer: described by its media type (the body is the file, sent as an attachment). */
const file = (mime: string, description: string) => Type.String({ contentMediaType: mime, description });

export async function hazardsRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (req: FastifyRequest) => ctxOf(req, deps);

  // ── ledger, detail, documents ──
  app.get('/api/hazards', { schema: { tags, summary: '隐患台账 Ledger', querystring: S.LedgerQuery, response: { 200: D.LedgerPageSchema } } }, async (req) =>
    listLedger(ctx(req), req.query),
  );

  app.get(
    '/api/hazards/export.xlsx',
    { schema: { tags, summary: '导出台账 Export ledger (.xlsx)', querystring: S.LedgerQuery, response: { 200: file(XLSX, 'the filtered ledger') } } },
    async (req, reply) => {
      const { page: _p, pageSize: _s, ...q } = req.query;
      const data = await exportLedger(ctx(req), ledgerFilter(q));
      return attachment(reply, XLSX, `隐患台账-${fileDate(deps.clock.now())}.xlsx`, data);
    },
  );

  app.get(
    '/api/hazards/dashboard',
    { schema: { tags, summary: '隐患治理看板 Dashboard', querystring: S.DashboardQuery, response: { 200: D.DashboardSchema } } },
    async (req) => dashboard(ctx(req), req.query),
  );

  app.get(
    '/api/hazards/notifications',
    { schema: { tags, summary: '隐患提醒 Notifications', querystring: S.NotificationsQuery, response: { 200: D.Items(D.NotificationSchema) } } },
    async (req) => ({ items: await listNotifications(ctx(req), req.query) }),
  );
  app.post(
    '/api/hazards/notifications/:id/read',
    { schema: { tags, summary: '标记已读 Mark read', params: S.IdParams, response: { 200: D.IdOnly } } },
    async (req) => markNotificationRead(ctx(req), req.params.id),
  );

  app.get(
    '/api/hazards/criteria/standards',
    { schema: { tags, summary: '判定标准 Standards', response: { 200: D.Items(D.StandardSchema) } } },
    async (req) => ({ items: await listStandards(ctx(req)) }),
  );
  app.get(
    '/api/hazards/criteria/clauses',
    { schema: { tags, summary: '判定标准条款 Clauses', querystring: S.ClausesQuery, response: { 200: D.Items(D.ClauseSchema) } } },
    async (req) => ({ items: await listClauses(ctx(req), req.query) }),
  );

  app.post(
    '/api/hazards',
    { schema: { tags, summary: '登记隐患 Record a hazard', body: S.CreateHazardBody, response: { 200: D.HazardSchema, 201: D.HazardSchema } } },
    async (req, reply) => {
      reply.status(201);
      return createHazard(ctx(req), req.body);
    },
  );
  app.get(
    '/api/hazards/:id',
    { schema: { tags, summary: '隐患详情（一患一档） Hazard file', params: S.IdParams, response: { 200: D.HazardFileSchema } } },
    async (req) => getHazard(ctx(req), req.params.id),
  );
  app.get(
    '/api/hazards/:id/dossier.docx',
    { schema: { tags, summary: '导出一患一档 Dossier (.docx)', params: S.IdParams, response: { 200: file(DOCX, 'the 一患一档 dossier') } } },
    async (req, reply) => {
      const d = await dossierDocx(ctx(req), req.params.id);
      return attachment(reply, DOCX, d.filename, d.data);
    },
  );

  // ── lifecycle: POST /api/hazards/:id/<step> ──
  const step = <B extends TSchema, R extends TSchema>(summary: string, body: B, response: R) => ({
    schema: { tags, summary, params: S.IdParams, body, response: { 200: response } },
  });
  app.post('/api/hazards/:id/grade', step('定级 Grade', S.GradeBody, D.HazardSchema), async (req) => gradeHazard(ctx(req), req.params.id, req.body));
  app.post('/api/hazards/:id/plan', step('整改方案（五到位） Rectification plan', S.PlanBody, D.HazardSchema), async (req) =>
    submitPlan(ctx(req), req.params.id, req.body),
  );
  app.post('/api/hazards/:id/progress', step('整改进度 Progress', S.ProgressBody, D.IdOnly), async (req) => addProgress(ctx(req), req.params.id, req.body));
  app.post('/api/hazards/:id/request-acceptance', step('申请验收 Request acceptance', S.ProgressBody, D.HazardSchema), async (req) =>
    requestAcceptance(ctx(req), req.params.id, req.body),
  );
  app.post('/api/hazards/:id/reject-acceptance', step('验收不通过 Reject acceptance', S.ReasonBody, D.HazardSchema), async (req) =>
    rejectAcceptance(ctx(req), req.params.id, req.body),
  );
  app.post('/api/hazards/:id/verify', step('验收通过 Verify', S.NoteBody, D.HazardSchema), async (req) => verifyHazard(ctx(req), req.params.id, req.body));
  app.post('/api/hazards/:id/close', step('销号 Close', S.NoteBody, D.HazardSchema), async (req) => closeHazard(ctx(req), req.params.id, req.body));
  app.post('/api/hazards/:id/reopen', step('重新打开 Reopen', S.ReasonBody, D.HazardSchema), async (req) => reopenHazard(ctx(req), req.params.id, req.body));
  app.post('/api/hazards/:id/cancel', step('撤销 Cancel', S.ReasonBody, D.HazardSchema), async (req) => cancelHazard(ctx(req), req.params.id, req.body));
  app.post('/api/hazards/:id/extensions', step('申请延期 Request an extension', S.ExtensionBody, D.IdOnly), async (req) =>
    requestExtension(ctx(req), req.params.id, req.body),
  );
  app.post('/api/hazards/:id/supervision', step('挂牌督办 Supervise', S.SuperviseBody, D.IdOnly), async (req) =>
    superviseHazard(ctx(req), req.params.id, req.body),
  );

  app.get(
    '/api/hazards/extensions',
    { schema: { tags, summary: '延期申请 Extension requests', querystring: S.ExtensionsQuery, response: { 200: D.Items(D.ExtensionQueueItemSchema) } } },
    async (req) => ({ items: await listExtensions(ctx(req), req.query) }),
  );
  app.post(
    '/api/hazards/extensions/:id/decision',
    { schema: { tags, summary: '审批延期 Decide an extension', params: S.IdParams, body: S.DecisionBody, response: { 200: D.ExtensionDecisionSchema } } },
    async (req) => decideExtension(ctx(req), req.params.id, req.body),
  );
  app.post(
    '/api/hazards/supervisions/:id/withdraw',
    { schema: { tags, summary: '摘牌 Withdraw supervision', params: S.IdParams, body: S.ReasonBody, response: { 200: D.IdOnly } } },
    async (req) => withdrawSupervision(ctx(req), req.params.id, req.body),
  );

  // ── public reports, staff side ──
  app.get(
    '/api/hazards/reports',
    { schema: { tags, summary: '群众举报 Public reports', querystring: S.ReportsQuery, response: { 200: D.ReportPageSchema } } },
    async (req) => listReports(ctx(req), req.query),
  );
  app.get(
    '/api/hazards/reports/:id',
    { schema: { tags, summary: '举报详情 Report', params: S.IdParams, response: { 200: D.ReportDetailSchema } } },
    async (req) => getReport(ctx(req), req.params.id),
  );
  app.post(
    '/api/hazards/reports/:id/verify',
    { schema: { tags, summary: '核实举报 Verify a report', params: S.IdParams, body: S.VerifyReportBody, response: { 200: D.VerifyResultSchema } } },
    async (req) => verifyReport(ctx(req), req.params.id, req.body),
  );
  app.post(
    '/api/hazards/reports/:id/reward',
    { schema: { tags, summary: '举报奖励 Reward decision', params: S.IdParams, body: S.RewardBody, response: { 200: D.RewardResultSchema } } },
    async (req) => decideReward(ctx(req), req.params.id, req.body),
  );

  // ── multipart: criteria import and public report submission ──
  await app.register(async (scope) => {
    await scope.register(multipart);
    const typed = scope.withTypeProvider<TypeBoxTypeProvider>();

    scope.post(
      '/api/hazards/criteria/import',
      { schema: { tags, summary: '导入判定标准（.xlsx） Import criteria', response: { 200: D.ImportResultSchema } } },
      async (req) => {
        const { fields, files } = await readMultipart(req, deps.config.maxUploadMb, 1);
        return importCriteriaUpload(ctx(req), fields, files);
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
    async () => ({ items: await publicSupervisions(deps) }),
  );
}

function deviceOf(req: FastifyRequest): string | undefined {
  const h = req.headers['x-device-id'];
  const v = (typeof h === 'string' ? h : undefined) ?? req.cookies?.[DEVICE_COOKIE];
  return v && /^[\w-]{8,64}$/.test(v) ? v : undefined;
}
