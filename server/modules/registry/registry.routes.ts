// HTTP routes of the registry: the schema validates and types the request, ctxOf gives the caller, one
// service call does the work, and the response schema (shared/registry.dto.ts) shapes the answer.
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import * as D from '../../../shared/registry.dto.ts';
import { ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Deps } from '../../platform/context.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import * as enterprises from './registry.enterprises.ts';
import * as excel from './registry.excel.ts';
import * as insurance from './registry.insurance.ts';
import * as map from './registry.map.ts';
import * as parks from './registry.parks.ts';
import * as risk from './registry.risk.ts';
import * as S from './registry.schema.ts';

const tags = ['registry'];
const xlsx = { 200: D.Xlsx };

function sendXlsx(reply: FastifyReply, fileName: string, body: Readable | Buffer) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(body);
}

export async function registryRoutes(app: FastifyInstance, deps: Deps) {
  await app.register(async (root) => {
    // Multipart only inside the registry's scope (the import upload); parts are read by the platform's file helper.
    await root.register(multipart);
    const r = root.withTypeProvider<TypeBoxTypeProvider>();
    const now = () => deps.clock.now();

    // ── enterprises ──
    r.get(
      '/api/registry/enterprises',
      { schema: { tags, summary: '企业列表 List enterprises', querystring: S.EnterpriseListQuery, response: { 200: D.Page(D.Enterprise) } } },
      (req) => enterprises.listEnterprises(ctxOf(req, deps), req.query),
    );
    r.get('/api/registry/enterprises/stats', { schema: { tags, summary: '企业统计 Enterprise statistics', response: { 200: D.EnterpriseStats } } }, (req) =>
      enterprises.enterpriseStats(ctxOf(req, deps)),
    );
    r.get(
      '/api/registry/enterprises/export',
      { schema: { tags, summary: '导出企业 Export enterprises (.xlsx)', querystring: S.EnterpriseFilterQuery, response: xlsx } },
      async (req, reply) => sendXlsx(reply, excel.exportFileName('企业名录', now()), await excel.exportEnterprises(ctxOf(req, deps), req.query)),
    );
    r.get('/api/registry/enterprises/:id', { schema: { tags, summary: '企业详情 Enterprise', params: S.IdParams, response: { 200: D.Enterprise } } }, (req) =>
      enterprises.getEnterprise(ctxOf(req, deps), req.params.id),
    );
    r.get(
      '/api/registry/enterprises/:id/history',
      { schema: { tags, summary: '变更历史 Change history', params: S.IdParams, response: { 200: Type.Array(D.HistoryEntry) } } },
      (req) => enterprises.enterpriseHistory(ctxOf(req, deps), req.params.id),
    );
    r.get(
      '/api/registry/enterprises/:id/parks',
      { schema: { tags, summary: '所在园区 Parks of an enterprise', params: S.IdParams, response: { 200: D.EnterpriseParks } } },
      (req) => enterprises.enterpriseParks(ctxOf(req, deps), req.params.id),
    );
    r.post(
      '/api/registry/enterprises',
      { schema: { tags, summary: '登记企业 Create enterprise', body: S.EnterpriseCreate, response: { 201: D.Enterprise } } },
      async (req, reply) => reply.status(201).send(await enterprises.createEnterprise(ctxOf(req, deps), req.body)),
    );
    r.put(
      '/api/registry/enterprises/:id',
      { schema: { tags, summary: '修改企业 Update enterprise', params: S.IdParams, body: S.EnterpriseUpdate, response: { 200: D.Enterprise } } },
      (req) => enterprises.updateEnterprise(ctxOf(req, deps), req.params.id, req.body),
    );

    // ── parks and tenants ──
    r.get(
      '/api/registry/parks',
      { schema: { tags, summary: '园区列表 List parks', querystring: S.ParkListQuery, response: { 200: D.Page(D.ParkListItem) } } },
      (req) => parks.listParks(ctxOf(req, deps), req.query),
    );
    r.get('/api/registry/parks/stats', { schema: { tags, summary: '园区规范化达标率 Park standardization rate', response: { 200: D.ParkStats } } }, (req) =>
      parks.parkStats(ctxOf(req, deps)),
    );
    r.get(
      '/api/registry/parks/export',
      { schema: { tags, summary: '导出园区 Export parks (.xlsx)', querystring: S.ParkFilterQuery, response: xlsx } },
      async (req, reply) => sendXlsx(reply, excel.exportFileName('园区名录', now()), await excel.exportParks(ctxOf(req, deps), req.query)),
    );
    r.get(
      '/api/registry/parks/:id',
      { schema: { tags, summary: '园区详情与租户 Park with tenants', params: S.IdParams, response: { 200: D.ParkDetail } } },
      (req) => parks.getPark(ctxOf(req, deps), req.params.id),
    );
    r.get(
      '/api/registry/parks/:id/history',
      { schema: { tags, summary: '园区变更历史 Park history', params: S.IdParams, response: { 200: Type.Array(D.HistoryEntry) } } },
      (req) => parks.parkHistory(ctxOf(req, deps), req.params.id),
    );
    r.post('/api/registry/parks', { schema: { tags, summary: '登记园区 Create park', body: S.ParkCreate, response: { 201: D.Park } } }, async (req, reply) =>
      reply.status(201).send(await parks.createPark(ctxOf(req, deps), req.body)),
    );
    r.put(
      '/api/registry/parks/:id',
      { schema: { tags, summary: '修改园区 Update park', params: S.IdParams, body: S.ParkUpdate, response: { 200: D.Park } } },
      (req) => parks.updatePark(ctxOf(req, deps), req.params.id, req.body),
    );
    r.put(
      '/api/registry/parks/:id/tenants/:enterpriseId',
      { schema: { tags, summary: '租户与安全管理协议 Tenant and agreement', params: S.TenantParams, body: S.TenantUpsert, response: { 200: D.Tenancy } } },
      (req) => parks.upsertTenant(ctxOf(req, deps), req.params.id, req.params.enterpriseId, req.body),
    );

    // ── insurance ──
    r.get(
      '/api/registry/insurance',
      { schema: { tags, summary: '保单 Insurance policies', querystring: S.InsuranceListQuery, response: { 200: Type.Array(D.InsurancePolicy) } } },
      (req) => insurance.listInsurance(ctxOf(req, deps), req.query),
    );
    r.post(
      '/api/registry/insurance',
      { schema: { tags, summary: '登记保单 Add insurance policy', body: S.InsuranceCreate, response: { 201: D.InsurancePolicy } } },
      async (req, reply) => reply.status(201).send(await insurance.createInsurance(ctxOf(req, deps), req.body)),
    );
    r.put(
      '/api/registry/insurance/:id',
      { schema: { tags, summary: '修改保单 Update insurance policy', params: S.IdParams, body: S.InsuranceUpdate, response: { 200: D.InsurancePolicy } } },
      (req) => insurance.updateInsurance(ctxOf(req, deps), req.params.id, req.body),
    );

    // ── risk points ──
    r.get(
      '/api/registry/risk-points',
      { schema: { tags, summary: '风险点列表 List risk points', querystring: S.RiskPointListQuery, response: { 200: D.Page(D.RiskPoint) } } },
      (req) => risk.listRiskPoints(ctxOf(req, deps), req.query),
    );
    r.get('/api/registry/risk-points/stats', { schema: { tags, summary: '风险点分级统计 Risk points by grade', response: { 200: D.RiskStats } } }, (req) =>
      risk.riskStats(ctxOf(req, deps)),
    );
    r.get('/api/registry/risk-points/reminders', { schema: { tags, summary: '待复核提醒 Reviews due', response: { 200: Type.Array(D.Reminder) } } }, (req) =>
      risk.listReminders(ctxOf(req, deps)),
    );
    r.get(
      '/api/registry/risk-points/export',
      { schema: { tags, summary: '导出风险点 Export risk points (.xlsx)', querystring: S.RiskPointFilterQuery, response: xlsx } },
      async (req, reply) => sendXlsx(reply, excel.exportFileName('风险点清单', now()), await excel.exportRiskPoints(ctxOf(req, deps), req.query)),
    );
    r.get('/api/registry/risk-points/:id', { schema: { tags, summary: '风险点 Risk point', params: S.IdParams, response: { 200: D.RiskPoint } } }, (req) =>
      risk.getRiskPoint(ctxOf(req, deps), req.params.id),
    );
    r.get(
      '/api/registry/risk-points/:id/history',
      { schema: { tags, summary: '风险点变更历史 Risk point history', params: S.IdParams, response: { 200: Type.Array(D.HistoryEntry) } } },
      (req) => risk.riskPointHistory(ctxOf(req, deps), req.params.id),
    );
    r.post(
      '/api/registry/risk-points',
      { schema: { tags, summary: '登记风险点 Create risk point', body: S.RiskPointCreate, response: { 201: D.RiskPoint } } },
      async (req, reply) => reply.status(201).send(await risk.createRiskPoint(ctxOf(req, deps), req.body)),
    );
    r.put(
      '/api/registry/risk-points/:id',
      { schema: { tags, summary: '修改风险点 Update risk point', params: S.IdParams, body: S.RiskPointUpdate, response: { 200: D.RiskPoint } } },
      (req) => risk.updateRiskPoint(ctxOf(req, deps), req.params.id, req.body),
    );
    r.post(
      '/api/registry/risk-points/:id/review',
      { schema: { tags, summary: '定期复核 Record a review', params: S.IdParams, body: S.RiskPointReview, response: { 200: D.RiskPoint } } },
      (req) => risk.reviewRiskPoint(ctxOf(req, deps), req.params.id, req.body),
    );

    // ── policy ──
    r.get('/api/registry/policies/lec', { schema: { tags, summary: 'LEC 分级阈值 LEC thresholds (versioned)', response: { 200: D.LecPolicy } } }, (req) =>
      risk.getLecPolicy(ctxOf(req, deps)),
    );
    r.post(
      '/api/registry/policies/lec',
      { schema: { tags, summary: '新版本 LEC 阈值 New LEC thresholds version', body: S.LecPolicyCreate, response: { 201: D.LecPolicyVersion } } },
      async (req, reply) => reply.status(201).send(await risk.createLecPolicy(ctxOf(req, deps), req.body)),
    );

    // ── map ──
    r.get(
      '/api/registry/map/enterprises',
      { schema: { tags, summary: '企业分布 Enterprise points', querystring: S.EnterpriseFilterQuery, response: { 200: D.EnterprisePoints } } },
      (req) => map.enterpriseMap(ctxOf(req, deps), req.query),
    );
    r.get(
      '/api/registry/map/parks',
      { schema: { tags, summary: '园区分布 Park points', querystring: S.ParkFilterQuery, response: { 200: D.ParkPoints } } },
      (req) => map.parkMap(ctxOf(req, deps), req.query),
    );
    r.get(
      '/api/registry/map/risk-points',
      { schema: { tags, summary: '四色风险图 Four-colour risk map', querystring: S.RiskPointFilterQuery, response: { 200: D.RiskMapPoints } } },
      (req) => map.riskPointMap(ctxOf(req, deps), req.query),
    );

    // ── Excel import ──
    r.get(
      '/api/registry/imports/templates/:kind',
      { schema: { tags, summary: '下载导入模板 Import template (.xlsx)', params: S.ImportKindParams, response: xlsx } },
      async (req, reply) => {
        ctxOf(req, deps);
        return sendXlsx(reply, excel.TEMPLATE_FILE_NAMES[req.params.kind], await excel.templateWorkbook(req.params.kind));
      },
    );
    r.post(
      '/api/registry/imports/:kind',
      {
        schema: {
          tags,
          summary: '上传导入 Upload a workbook (multipart field "file")',
          params: S.ImportKindParams,
          consumes: ['multipart/form-data'],
          response: { 202: D.ImportStarted },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req, deps);
        const { files } = await readMultipart(req, excel.MAX_IMPORT_BYTES / 1024 / 1024, 1);
        return reply.status(202).send(await excel.startImport(ctx, req.params.kind, files[0]));
      },
    );
    r.get(
      '/api/registry/imports/:id',
      { schema: { tags, summary: '导入进度与行错误 Import progress and row errors', params: S.IdParams, response: { 200: D.ImportJob } } },
      (req) => excel.getImport(ctxOf(req, deps), req.params.id),
    );
  });
}
