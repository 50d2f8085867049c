// HTTP routes for warnings and call-response. Public (no sign-in): the one-tap acknowledgement link, the
// measures report, and the CAP/Atom publication of our own warnings.
import multipart from '@fastify/multipart';
import { escapeCell, newWorkbook } from '../../platform/excel.ts';
import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import {
  CHANNELS,
  LEVEL_LABELS,
  PERSON_ROLE_LABELS,
  type PersonRole,
  quarterOf,
  RECIPIENT_STATE_LABELS,
  type RecipientState,
} from '../../../shared/warnings.ts';
import { requirePermission, scopedFrom } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clientIp, ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { countCapped } from '../../platform/pagination.ts';
import { containsLike } from '../../platform/sql.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import type { RouteLimit } from '../../platform/ratelimit.ts';
import { capTime } from './cap.ts';
import { WARNINGS_CHANGED } from './delivery.ts';
import { recomputeStats } from './ladder.ts';
import { createPerson, getPerson, importPersons, importTemplate, listPersons, updatePerson } from './persons.service.ts';
import { getPolicy, getSettings, putSetting } from './policy.ts';
import { createSender, listSenders, pushingSender, rotateSenderToken, updateSender } from './senders.ts';
import { resolveTowns } from './targeting.ts';
import { feedKey } from './warnings.jobs.ts';
import { boardRows, findVisibleWarning, recipientsQuery, visibleWarnings } from './warnings.repo.ts';
import * as S from './warnings.schema.ts';
import {
  ackByLink,
  ackBySms,
  ackInApp,
  approveWarning,
  cancelWarning,
  createWarning,
  importCap,
  maskPhone,
  measuresByLink,
  measuresInApp,
  photoByLink,
  myWarnings,
  previewRecipients,
  publicCap,
  publicFeed,
  rejectWarning,
  releaseWarning,
  submitWarning,
  warningActions,
  updateWarning,
  viewByLink,
} from './warnings.service.ts';

type Q<T> = FastifyRequest<{ Querystring: T }>;
/** Requests per client address to the public acknowledgement links (open, confirm, a few photos). */
export const ACK_LINK_LIMIT: RouteLimit = { name: 'ack-ip', max: 60, windowMs: 10 * 60_000 };
const tags = ['warnings'];
const warningNotFound = () => notFound('预警', 'Warning');

async function visible(ctx: Ctx, id: string) {
  requirePermission(ctx, 'warning:read');
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  return w;
}

export async function warningsRoutes(app: FastifyInstance, deps: Deps) {
  // CAP documents arrive as XML.
  for (const type of ['application/xml', 'text/xml', 'application/cap+xml']) {
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
  }

  // ── warnings ────────────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/warnings',
    { schema: { tags, summary: '预警列表 Warnings', querystring: S.ListWarningsQuery } },
    async (req: Q<Static<typeof S.ListWarningsQuery>>) => {
      const ctx = ctxOf(req, deps);
      requirePermission(ctx, 'warning:read');
      const q = req.query;
      let base = visibleWarnings(ctx);
      if (q.status) base = base.where('status', '=', q.status);
      if (q.level) base = base.where('level', '=', q.level);
      if (q.source) base = base.where('source', '=', q.source);
      if (q.q) base = base.where((eb) => eb.or([eb('headline', 'like', containsLike(q.q as string)), eb('identifier', 'like', containsLike(q.q as string))]));
      const count = await countCapped(ctx.deps.db, base);
      const items = await base
        .select([
          'id',
          'identifier',
          'source',
          'msg_type',
          'status',
          'event_type',
          'event_name',
          'level',
          'headline',
          'area_desc',
          'town_codes',
          'onset',
          'expires',
          'released_at',
          'created_at',
          'sender_name',
        ])
        .select((eb) => [
          eb
            .selectFrom('warning_recipients as r')
            .select(eb.fn.countAll<number>().as('c'))
            .whereRef('r.warning_id', '=', 'warnings.id')
            .where('r.kind', '=', 'target')
            .as('recipients'),
          eb
            .selectFrom('warning_recipients as r')
            .select(eb.fn.countAll<number>().as('c'))
            .whereRef('r.warning_id', '=', 'warnings.id')
            .where('r.kind', '=', 'target')
            .where('r.acked_at', 'is not', null)
            .as('acknowledged'),
        ])
        .orderBy('created_at', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute();
      return { total: count.total, totalCapped: count.capped, items };
    },
  );

  app.post('/api/warnings', { schema: { tags, summary: '起草预警 Draft a warning', body: S.CreateWarningBody } }, async (req, reply) => {
    const w = await createWarning(ctxOf(req, deps), req.body as Static<typeof S.CreateWarningBody>);
    return reply.status(201).send(w);
  });

  app.get('/api/warnings/:id', { schema: { tags, summary: '预警详情 Warning', params: S.IdParams } }, async (req) => {
    const ctx = ctxOf(req, deps);
    const w = await visible(ctx, (req.params as { id: string }).id);
    const names = await deps.db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', [w.drafted_by, w.approved_by, w.released_by].filter((x): x is string => !!x).concat(['00000000-0000-0000-0000-000000000000']))
      .execute();
    const name = (id: string | null) => names.find((n) => n.id === id)?.display_name ?? null;
    const chain = await deps.db
      .selectFrom('warnings')
      .select(['id', 'identifier', 'msg_type', 'status', 'headline', 'sent_at'])
      .where((eb) => eb.or([eb('supersedes_id', '=', w.id), ...(w.supersedes_id ? [eb('id', '=', w.supersedes_id)] : [])]))
      .orderBy('created_at')
      .execute();
    return {
      ...w,
      cap_xml: undefined,
      hasCap: !!w.cap_xml,
      draftedByName: name(w.drafted_by),
      approvedByName: name(w.approved_by),
      releasedByName: name(w.released_by),
      chain,
      resolvedTowns: await resolveTowns(deps.db, w.area, w.jurisdiction_code),
      canApprove: ctx.actor.permissions.has('*:*') || ctx.actor.permissions.has('warning:approve'),
      isDrafter: w.drafted_by === ctx.actor.id,
      actions: await warningActions(ctx, w),
    };
  });

  app.put('/api/warnings/:id', { schema: { tags, summary: '修改草稿 Edit a draft', params: S.IdParams, body: S.UpdateWarningBody } }, async (req) =>
    updateWarning(ctxOf(req, deps), (req.params as { id: string }).id, req.body as Static<typeof S.UpdateWarningBody>),
  );
  app.post('/api/warnings/:id/submit', { schema: { tags, summary: '提交审批 Submit for approval', params: S.IdParams } }, async (req) =>
    submitWarning(ctxOf(req, deps), (req.params as { id: string }).id),
  );
  app.post('/api/warnings/:id/approve', { schema: { tags, summary: '审批通过 Approve', params: S.IdParams } }, async (req) =>
    approveWarning(ctxOf(req, deps), (req.params as { id: string }).id),
  );
  app.post('/api/warnings/:id/reject', { schema: { tags, summary: '退回 Reject', params: S.IdParams, body: S.ReasonBody } }, async (req) =>
    rejectWarning(ctxOf(req, deps), (req.params as { id: string }).id, (req.body as { reason: string }).reason),
  );
  app.post('/api/warnings/:id/release', { schema: { tags, summary: '发布并叫应 Release', params: S.IdParams } }, async (req) => {
    const r = await releaseWarning(ctxOf(req, deps), (req.params as { id: string }).id);
    return { ...r.warning, recipients: r.recipients };
  });
  app.post('/api/warnings/:id/cancel', { schema: { tags, summary: '解除预警 Cancel', params: S.IdParams, body: S.ReasonBody } }, async (req) =>
    cancelWarning(ctxOf(req, deps), (req.params as { id: string }).id, (req.body as { reason: string }).reason),
  );
  app.get('/api/warnings/:id/preview', { schema: { tags, summary: '叫应对象预览 Recipient preview', params: S.IdParams } }, async (req) =>
    previewRecipients(ctxOf(req, deps), (req.params as { id: string }).id),
  );

  // ── board ───────────────────────────────────────────────────────────────────────────────────────────
  app.get('/api/warnings/:id/board', { schema: { tags, summary: '叫应看板 Call-response board', params: S.IdParams } }, async (req) => {
    const ctx = ctxOf(req, deps);
    const w = await visible(ctx, (req.params as { id: string }).id);
    return { warningId: w.id, at: deps.clock.now(), towns: await boardRows(ctx, w.id) };
  });

  app.get(
    '/api/warnings/:id/recipients',
    { schema: { tags, summary: '叫应对象 Recipients', params: S.IdParams, querystring: S.RecipientsQuery } },
    async (req: FastifyRequest<{ Params: { id: string }; Querystring: Static<typeof S.RecipientsQuery> }>) => {
      const ctx = ctxOf(req, deps);
      const w = await visible(ctx, req.params.id);
      const q = recipientsQuery(ctx, w.id, req.query);
      const count = await countCapped(ctx.deps.db, q);
      const items = await q
        .leftJoin('warning_recipients as f', 'f.id', 'warning_recipients.escalated_from')
        .selectAll('warning_recipients')
        .select('f.name as escalated_from_name')
        .orderBy('warning_recipients.town_code')
        .orderBy('warning_recipients.name')
        .limit(req.query.pageSize)
        .offset((req.query.page - 1) * req.query.pageSize)
        .execute();
      return { total: count.total, totalCapped: count.capped, items: items.map((r) => ({ ...r, phone: maskPhone(r.phone), reply_code: undefined })) };
    },
  );

  app.get(
    '/api/warnings/:id/recipients/:rid/attempts',
    { schema: { tags, summary: '送达记录 Delivery attempts', params: S.RecipientParams } },
    async (req: FastifyRequest<{ Params: { id: string; rid: string } }>) => {
      const ctx = ctxOf(req, deps);
      const w = await visible(ctx, req.params.id);
      const r = await scopedFrom(ctx, 'warning_recipients').select('id').where('id', '=', req.params.rid).where('warning_id', '=', w.id).executeTakeFirst();
      if (!r) throw notFound('叫应对象', 'Recipient');
      return deps.db
        .selectFrom('delivery_attempts')
        .select(['id', 'channel', 'step', 'mode', 'state', 'created_at', 'sent_at', 'provider_id', 'result', 'error'])
        .where('recipient_id', '=', r.id)
        .orderBy('created_at')
        .execute();
    },
  );

  app.get('/api/warnings/:id/board.xlsx', { schema: { tags, summary: '导出叫应情况 Export', params: S.IdParams } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    const w = await visible(ctx, (req.params as { id: string }).id);
    const rows = await recipientsQuery(ctx, w.id, {})
      .leftJoin('org_units as o', 'o.code', 'warning_recipients.town_code')
      .selectAll('warning_recipients')
      .select('o.name as town_name')
      .orderBy('warning_recipients.town_code')
      .orderBy('warning_recipients.kind')
      .orderBy('warning_recipients.name')
      .execute();
    const wb = await newWorkbook();
    const sum = wb.addWorksheet('镇街汇总');
    sum.addRow(['镇街', '应叫应', '已送达', '已确认', '超时未确认', '未叫醒', '升级叫应']);
    for (const t of await boardRows(ctx, w.id))
      sum.addRow([t.town_name ?? t.town_code, t.total, t.reached, t.acknowledged, t.overdue, t.not_reached, t.escalations].map(escapeCell));
    const ws = wb.addWorksheet('叫应明细');
    ws.addRow(['镇街', '姓名', '角色', '类型', '手机', '状态', '送达时间', '确认时间', '确认方式', '时限', '采取措施', '转移人数']);
    const fmt = (d: Date | null) => (d ? d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');
    for (const r of rows) {
      ws.addRow(
        [
          r.town_name ?? r.town_code,
          r.name,
          PERSON_ROLE_LABELS[r.role as PersonRole]?.zh ?? '企业安全管理员',
          r.kind === 'escalation' ? '升级' : '',
          maskPhone(r.phone),
          RECIPIENT_STATE_LABELS[r.state as RecipientState].zh,
          fmt(r.reached_at),
          fmt(r.acked_at),
          r.ack_via ?? '',
          fmt(r.deadline_at),
          r.measures ?? '',
          r.people_moved ?? '',
        ].map(escapeCell),
      );
    }
    for (const s of [sum, ws]) s.getRow(1).font = { bold: true };
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`叫应情况-${w.identifier}.xlsx`)}`)
      .send(buf);
  });

  // Live board: server-sent events, one "board" event per change (coalesced), plus a heartbeat.
  app.get('/api/warnings/:id/stream', { schema: { tags, summary: '叫应看板实时推送 Live board (SSE)', params: S.IdParams } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    const w = await visible(ctx, (req.params as { id: string }).id);
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
    const push = async () => {
      timer = undefined;
      if (closed) return;
      const towns = await boardRows(ctx, w.id).catch(() => undefined);
      if (towns && !closed) res.write(`event: board\ndata: ${JSON.stringify({ warningId: w.id, at: deps.clock.now(), towns })}\n\n`);
    };
    const onChange = (e: { warningId: string }) => {
      if (e.warningId === w.id && !timer) timer = setTimeout(push, 300);
    };
    deps.events.on(WARNINGS_CHANGED, onChange);
    const beat = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => {
      closed = true;
      clearInterval(beat);
      if (timer) clearTimeout(timer);
      deps.events.off(WARNINGS_CHANGED, onChange);
    });
    await push();
  });

  // ── acknowledgement ─────────────────────────────────────────────────────────────────────────────────
  app.get('/api/warnings/mine', { schema: { tags, summary: '我的预警 My warnings (in-app)' } }, async (req) => myWarnings(ctxOf(req, deps)));
  app.post('/api/warnings/recipients/:id/ack', { schema: { tags, summary: '站内确认 Acknowledge in-app', params: S.IdParams } }, async (req) => {
    const r = await ackInApp(ctxOf(req, deps), (req.params as { id: string }).id);
    return { id: r.id, state: r.state, ackedAt: r.acked_at };
  });
  app.post(
    '/api/warnings/recipients/:id/measures',
    { schema: { tags, summary: '反馈措施 Report measures (in-app)', params: S.IdParams, body: S.MeasuresBody } },
    async (req) => {
      const r = await measuresInApp(ctxOf(req, deps), (req.params as { id: string }).id, req.body as Static<typeof S.MeasuresBody>);
      return { id: r.id, measuresAt: r.measures_at };
    },
  );
  app.post('/api/warnings/sms-reply', { schema: { tags, summary: '短信回复回调 SMS reply webhook', body: S.SmsReplyBody } }, async (req) => {
    const b = req.body as Static<typeof S.SmsReplyBody>;
    return ackBySms(ctxOf(req, deps), b.from, b.text);
  });

  const pub = { public: true };
  const ack = { public: true, limits: [ACK_LINK_LIMIT] };
  app.get('/api/public/ack/:token', { config: ack, schema: { tags, summary: '叫应链接 Acknowledgement link', params: S.TokenParams } }, async (req) =>
    viewByLink(deps, (req.params as { token: string }).token),
  );
  app.post('/api/public/ack/:token', { config: ack, schema: { tags, summary: '一键确认 One-tap acknowledge', params: S.TokenParams } }, async (req) =>
    ackByLink(deps, (req.params as { token: string }).token, clientIp(req)),
  );
  await app.register(async (scope) => {
    // Multipart only for this route: one photo per request, content-sniffed, size-limited.
    await scope.register(multipart);
    scope.post(
      '/api/public/ack-photo/:token',
      { config: ack, schema: { tags, summary: '措施照片 Photo for the measures report (multipart, field "photo")', params: S.TokenParams } },
      async (req, reply) => {
        const { files } = await readMultipart(req, deps.config.maxUploadMb, 1);
        if (files.length === 0) throw fieldError('photo', '请选择照片', 'is required');
        return reply.status(201).send(await photoByLink(deps, (req.params as { token: string }).token, files[0], clientIp(req)));
      },
    );
  });
  app.post(
    '/api/public/ack-measures/:token',
    { config: ack, schema: { tags, summary: '反馈措施 Report measures', params: S.TokenParams, body: S.MeasuresBody } },
    async (req) => measuresByLink(deps, (req.params as { token: string }).token, req.body as Static<typeof S.MeasuresBody>, clientIp(req)),
  );

  // ── CAP in and out ──────────────────────────────────────────────────────────────────────────────────
  // Only registered CAP senders push, with their own credential (not a user's session or API token).
  app.post(
    '/api/warnings/cap',
    { config: pub, schema: { tags, summary: '接收 CAP 1.2 预警 Push a CAP alert (XML body, Bearer <sender credential>)' } },
    async (req, reply) => {
      const sender = await pushingSender(deps, req, clientIp(req));
      if (typeof req.body !== 'string' || !req.body.trim()) throw fieldError('body', '应为 CAP 1.2 XML 文档', 'must be a CAP 1.2 XML document');
      const out = await importCap(deps, sender, req.body, clientIp(req));
      return reply.status(out.result === 'imported' ? 201 : 200).send(out);
    },
  );

  app.get('/api/public/warnings/:id/cap.xml', { config: pub, schema: { tags, summary: 'CAP 1.2 文档 CAP document', params: S.IdParams } }, async (req, reply) =>
    reply.type('application/cap+xml; charset=utf-8').send(await publicCap(deps, (req.params as { id: string }).id)),
  );

  const atom = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
  app.get('/api/public/warnings.atom', { config: pub, schema: { tags, summary: 'Atom 预警订阅 Atom feed' } }, async (req, reply) => {
    const base = `${req.protocol}://${req.host}`;
    const rows = await publicFeed(deps);
    const settings = await getSettings(deps.db);
    const xml = atom.build({
      '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
      feed: {
        '@_xmlns': 'http://www.w3.org/2005/Atom',
        title: `${settings.signature} 预警信息`,
        id: `urn:anlan:warnings:${settings.capSender}`,
        updated: capTime(rows[0]?.sent_at ?? deps.clock.now()),
        link: { '@_rel': 'self', '@_href': `${base}/api/public/warnings.atom` },
        author: { name: settings.signature },
        entry: rows.map((w) => ({
          id: `urn:oid:cap:${w.identifier}`,
          // A Cancel's headline already says 解除…; the others lead with their level.
          title: w.msg_type === 'Cancel' ? w.headline : `${LEVEL_LABELS[w.level].zh}：${w.headline}`,
          updated: capTime(w.sent_at as Date),
          link: { '@_rel': 'alternate', '@_type': 'application/cap+xml', '@_href': `${base}/api/public/warnings/${w.id}/cap.xml` },
          category: { '@_term': w.level, '@_label': LEVEL_LABELS[w.level].zh },
          summary: w.description,
        })),
      },
    });
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });

  // ── outbox (development, tests, drills) ─────────────────────────────────────────────────────────────
  app.get('/api/warnings/outbox', { schema: { tags, summary: '发件箱 Outbox', querystring: S.OutboxQuery } }, async (req: Q<Static<typeof S.OutboxQuery>>) => {
    const ctx = ctxOf(req, deps);
    requirePermission(ctx, 'warning:write');
    let q = scopedFrom(ctx, 'warning_recipients')
      .innerJoin('delivery_attempts as a', 'a.recipient_id', 'warning_recipients.id')
      .innerJoin('warning_outbox as o', 'o.attempt_id', 'a.id');
    if (req.query.warningId) q = q.where('warning_recipients.warning_id', '=', req.query.warningId);
    return q
      .select(['o.attempt_id', 'o.channel', 'o.address', 'o.payload', 'o.created_at', 'warning_recipients.name', 'warning_recipients.warning_id'])
      .orderBy('o.created_at', 'desc')
      .limit(req.query.limit)
      .execute();
  });

  // ── responsible persons ─────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/warnings/persons',
    { schema: { tags, summary: '责任人名录 Responsible persons', querystring: S.PersonsQuery } },
    async (req: Q<Static<typeof S.PersonsQuery>>) => listPersons(ctxOf(req, deps), req.query),
  );
  app.post('/api/warnings/persons', { schema: { tags, summary: '新增责任人 Add a person', body: S.PersonBody } }, async (req, reply) =>
    reply.status(201).send(await createPerson(ctxOf(req, deps), req.body as Static<typeof S.PersonBody>)),
  );
  app.get('/api/warnings/persons/template.xlsx', { schema: { tags, summary: '导入模板 Import template' } }, async (req, reply) => {
    ctxOf(req, deps);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('责任人导入模板.xlsx')}`)
      .send(await importTemplate());
  });
  app.post('/api/warnings/persons/import', { schema: { tags, summary: '导入责任人 Import persons (.xlsx, base64)', body: S.ImportBody } }, async (req) =>
    importPersons(ctxOf(req, deps), Buffer.from((req.body as { contentBase64: string }).contentBase64, 'base64')),
  );
  app.get('/api/warnings/persons/:id', { schema: { tags, summary: '责任人 Person', params: S.IdParams } }, async (req) =>
    getPerson(ctxOf(req, deps), (req.params as { id: string }).id),
  );
  app.put('/api/warnings/persons/:id', { schema: { tags, summary: '修改责任人 Edit a person', params: S.IdParams, body: S.PersonBody } }, async (req) =>
    updatePerson(ctxOf(req, deps), (req.params as { id: string }).id, req.body as Static<typeof S.PersonBody>),
  );

  // ── policy, channels, feeds, statistics ─────────────────────────────────────────────────────────────
  app.get('/api/warnings/policy', { schema: { tags, summary: '叫应策略 Policy' } }, async (req) => {
    requirePermission(ctxOf(req, deps), 'warning:read');
    return getPolicy(deps.db);
  });
  app.put('/api/warnings/policy', { schema: { tags, summary: '修改叫应策略 Edit policy', body: S.PolicyBody } }, async (req) => {
    const ctx = ctxOf(req, deps);
    requirePermission(ctx, 'warning:approve');
    const before = await getPolicy(deps.db);
    await deps.db.transaction().execute(async (trx) => {
      await putSetting(trx, 'policy', req.body, ctx.actor.id, deps.clock.now());
      await audit(trx, ctx, { action: 'warning.policy.update', resourceType: 'warning_settings', resourceId: 'policy', before, after: req.body });
    });
    return getPolicy(deps.db);
  });
  app.get('/api/warnings/channels', { schema: { tags, summary: '渠道配置 Channel settings' } }, async (req) => {
    requirePermission(ctxOf(req, deps), 'warning:read');
    const s = await getSettings(deps.db);
    // Never hand out credentials.
    const channels = Object.fromEntries(CHANNELS.map((c) => [c, { mode: s.channels[c].mode, configured: !!(s.channels[c].url || s.channels[c].smtpUrl) }]));
    return { channels, publicBaseUrl: s.publicBaseUrl, signature: s.signature, capSender: s.capSender, capOrgCode: s.capOrgCode };
  });

  app.put('/api/warnings/channels', { schema: { tags, summary: '修改渠道配置 Edit channel settings', body: S.ChannelsBody } }, async (req) => {
    const ctx = ctxOf(req, deps);
    requirePermission(ctx, 'warning:approve');
    const b = req.body as Static<typeof S.ChannelsBody>;
    const current = await getSettings(deps.db);
    const next = { ...current, ...b, channels: { ...current.channels, ...b.channels } };
    const masked = (s: typeof current) =>
      Object.fromEntries(CHANNELS.map((c) => [c, { mode: s.channels[c].mode, url: s.channels[c].url ? '(set)' : undefined }]));
    await deps.db.transaction().execute(async (trx) => {
      await putSetting(trx, 'settings', next, ctx.actor.id, deps.clock.now());
      // Credentials never go into the audit trail.
      await audit(trx, ctx, {
        action: 'warning.channels.update',
        resourceType: 'warning_settings',
        resourceId: 'settings',
        before: masked(current),
        after: masked(next),
      });
    });
    return { ok: true };
  });

  app.get('/api/warnings/feeds', { schema: { tags, summary: '外部 CAP 订阅 Feeds' } }, async (req) => {
    requirePermission(ctxOf(req, deps), 'warning:read');
    return deps.db
      .selectFrom('warning_feeds')
      .leftJoin('warning_cap_senders as s', 's.id', 'warning_feeds.sender_id')
      .selectAll('warning_feeds')
      .select('s.name as sender_name')
      .orderBy('warning_feeds.created_at')
      .execute();
  });
  app.post('/api/warnings/feeds', { schema: { tags, summary: '添加订阅 Add a feed', body: S.FeedBody } }, async (req, reply) => {
    const ctx = ctxOf(req, deps);
    requirePermission(ctx, 'warning:approve');
    const b = req.body as Static<typeof S.FeedBody>;
    const id = uuidv7();
    const sender = await deps.db.selectFrom('warning_cap_senders').select('id').where('id', '=', b.senderId).executeTakeFirst();
    if (!sender) throw fieldError('body.senderId', '不是已登记的 CAP 发送方', 'is not a registered CAP sender');
    const saved = await deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('warning_feeds')
        .values({ id, name: b.name, url: b.url, poll_minutes: b.pollMinutes ?? 5, created_by: ctx.actor.id, sender_id: b.senderId })
        .returningAll()
        .executeTakeFirstOrThrow();
      await enqueueJob(trx, { kind: 'warnings.feed', runAt: deps.clock.now(), payload: { feedId: id }, dedupKey: feedKey(id) });
      await audit(trx, ctx, { action: 'warning.feed.create', resourceType: 'warning_feed', resourceId: id, after: row });
      return row;
    });
    return reply.status(201).send(saved);
  });

  // ── registered CAP senders ──────────────────────────────────────────────────────────────────────────
  app.get('/api/warnings/senders', { schema: { tags, summary: 'CAP 发送方 Registered CAP senders' } }, async (req) => listSenders(ctxOf(req, deps)));
  app.post(
    '/api/warnings/senders',
    { schema: { tags, summary: '登记 CAP 发送方 Register a sender (token shown once)', body: S.SenderBody } },
    async (req, reply) => reply.status(201).send(await createSender(ctxOf(req, deps), req.body as Static<typeof S.SenderBody>)),
  );
  app.put(
    '/api/warnings/senders/:id',
    { schema: { tags, summary: '修改 CAP 发送方 Edit a sender', params: S.IdParams, body: S.SenderUpdateBody } },
    async (req) => updateSender(ctxOf(req, deps), (req.params as { id: string }).id, req.body as Static<typeof S.SenderUpdateBody>),
  );
  app.post('/api/warnings/senders/:id/token', { schema: { tags, summary: '更换凭据 New credential for a sender', params: S.IdParams } }, async (req) =>
    rotateSenderToken(ctxOf(req, deps), (req.params as { id: string }).id),
  );

  app.get(
    '/api/warnings/stats',
    { schema: { tags, summary: '季度叫应率 Quarterly acknowledgement rate', querystring: S.StatsQuery } },
    async (req: Q<Static<typeof S.StatsQuery>>) => {
      const ctx = ctxOf(req, deps);
      requirePermission(ctx, 'warning:read');
      const quarter = req.query.quarter ?? quarterOf(deps.clock.now());
      return scopedFrom(ctx, 'warning_ack_stats', { jurisdiction: 'warning_ack_stats.town_code' })
        .leftJoin('org_units as o', 'o.code', 'warning_ack_stats.town_code')
        .selectAll('warning_ack_stats')
        .select('o.name as town_name')
        .where('warning_ack_stats.quarter', '=', quarter)
        .orderBy('warning_ack_stats.town_code')
        .execute();
    },
  );
  app.post(
    '/api/warnings/stats/recompute',
    { schema: { tags, summary: '重新统计 Recompute', querystring: S.StatsQuery } },
    async (req: Q<Static<typeof S.StatsQuery>>) => {
      const ctx = ctxOf(req, deps);
      requirePermission(ctx, 'warning:approve');
      const quarter = req.query.quarter ?? quarterOf(deps.clock.now());
      await deps.db.transaction().execute(async (trx) => {
        await recomputeStats(trx, quarter, deps.clock.now());
        await audit(trx, ctx, { action: 'warning.stats.recompute', resourceType: 'warning_ack_stats', resourceId: quarter });
      });
      return { quarter };
    },
  );
}
