// HTTP routes for warnings and call-response: each validates, builds the context and makes one service call.
// Public (no sign-in): the one-tap acknowledgement link, the measures report, and the CAP/Atom publication
// of our own warnings. Answers are the camelCase DTOs of shared/warnings.dto.ts.
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import * as D from '../../../shared/warnings.dto.ts';
import { clientIp, ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Deps } from '../../platform/context.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import type { RouteLimit } from '../../platform/ratelimit.ts';
import { routeTable, XLSX } from '../../platform/routes.ts';
import { ackByLink, ackBySms, ackInApp, measuresByLink, measuresInApp, myWarnings, photoByLink, receiptFromGateway, viewByLink } from './ack.service.ts';
import { exportBoard, getBoard, listAttempts, listRecipients } from './board.service.ts';
import { publicAtom, publicCap, pushCap } from './cap-import.service.ts';
import { WARNINGS_CHANGED } from './delivery.ts';
import { createPerson, getPerson, importPersons, importTemplate, listPersons, updatePerson } from './persons.service.ts';
import { createSender, listSenders, rotateSenderToken, updateSender } from './senders.ts';
import { createFeed, readChannels, readFeeds, readOutbox, readPolicy, readStats, recompute, updateChannels, updatePolicy } from './settings.service.ts';
import * as S from './warnings.schema.ts';
import {
  approveWarning,
  cancelWarning,
  createWarning,
  getWarning,
  listWarnings,
  previewRecipients,
  rejectWarning,
  releaseWarning,
  submitWarning,
  updateWarning,
} from './warnings.service.ts';
import { warningDto } from './warnings.presenters.ts';

/** Requests per client address to the public acknowledgement links (open, confirm, a few photos). */
export const ACK_LINK_LIMIT: RouteLimit = { name: 'ack-ip', max: 60, windowMs: 10 * 60_000 };
const tags = ['warnings'];
const ok = <T>(schema: T) => ({ 200: schema });

export async function warningsRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const api = routeTable(root, deps, tags);
  const Id = S.IdParams;
  // CAP documents arrive as XML.
  for (const type of ['application/xml', 'text/xml', 'application/cap+xml']) {
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
  }

  // ── warnings ────────────────────────────────────────────────────────────────────────────────────────
  api.get('/api/warnings', '预警列表 Warnings', { querystring: S.ListWarningsQuery, response: D.WarningPage }, (c, req) => listWarnings(c, req.query));
  api.post('/api/warnings', '起草预警 Draft a warning', { body: S.CreateWarningBody, response: D.WarningDto, status: 201 }, (c, req) =>
    createWarning(c, req.body),
  );
  api.get('/api/warnings/:id', '预警详情 Warning', { params: Id, response: D.WarningDetail }, (c, req) => getWarning(c, req.params.id));
  api.put('/api/warnings/:id', '修改草稿 Edit a draft', { params: Id, body: S.UpdateWarningBody, response: D.WarningDto }, (c, req) =>
    updateWarning(c, req.params.id, req.body),
  );
  // The lifecycle actions answer the changed warning (their state machine is the lifecycle's; presented here).
  api.post('/api/warnings/:id/submit', '提交审批 Submit for approval', { params: Id, response: D.WarningDto }, async (c, req) =>
    warningDto(await submitWarning(c, req.params.id)),
  );
  api.post('/api/warnings/:id/approve', '审批通过 Approve', { params: Id, response: D.WarningDto }, async (c, req) =>
    warningDto(await approveWarning(c, req.params.id)),
  );
  api.post('/api/warnings/:id/reject', '退回 Reject', { params: Id, body: S.ReasonBody, response: D.WarningDto }, async (c, req) =>
    warningDto(await rejectWarning(c, req.params.id, req.body.reason)),
  );
  api.post('/api/warnings/:id/release', '发布并叫应 Release', { params: Id, response: D.ReleasedWarning }, async (c, req) => {
    const r = await releaseWarning(c, req.params.id);
    return { ...warningDto(r.warning), recipients: r.recipients };
  });
  api.post('/api/warnings/:id/cancel', '解除预警 Cancel', { params: Id, body: S.ReasonBody, response: D.CancelResult }, (c, req) =>
    cancelWarning(c, req.params.id, req.body.reason),
  );
  api.get('/api/warnings/:id/preview', '叫应对象预览 Recipient preview', { params: Id, response: D.Preview }, (c, req) => previewRecipients(c, req.params.id));

  // ── board ───────────────────────────────────────────────────────────────────────────────────────────
  api.get('/api/warnings/:id/board', '叫应看板 Call-response board', { params: Id, response: D.Board }, (c, req) => getBoard(c, req.params.id));
  api.get('/api/warnings/:id/recipients', '叫应对象 Recipients', { params: Id, querystring: S.RecipientsQuery, response: D.RecipientPage }, (c, req) =>
    listRecipients(c, req.params.id, req.query),
  );
  api.get(
    '/api/warnings/:id/recipients/:rid/attempts',
    '送达记录 Delivery attempts',
    { params: S.RecipientParams, response: Type.Array(D.AttemptDto) },
    (c, req) => listAttempts(c, req.params.id, req.params.rid),
  );
  api.file('/api/warnings/:id/board.xlsx', '导出叫应情况 Export', { params: Id, mime: XLSX, description: 'The board as an Excel workbook' }, async (c, req) => {
    const f = await exportBoard(c, req.params.id);
    return { fileName: f.filename, data: f.data };
  });

  // Live board: server-sent events, one "board" event per change (coalesced), plus a heartbeat.
  app.get(
    '/api/warnings/:id/stream',
    {
      schema: {
        tags,
        summary: '叫应看板实时推送 Live board (SSE)',
        params: S.IdParams,
        response: ok(D.FileBody('text/event-stream', 'Server-sent events: "board" events carrying the Board DTO, and ": ping" heartbeats')),
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const first = await getBoard(ctx, req.params.id);
      const warningId = first.warningId;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let timer: NodeJS.Timeout | undefined;
      let closed = false;
      const send = (b: D.Board | undefined) => {
        if (b && !closed) res.write(`event: board\ndata: ${JSON.stringify(b)}\n\n`);
      };
      const push = async () => {
        timer = undefined;
        if (!closed) send(await getBoard(ctx, warningId).catch(() => undefined));
      };
      const onChange = (e: { warningId: string }) => {
        if (e.warningId === warningId && !timer) timer = setTimeout(push, 300);
      };
      const unsubscribe = deps.events.subscribe(WARNINGS_CHANGED, onChange);
      const beat = setInterval(() => res.write(': ping\n\n'), 25_000);
      req.raw.on('close', () => {
        closed = true;
        clearInterval(beat);
        if (timer) clearTimeout(timer);
        unsubscribe();
      });
      send(first);
    },
  );

  // ── acknowledgement ─────────────────────────────────────────────────────────────────────────────────
  api.get('/api/warnings/mine', '我的预警 My warnings (in-app)', { response: Type.Array(D.MineItem) }, (c) => myWarnings(c));
  api.post('/api/warnings/recipients/:id/ack', '站内确认 Acknowledge in-app', { params: Id, response: D.AckResult }, (c, req) => ackInApp(c, req.params.id));
  api.post(
    '/api/warnings/recipients/:id/measures',
    '反馈措施 Report measures (in-app)',
    { params: Id, body: S.MeasuresBody, response: D.MeasuresResult },
    (c, req) => measuresInApp(c, req.params.id, req.body),
  );
  api.post('/api/warnings/sms-reply', '短信回复回调 SMS reply webhook', { body: S.SmsReplyBody, response: D.SmsReplyResult }, (c, req) =>
    ackBySms(c, req.body.from, req.body.text),
  );
  api.post('/api/warnings/delivery-receipts', '网关回执回调 Gateway delivery receipt webhook', { body: S.ReceiptBody, response: D.ReceiptResult }, (c, req) =>
    receiptFromGateway(c, req.body),
  );

  const pub = { public: true };
  const ack = { public: true, limits: [ACK_LINK_LIMIT] };
  app.get(
    '/api/public/ack/:token',
    { config: ack, schema: { tags, summary: '叫应链接 Acknowledgement link', params: S.TokenParams, response: ok(D.LinkView) } },
    async (req) => viewByLink(deps, req.params.token),
  );
  app.post(
    '/api/public/ack/:token',
    { config: ack, schema: { tags, summary: '一键确认 One-tap acknowledge', params: S.TokenParams, response: ok(D.LinkAck) } },
    async (req) => ackByLink(deps, req.params.token, clientIp(req)),
  );
  await app.register(async (plain) => {
    // Multipart only for this route: one photo per request, content-sniffed, size-limited.
    await plain.register(multipart);
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.post(
      '/api/public/ack-photo/:token',
      {
        config: ack,
        schema: { tags, summary: '措施照片 Photo for the measures report (multipart, field "photo")', params: S.TokenParams, response: { 201: D.PhotoResult } },
      },
      async (req, reply) => {
        const { files } = await readMultipart(req, deps.config.maxUploadMb, 1);
        return reply.status(201).send(await photoByLink(deps, req.params.token, files[0], clientIp(req)));
      },
    );
  });
  app.post(
    '/api/public/ack-measures/:token',
    { config: ack, schema: { tags, summary: '反馈措施 Report measures', params: S.TokenParams, body: S.MeasuresBody, response: ok(D.Ok) } },
    async (req) => measuresByLink(deps, req.params.token, req.body, clientIp(req)),
  );

  // ── CAP in and out ──────────────────────────────────────────────────────────────────────────────────
  // Only registered CAP senders push, with their own credential (not a user's session or API token).
  app.post(
    '/api/warnings/cap',
    {
      config: pub,
      schema: {
        tags,
        summary: '接收 CAP 1.2 预警 Push a CAP alert (XML body, Bearer <sender credential>)',
        response: { 200: D.ImportResult, 201: D.ImportResult },
      },
    },
    async (req, reply) => {
      const out = await pushCap(deps, req, req.body, clientIp(req));
      return reply.status(out.result === 'imported' ? 201 : 200).send(out);
    },
  );
  app.get(
    '/api/public/warnings/:id/cap.xml',
    { config: pub, schema: { tags, summary: 'CAP 1.2 文档 CAP document', params: S.IdParams, response: ok(D.FileBody('application/cap+xml', 'CAP 1.2 XML')) } },
    async (req, reply) => reply.type('application/cap+xml; charset=utf-8').send(await publicCap(deps, req.params.id)),
  );
  app.get(
    '/api/public/warnings.atom',
    { config: pub, schema: { tags, summary: 'Atom 预警订阅 Atom feed', response: ok(D.FileBody('application/atom+xml', 'Atom 1.0 feed')) } },
    async (req, reply) => reply.type('application/atom+xml; charset=utf-8').send(await publicAtom(deps, `${req.protocol}://${req.host}`)),
  );

  // ── outbox (development, tests, drills) ─────────────────────────────────────────────────────────────
  api.get(
    '/api/warnings/outbox',
    '发件箱 Outbox (what outbox-mode channels would have sent)',
    { querystring: S.OutboxQuery, response: D.OutboxPage },
    (c, req) => readOutbox(c, req.query),
  );

  // ── responsible persons ─────────────────────────────────────────────────────────────────────────────
  api.get('/api/warnings/persons', '责任人名录 Responsible persons', { querystring: S.PersonsQuery, response: D.PersonPage }, (c, req) =>
    listPersons(c, req.query),
  );
  api.post('/api/warnings/persons', '新增责任人 Add a person', { body: S.PersonBody, response: D.PersonDto, status: 201 }, (c, req) =>
    createPerson(c, req.body),
  );
  api.file('/api/warnings/persons/template.xlsx', '导入模板 Import template', { mime: XLSX, description: 'The import template' }, async (c) => ({
    fileName: '责任人导入模板.xlsx',
    data: await importTemplate(c),
  }));
  api.post('/api/warnings/persons/import', '导入责任人 Import persons (.xlsx, base64)', { body: S.ImportBody, response: D.ImportPersonsResult }, (c, req) =>
    importPersons(c, Buffer.from(req.body.contentBase64, 'base64')),
  );
  api.get('/api/warnings/persons/:id', '责任人 Person', { params: Id, response: D.PersonDto }, (c, req) => getPerson(c, req.params.id));
  api.put('/api/warnings/persons/:id', '修改责任人 Edit a person', { params: Id, body: S.PersonBody, response: D.PersonDto }, (c, req) =>
    updatePerson(c, req.params.id, req.body),
  );

  // ── policy, channels, feeds, statistics ─────────────────────────────────────────────────────────────
  api.get('/api/warnings/policy', '叫应策略 Policy', { response: D.PolicyDto }, (c) => readPolicy(c));
  api.put('/api/warnings/policy', '修改叫应策略 Edit policy', { body: S.PolicyBody, response: D.PolicyDto }, (c, req) => updatePolicy(c, req.body));
  api.get('/api/warnings/channels', '渠道配置 Channel settings', { response: D.ChannelsDto }, (c) => readChannels(c));
  api.put('/api/warnings/channels', '修改渠道配置 Edit channel settings', { body: S.ChannelsBody, response: D.Ok }, (c, req) => updateChannels(c, req.body));
  api.get('/api/warnings/feeds', '外部 CAP 订阅 Feeds', { response: Type.Array(D.FeedDto) }, (c) => readFeeds(c));
  api.post('/api/warnings/feeds', '添加订阅 Add a feed', { body: S.FeedBody, response: D.FeedDto, status: 201 }, (c, req) => createFeed(c, req.body));

  // ── registered CAP senders ──────────────────────────────────────────────────────────────────────────
  api.get('/api/warnings/senders', 'CAP 发送方 Registered CAP senders', { response: Type.Array(D.SenderDto) }, (c) => listSenders(c));
  api.post(
    '/api/warnings/senders',
    '登记 CAP 发送方 Register a sender (token shown once)',
    { body: S.SenderBody, response: D.SenderWithToken, status: 201 },
    (c, req) => createSender(c, req.body),
  );
  api.put('/api/warnings/senders/:id', '修改 CAP 发送方 Edit a sender', { params: Id, body: S.SenderUpdateBody, response: D.SenderDto }, (c, req) =>
    updateSender(c, req.params.id, req.body),
  );
  api.post('/api/warnings/senders/:id/token', '更换凭据 New credential for a sender', { params: Id, response: D.SenderToken }, (c, req) =>
    rotateSenderToken(c, req.params.id),
  );

  api.get('/api/warnings/stats', '季度叫应率 Quarterly acknowledgement rate', { querystring: S.StatsQuery, response: Type.Array(D.StatsRow) }, (c, req) =>
    readStats(c, req.query.quarter),
  );
  api.post('/api/warnings/stats/recompute', '重新统计 Recompute', { querystring: S.StatsQuery, response: D.Quarter }, (c, req) =>
    recompute(c, req.query.quarter),
  );
}
