// HTTP routes of the registry: the schema validates, ctxOf gives the caller, the service does the work.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Deps } from '../../platform/context.ts';
import { fieldError } from '../../platform/errors.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import * as excel from './registry.excel.ts';
import * as S from './registry.schema.ts';
import * as svc from './registry.service.ts';

const tags = ['registry'];

function sendXlsx(reply: FastifyReply, fileName: string, body: Readable | Buffer) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(body);
}

export async function registryRoutes(app: FastifyInstance, deps: Deps) {
  await app.register(async (r) => {
    // Multipart only inside the registry's scope (the import upload); parts are read by the platform's file helper.
    await r.register(multipart);

    // ── enterprises ──
    r.get(
      '/api/registry/enterprises',
      { schema: { tags, summary: '企业列表 List enterprises', querystring: S.EnterpriseListQuery, response: { 200: S.Page(S.Enterprise) } } },
      (req) => svc.listEnterprises(ctxOf(req, deps), req.query as S.EnterpriseListInput),
    );
    r.get('/api/registry/enterprises/stats', { schema: { tags, summary: '企业统计 Enterprise statistics' } }, (req) => svc.enterpriseStats(ctxOf(req, deps)));
    r.get(
      '/api/registry/enterprises/export',
      { schema: { tags, summary: '导出企业 Export enterprises (.xlsx)', querystring: S.EnterpriseFilterQuery } },
      async (req, reply) => {
        const ctx = ctxOf(req, deps);
        return sendXlsx(reply, excel.exportFileName('企业名录', deps.clock.now()), await excel.exportEnterprises(ctx, req.query as S.EnterpriseFilters));
      },
    );
    r.get('/api/registry/enterprises/:id', { schema: { tags, summary: '企业详情 Enterprise', params: S.IdParams, response: { 200: S.Enterprise } } }, (req) =>
      svc.getEnterprise(ctxOf(req, deps), (req.params as { id: string }).id),
    );
    r.get(
      '/api/registry/enterprises/:id/history',
      { schema: { tags, summary: '变更历史 Change history', params: S.IdParams, response: { 200: Type.Array(S.HistoryEntry) } } },
      (req) => svc.enterpriseHistory(ctxOf(req, deps), (req.params as { id: string }).id),
    );
    r.get('/api/registry/enterprises/:id/parks', { schema: { tags, summary: '所在园区 Parks of an enterprise', params: S.IdParams } }, (req) =>
      svc.enterpriseParks(ctxOf(req, deps), (req.params as { id: string }).id),
    );
    r.post(
      '/api/registry/enterprises',
      { schema: { tags, summary: '登记企业 Create enterprise', body: S.EnterpriseCreate, response: { 201: S.Enterprise } } },
      async (req, reply) => reply.status(201).send(await svc.createEnterprise(ctxOf(req, deps), req.body as S.EnterpriseInput)),
    );
    r.put(
      '/api/registry/enterprises/:id',
      { schema: { tags, summary: '修改企业 Update enterprise', params: S.IdParams, body: S.EnterpriseUpdate, response: { 200: S.Enterprise } } },
      (req) => svc.updateEnterprise(ctxOf(req, deps), (req.params as { id: string }).id, req.body as S.EnterpriseUpdateInput),
    );

    // ── parks and tenants ──
    r.get('/api/registry/parks', { schema: { tags, summary: '园区列表 List parks', querystring: S.ParkListQuery } }, (req) =>
      svc.listParks(ctxOf(req, deps), req.query as S.ParkListInput),
    );
    r.get('/api/registry/parks/stats', { schema: { tags, summary: '园区规范化达标率 Park standardization rate' } }, (req) => svc.parkStats(ctxOf(req, deps)));
    r.get('/api/registry/parks/export', { schema: { tags, summary: '导出园区 Export parks (.xlsx)', querystring: S.ParkFilterQuery } }, async (req, reply) => {
      const ctx = ctxOf(req, deps);
      return sendXlsx(reply, excel.exportFileName('园区名录', deps.clock.now()), await excel.exportParks(ctx, req.query as S.ParkFilters));
    });
    r.get('/api/registry/parks/:id', { schema: { tags, summary: '园区详情与租户 Park with tenants', params: S.IdParams } }, (req) =>
      svc.getPark(ctxOf(req, deps), (req.params as { id: string }).id),
    );
    r.get('/api/registry/parks/:id/history', { schema: { tags, summary: '园区变更历史 Park history', params: S.IdParams } }, (req) =>
      svc.parkHistory(ctxOf(req, deps), (req.params as { id: string }).id),
    );
    r.post('/api/registry/parks', { schema: { tags, summary: '登记园区 Create park', body: S.ParkCreate } }, async (req, reply) =>
      reply.status(201).send(await svc.createPark(ctxOf(req, deps), req.body as S.ParkInput)),
    );
    r.put('/api/registry/parks/:id', { schema: { tags, summary: '修改园区 Update park', params: S.IdParams, body: S.ParkUpdate } }, (req) =>
      svc.updatePark(ctxOf(req, deps), (req.params as { id: string }).id, req.body as S.ParkUpdateInput),
    );
    r.put(
      '/api/registry/parks/:id/tenants/:enterpriseId',
      { schema: { tags, summary: '租户与安全管理协议 Tenant and agreement', params: S.TenantParams, body: S.TenantUpsert } },
      (req) => {
        const p = req.params as { id: string; enterpriseId: string };
        return svc.upsertTenant(ctxOf(req, deps), p.id, p.enterpriseId, req.body as S.TenantInput);
      },
    );

    // ── insurance ──
    r.get('/api/registry/insurance', { schema: { tags, summary: '保单 Insurance policies', querystring: S.InsuranceListQuery } }, (req) =>
      svc.listInsurance(ctxOf(req, deps), req.query as { enterpriseId?: string; parkId?: string }),
    );
    r.post('/api/registry/insurance', { schema: { tags, summary: '登记保单 Add insurance policy', body: S.InsuranceCreate } }, async (req, reply) =>
      reply.status(201).send(await svc.createInsurance(ctxOf(req, deps), req.body as S.InsuranceInput)),
    );
    r.put(
      '/api/registry/insurance/:id',
      { schema: { tags, summary: '修改保单 Update insurance policy', params: S.IdParams, body: S.InsuranceUpdate } },
      (req) => svc.updateInsurance(ctxOf(req, deps), (req.params as { id: string }).id, req.body as S.InsuranceInput & { version: number }),
    );

    // ── risk points ──
    r.get('/api/registry/risk-points', { schema: { tags, summary: '风险点列表 List risk points', querystring: S.RiskPointListQuery } }, (req) =>
      svc.listRiskPoints(ctxOf(req, deps), req.query as S.RiskPointListInput),
    );
    r.get('/api/registry/risk-points/stats', { schema: { tags, summary: '风险点分级统计 Risk points by grade' } }, (req) => svc.riskStats(ctxOf(req, deps)));
    r.get('/api/registry/risk-points/reminders', { schema: { tags, summary: '待复核提醒 Reviews due' } }, (req) => svc.listReminders(ctxOf(req, deps)));
    r.get(
      '/api/registry/risk-points/export',
      { schema: { tags, summary: '导出风险点 Export risk points (.xlsx)', querystring: S.RiskPointFilterQuery } },
      async (req, reply) => {
        const ctx = ctxOf(req, deps);
        return sendXlsx(reply, excel.exportFileName('风险点清单', deps.clock.now()), await excel.exportRiskPoints(ctx, req.query as S.RiskPointFilters));
      },
    );
    r.get('/api/registry/risk-points/:id', { schema: { tags, summary: '风险点 Risk point', params: S.IdParams } }, (req) =>
      svc.getRiskPoint(ctxOf(req, deps), (req.params as { id: string }).id),
    );
    r.get('/api/registry/risk-points/:id/history', { schema: { tags, summary: '风险点变更历史 Risk point history', params: S.IdParams } }, (req) =>
      svc.riskPointHistory(ctxOf(req, deps), (req.params as { id: string }).id),
    );
    r.post('/api/registry/risk-points', { schema: { tags, summary: '登记风险点 Create risk point', body: S.RiskPointCreate } }, async (req, reply) =>
      reply.status(201).send(await svc.createRiskPoint(ctxOf(req, deps), req.body as S.RiskPointInput)),
    );
    r.put('/api/registry/risk-points/:id', { schema: { tags, summary: '修改风险点 Update risk point', params: S.IdParams, body: S.RiskPointUpdate } }, (req) =>
      svc.updateRiskPoint(ctxOf(req, deps), (req.params as { id: string }).id, req.body as S.RiskPointUpdateInput),
    );
    r.post(
      '/api/registry/risk-points/:id/review',
      { schema: { tags, summary: '定期复核 Record a review', params: S.IdParams, body: S.RiskPointReview } },
      (req) => svc.reviewRiskPoint(ctxOf(req, deps), (req.params as { id: string }).id, req.body as S.RiskPointReviewInput),
    );

    // ── policy ──
    r.get('/api/registry/policies/lec', { schema: { tags, summary: 'LEC 分级阈值 LEC thresholds (versioned)' } }, (req) => svc.getLecPolicy(ctxOf(req, deps)));
    r.post(
      '/api/registry/policies/lec',
      { schema: { tags, summary: '新版本 LEC 阈值 New LEC thresholds version', body: S.LecPolicyCreate } },
      async (req, reply) => reply.status(201).send(await svc.createLecPolicy(ctxOf(req, deps), req.body as S.LecPolicyInput)),
    );

    // ── map ──
    r.get('/api/registry/map/enterprises', { schema: { tags, summary: '企业分布 Enterprise points', querystring: S.EnterpriseFilterQuery } }, (req) =>
      svc.enterpriseMap(ctxOf(req, deps), req.query as S.EnterpriseFilters),
    );
    r.get('/api/registry/map/parks', { schema: { tags, summary: '园区分布 Park points', querystring: S.ParkFilterQuery } }, (req) =>
      svc.parkMap(ctxOf(req, deps), req.query as S.ParkFilters),
    );
    r.get('/api/registry/map/risk-points', { schema: { tags, summary: '四色风险图 Four-colour risk map', querystring: S.RiskPointFilterQuery } }, (req) =>
      svc.riskPointMap(ctxOf(req, deps), req.query as S.RiskPointFilters),
    );

    // ── Excel import ──
    r.get(
      '/api/registry/imports/templates/:kind',
      { schema: { tags, summary: '下载导入模板 Import template (.xlsx)', params: S.ImportKindParams } },
      async (req, reply) => {
        ctxOf(req, deps);
        const kind = (req.params as { kind: 'enterprises' | 'parks' | 'risk_points' }).kind;
        return sendXlsx(reply, excel.TEMPLATE_FILE_NAMES[kind], await excel.templateWorkbook(kind));
      },
    );
    r.post(
      '/api/registry/imports/:kind',
      { schema: { tags, summary: '上传导入 Upload a workbook (multipart field "file")', params: S.ImportKindParams, consumes: ['multipart/form-data'] } },
      async (req, reply) => {
        const ctx = ctxOf(req, deps);
        const kind = (req.params as { kind: 'enterprises' | 'parks' | 'risk_points' }).kind;
        const { files } = await readMultipart(req, excel.MAX_IMPORT_BYTES / 1024 / 1024, 1);
        const file = files[0];
        if (!file) throw fieldError('file', '请选择要导入的 .xlsx 文件', 'is required');
        const started = await excel.startImport(ctx, kind, file.filename, file.data);
        return reply.status(202).send(started);
      },
    );
    r.get('/api/registry/imports/:id', { schema: { tags, summary: '导入进度与行错误 Import progress and row errors', params: S.IdParams } }, (req) =>
      excel.getImport(ctxOf(req, deps), (req.params as { id: string }).id),
    );
  });
}
