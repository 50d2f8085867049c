// Inspection routes: the ledger, one record, its documents, the phone's steps (each with its sync key) and
// the self-inspection completion view; photos are multipart (one image a request, with its sync key).
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import * as D from '../../../shared/inspections.dto.ts';
import { fieldPath } from '../../../shared/inspections.ts';
import { requirePermission } from '../../platform/access.ts';
import type { Deps } from '../../platform/context.ts';
import { fieldError } from '../../platform/errors.ts';
import { ledgerFile } from '../../platform/excel.ts';
import { readMultipart } from '../../platform/files/files.service.ts';
import { DOCX, routeTable, XLSX } from '../../platform/routes.ts';
import { findEnterprise, requireEnterprise } from '../registry/api.ts';
import { createInspection } from './inspections.create.ts';
import { exportLedger, orderDocx, recordDocx } from './inspections.documents.ts';
import { completion, getInspection, type LedgerQuery, ledgerFilter, listInspections } from './inspections.reads.ts';
import * as S from './inspections.schema.ts';
import {
  addPhoto,
  answerItem,
  cancelInspection,
  confirmInspection,
  raiseItemHazard,
  returnInspection,
  signInspection,
  startInspection,
  submitInspection,
} from './inspections.service.ts';

const tags = ['inspections'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function inspectionsRoutes(root: FastifyInstance, deps: Deps) {
  const api = routeTable(root, deps, tags);
  const Id = S.IdParams;

  api.get('/api/inspections', '检查台账 Ledger', { querystring: S.LedgerQuery, response: D.InspectionPageSchema }, (c, req) => listInspections(c, req.query));
  api.file(
    '/api/inspections/export.xlsx',
    '导出检查台账 Export (.xlsx)',
    { querystring: S.LedgerQuery, mime: XLSX, description: 'the filtered ledger' },
    ledgerFile('检查台账', deps.clock, (c, { sort: _o, ...q }: Omit<LedgerQuery, 'page' | 'pageSize'>) => exportLedger(c, ledgerFilter(q))),
  );
  api.get(
    '/api/inspections/completion',
    '自查完成情况 Self-inspection completion',
    { querystring: S.CompletionQuery, response: D.CompletionSchema },
    (c, req) => completion(c, req.query),
  );
  api.file(
    '/api/inspections/enterprises/:id/qr.png',
    '扫码入企二维码 QR code of an enterprise',
    { params: S.EnterpriseParams, mime: 'image/png', description: 'a QR code opening the phone page for the enterprise' },
    async (c, req) => {
      requirePermission(c, 'inspection:read');
      await requireEnterprise(c, req.params.id, 'params.id', { notFound: () => fieldError('params.id', '企业不存在', 'no such enterprise') });
      const e = await findEnterprise(c, req.params.id);
      const origin = deps.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
      const data = await QRCode.toBuffer(`${origin.replace(/\/$/, '')}${fieldPath(req.params.id)}`, { type: 'png', margin: 2, width: 360 });
      return { fileName: `扫码入企-${e?.name ?? req.params.id}.png`, data };
    },
  );
  api.post('/api/inspections', '登记检查 Record an inspection', { body: S.CreateBody, response: D.InspectionDetailSchema, status: 201 }, (c, req) =>
    createInspection(c, req.body),
  );
  api.get('/api/inspections/:id', '检查详情 Inspection', { params: Id, response: D.InspectionDetailSchema }, (c, req) => getInspection(c, req.params.id));
  api.file('/api/inspections/:id/record.docx', '现场检查记录 (.docx)', { params: Id, mime: DOCX, description: '现场检查记录' }, (c, req) =>
    recordDocx(c, req.params.id),
  );
  api.file('/api/inspections/:id/order.docx', '责令限期整改指令书 (.docx)', { params: Id, mime: DOCX, description: '责令限期整改指令书' }, (c, req) =>
    orderDocx(c, req.params.id),
  );

  // ── lifecycle: one row a step ──
  api.post('/api/inspections/:id/start', '开始检查 Start', { params: Id, body: S.StartBody, response: D.StepResultSchema }, (c, req) =>
    startInspection(c, req.params.id, req.body),
  );
  api.post('/api/inspections/:id/answers', '填写检查项结果 Answer an item', { params: Id, body: S.AnswerBody, response: D.ItemResultSchema }, (c, req) =>
    answerItem(c, req.params.id, req.body),
  );
  api.post('/api/inspections/:id/items/:seq/hazard', '不符合项转为隐患 Raise a hazard', { params: S.ItemParams, response: D.ItemResultSchema }, (c, req) =>
    raiseItemHazard(c, req.params.id, req.params.seq),
  );
  api.post('/api/inspections/:id/confirm', '执法人员确认 Officer confirms', { params: Id, body: S.ConfirmBody, response: D.StepResultSchema }, (c, req) =>
    confirmInspection(c, req.params.id, req.body),
  );
  api.post('/api/inspections/:id/submit', '提交检查结果 Submit', { params: Id, body: S.SubmitBody, response: D.StepResultSchema }, (c, req) =>
    submitInspection(c, req.params.id, req.body),
  );
  api.post(
    '/api/inspections/:id/sign',
    '被检查单位签字 Enterprise signs',
    { params: Id, body: S.SignBody, response: D.StepResultSchema, bodyLimit: 3_000_000 },
    (c, req) => signInspection(c, req.params.id, req.body),
  );
  api.post('/api/inspections/:id/return', '退回修改 Return', { params: Id, body: S.ReasonBody, response: D.InspectionSchema }, (c, req) =>
    returnInspection(c, req.params.id, req.body),
  );
  api.post('/api/inspections/:id/cancel', '作废 Cancel', { params: Id, body: S.ReasonBody, response: D.InspectionSchema }, (c, req) =>
    cancelInspection(c, req.params.id, req.body),
  );

  // ── photos: multipart, one image and its sync key a request ──
  await root.register(async (scope) => {
    await scope.register(multipart);
    routeTable(scope, deps, tags).post(
      '/api/inspections/:id/items/:seq/photos',
      '检查项照片 Item photo (multipart: file, syncKey)',
      { params: S.ItemParams, response: D.ItemResultSchema },
      async (c, req) => {
        const { fields, files } = await readMultipart(req, deps.config.maxUploadMb, 1);
        const syncKey = fields.syncKey ?? '';
        if (!UUID.test(syncKey)) throw fieldError('body.syncKey', '同步编号格式不正确', 'must be a uuid');
        const part = files[0];
        if (!part) throw fieldError('body.file', '请选择照片', 'is required');
        return addPhoto(c, req.params.id, { syncKey, seq: req.params.seq, part });
      },
    );
  });
}
