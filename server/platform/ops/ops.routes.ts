// Operations endpoints: liveness, readiness (DB reachable, migrations applied) and Prometheus metrics
// (ANLAN_METRICS_TOKEN; see metricsGuard).
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import client from 'prom-client';
import { pendingMigrations } from '../../db/migrate.ts';
import type { Deps } from '../context.ts';
import { metricsGuard } from '../security.ts';

export async function opsRoutes(app: FastifyInstance, deps: Deps) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'anlan_' });
  const httpDuration = new client.Histogram({
    name: 'anlan_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'anlan_jobs',
    help: 'Durable jobs by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows = await deps.db
        .selectFrom('jobs')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      this.reset();
      for (const r of rows) this.set({ status: r.status }, Number(r.n));
    },
  });
  app.decorate('metrics', registry);

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const hidden = { hide: true } as const;
  const Status = Type.Object({ status: Type.String() });
  app.get('/healthz', { config: { public: true }, schema: { ...hidden, response: { 200: Status } } }, async () => ({ status: 'ok' }));

  const ready = {
    200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }),
    503: Type.Object({ status: Type.String(), pending: Type.Optional(Type.Array(Type.String())) }),
  };
  app.get('/readyz', { config: { public: true }, schema: { ...hidden, response: ready } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      const pending = await pendingMigrations(deps.db);
      if (pending.length > 0) return reply.status(503).send({ status: 'migrating', pending });
      return { status: 'ready', database: deps.dbKind };
    } catch {
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });

  app.get(
    '/metrics',
    {
      config: { public: true },
      schema: { ...hidden, response: { 200: Type.String({ description: 'Prometheus text format' }) } },
      onRequest: metricsGuard(deps.config),
    },
    async (_req, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: client.Registry;
  }
}
