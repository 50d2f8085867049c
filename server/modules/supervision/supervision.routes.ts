// Supervision lists and checklists: signed-in routes (inspection:read to read; inspection:lists to edit drafts,
// publish and import) and the public supervision-item list (国办发〔2024〕54号: the items are public).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import * as D from '../../../shared/supervision.dto.ts';
import { KIND_PATHS, LIST_KINDS, VERSION_KINDS, type VersionKind } from '../../../shared/supervision.ts';
import { ctxOf } from '../../platform/auth/auth.plugin.ts';
import type { Deps } from '../../platform/context.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import type { RouteLimit } from '../../platform/ratelimit.ts';
import { routeTable, XLSX } from '../../platform/routes.ts';
import multipart from '@fastify/multipart';
import { createChecklist, getChecklist, listChecklists, newChecklistDraft, updateChecklist } from './supervision.checklists.ts';
import { exportVersion, importErrorsWorkbook, importUpload, templateWorkbook } from './supervision.excel.ts';
import * as grades from './supervision.grades.ts';
import { publicItems } from './supervision.public.ts';
import * as rows from './supervision.rows.ts';
import * as S from './supervision.schema.ts';
import { createDraft, getVersion, listVersions, publishVersion } from './supervision.versions.ts';

const tags = ['supervision'];
const PUBLIC_BY_IP: RouteLimit = { name: 'sup-items-ip', max: 120, windowMs: 60_000, message: { zh: '访问过于频繁，请稍后再试', en: 'Too many requests' } };
const TEMPLATE_NAMES: Record<VersionKind, string> = {
  powers: '赋权清单导入模板.xlsx',
  items: '检查事项清单导入模板.xlsx',
  grades: '分级分类监管清单导入模板.xlsx',
  checklist: '检查表导入模板.xlsx',
};

export async function supervisionRoutes(root: FastifyInstance, deps: Deps) {
  await root.register(multipart);
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const api = routeTable(root, deps, tags);
  const Id = S.IdParams;

  // ── versions (any list or checklist) ──
  api.get('/api/supervision/versions/:id', '清单版本 Version (with history)', { params: Id, response: D.VersionDetail }, (c, req) =>
    getVersion(c, req.params.id),
  );
  api.post('/api/supervision/versions/:id/publish', '发布版本 Publish (freezes it)', { params: Id, body: S.PublishBody, response: D.VersionDetail }, (c, req) =>
    publishVersion(c, req.params.id, req.body),
  );

  // ── the three lists: versions ──
  for (const kind of LIST_KINDS) {
    api.get(`/api/supervision/${kind}/versions`, `版本列表 Versions (${kind})`, { response: D.VersionList }, (c) => listVersions(c, kind));
    api.post(
      `/api/supervision/${kind}/versions`,
      `新建草稿 New draft (${kind})`,
      { body: S.NewVersionBody, response: D.VersionDetail, status: 201 },
      (c, req) => createDraft(c, kind, null, req.body),
    );
  }

  // ── every kind (the lists and the checklists): template, import into a draft, export ──
  for (const kind of VERSION_KINDS) {
    const base = `/api/supervision/${KIND_PATHS[kind]}`;
    api.file(`${base}/template.xlsx`, `导入模板 Import template (${kind})`, { mime: XLSX }, async () => ({
      fileName: TEMPLATE_NAMES[kind],
      data: await templateWorkbook(kind),
    }));
    app.post(
      `${base}/versions/:id/import`,
      {
        schema: {
          tags,
          summary: `导入到草稿 Import into a draft (${kind}; multipart field "file")`,
          params: Id,
          consumes: ['multipart/form-data'],
          response: { 200: D.ImportResult },
        },
      },
      async (req) => {
        const ctx = ctxOf(req, deps);
        const { files } = await readMultipart(req, deps.config.maxUploadMb, 1);
        return importUpload(ctx, kind, req.params.id, files);
      },
    );
    // The graded list exports the rows the caller may see, with the list's filters.
    if (kind === 'grades')
      api.file(`${base}/versions/:id/export.xlsx`, '导出 Export (grades, filtered)', { params: Id, querystring: S.GradeFilterQuery, mime: XLSX }, (c, req) =>
        exportVersion(c, kind, req.params.id, req.query),
      );
    else api.file(`${base}/versions/:id/export.xlsx`, `导出 Export (${kind})`, { params: Id, mime: XLSX }, (c, req) => exportVersion(c, kind, req.params.id));
  }
  api.file(
    '/api/supervision/imports/:id/errors.xlsx',
    '导入错误行 Rejected rows and reasons (.xlsx)',
    { params: Id, mime: XLSX, description: '每个错误一行：行号、列、值、原因，及原表该行的各列' },
    (c, req) => importErrorsWorkbook(c, req.params.id),
  );

  // ── 赋权清单 rows ──
  api.get(
    '/api/supervision/powers/versions/:id/rows',
    '赋权清单条目 Powers of a version',
    { params: Id, querystring: S.PowerQuery, response: D.PowerPage },
    (c, req) => rows.listPowers(c, req.params.id, req.query),
  );
  api.post(
    '/api/supervision/powers/versions/:id/rows',
    '新增权力事项 Add a power',
    { params: Id, body: S.PowerBody, response: D.Power, status: 201 },
    (c, req) => rows.addPower(c, req.params.id, req.body),
  );
  api.put('/api/supervision/powers/rows/:id', '修改权力事项 Update a power', { params: Id, body: S.PowerBody, response: D.Power }, (c, req) =>
    rows.updatePower(c, req.params.id, req.body),
  );
  api.noContent('DELETE', '/api/supervision/powers/rows/:id', '删除权力事项 Delete a power', { params: Id }, (c, req) =>
    rows.deleteRow(c, 'powers', req.params.id),
  );

  // ── 检查事项清单 rows ──
  api.get('/api/supervision/items/versions/:id/rows', '检查事项 Items of a version', { params: Id, querystring: S.ItemQuery, response: D.ItemPage }, (c, req) =>
    rows.listItems(c, req.params.id, req.query),
  );
  api.post('/api/supervision/items/versions/:id/rows', '新增检查事项 Add an item', { params: Id, body: S.ItemBody, response: D.Item, status: 201 }, (c, req) =>
    rows.addItem(c, req.params.id, req.body),
  );
  api.put('/api/supervision/items/rows/:id', '修改检查事项 Update an item', { params: Id, body: S.ItemBody, response: D.Item }, (c, req) =>
    rows.updateItem(c, req.params.id, req.body),
  );
  api.noContent('DELETE', '/api/supervision/items/rows/:id', '删除检查事项 Delete an item', { params: Id }, (c, req) =>
    rows.deleteRow(c, 'items', req.params.id),
  );

  // ── 分级分类 rows, stats, frequency policy ──
  api.get('/api/supervision/grades/versions/:id/rows', '分级分类条目 Graded rows', { params: Id, querystring: S.GradeQuery, response: D.GradePage }, (c, req) =>
    grades.listGrades(c, req.params.id, req.query),
  );
  api.post(
    '/api/supervision/grades/versions/:id/rows',
    '加入企业 Add an enterprise',
    { params: Id, body: S.GradeCreateBody, response: D.Grade, status: 201 },
    (c, req) => grades.addGrade(c, req.params.id, req.body),
  );
  api.post('/api/supervision/grades/versions/:id/generate', '从名录生成 Generate from the registry', { params: Id, response: D.GenerateResult }, (c, req) =>
    grades.generateGrades(c, req.params.id),
  );
  api.put('/api/supervision/grades/rows/:id', '调整分级分类 Update a graded row', { params: Id, body: S.GradeBody, response: D.Grade }, (c, req) =>
    grades.updateGrade(c, req.params.id, req.body),
  );
  api.noContent('DELETE', '/api/supervision/grades/rows/:id', '移出清单 Remove from the list', { params: Id }, (c, req) =>
    grades.deleteGrade(c, req.params.id),
  );
  api.get('/api/supervision/grades/stats', '分级统计 Counts per level and town', { querystring: S.StatsQuery, response: D.GradeStats }, (c, req) =>
    grades.gradeStats(c, req.query.versionId),
  );
  api.get('/api/supervision/policy', '检查频次政策 Frequency policy', { response: D.PolicyAnswer }, (c) => grades.getPolicy(c));
  api.put('/api/supervision/policy', '新版本频次政策 New policy version', { body: S.PolicyBody, response: D.PolicyAnswer }, (c, req) =>
    grades.savePolicy(c, req.body),
  );

  // ── 检查表 ──
  api.get('/api/supervision/checklists', '检查表 Checklists', { querystring: S.ChecklistQuery, response: D.ChecklistPage }, (c, req) =>
    listChecklists(c, req.query),
  );
  api.post('/api/supervision/checklists', '新建检查表 New checklist', { body: S.ChecklistBody, response: D.ChecklistDetail, status: 201 }, (c, req) =>
    createChecklist(c, req.body),
  );
  api.get('/api/supervision/checklists/:id', '检查表详情 Checklist', { params: Id, response: D.ChecklistDetail }, (c, req) => getChecklist(c, req.params.id));
  api.put('/api/supervision/checklists/:id', '修改检查表 Update checklist', { params: Id, body: S.ChecklistBody, response: D.ChecklistDetail }, (c, req) =>
    updateChecklist(c, req.params.id, req.body),
  );
  api.post(
    '/api/supervision/checklists/:id/versions',
    '新建检查表草稿 New checklist draft',
    { params: Id, body: S.NewVersionBody, response: D.VersionDetail, status: 201 },
    (c, req) => newChecklistDraft(c, req.params.id, req.body),
  );
  api.get('/api/supervision/checklists/versions/:id/rows', '检查项 Items of a checklist version', { params: Id, response: D.ChecklistItems }, (c, req) =>
    rows.listChecklistItems(c, req.params.id),
  );
  api.post(
    '/api/supervision/checklists/versions/:id/rows',
    '新增检查项 Add a free item',
    { params: Id, body: S.ChecklistItemBody, response: D.ChecklistItem, status: 201 },
    (c, req) => rows.addChecklistItem(c, req.params.id, req.body),
  );
  api.post(
    '/api/supervision/checklists/versions/:id/from-criteria',
    '从判定标准加入 Add items from criteria',
    { params: Id, body: S.FromCriteriaBody, response: D.ChecklistItems },
    (c, req) => rows.addFromCriteria(c, req.params.id, req.body),
  );
  api.put('/api/supervision/checklists/rows/:id', '修改检查项 Update an item', { params: Id, body: S.ChecklistItemBody, response: D.ChecklistItem }, (c, req) =>
    rows.updateChecklistItem(c, req.params.id, req.body),
  );
  api.noContent('DELETE', '/api/supervision/checklists/rows/:id', '删除检查项 Delete an item', { params: Id }, (c, req) =>
    rows.deleteRow(c, 'checklist', req.params.id),
  );

  // ── public ──
  app.get(
    '/api/public/supervision/items',
    {
      config: { public: true, limits: [PUBLIC_BY_IP] },
      schema: { tags, summary: '公开：检查事项清单 Public supervision items in force', response: { 200: D.PublicItems } },
    },
    () => publicItems(deps),
  );
}
