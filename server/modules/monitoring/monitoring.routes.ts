// HTTP routes for monitoring: devices, rules, alarms, the live feed (SSE), HTTP ingest, duty.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import client from 'prom-client';
import { Type } from 'typebox';
import * as D from '../../../shared/monitoring.dto.ts';
import { coversJurisdiction } from '../../platform/access.ts';
import { ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { AppError, unauthenticated } from '../../platform/errors.ts';
import * as duty from './monitoring.duty.ts';
import * as flood from './monitoring.flood.ts';
import { importDevices, importTemplate } from './monitoring.import.ts';
import { ALARM_EVENT, type AlarmEvent } from './monitoring.ingest.ts';
import { ingestorOf } from './monitoring.runtime.ts';
import * as S from './monitoring.schema.ts';
import * as svc from './monitoring.service.ts';

const tags = ['monitoring'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NoContent = { 204: Type.Null({ description: 'No content' }) };

/** Does this live-feed event belong to the viewer's scope? */
export function visibleTo(ctx: Ctx, e: { jurisdictionCode: string; enterpriseId: string | null }) {
  if (!coversJurisdiction(ctx.actor, e.jurisdictionCode)) return false;
  return !ctx.actor.enterpriseId || ctx.actor.enterpriseId === e.enterpriseId;
}

export async function monitoringRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ── devices ──
  r.get('/api/monitoring/devices', { schema: { tags, summary: '设备列表', querystring: S.DeviceQuery, response: { 200: D.DevicePage } } }, async (req) =>
    svc.listDevices(ctxOf(req, deps), req.query),
  );
  r.get('/api/monitoring/devices/points', { schema: { tags, summary: '设备点位（地图）', response: { 200: Type.Array(D.DevicePointDto) } } }, async (req) =>
    svc.devicePoints(ctxOf(req, deps)),
  );
  r.get(
    '/api/monitoring/devices/import-template',
    {
      schema: {
        tags,
        summary: '设备导入模板',
        response: { 200: Type.Unsafe<Buffer>(Type.String({ contentMediaType: XLSX, description: 'an Excel workbook' })) },
      },
    },
    async (req, reply) => {
      svc.readable(ctxOf(req, deps));
      reply.header('content-type', XLSX);
      reply.header('content-disposition', "attachment; filename*=UTF-8''%E8%AE%BE%E5%A4%87%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
      return importTemplate();
    },
  );
  r.get('/api/monitoring/devices/:id', { schema: { tags, summary: '设备详情', params: S.DeviceIdParams, response: { 200: D.DeviceDto } } }, async (req) =>
    svc.deviceDetail(ctxOf(req, deps), req.params.id),
  );
  r.get(
    '/api/monitoring/devices/:id/trend',
    { schema: { tags, summary: '设备趋势', params: S.DeviceIdParams, querystring: S.TrendQuery, response: { 200: D.DeviceTrendDto } } },
    async (req) => svc.deviceTrend(ctxOf(req, deps), req.params.id, req.query.window),
  );
  r.post('/api/monitoring/devices', { schema: { tags, summary: '新增设备', body: S.DeviceBody, response: { 201: D.DeviceSecretDto } } }, async (req, reply) => {
    reply.status(201);
    return svc.createDevice(ctxOf(req, deps), req.body);
  });
  r.put(
    '/api/monitoring/devices/:id',
    { schema: { tags, summary: '修改设备', params: S.DeviceIdParams, body: S.DeviceUpdateBody, response: NoContent } },
    async (req, reply) => {
      await svc.updateDevice(ctxOf(req, deps), req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/monitoring/devices/:id/secret',
    { schema: { tags, summary: '重置设备密钥', params: S.DeviceIdParams, response: { 200: D.DeviceSecretDto } } },
    async (req) => svc.rotateDeviceSecret(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/monitoring/devices/import',
    { bodyLimit: 3_000_000, schema: { tags, summary: '从 Excel 导入设备', body: S.ImportBody, response: { 200: D.DeviceImportDto } } },
    async (req) => importDevices(ctxOf(req, deps), Buffer.from(req.body.fileBase64, 'base64')),
  );

  // ── rules ──
  r.get('/api/monitoring/rules', { schema: { tags, summary: '规则列表', response: { 200: Type.Array(D.RuleDto) } } }, async (req) =>
    svc.listRules(ctxOf(req, deps)),
  );
  r.post('/api/monitoring/rules', { schema: { tags, summary: '新增规则', body: S.RuleBody, response: { 201: D.Created } } }, async (req, reply) => {
    reply.status(201);
    return svc.createRule(ctxOf(req, deps), req.body);
  });
  r.put(
    '/api/monitoring/rules/:id',
    { schema: { tags, summary: '修改规则', params: S.IdParams, body: S.RuleUpdateBody, response: NoContent } },
    async (req, reply) => {
      await svc.updateRule(ctxOf(req, deps), req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );

  // ── alarms ──
  r.get('/api/monitoring/alarms', { schema: { tags, summary: '告警列表', querystring: S.AlarmQuery, response: { 200: D.AlarmPage } } }, async (req) =>
    svc.listAlarms(ctxOf(req, deps), req.query),
  );
  r.get(
    '/api/monitoring/alarms/counts',
    { schema: { tags, summary: '告警按级别计数', querystring: S.AlarmCountsQuery, response: { 200: D.AlarmCountsDto } } },
    async (req) => flood.alarmCounts(ctxOf(req, deps), req.query),
  );
  r.post(
    '/api/monitoring/alarms/batch',
    { schema: { tags, summary: '批量研判/关闭告警', body: S.BatchBody, response: { 200: D.BatchResultDto } } },
    async (req) => flood.batchAct(ctxOf(req, deps), req.body),
  );
  r.get(
    '/api/monitoring/alarm-groups',
    { schema: { tags, summary: '聚合告警（多设备离线）', querystring: S.GroupQuery, response: { 200: Type.Array(D.AlarmGroupDto) } } },
    async (req) => flood.listGroups(ctxOf(req, deps), req.query),
  );
  r.get(
    '/api/monitoring/alarms/:id/trend',
    { schema: { tags, summary: '告警前后趋势', params: S.IdParams, response: { 200: D.AlarmTrendDto } } },
    async (req) => flood.alarmTrend(ctxOf(req, deps), req.params.id),
  );
  r.get(
    '/api/monitoring/maintenance',
    { schema: { tags, summary: '维护时段', querystring: S.MaintenanceQuery, response: { 200: Type.Array(D.MaintenanceDto) } } },
    async (req) => flood.listMaintenance(ctxOf(req, deps), req.query),
  );
  r.post(
    '/api/monitoring/maintenance',
    { schema: { tags, summary: '新增维护时段（屏蔽告警）', body: S.MaintenanceBody, response: { 201: D.MaintenanceCreatedDto } } },
    async (req, reply) => {
      reply.status(201);
      return flood.createMaintenance(ctxOf(req, deps), req.body);
    },
  );
  r.post(
    '/api/monitoring/maintenance/:id/cancel',
    { schema: { tags, summary: '取消维护时段', params: S.IdParams, response: NoContent } },
    async (req, reply) => {
      await flood.cancelMaintenance(ctxOf(req, deps), req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get('/api/monitoring/alarms/:id', { schema: { tags, summary: '告警详情', params: S.IdParams, response: { 200: D.AlarmDetailDto } } }, async (req) =>
    svc.alarmDetail(ctxOf(req, deps), req.params.id),
  );
  r.post(
    '/api/monitoring/alarms/:id/:action',
    {
      schema: {
        tags,
        summary: '告警处置（研判/派发/处置/关闭）',
        params: S.AlarmActionParams,
        body: S.AlarmActionBody,
        response: { 200: D.AlarmActedDto },
      },
    },
    async (req) => svc.actOnAlarm(ctxOf(req, deps), req.params.id, req.params.action, req.body),
  );
  r.post(
    '/api/monitoring/alarms/:id/hazard',
    { schema: { tags, summary: '告警转隐患', params: S.IdParams, body: S.HazardBody, response: { 200: D.AlarmHazardDto } } },
    async (req) => svc.convertToHazard(ctxOf(req, deps), req.params.id, req.body),
  );

  // ── live feed: Server-Sent Events, in-process (see README: several processes need PG LISTEN/NOTIFY) ──
  const live = {
    200: Type.String({
      contentMediaType: 'text/event-stream',
      description: 'events `alarm` (data: LiveAlarmDto of shared/monitoring.dto.ts, JSON) and `escalated` (data: { id, level })',
    }),
  };
  r.get('/api/monitoring/live', { schema: { tags, summary: '实时告警流 (SSE)', response: live } }, async (req, reply: FastifyReply) => {
    const ctx = svc.readable(ctxOf(req, deps));
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

  r.get('/api/monitoring/stats/online', { schema: { tags, summary: '各镇街设备在线率', response: { 200: Type.Array(D.TownOnlineDto) } } }, async (req) =>
    svc.onlineByTown(ctxOf(req, deps)),
  );
  r.get('/api/monitoring/stats/ingest', { schema: { tags, summary: '接入统计（拒收计数）', response: { 200: D.IngestStatsDto } } }, async (req) =>
    svc.ingestStats(ctxOf(req, deps)),
  );

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
  r.post(
    '/api/monitoring/ingest',
    {
      config: { credential: deviceCredential },
      bodyLimit: 4 * 1024 * 1024,
      schema: { tags, summary: '数据接入（批量）', body: S.IngestBody, response: { 200: D.IngestResultDto } },
    },
    async (req) => {
      const device = ingestingDevice.get(req);
      return svc.ingestReadings(deps, device ? { device } : { ctx: ctxOf(req, deps) }, req.body.readings);
    },
  );

  // ── duty ──
  r.get('/api/monitoring/duty/people', { schema: { tags, summary: '可排班人员', response: { 200: Type.Array(D.DutyPersonDto) } } }, async (req) =>
    duty.listDutyPeople(ctxOf(req, deps)),
  );
  r.get(
    '/api/monitoring/duty/shifts',
    { schema: { tags, summary: '排班表', querystring: S.ShiftQuery, response: { 200: Type.Array(D.ShiftDto) } } },
    async (req) => duty.listShifts(ctxOf(req, deps), { from: new Date(req.query.from), to: new Date(req.query.to), unitCode: req.query.unitCode }),
  );
  r.post('/api/monitoring/duty/shifts', { schema: { tags, summary: '新增班次', body: S.ShiftBody, response: { 201: D.Created } } }, async (req, reply) => {
    reply.status(201);
    return duty.createShift(ctxOf(req, deps), req.body);
  });
  r.post(
    '/api/monitoring/duty/handovers',
    { schema: { tags, summary: '交班', body: S.HandoverBody, response: { 201: D.HandoverCreatedDto } } },
    async (req, reply) => {
      reply.status(201);
      return duty.handOver(ctxOf(req, deps), req.body);
    },
  );
  r.get('/api/monitoring/duty/handovers/:id', { schema: { tags, summary: '交接详情', params: S.IdParams, response: { 200: D.HandoverDto } } }, async (req) =>
    duty.getHandover(ctxOf(req, deps), req.params.id),
  );
  r.post('/api/monitoring/duty/handovers/:id/ack', { schema: { tags, summary: '接班确认', params: S.IdParams, response: NoContent } }, async (req, reply) => {
    await duty.acknowledgeHandover(ctxOf(req, deps), req.params.id);
    return reply.status(204).send(null);
  });
  r.get(
    '/api/monitoring/duty/log',
    { schema: { tags, summary: '值班日志', querystring: S.LogQuery, response: { 200: Type.Array(D.DutyLogDto) } } },
    async (req) => duty.listLog(ctxOf(req, deps), req.query),
  );
  r.post('/api/monitoring/duty/log', { schema: { tags, summary: '记值班日志', body: S.LogBody, response: { 201: D.Created } } }, async (req, reply) => {
    reply.status(201);
    return duty.addLog(ctxOf(req, deps), req.body);
  });
  r.get('/api/monitoring/duty/accidents', { schema: { tags, summary: '事故信息报送时限', response: { 200: Type.Array(D.AccidentDto) } } }, async (req) =>
    duty.listAccidentReports(ctxOf(req, deps)),
  );
  r.post(
    '/api/monitoring/duty/accidents',
    { schema: { tags, summary: '登记事故信息', body: S.AccidentBody, response: { 201: D.Created } } },
    async (req, reply) => {
      reply.status(201);
      return duty.createAccidentReport(ctxOf(req, deps), req.body);
    },
  );
  r.post(
    '/api/monitoring/duty/accidents/:id/report',
    { schema: { tags, summary: '逐级报送', params: S.IdParams, body: S.ReportStepBody, response: NoContent } },
    async (req, reply) => {
      await duty.markReported(ctxOf(req, deps), req.params.id, req.body.step);
      return reply.status(204).send(null);
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
