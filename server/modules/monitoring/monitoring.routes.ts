// HTTP routes for monitoring: devices, rules, alarms, the live feed (SSE), HTTP ingest, duty.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import client from 'prom-client';
import { coversJurisdiction, requirePermission } from '../../platform/access.ts';
import { ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { AppError, notFound, unauthenticated } from '../../platform/errors.ts';
import * as duty from './monitoring.duty.ts';
import { importDevices, importTemplate } from './monitoring.import.ts';
import { ALARM_EVENT, type AlarmEvent, type IngestResult } from './monitoring.ingest.ts';
import { ingestorOf } from './monitoring.runtime.ts';
import * as repo from './monitoring.repo.ts';
import * as S from './monitoring.schema.ts';
import * as svc from './monitoring.service.ts';

const tags = ['monitoring'];
const WINDOWS = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;

/** Does this live-feed event belong to the viewer's scope? */
export function visibleTo(ctx: Ctx, e: { jurisdictionCode: string; enterpriseId: string | null }) {
  if (!coversJurisdiction(ctx.actor, e.jurisdictionCode)) return false;
  return !ctx.actor.enterpriseId || ctx.actor.enterpriseId === e.enterpriseId;
}

export async function monitoringRoutes(app: FastifyInstance, deps: Deps) {
  const read = (req: FastifyRequest) => {
    const ctx = ctxOf(req, deps);
    requirePermission(ctx, 'monitoring:read');
    return ctx;
  };

  // ── devices ──
  app.get('/api/monitoring/devices', { schema: { tags, summary: '设备列表', querystring: S.DeviceQuery } }, async (req) =>
    repo.listDevices(read(req), req.query as repo.DeviceFilter),
  );
  app.get('/api/monitoring/devices/points', { schema: { tags, summary: '设备点位（地图）' } }, async (req) => repo.devicePoints(read(req)));
  app.get('/api/monitoring/devices/import-template', { schema: { tags, summary: '设备导入模板' } }, async (req, reply) => {
    read(req);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', "attachment; filename*=UTF-8''%E8%AE%BE%E5%A4%87%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
    return importTemplate();
  });
  app.get('/api/monitoring/devices/:id', { schema: { tags, summary: '设备详情', params: S.DeviceIdParams } }, async (req) => {
    const d = await repo.getDevice(read(req), (req.params as { id: string }).id);
    if (!d) throw notFound('设备', 'Device');
    return d;
  });
  app.get('/api/monitoring/devices/:id/trend', { schema: { tags, summary: '设备趋势', params: S.DeviceIdParams, querystring: S.TrendQuery } }, async (req) => {
    const ctx = read(req);
    const id = (req.params as { id: string }).id;
    const d = await repo.getDevice(ctx, id);
    if (!d) throw notFound('设备', 'Device');
    const to = deps.clock.now();
    const from = new Date(to.getTime() - WINDOWS[(req.query as { window: keyof typeof WINDOWS }).window]);
    return { device: { id: d.id, name: d.name, metrics: d.metrics }, from, to, ...(await repo.deviceTrend(deps, id, from, to)) };
  });
  app.post('/api/monitoring/devices', { schema: { tags, summary: '新增设备', body: S.DeviceBody } }, async (req, reply) => {
    reply.status(201);
    return svc.createDevice(ctxOf(req, deps), req.body as svc.DeviceInput);
  });
  app.put('/api/monitoring/devices/:id', { schema: { tags, summary: '修改设备', params: S.DeviceIdParams, body: S.DeviceUpdateBody } }, async (req, reply) => {
    await svc.updateDevice(ctxOf(req, deps), (req.params as { id: string }).id, req.body as Parameters<typeof svc.updateDevice>[2]);
    return reply.status(204).send();
  });
  app.post('/api/monitoring/devices/:id/secret', { schema: { tags, summary: '重置设备密钥', params: S.DeviceIdParams } }, async (req) =>
    svc.rotateDeviceSecret(ctxOf(req, deps), (req.params as { id: string }).id),
  );
  app.post('/api/monitoring/devices/import', { bodyLimit: 3_000_000, schema: { tags, summary: '从 Excel 导入设备', body: S.ImportBody } }, async (req) =>
    importDevices(ctxOf(req, deps), Buffer.from((req.body as { fileBase64: string }).fileBase64, 'base64')),
  );

  // ── rules ──
  app.get('/api/monitoring/rules', { schema: { tags, summary: '规则列表' } }, async (req) => {
    read(req);
    return deps.db.selectFrom('monitoring_rules').selectAll().orderBy('device_type').orderBy('name').execute();
  });
  app.post('/api/monitoring/rules', { schema: { tags, summary: '新增规则', body: S.RuleBody } }, async (req, reply) => {
    reply.status(201);
    return svc.createRule(ctxOf(req, deps), req.body as svc.RuleInput);
  });
  app.put('/api/monitoring/rules/:id', { schema: { tags, summary: '修改规则', params: S.IdParams, body: S.RuleUpdateBody } }, async (req, reply) => {
    await svc.updateRule(ctxOf(req, deps), (req.params as { id: string }).id, req.body as svc.RuleInput & { version: number });
    return reply.status(204).send();
  });

  // ── alarms ──
  app.get('/api/monitoring/alarms', { schema: { tags, summary: '告警列表', querystring: S.AlarmQuery } }, async (req) =>
    repo.listAlarms(read(req), req.query as repo.AlarmFilter),
  );
  app.get('/api/monitoring/alarms/:id', { schema: { tags, summary: '告警详情', params: S.IdParams } }, async (req) =>
    svc.alarmDetail(ctxOf(req, deps), (req.params as { id: string }).id),
  );
  app.post(
    '/api/monitoring/alarms/:id/:action',
    { schema: { tags, summary: '告警处置（研判/派发/处置/关闭）', params: S.AlarmActionParams, body: S.AlarmActionBody } },
    async (req) => {
      const p = req.params as { id: string; action: 'triage' | 'dispatch' | 'handle' | 'close' };
      return svc.actOnAlarm(ctxOf(req, deps), p.id, p.action, req.body as svc.AlarmActionInput);
    },
  );
  app.post('/api/monitoring/alarms/:id/hazard', { schema: { tags, summary: '告警转隐患', params: S.IdParams, body: S.HazardBody } }, async (req) =>
    svc.convertToHazard(ctxOf(req, deps), (req.params as { id: string }).id, req.body as { title?: string }),
  );

  // ── live feed: Server-Sent Events, in-process (see README: several processes need PG LISTEN/NOTIFY) ──
  app.get('/api/monitoring/live', { schema: { tags, summary: '实时告警流 (SSE)' } }, async (req, reply: FastifyReply) => {
    const ctx = read(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    const onAlarm = (e: AlarmEvent) => {
      if (visibleTo(ctx, e)) res.write(`event: alarm\ndata: ${JSON.stringify(e)}\n\n`);
    };
    const onEscalated = (e: { id: string; level: number; jurisdictionCode: string; enterpriseId: string | null }) => {
      if (visibleTo(ctx, e)) res.write(`event: escalated\ndata: ${JSON.stringify({ id: e.id, level: e.level })}\n\n`);
    };
    const beat = setInterval(() => res.write(': ping\n\n'), 15_000);
    const stops = [deps.events.subscribe(ALARM_EVENT, onAlarm), deps.events.subscribe('monitoring.alarm.escalated', onEscalated)];
    const close = () => {
      clearInterval(beat);
      for (const stop of stops) stop();
    };
    req.raw.on('close', close);
    res.on('error', close);
  });

  app.get('/api/monitoring/stats/online', { schema: { tags, summary: '各镇街设备在线率' } }, async (req) => repo.onlineByTown(read(req)));
  app.get('/api/monitoring/stats/ingest', { schema: { tags, summary: '接入统计（拒收计数）' } }, async (req) => {
    read(req);
    return { rejects: await repo.ingestStats(deps), process: ingestorOf(deps).totals };
  });

  // ── HTTP ingest: a gateway token (Bearer, scope monitoring:ingest) or one device's own credential ──
  // The device credential is checked with the sign-in (auth plugin, `credential`), before the body is read.
  const ingestingDevice = new WeakMap<FastifyRequest, string>();
  const deviceCredential = async (req: FastifyRequest) => {
    const id = req.headers['x-device-id'];
    const secret = req.headers['x-device-secret'];
    if (typeof id !== 'string' || typeof secret !== 'string') throw unauthenticated();
    const device = await svc.deviceByCredential(deps, id, secret);
    if (!device) throw new AppError('INVALID_DEVICE_CREDENTIAL', 401, '设备凭据无效', 'Invalid device credential');
    ingestingDevice.set(req, device);
  };
  app.post(
    '/api/monitoring/ingest',
    { config: { credential: deviceCredential }, bodyLimit: 4 * 1024 * 1024, schema: { tags, summary: '数据接入（批量）', body: S.IngestBody } },
    async (req) => {
      const onlyDevice = ingestingDevice.get(req);
      if (!onlyDevice) requirePermission(ctxOf(req, deps), 'monitoring:ingest');
      const ingestor = ingestorOf(deps);
      const readings = (req.body as { readings: Record<string, unknown>[] }).readings;
      const results = await Promise.all(
        readings.map(
          (r): Promise<IngestResult> =>
            onlyDevice && (r.deviceId ?? onlyDevice) !== onlyDevice ? Promise.resolve('topic_mismatch') : ingestor.submitRaw({ deviceId: onlyDevice, ...r }),
        ),
      );
      const out = { stored: 0, duplicate: 0, rejected: [] as { index: number; reason: string }[] };
      results.forEach((r, index) => {
        if (r === 'stored') out.stored++;
        else if (r === 'duplicate') out.duplicate++;
        else out.rejected.push({ index, reason: r });
      });
      return out;
    },
  );

  // ── duty ──
  app.get('/api/monitoring/duty/people', { schema: { tags, summary: '可排班人员' } }, async (req) => {
    const ctx = ctxOf(req, deps);
    requirePermission(ctx, 'duty:read');
    return deps.db
      .selectFrom('users')
      .select(['id', 'display_name', 'unit_code', 'roles'])
      .where('disabled', '=', false)
      .where((eb) => eb.or([eb(eb.val('duty_officer'), '=', eb.fn.any('roles')), eb(eb.val('duty_leader'), '=', eb.fn.any('roles'))]))
      .orderBy('display_name')
      .execute();
  });
  app.get('/api/monitoring/duty/shifts', { schema: { tags, summary: '排班表', querystring: S.ShiftQuery } }, async (req) => {
    const q = req.query as { from: string; to: string; unitCode?: string };
    return duty.listShifts(ctxOf(req, deps), { from: new Date(q.from), to: new Date(q.to), unitCode: q.unitCode });
  });
  app.post('/api/monitoring/duty/shifts', { schema: { tags, summary: '新增班次', body: S.ShiftBody } }, async (req, reply) => {
    reply.status(201);
    return duty.createShift(ctxOf(req, deps), req.body as duty.ShiftInput);
  });
  app.post('/api/monitoring/duty/handovers', { schema: { tags, summary: '交班', body: S.HandoverBody } }, async (req, reply) => {
    reply.status(201);
    return duty.handOver(ctxOf(req, deps), req.body as { toShiftId: string; note?: string });
  });
  app.get('/api/monitoring/duty/handovers/:id', { schema: { tags, summary: '交接详情', params: S.IdParams } }, async (req) =>
    duty.getHandover(ctxOf(req, deps), (req.params as { id: string }).id),
  );
  app.post('/api/monitoring/duty/handovers/:id/ack', { schema: { tags, summary: '接班确认', params: S.IdParams } }, async (req, reply) => {
    await duty.acknowledgeHandover(ctxOf(req, deps), (req.params as { id: string }).id);
    return reply.status(204).send();
  });
  app.get('/api/monitoring/duty/log', { schema: { tags, summary: '值班日志', querystring: S.LogQuery } }, async (req) =>
    duty.listLog(ctxOf(req, deps), req.query as { unitCode?: string; limit: number }),
  );
  app.post('/api/monitoring/duty/log', { schema: { tags, summary: '记值班日志', body: S.LogBody } }, async (req, reply) => {
    reply.status(201);
    return duty.addLog(ctxOf(req, deps), req.body as Parameters<typeof duty.addLog>[1]);
  });
  app.get('/api/monitoring/duty/accidents', { schema: { tags, summary: '事故信息报送时限' } }, async (req) => duty.listAccidentReports(ctxOf(req, deps)));
  app.post('/api/monitoring/duty/accidents', { schema: { tags, summary: '登记事故信息', body: S.AccidentBody } }, async (req, reply) => {
    reply.status(201);
    return duty.createAccidentReport(ctxOf(req, deps), req.body as Parameters<typeof duty.createAccidentReport>[1]);
  });
  app.post(
    '/api/monitoring/duty/accidents/:id/report',
    { schema: { tags, summary: '逐级报送', params: S.IdParams, body: S.ReportStepBody } },
    async (req, reply) => {
      await duty.markReported(ctxOf(req, deps), (req.params as { id: string }).id, (req.body as { step: 'county' | 'city' | 'province' }).step);
      return reply.status(204).send();
    },
  );

  // Prometheus: ingest totals and rejects by reason, per process.
  new client.Gauge({
    name: 'anlan_monitoring_ingest_total',
    help: 'Telemetry readings handled by this process, by outcome (stored, duplicate, rejected:<reason>)',
    labelNames: ['outcome'] as const,
    registers: [app.metrics],
    collect() {
      const t = ingestorOf(deps).totals;
      this.set({ outcome: 'stored' }, t.stored);
      this.set({ outcome: 'duplicate' }, t.duplicate);
      for (const [reason, n] of Object.entries(t.rejectsByReason)) this.set({ outcome: `rejected:${reason}` }, n);
    },
  });
}
