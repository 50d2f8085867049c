// Build the Fastify app from its dependencies, without listening: tests call this and use app.inject.
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { MODULES } from './modules/index.ts';
import { authPlugin } from './platform/auth/auth.plugin.ts';
import { authRoutes } from './platform/auth/auth.routes.ts';
import type { Deps } from './platform/context.ts';
import { errorBody, installErrorHandler, routeNotFound } from './platform/errors.ts';
import { opsRoutes } from './platform/ops/ops.routes.ts';
import { orgsRoutes } from './platform/orgs/orgs.routes.ts';
import { deskRoutes } from './platform/desk/desk.ts';
import { relatedRoutes } from './platform/related.ts';
import { docsRoutes, securityPlugin } from './platform/security.ts';
import { installValidation } from './platform/validation.ts';

export interface BuildOptions {
  /** pino logger options or false (tests); ignored when loggerInstance is given. */
  logger?: boolean | object;
  /** The process's pino logger, shared with jobs and modules. */
  loggerInstance?: import('pino').Logger;
}

export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: opts.logger ?? { level: deps.config.logLevel } }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  }) as unknown as FastifyInstance;
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  installErrorHandler(app);
  await securityPlugin(app, deps.config);
  installValidation(app);

  await app.register(cookie);
  // JSON and pages compressed for clients that ask (phones on mobile data); brotli at a quality cheap enough per
  // request. Pre-compressed static files and hijacked streams (SSE) pass through untouched.
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: '安澜 Anlan API', version: '0.1.0', description: '海曙区应急管理平台 — district emergency management platform' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'anlan_sid' } } },
    },
  });

  await authPlugin(app, deps);
  await docsRoutes(app, deps.config);
  await opsRoutes(app, deps);
  await authRoutes(app, deps);
  await orgsRoutes(
    app,
    deps,
    MODULES.map((m) => m.key),
  );
  await deskRoutes(app, deps, MODULES);
  await relatedRoutes(app, deps, MODULES);
  // Each module in its own encapsulated scope: its content-type parsers, hooks and decorators stay its own.
  for (const m of MODULES) await app.register(async (scope) => m.routes(scope, deps));

  serveWeb(app, deps.config.webDist);
  return app;
}

/** Serve the built web app and fall back to index.html for client-side routes. */
function serveWeb(app: FastifyInstance, dist: string) {
  const index = path.join(dist, 'index.html');
  const hasWeb = fs.existsSync(index);
  if (hasWeb) {
    app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset; send the one the browser accepts.
      preCompressed: true,
      cacheControl: false,
      // Files under assets/ carry a content hash in their name: cache them for a year; the rest (favicon…) an hour.
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/docs');
    if (isPage && hasWeb) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(index));
    }
    if (isPage && !req.url.includes('.')) {
      return reply.type('text/plain; charset=utf-8').status(503).send('Web app not built: run `npm run build` (npm start does this).');
    }
    return reply.status(404).send(errorBody(req, routeNotFound()));
  });
}
