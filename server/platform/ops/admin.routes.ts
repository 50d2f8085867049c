// Loopback-only admin endpoints for the CLI while the server holds the database (PGlite allows one
// process per data directory). Authenticated by a secret the server writes into its data directory.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
  app.post('/admin/tokens', opts, async (req) => {
    checkAdmin(req, secret);
    const b = (req.body ?? {}) as { user?: unknown; scopes?: unknown; name?: unknown; days?: unknown };
    const scopes = Array.isArray(b.scopes) ? b.scopes.map(String) : [];
    const secretText = await createCliToken(runtime.deps, {
      user: String(b.user ?? ''),
      scopes,
      name: typeof b.name === 'string' ? b.name : 'cli',
      days: b.days === undefined ? undefined : String(b.days),
    });
    return { secret: secretText };
  });
  // A module's own commands for the CLI (e.g. `simulate` listing the devices to report for).
  for (const m of modules) {
    for (const [name, command] of Object.entries(m.admin ?? {})) {
      app.post(`/admin/${m.key}/${name}`, opts, async (req) => {
        checkAdmin(req, secret);
        return command(runtime.deps, (req.body ?? {}) as Record<string, unknown>);
      });
    }
  }
}
