// Security headers on every response, and who may read the API documentation and the metrics.
import { createHash, timingSafeEqual } from 'node:crypto';
import helmet from '@fastify/helmet';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Config, tileSource } from '../config.ts';
import { routeNotFound, unauthenticated } from './errors.ts';

/** Helmet's headers, with a CSP the built web app and /docs (Swagger UI) work under: no inline script. */
export function securityHeaders(config: Config) {
  const tiles = tileSource(config.tileUrl);
  return {
    contentSecurityPolicy: {
      // Not helmet's defaults: they add upgrade-insecure-requests, which breaks a plain-HTTP intranet install.
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // antd (CSS-in-JS) injects <style> elements and Leaflet positions tiles with style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' as const },
    // The path stays on this site; tile servers (OpenStreetMap's usage policy asks for it) still see the origin.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
  };
}

export async function securityPlugin(app: FastifyInstance, config: Config) {
  await app.register(helmet, securityHeaders(config));
}

/** Swagger UI at /docs: for anyone when ANLAN_DOCS_PUBLIC, else for signed-in callers only. */
export async function docsRoutes(app: FastifyInstance, config: Config) {
  await app.register(async (docs) => {
    docs.addHook('onRequest', async (req) => {
      if (!config.docsPublic && !req.actor) throw unauthenticated();
    });
    await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });
  });
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * /metrics: with ANLAN_METRICS_TOKEN only for `Authorization: Bearer <token>` (401 otherwise); without it open,
 * except in production, where it is off (404).
 */
export function metricsGuard(config: Config) {
  const want = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  return async (req: FastifyRequest) => {
    if (!want) {
      if (config.production) throw routeNotFound();
      return;
    }
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ') || !timingSafeEqual(digest(header.slice(7).trim()), want)) throw unauthenticated();
  };
}
