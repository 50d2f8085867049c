// Hazard routes: staff API (signed in, scoped) and the public pages' API (no account, rate-limited).
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Deps } from '../../platform/context.ts';
import { fieldError } from '../../platform/errors.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import type { RouteLimit } from '../../platform/ratelimit.ts';
import { isIsoDate } from '../../../shared/schema.ts';
import { importCriteria, listClauses, listStandards } from './hazards.criteria.ts';
import { dashboard, listNotifications, markNotificationRead } from './hazards.dashboard.ts';
import { dossierDocx, exportLedger } from './hazards.documents.ts';
import type { LedgerFilter } from './hazards.repo.ts';
import { decideReward, getReport, listReports, submitReport, trackReport, verifyReport } from './hazards.reports.ts';
import * as S from './hazards.schema.ts';
import { createHazard } from './hazards.create.ts';
import { getHazard, listExtensions, listLedger, publicSupervisions } from './hazards.reads.ts';
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

type Id = { id: string };
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

function toFilter(q: Record<string, unknown>): LedgerFilter {
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : undefined);
  return {
    q: (q.q as string) || undefined,
    state: q.state as string[] | undefined,
    open: q.open as boolean | undefined,
    level: q.level as string | undefined,
    source: q.source as string | undefined,
    sector: q.sector as string | undefined,
    town: q.town as string | undefined,
    enterpriseId: q.enterpriseId as string | undefined,
    overdue: q.overdue as boolean | undefined,
    supervised: q.supervised as boolean | undefined,
    foundFrom: date(q.foundFrom),
    foundTo: date(q.foundTo),
  };
}

const attachment = (reply: FastifyReply, mime: string, filename: string, data: Buffer) =>
  reply
    .type(mime)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('cache-control', 'no-store')
    .send(data);

export async function hazardsRoutes(app: FastifyInstance, deps: Deps) {
  const ctx = (req: FastifyRequest) => ctxOf(req, deps);

  // ── ledger, detail, documents ──
  app.get('/api/hazards', { schema: { tags, summary: '隐患台账 Ledger', querystring: S.LedgerQuery } }, async (req) => {
    const q = req.query as { page: number; pageSize: number } & Record<string, unknown>;
    return listLedger(ctx(req), toFilter(q), q.page, q.pageSize);
  });

  app.get('/api/hazards/export.xlsx', { schema: { tags, summary: '导出台账 Export ledger (.xlsx)', querystring: S.LedgerQuery } }, async (req, reply) => {
    const data = await exportLedger(ctx(req), toFilter(req.query as Record<string, unknown>));
    return attachment(
      reply,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `隐患台账-${deps.clock.now().toISOString().slice(0, 10)}.xlsx`,
      data,
    );
  });

  app.get('/api/hazards/dashboard', { schema: { tags, summary: '隐患治理看板 Dashboard', querystring: S.DashboardQuery } }, async (req) =>
    dashboard(ctx(req), req.query as { town?: string }),
  );

  app.get('/api/hazards/notifications', { schema: { tags, summary: '隐患提醒 Notifications', querystring: S.NotificationsQuery } }, async (req) => ({
    items: await listNotifications(ctx(req), req.query as { unread?: boolean; limit: number }),
  }));
  app.post('/api/hazards/notifications/:id/read', { schema: { tags, summary: '标记已读 Mark read', params: S.IdParams } }, async (req) =>
    markNotificationRead(ctx(req), (req.params as Id).id),
  );

  app.get('/api/hazards/criteria/standards', { schema: { tags, summary: '判定标准 Standards' } }, async (req) => ({ items: await listStandards(ctx(req)) }));
  app.get('/api/hazards/criteria/clauses', { schema: { tags, summary: '判定标准条款 Clauses', querystring: S.ClausesQuery } }, async (req) => ({
    items: await listClauses(ctx(req), req.query as Parameters<typeof listClauses>[1]),
  }));

  app.post('/api/hazards', { schema: { tags, summary: '登记隐患 Record a hazard', body: S.CreateHazardBody } }, async (req, reply) => {
    reply.status(201);
    return createHazard(ctx(req), req.body as never);
  });
  app.get('/api/hazards/:id', { schema: { tags, summary: '隐患详情（一患一档） Hazard file', params: S.IdParams } }, async (req) =>
    getHazard(ctx(req), (req.params as Id).id),
  );
  app.get('/api/hazards/:id/dossier.docx', { schema: { tags, summary: '导出一患一档 Dossier (.docx)', params: S.IdParams } }, async (req, reply) => {
    const d = await dossierDocx(ctx(req), (req.params as Id).id);
    return attachment(reply, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', d.filename, d.data);
  });

  // ── lifecycle ──
  const step = <B>(path: string, summary: string, body: unknown, fn: (c: ReturnType<typeof ctx>, id: string, b: B) => Promise<unknown>) =>
    app.post(`/api/hazards/:id/${path}`, { schema: { tags, summary, params: S.IdParams, body: body as never } }, async (req) =>
      fn(ctx(req), (req.params as Id).id, (req.body ?? {}) as B),
    );
  step('grade', '定级 Grade', S.GradeBody, gradeHazard);
  step('plan', '整改方案（五到位） Rectification plan', S.PlanBody, submitPlan);
  step('progress', '整改进度 Progress', S.ProgressBody, addProgress);
  step('request-acceptance', '申请验收 Request acceptance', S.ProgressBody, requestAcceptance);
  step('reject-acceptance', '验收不通过 Reject acceptance', S.ReasonBody, rejectAcceptance);
  step('verify', '验收通过 Verify', S.NoteBody, verifyHazard);
  step('close', '销号 Close', S.NoteBody, closeHazard);
  step('reopen', '重新打开 Reopen', S.ReasonBody, reopenHazard);
  step('cancel', '撤销 Cancel', S.ReasonBody, cancelHazard);
  step('extensions', '申请延期 Request an extension', S.ExtensionBody, requestExtension);
  step('supervision', '挂牌督办 Supervise', S.SuperviseBody, superviseHazard);

  app.get('/api/hazards/extensions', { schema: { tags, summary: '延期申请 Extension requests', querystring: S.ExtensionsQuery } }, async (req) => ({
    items: await listExtensions(ctx(req), req.query as { status?: 'pending' }),
  }));
  app.post(
    '/api/hazards/extensions/:id/decision',
    { schema: { tags, summary: '审批延期 Decide an extension', params: S.IdParams, body: S.DecisionBody } },
    async (req) => decideExtension(ctx(req), (req.params as Id).id, req.body as { approve: boolean; note?: string }),
  );
  app.post(
    '/api/hazards/supervisions/:id/withdraw',
    { schema: { tags, summary: '摘牌 Withdraw supervision', params: S.IdParams, body: S.ReasonBody } },
    async (req) => withdrawSupervision(ctx(req), (req.params as Id).id, req.body as { reason: string }),
  );

  // ── public reports, staff side ──
  app.get('/api/hazards/reports', { schema: { tags, summary: '群众举报 Public reports', querystring: S.ReportsQuery } }, async (req) =>
    listReports(ctx(req), req.query as { status?: string; page: number; pageSize: number }),
  );
  app.get('/api/hazards/reports/:id', { schema: { tags, summary: '举报详情 Report', params: S.IdParams } }, async (req) =>
    getReport(ctx(req), (req.params as Id).id),
  );
  app.post(
    '/api/hazards/reports/:id/verify',
    { schema: { tags, summary: '核实举报 Verify a report', params: S.IdParams, body: S.VerifyReportBody } },
    async (req) => verifyReport(ctx(req), (req.params as Id).id, req.body as never),
  );
  app.post('/api/hazards/reports/:id/reward', { schema: { tags, summary: '举报奖励 Reward decision', params: S.IdParams, body: S.RewardBody } }, async (req) =>
    decideReward(ctx(req), (req.params as Id).id, req.body as never),
  );

  // ── multipart: criteria import and public report submission ──
  await app.register(async (scope) => {
    await scope.register(multipart);

    scope.post('/api/hazards/criteria/import', { schema: { tags, summary: '导入判定标准（.xlsx） Import criteria' } }, async (req) => {
      const c = ctx(req);
      const { fields, files } = await readMultipart(req, deps.config.maxUploadMb, 1);
      const file = files.find((f) => f.field === 'file');
      if (!file) throw fieldError('body.file', '请选择 .xlsx 文件', 'is required');
      for (const k of ['code', 'name', 'version'] as const) {
        if (!fields[k]?.trim() || fields[k].length > 100) throw fieldError(`body.${k}`, '为必填项（不超过 100 字）', 'is required (at most 100 characters)');
      }
      if (fields.effectiveFrom && !isIsoDate(fields.effectiveFrom))
        throw fieldError('body.effectiveFrom', '应为真实存在的日期 YYYY-MM-DD', 'must be a real date YYYY-MM-DD');
      return importCriteria(
        c,
        {
          code: fields.code.trim(),
          name: fields.name.trim(),
          version: fields.version.trim(),
          issuer: fields.issuer?.trim() || undefined,
          effectiveFrom: fields.effectiveFrom || undefined,
        },
        file.data,
      );
    });

    scope.post(
      '/api/public/hazards/reports',
      {
        // Counted before the body is read: a flood costs us a counter, not an upload.
        config: { public: true, limits: [REPORT_BY_IP, REPORT_BY_DEVICE] },
        schema: { tags: ['public'], summary: '群众举报（无需登录） Submit a public report' },
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

    scope.get(
      '/api/public/hazards/reports/:code',
      {
        config: { public: true, limits: [TRACK_BY_IP] },
        schema: { tags: ['public'], summary: '举报进度查询 Track a report', params: S.TrackParams },
      },
      async (req) => trackReport(deps, (req.params as { code: string }).code.toUpperCase()),
    );
  });

  app.get(
    '/api/public/hazards/supervisions',
    { config: { public: true }, schema: { tags: ['public'], summary: '挂牌督办公示 Supervised hazards (public)' } },
    async () => ({
      items: await publicSupervisions(deps),
    }),
  );
}

function deviceOf(req: FastifyRequest): string | undefined {
  const h = req.headers['x-device-id'];
  const v = (typeof h === 'string' ? h : undefined) ?? req.cookies?.[DEVICE_COOKIE];
  return v && /^[\w-]{8,64}$/.test(v) ? v : undefined;
}
