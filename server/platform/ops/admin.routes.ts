// Loopback-only admin endpoints for the CLI while the server holds the database (PGlite allows one
// process per data directory). Authenticated by a secret the server writes into its data directory.
import { timingSafeEqual } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Runtime } from '../../runtime.ts';
import { verifyAudit } from '../audit.ts';
import { createCliToken } from '../auth/cli-tokens.ts';
import { AppError } from '../errors.ts';
import type { AnlanModule } from '../module.ts';
import { backupToBuffer } from './backup.ts';

function checkAdmin(req: FastifyRequest, secret: string) {
  const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
  const given = Buffer.from(String(req.headers['x-anlan-admin'] ?? ''));
  const want = Buffer.from(secret);
  if (!loopback || given.length !== want.length || !timingSafeEqual(given, want)) {
    throw new AppError('FORBIDDEN', 403, '仅限本机管理命令', 'Local admin commands only');
  }
}

export async function adminRoutes(app: FastifyInstance, runtime: Runtime, secret: string, modules: readonly AnlanModule[] = []) {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const opts = { config: { public: true }, schema: { hide: true } } as const;
  app.post('/admin/backup', opts, async (req, reply) => {
    checkAdmin(req, secret);
    const { data, filename } = await backupToBuffer(runtime);
    return reply.header('content-disposition', `attachment; filename="${filename}"`).type('application/octet-stream').send(data);
  });
  app.post('/admin/audit/verify', opts, async (req) => {
    checkAdmin(req, secret);
    return verifyAudit(runtime.deps.db);
  });
  // The same checks as the admin API (createCliToken → checkTokenScopes); the schema names a bad field.
  const TokenBody = Type.Object(
    {
      user: Type.String({ minLength: 1, maxLength: 100 }),
      scopes: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
      name: Type.Optional(Type.String({ maxLength: 100 })),
      days: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
    },
    { additionalProperties: false },
  );
  typed.post('/admin/tokens', { ...opts, schema: { hide: true, body: TokenBody } }, async (req) => {
    checkAdmin(req, secret);
    const { user, scopes, name, days } = req.body;
    return { secret: await createCliToken(runtime.deps, { user, scopes, name: name ?? 'cli', days }) };
  });
  // A module's own commands for the CLI (e.g. `simulate` listing the devices to report for).
  for (const m of modules) {
    for (const [name, command] of Object.entries(m.admin ?? {})) {
      typed.post(
        `/admin/${m.key}/${name}`,
        { ...opts, schema: { hide: true, body: Type.Optional(Type.Record(Type.String(), Type.Unknown())) } },
        async (req) => {
          checkAdmin(req, secret);
          return command(runtime.deps, req.body ?? {});
        },
      );
    }
  }
}
