// HTTP routes for warnings and call-response: each validates, builds the context and makes one service call.
// Public (no sign-in): the one-tap acknowledgement link, the measures report, and the CAP/Atom publication
// of our own warnings. Answers are the camelCase DTOs of shared/warnings.dto.ts.
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import * as D from '../../../shared/warnings.dto.ts';
import { clientIp, ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Deps } from '../../platform/context.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import type { RouteLimit } from '../../platform/ratelimit.ts';
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
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ok = <T>(schema: T) => ({ 200: schema });

const sendFile = (reply: FastifyReply, type: string, filename: string, data: Buffer) =>
  reply
    .type(type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(data);

export async function warningsRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // CAP documents arrive as XML.
  for (const type of ['application/xml', 'text/xml', 'application/cap+xml']) {
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
  }

  // ── warnings ────────────────────────────────────────────────────────────────────────────────────────
  app.get('/api/warnings', { schema: { tags, summary: '预警列表 Warnings', querystring: S.ListWarningsQuery, response: ok(D.WarningPage) } }, async (req) =>
    listWarnings(ctxOf(req, deps), req.query),
  );
  app.post(
    '/api/warnings',
    { schema: { tags, summary: '起草预警 Draft a warning', body: S.CreateWarningBody, response: { 201: D.WarningDto } } },
    async (req, reply) => reply.status(201).send(await createWarning(ctxOf(req, deps), req.body)),
  );
  app.get('/api/warnings/:id', { schema: { tags, summary: '预警详情 Warning', params: S.IdParams, response: ok(D.WarningDetail) } }, async (req) =>
    getWarning(ctxOf(req, deps), req.params.id),
  );
  app.put(
    '/api/warnings/:id',
    { schema: { tags, summary: '修改草稿 Edit a draft', params: S.IdParams, body: S.UpdateWarningBody, response: ok(D.WarningDto) } },
    async (req) => updateWarning(ctxOf(req, deps), req.params.id, req.body),
  );
  // The lifecycle actions answer the changed warning (their state machine is the lifecycle's; presented here).
  app.post(
    '/api/warnings/:id/submit',
    { schema: { tags, summary: '提交审批 Submit for approval', params: S.IdParams, response: ok(D.WarningDto) } },
    async (req) => warningDto(await submitWarning(ctxOf(req, deps), req.params.id)),
  );
  app.post('/api/warnings/:id/approve', { schema: { tags, summary: '审批通过 Approve', params: S.IdParams, response: ok(D.WarningDto) } }, async (req) =>
    warningDto(await approveWarning(ctxOf(req, deps), req.params.id)),
  );
  app.post(
    '/api/warnings/:id/reject',
    { schema: { tags, summary: '退回 Reject', params: S.IdParams, body: S.ReasonBody, response: ok(D.WarningDto) } },
    async (req) => warningDto(await rejectWarning(ctxOf(req, deps), req.params.id, req.body.reason)),
  );
  app.post(
    '/api/warnings/:id/release',
    { schema: { tags, summary: '发布并叫应 Release', params: S.IdParams, response: ok(D.ReleasedWarning) } },
    async (req) => {
      const r = await releaseWarning(ctxOf(req, deps), req.params.id);
      return { ...warningDto(r.warning), recipients: r.recipients };
    },
  );
  app.post(
    '/api/warnings/:id/cancel',
    { schema: { tags, summary: '解除预警 Cancel', params: S.IdParams, body: S.ReasonBody, response: ok(D.CancelResult) } },
    async (req) => cancelWarning(ctxOf(req, deps), req.params.id, req.body.reason),
  );
  app.get(
    '/api/warnings/:id/preview',
    { schema: { tags, summary: '叫应对象预览 Recipient preview', params: S.IdParams, response: ok(D.Preview) } },
    async (req) => previewRecipients(ctxOf(req, deps), req.params.id),
  );

  // ── board ───────────────────────────────────────────────────────────────────────────────────────────
  app.get('/api/warnings/:id/board', { schema: { tags, summary: '叫应看板 Call-response board', params: S.IdParams, response: ok(D.Board) } }, async (req) =>
    getBoard(ctxOf(req, deps), req.params.id),
  );
  app.get(
    '/api/warnings/:id/recipients',
    { schema: { tags, summary: '叫应对象 Recipients', params: S.IdParams, querystring: S.RecipientsQuery, response: ok(D.RecipientPage) } },
    async (req) => listRecipients(ctxOf(req, deps), req.params.id, req.query),
  );
  app.get(
    '/api/warnings/:id/recipients/:rid/attempts',
    { schema: { tags, summary: '送达记录 Delivery attempts', params: S.RecipientParams, response: ok(Type.Array(D.AttemptDto)) } },
    async (req) => listAttempts(ctxOf(req, deps), req.params.id, req.params.rid),
  );
  app.get(
    '/api/warnings/:id/board.xlsx',
    { schema: { tags, summary: '导出叫应情况 Export', params: S.IdParams, response: ok(D.FileBody(XLSX, 'The board as an Excel workbook')) } },
    async (req, reply) => {
      const f = await exportBoard(ctxOf(req, deps), req.params.id);
      return sendFile(reply, XLSX, f.filename, f.data);
    },
  );

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
  app.get('/api/warnings/mine', { schema: { tags, summary: '我的预警 My warnings (in-app)', response: ok(Type.Array(D.MineItem)) } }, async (req) =>
    myWarnings(ctxOf(req, deps)),
  );
  app.post(
    '/api/warnings/recipients/:id/ack',
    { schema: { tags, summary: '站内确认 Acknowledge in-app', params: S.IdParams, response: ok(D.AckResult) } },
    async (req) => ackInApp(ctxOf(req, deps), req.params.id),
  );
  app.post(
    '/api/warnings/recipients/:id/measures',
    { schema: { tags, summary: '反馈措施 Report measures (in-app)', params: S.IdParams, body: S.MeasuresBody, response: ok(D.MeasuresResult) } },
    async (req) => measuresInApp(ctxOf(req, deps), req.params.id, req.body),
  );
  app.post(
    '/api/warnings/sms-reply',
    { schema: { tags, summary: '短信回复回调 SMS reply webhook', body: S.SmsReplyBody, response: ok(D.SmsReplyResult) } },
    async (req) => ackBySms(ctxOf(req, deps), req.body.from, req.body.text),
  );
  app.post(
    '/api/warnings/delivery-receipts',
    { schema: { tags, summary: '网关回执回调 Gateway delivery receipt webhook', body: S.ReceiptBody, response: ok(D.ReceiptResult) } },
    async (req) => receiptFromGateway(ctxOf(req, deps), req.body),
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
  app.get(
    '/api/warnings/outbox',
    { schema: { tags, summary: '发件箱 Outbox (what outbox-mode channels would have sent)', querystring: S.OutboxQuery, response: ok(D.OutboxPage) } },
    async (req) => readOutbox(ctxOf(req, deps), req.query),
  );

  // ── responsible persons ─────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/warnings/persons',
    { schema: { tags, summary: '责任人名录 Responsible persons', querystring: S.PersonsQuery, response: ok(D.PersonPage) } },
    async (req) => listPersons(ctxOf(req, deps), req.query),
  );
  app.post(
    '/api/warnings/persons',
    { schema: { tags, summary: '新增责任人 Add a person', body: S.PersonBody, response: { 201: D.PersonDto } } },
    async (req, reply) => reply.status(201).send(await createPerson(ctxOf(req, deps), req.body)),
  );
  app.get(
    '/api/warnings/persons/template.xlsx',
    { schema: { tags, summary: '导入模板 Import template', response: ok(D.FileBody(XLSX, 'The import template')) } },
    async (req, reply) => sendFile(reply, XLSX, '责任人导入模板.xlsx', await importTemplate(ctxOf(req, deps))),
  );
  app.post(
    '/api/warnings/persons/import',
    { schema: { tags, summary: '导入责任人 Import persons (.xlsx, base64)', body: S.ImportBody, response: ok(D.ImportPersonsResult) } },
    async (req) => importPersons(ctxOf(req, deps), Buffer.from(req.body.contentBase64, 'base64')),
  );
  app.get('/api/warnings/persons/:id', { schema: { tags, summary: '责任人 Person', params: S.IdParams, response: ok(D.PersonDto) } }, async (req) =>
    getPerson(ctxOf(req, deps), req.params.id),
  );
  app.put(
    '/api/warnings/persons/:id',
    { schema: { tags, summary: '修改责任人 Edit a person', params: S.IdParams, body: S.PersonBody, response: ok(D.PersonDto) } },
    async (req) => updatePerson(ctxOf(req, deps), req.params.id, req.body),
  );

  // ── policy, channels, feeds, statistics ─────────────────────────────────────────────────────────────
  app.get('/api/warnings/policy', { schema: { tags, summary: '叫应策略 Policy', response: ok(D.PolicyDto) } }, async (req) => readPolicy(ctxOf(req, deps)));
  app.put('/api/warnings/policy', { schema: { tags, summary: '修改叫应策略 Edit policy', body: S.PolicyBody, response: ok(D.PolicyDto) } }, async (req) =>
    updatePolicy(ctxOf(req, deps), req.body),
  );
  app.get('/api/warnings/channels', { schema: { tags, summary: '渠道配置 Channel settings', response: ok(D.ChannelsDto) } }, async (req) =>
    readChannels(ctxOf(req, deps)),
  );
  app.put(
    '/api/warnings/channels',
    { schema: { tags, summary: '修改渠道配置 Edit channel settings', body: S.ChannelsBody, response: ok(D.Ok) } },
    async (req) => updateChannels(ctxOf(req, deps), req.body),
  );
  app.get('/api/warnings/feeds', { schema: { tags, summary: '外部 CAP 订阅 Feeds', response: ok(Type.Array(D.FeedDto)) } }, async (req) =>
    readFeeds(ctxOf(req, deps)),
  );
  app.post('/api/warnings/feeds', { schema: { tags, summary: '添加订阅 Add a feed', body: S.FeedBody, response: { 201: D.FeedDto } } }, async (req, reply) =>
    reply.status(201).send(await createFeed(ctxOf(req, deps), req.body)),
  );

  // ── registered CAP senders ──────────────────────────────────────────────────────────────────────────
  app.get('/api/warnings/senders', { schema: { tags, summary: 'CAP 发送方 Registered CAP senders', response: ok(Type.Array(D.SenderDto)) } }, async (req) =>
    listSenders(ctxOf(req, deps)),
  );
  app.post(
    '/api/warnings/senders',
    { schema: { tags, summary: '登记 CAP 发送方 Register a sender (token shown once)', body: S.SenderBody, response: { 201: D.SenderWithToken } } },
    async (req, reply) => reply.status(201).send(await createSender(ctxOf(req, deps), req.body)),
  );
  app.put(
    '/api/warnings/senders/:id',
    { schema: { tags, summary: '修改 CAP 发送方 Edit a sender', params: S.IdParams, body: S.SenderUpdateBody, response: ok(D.SenderDto) } },
    async (req) => updateSender(ctxOf(req, deps), req.params.id, req.body),
  );
  app.post(
    '/api/warnings/senders/:id/token',
    { schema: { tags, summary: '更换凭据 New credential for a sender', params: S.IdParams, response: ok(D.SenderToken) } },
    async (req) => rotateSenderToken(ctxOf(req, deps), req.params.id),
  );

  app.get(
    '/api/warnings/stats',
    { schema: { tags, summary: '季度叫应率 Quarterly acknowledgement rate', querystring: S.StatsQuery, response: ok(Type.Array(D.StatsRow)) } },
    async (req) => readStats(ctxOf(req, deps), req.query.quarter),
  );
  app.post(
    '/api/warnings/stats/recompute',
    { schema: { tags, summary: '重新统计 Recompute', querystring: S.StatsQuery, response: ok(D.Quarter) } },
    async (req) => recompute(ctxOf(req, deps), req.query.quarter),
  );
}
