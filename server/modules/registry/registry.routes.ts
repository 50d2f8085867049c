// HTTP routes of the registry: one routeTable row a route (server/platform/routes.ts): the schemas validate and
// type the request, the handler gets the caller's Ctx and makes one service call, and the response schema
// (shared/registry.dto.ts) shapes the answer.
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import * as D from '../../../shared/registry.dto.ts';
import { ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Deps } from '../../platform/context.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import { XLSX, routeTable } from '../../platform/routes.ts';
import * as enterprises from './registry.enterprises.ts';
import * as excel from './registry.excel.ts';
import * as insurance from './registry.insurance.ts';
import * as map from './registry.map.ts';
import * as parks from './registry.parks.ts';
import * as risk from './registry.risk.ts';
import * as S from './registry.schema.ts';

export async function registryRoutes(app: FastifyInstance, deps: Deps) {
  await app.register(async (root) => {
    // Multipart only inside the registry's scope (the import upload); parts are read by the platform's file helper.
    await root.register(multipart);
    const api = routeTable(root, deps, ['registry']);
    const now = () => deps.clock.now();
    const Id = S.IdParams;
    const History = Type.Array(D.HistoryEntry);

    // ── enterprises ──
    api.get('/api/registry/enterprises', '企业列表 List enterprises', { querystring: S.EnterpriseListQuery, response: D.Page(D.Enterprise) }, (c, req) =>
      enterprises.listEnterprises(c, req.query),
    );
    api.get('/api/registry/enterprises/stats', '企业统计 Enterprise statistics', { response: D.EnterpriseStats }, (c) => enterprises.enterpriseStats(c));
    api.file(
      '/api/registry/enterprises/export',
      '导出企业 Export enterprises (.xlsx)',
      { querystring: S.EnterpriseFilterQuery, mime: XLSX },
      async (c, req) => ({
        fileName: excel.exportFileName('企业名录', now()),
        data: await excel.exportEnterprises(c, req.query),
      }),
    );
    api.get('/api/registry/enterprises/:id', '企业详情 Enterprise', { params: Id, response: D.Enterprise }, (c, req) =>
      enterprises.getEnterprise(c, req.params.id),
    );
    api.get('/api/registry/enterprises/:id/history', '变更历史 Change history', { params: Id, response: History }, (c, req) =>
      enterprises.enterpriseHistory(c, req.params.id),
    );
    api.get('/api/registry/enterprises/:id/parks', '所在园区 Parks of an enterprise', { params: Id, response: D.EnterpriseParks }, (c, req) =>
      enterprises.enterpriseParks(c, req.params.id),
    );
    api.post('/api/registry/enterprises', '登记企业 Create enterprise', { body: S.EnterpriseCreate, response: D.Enterprise, status: 201 }, (c, req) =>
      enterprises.createEnterprise(c, req.body),
    );
    api.put('/api/registry/enterprises/:id', '修改企业 Update enterprise', { params: Id, body: S.EnterpriseUpdate, response: D.Enterprise }, (c, req) =>
      enterprises.updateEnterprise(c, req.params.id, req.body),
    );

    // ── parks and tenants ──
    api.get('/api/registry/parks', '园区列表 List parks', { querystring: S.ParkListQuery, response: D.Page(D.ParkListItem) }, (c, req) =>
      parks.listParks(c, req.query),
    );
    api.get('/api/registry/parks/stats', '园区规范化达标率 Park standardization rate', { response: D.ParkStats }, (c) => parks.parkStats(c));
    api.file('/api/registry/parks/export', '导出园区 Export parks (.xlsx)', { querystring: S.ParkFilterQuery, mime: XLSX }, async (c, req) => ({
      fileName: excel.exportFileName('园区名录', now()),
      data: await excel.exportParks(c, req.query),
    }));
    api.get('/api/registry/parks/:id', '园区详情与租户 Park with tenants', { params: Id, response: D.ParkDetail }, (c, req) => parks.getPark(c, req.params.id));
    api.get('/api/registry/parks/:id/history', '园区变更历史 Park history', { params: Id, response: History }, (c, req) => parks.parkHistory(c, req.params.id));
    api.post('/api/registry/parks', '登记园区 Create park', { body: S.ParkCreate, response: D.Park, status: 201 }, (c, req) => parks.createPark(c, req.body));
    api.put('/api/registry/parks/:id', '修改园区 Update park', { params: Id, body: S.ParkUpdate, response: D.Park }, (c, req) =>
      parks.updatePark(c, req.params.id, req.body),
    );
    api.put(
      '/api/registry/parks/:id/tenants/:enterpriseId',
      '租户与安全管理协议 Tenant and agreement',
      { params: S.TenantParams, body: S.TenantUpsert, response: D.Tenancy },
      (c, req) => parks.upsertTenant(c, req.params.id, req.params.enterpriseId, req.body),
    );

    // ── insurance ──
    api.get('/api/registry/insurance', '保单 Insurance policies', { querystring: S.InsuranceListQuery, response: Type.Array(D.InsurancePolicy) }, (c, req) =>
      insurance.listInsurance(c, req.query),
    );
    api.post('/api/registry/insurance', '登记保单 Add insurance policy', { body: S.InsuranceCreate, response: D.InsurancePolicy, status: 201 }, (c, req) =>
      insurance.createInsurance(c, req.body),
    );
    api.put('/api/registry/insurance/:id', '修改保单 Update insurance policy', { params: Id, body: S.InsuranceUpdate, response: D.InsurancePolicy }, (c, req) =>
      insurance.updateInsurance(c, req.params.id, req.body),
    );

    // ── risk points ──
    api.get('/api/registry/risk-points', '风险点列表 List risk points', { querystring: S.RiskPointListQuery, response: D.Page(D.RiskPoint) }, (c, req) =>
      risk.listRiskPoints(c, req.query),
    );
    api.get('/api/registry/risk-points/stats', '风险点分级统计 Risk points by grade', { response: D.RiskStats }, (c) => risk.riskStats(c));
    api.get('/api/registry/risk-points/reminders', '待复核提醒 Reviews due', { response: Type.Array(D.Reminder) }, (c) => risk.listReminders(c));
    api.file(
      '/api/registry/risk-points/export',
      '导出风险点 Export risk points (.xlsx)',
      { querystring: S.RiskPointFilterQuery, mime: XLSX },
      async (c, req) => ({
        fileName: excel.exportFileName('风险点清单', now()),
        data: await excel.exportRiskPoints(c, req.query),
      }),
    );
    api.get('/api/registry/risk-points/:id', '风险点 Risk point', { params: Id, response: D.RiskPoint }, (c, req) => risk.getRiskPoint(c, req.params.id));
    api.get('/api/registry/risk-points/:id/history', '风险点变更历史 Risk point history', { params: Id, response: History }, (c, req) =>
      risk.riskPointHistory(c, req.params.id),
    );
    api.post('/api/registry/risk-points', '登记风险点 Create risk point', { body: S.RiskPointCreate, response: D.RiskPoint, status: 201 }, (c, req) =>
      risk.createRiskPoint(c, req.body),
    );
    api.put('/api/registry/risk-points/:id', '修改风险点 Update risk point', { params: Id, body: S.RiskPointUpdate, response: D.RiskPoint }, (c, req) =>
      risk.updateRiskPoint(c, req.params.id, req.body),
    );
    api.post('/api/registry/risk-points/:id/review', '定期复核 Record a review', { params: Id, body: S.RiskPointReview, response: D.RiskPoint }, (c, req) =>
      risk.reviewRiskPoint(c, req.params.id, req.body),
    );

    // ── policy ──
    api.get('/api/registry/policies/lec', 'LEC 分级阈值 LEC thresholds (versioned)', { response: D.LecPolicy }, (c) => risk.getLecPolicy(c));
    api.post(
      '/api/registry/policies/lec',
      '新版本 LEC 阈值 New LEC thresholds version',
      { body: S.LecPolicyCreate, response: D.LecPolicyVersion, status: 201 },
      (c, req) => risk.createLecPolicy(c, req.body),
    );

    // ── map ──
    api.get('/api/registry/map/enterprises', '企业分布 Enterprise points', { querystring: S.EnterpriseFilterQuery, response: D.EnterprisePoints }, (c, req) =>
      map.enterpriseMap(c, req.query),
    );
    api.get('/api/registry/map/parks', '园区分布 Park points', { querystring: S.ParkFilterQuery, response: D.ParkPoints }, (c, req) =>
      map.parkMap(c, req.query),
    );
    api.get('/api/registry/map/risk-points', '四色风险图 Four-colour risk map', { querystring: S.RiskPointFilterQuery, response: D.RiskMapPoints }, (c, req) =>
      map.riskPointMap(c, req.query),
    );

    // ── Excel import ──
    api.file('/api/registry/imports/templates/:kind', '下载导入模板 Import template (.xlsx)', { params: S.ImportKindParams, mime: XLSX }, async (_c, req) => ({
      fileName: excel.TEMPLATE_FILE_NAMES[req.params.kind],
      data: await excel.templateWorkbook(req.params.kind),
    }));
    // The upload: multipart, so the body has no schema (the platform's readMultipart checks size and parts).
    root.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/registry/imports/:kind',
      {
        schema: {
          tags: ['registry'],
          summary: '上传导入 Upload a workbook (multipart field "file")',
          params: S.ImportKindParams,
          consumes: ['multipart/form-data'],
          response: { 202: D.ImportStarted },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req, deps);
        const { files } = await readMultipart(req, deps.config.maxUploadMb, 1);
        return reply.status(202).send(await excel.startImport(ctx, req.params.kind, files[0]));
      },
    );
    api.get('/api/registry/imports/:id', '导入进度与行错误 Import progress and row errors', { params: Id, response: D.ImportJob }, (c, req) =>
      excel.getImport(c, req.params.id),
    );
    api.file(
      '/api/registry/imports/:id/errors.xlsx',
      '下载导入错误行 Rejected rows and reasons (.xlsx)',
      { params: Id, mime: XLSX, description: '每个错误一行：行号、列、值、原因，及原表该行的各列' },
      (c, req) => excel.importErrorsWorkbook(c, req.params.id),
    );
  });
}
