// Upload (multipart, size-limited, content-sniffed) and download (scope-checked) of stored files.
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { FileBody, Uploaded } from '../../../shared/platform.dto.ts';
import { ctxOf } from '../auth/auth.plugin.ts';
import type { Deps } from '../context.ts';
import { fieldError } from '../errors.ts';
import { getFile, readMultipart, uploadFiles } from './files.service.ts';

export async function filesRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(async (inner) => {
    await inner.register(multipart);
    const scope = inner.withTypeProvider<TypeBoxTypeProvider>();
    scope.post(
      '/api/files',
      {
        schema: {
          tags: ['files'],
          summary: '上传文件（图片或附件） Upload files',
          querystring: Type.Object({ kind: Type.Optional(Type.Union([Type.Literal('image'), Type.Literal('document')])) }, { additionalProperties: false }),
          response: { 200: Uploaded },
        },
      },
      async (req) => {
        const ctx = ctxOf(req, deps);
        const { fields, files } = await readMultipart(req, deps.config.maxUploadMb);
        const jurisdiction = fields.jurisdiction || undefined;
        if (jurisdiction !== undefined && !/^\d{6,12}$/.test(jurisdiction)) throw fieldError('body.jurisdiction', '格式不正确', 'has an invalid format');
        const kind = req.query.kind ?? 'image';
        return { files: await uploadFiles(ctx, files, { kind, jurisdictionCode: jurisdiction }) };
      },
    );
  });

  app.get(
    '/api/files/:id',
    {
      schema: {
        tags: ['files'],
        summary: '下载文件 Download a file',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: FileBody },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const f = await getFile(ctx, req.params.id);
      const inline = f.mime.startsWith('image/') || f.mime === 'application/pdf';
      return reply
        .type(f.mime)
        .header('content-length', String(f.size))
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"${f.sha256}"`)
        .header('cache-control', 'private, max-age=3600')
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .send(f.data);
    },
  );
}
