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
import { routeTable, XLSX } from '../../platform/routes.ts';
import * as duty from './monitoring.duty.ts';
import * as flood from './monitoring.flood.ts';
import { importDevices, importTemplate } from './monitoring.import.ts';
import { ALARM_EVENT, type AlarmEvent } from './monitoring.ingest.ts';
import { ingestorOf } from './monitoring.runtime.ts';
import * as S from './monitoring.schema.ts';
import * as svc from './monitoring.service.ts';

const tags = ['monitoring'];

/** Does this live-feed event belong to the viewer's scope? */
export function visibleTo(ctx: Ctx, e: { jurisdictionCode: string; enterpriseId: string | null }) {
  if (!coversJurisdiction(ctx.actor, e.jurisdictionCode)) return false;
  return !ctx.actor.enterpriseId || ctx.actor.enterpriseId === e.enterpriseId;
}

export async function monitoringRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const api = routeTable(app, deps, tags);
  const Id = S.IdParams;
  const DeviceId = S.DeviceIdParams;

  // ── devices ──
  api.get('/api/monitoring/devices', '设备列表', { querystring: S.DeviceQuery, response: D.DevicePage }, (c, req) => svc.listDevices(c, req.query));
  api.get('/api/monitoring/devices/points', '设备点位（地图）', { response: Type.Array(D.DevicePointDto) }, (c) => svc.devicePoints(c));
  api.file('/api/monitoring/devices/import-template', '设备导入模板', { mime: XLSX, description: 'an Excel workbook' }, async (c) => {
    svc.readable(c);
    return { fileName: '设备导入模板.xlsx', data: await importTemplate() };
  });
  api.get('/api/monitoring/devices/:id', '设备详情', { params: DeviceId, response: D.DeviceDto }, (c, req) => svc.deviceDetail(c, req.params.id));
  api.get('/api/monitoring/devices/:id/trend', '设备趋势', { params: DeviceId, querystring: S.TrendQuery, response: D.DeviceTrendDto }, (c, req) =>
    svc.deviceTrend(c, req.params.id, req.query.window),
  );
  api.post('/api/monitoring/devices', '新增设备', { body: S.DeviceBody, response: D.DeviceSecretDto, status: 201 }, (c, req) => svc.createDevice(c, req.body));
  api.noContent('PUT', '/api/monitoring/devices/:id', '修改设备', { params: DeviceId, body: S.DeviceUpdateBody }, (c, req) =>
    svc.updateDevice(c, req.params.id, req.body),
  );
  api.post('/api/monitoring/devices/:id/secret', '重置设备密钥', { params: DeviceId, response: D.DeviceSecretDto }, (c, req) =>
    svc.rotateDeviceSecret(c, req.params.id),
  );
  api.post('/api/monitoring/devices/import', '从 Excel 导入设备', { body: S.ImportBody, response: D.DeviceImportDto, bodyLimit: 3_000_000 }, (c, req) =>
    importDevices(c, Buffer.from(req.body.fileBase64, 'base64')),
  );

  // ── rules ──
  api.get('/api/monitoring/rules', '规则列表', { response: Type.Array(D.RuleDto) }, (c) => svc.listRules(c));
  api.post('/api/monitoring/rules', '新增规则', { body: S.RuleBody, response: D.Created, status: 201 }, (c, req) => svc.createRule(c, req.body));
  api.noContent('PUT', '/api/monitoring/rules/:id', '修改规则', { params: Id, body: S.RuleUpdateBody }, (c, req) => svc.updateRule(c, req.params.id, req.body));

  // ── alarms ──
  api.get('/api/monitoring/alarms', '告警列表', { querystring: S.AlarmQuery, response: D.AlarmPage }, (c, req) => svc.listAlarms(c, req.query));
  api.get('/api/monitoring/alarms/counts', '告警按级别计数', { querystring: S.AlarmCountsQuery, response: D.AlarmCountsDto }, (c, req) =>
    flood.alarmCounts(c, req.query),
  );
  api.post('/api/monitoring/alarms/batch', '批量研判/关闭告警', { body: S.BatchBody, response: D.BatchResultDto }, (c, req) => flood.batchAct(c, req.body));
  api.get('/api/monitoring/alarm-groups', '聚合告警（多设备离线）', { querystring: S.GroupQuery, response: Type.Array(D.AlarmGroupDto) }, (c, req) =>
    flood.listGroups(c, req.query),
  );
  api.get('/api/monitoring/alarms/:id/trend', '告警前后趋势', { params: Id, response: D.AlarmTrendDto }, (c, req) => flood.alarmTrend(c, req.params.id));
  api.get('/api/monitoring/maintenance', '维护时段', { querystring: S.MaintenanceQuery, response: Type.Array(D.MaintenanceDto) }, (c, req) =>
    flood.listMaintenance(c, req.query),
  );
  api.post('/api/monitoring/maintenance', '新增维护时段（屏蔽告警）', { body: S.MaintenanceBody, response: D.MaintenanceCreatedDto, status: 201 }, (c, req) =>
    flood.createMaintenance(c, req.body),
  );
  api.noContent('POST', '/api/monitoring/maintenance/:id/cancel', '取消维护时段', { params: Id }, (c, req) => flood.cancelMaintenance(c, req.params.id));
  api.get('/api/monitoring/alarms/:id', '告警详情', { params: Id, response: D.AlarmDetailDto }, (c, req) => svc.alarmDetail(c, req.params.id));
  api.post(
    '/api/monitoring/alarms/:id/:action',
    '告警处置（研判/派发/处置/关闭）',
    { params: S.AlarmActionParams, body: S.AlarmActionBody, response: D.AlarmActedDto },
    (c, req) => svc.actOnAlarm(c, req.params.id, req.params.action, req.body),
  );
  api.post('/api/monitoring/alarms/:id/hazard', '告警转隐患', { params: Id, body: S.HazardBody, response: D.AlarmHazardDto }, (c, req) =>
    svc.convertToHazard(c, req.params.id, req.body),
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

  api.get('/api/monitoring/stats/online', '各镇街设备在线率', { response: Type.Array(D.TownOnlineDto) }, (c) => svc.onlineByTown(c));
  api.get('/api/monitoring/stats/ingest', '接入统计（拒收计数）', { response: D.IngestStatsDto }, (c) => svc.ingestStats(c));

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
  api.get('/api/monitoring/duty/people', '可排班人员', { response: Type.Array(D.DutyPersonDto) }, (c) => duty.listDutyPeople(c));
  api.get('/api/monitoring/duty/shifts', '排班表', { querystring: S.ShiftQuery, response: Type.Array(D.ShiftDto) }, (c, req) =>
    duty.listShifts(c, { from: new Date(req.query.from), to: new Date(req.query.to), unitCode: req.query.unitCode }),
  );
  api.post('/api/monitoring/duty/shifts', '新增班次', { body: S.ShiftBody, response: D.Created, status: 201 }, (c, req) => duty.createShift(c, req.body));
  api.post('/api/monitoring/duty/handovers', '交班', { body: S.HandoverBody, response: D.HandoverCreatedDto, status: 201 }, (c, req) =>
    duty.handOver(c, req.body),
  );
  api.get('/api/monitoring/duty/handovers/:id', '交接详情', { params: Id, response: D.HandoverDto }, (c, req) => duty.getHandover(c, req.params.id));
  api.noContent('POST', '/api/monitoring/duty/handovers/:id/ack', '接班确认', { params: Id }, (c, req) => duty.acknowledgeHandover(c, req.params.id));
  api.get('/api/monitoring/duty/log', '值班日志', { querystring: S.LogQuery, response: Type.Array(D.DutyLogDto) }, (c, req) => duty.listLog(c, req.query));
  api.post('/api/monitoring/duty/log', '记值班日志', { body: S.LogBody, response: D.Created, status: 201 }, (c, req) => duty.addLog(c, req.body));
  api.get('/api/monitoring/duty/accidents', '事故信息报送时限', { response: Type.Array(D.AccidentDto) }, (c) => duty.listAccidentReports(c));
  api.post('/api/monitoring/duty/accidents', '登记事故信息', { body: S.AccidentBody, response: D.Created, status: 201 }, (c, req) =>
    duty.createAccidentReport(c, req.body),
  );
  api.noContent('POST', '/api/monitoring/duty/accidents/:id/report', '逐级报送', { params: Id, body: S.ReportStepBody }, (c, req) =>
    duty.markReported(c, req.params.id, req.body.step),
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
