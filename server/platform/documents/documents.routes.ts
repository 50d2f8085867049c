// HTTP for the document engine: download an issued document (.docx), and the templates administrators replace.
// Paths under /api/documents/ (token resource 'enforcement').
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DocumentTemplates, TemplateReplaced } from '../../../shared/documents.dto.ts';
import { Uuid } from '../../../shared/schema.ts';
import type { Deps } from '../context.ts';
import { readMultipart } from '../files/files.service.ts';
import { DOCX, routeTable } from '../routes.ts';
import { listTemplates, renderDocument, replaceTemplate, resetTemplate, templateFile } from './documents.ts';

const Id = Type.Object({ id: Uuid });
const Kind = Type.Object({ kind: Type.String({ pattern: '^[a-z_]{2,40}$' }) });

export async function documentsRoutes(app: FastifyInstance, deps: Deps) {
  const api = routeTable(app, deps, ['documents']);
  api.get('/api/documents/templates', '文书模板 Document templates', { response: DocumentTemplates }, (c) => listTemplates(c));
  api.file(
    '/api/documents/templates/:kind/file',
    '下载模板 Download a template',
    { params: Kind, mime: DOCX, description: 'the template in force' },
    (c, req) => templateFile(c, req.params.kind),
  );
  api.noContent('DELETE', '/api/documents/templates/:kind', '恢复默认模板 Back to the default template', { params: Kind }, (c, req) =>
    resetTemplate(c, req.params.kind),
  );
  api.file('/api/documents/:id/file', '下载文书 Download a document (.docx)', { params: Id, mime: DOCX, description: 'the issued document' }, (c, req) =>
    renderDocument(c, req.params.id),
  );
  await app.register(async (scope) => {
    await scope.register(multipart);
    routeTable(scope, deps, ['documents']).post(
      '/api/documents/templates/:kind',
      '替换模板（.docx） Replace a template',
      { params: Kind, response: TemplateReplaced },
      async (c, req) => {
        const { fields, files } = await readMultipart(req, deps.config.maxUploadMb, 1);
        return replaceTemplate(c, req.params.kind, files, fields.note ?? '');
      },
    );
  });
}
