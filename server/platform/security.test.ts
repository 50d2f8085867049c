import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { type Config, tileSource } from '../config.ts';
import { type Session, testApp, type TestApp, userSession } from '../test/helpers.ts';

let t: TestApp;
let admin: Session;
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const apps: FastifyInstance[] = [];

/** A second app on the same database with other settings (production mode, docs, metrics token). */
async function appWith(config: Partial<Config>) {
  const app = await buildApp({ ...t.deps, config: { ...t.deps.config, ...config } }, { logger: false });
  await app.ready();
  apps.push(app);
  return app;
}

beforeAll(async () => {
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'anlan-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  t = await testApp({ config: { webDist, tileUrl: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}' } });
  admin = await userSession(t, { roles: ['district_admin'] });
}, 120_000);
afterAll(async () => {
  for (const app of apps) await app.close();
  await t?.dispose();
});

describe('security headers', () => {
  it('are on every response: pages, API, errors, docs, health', async () => {
    const responses = [
      await t.app.inject({ url: '/' }),
      await t.app.inject({ url: '/registry/enterprises' }),
      await t.app.inject({ url: '/api/auth/me' }), // 401
      await t.app.inject({ url: '/api/auth/me', headers: admin.headers }),
      await t.app.inject({ url: '/api/no-such-route' }), // 404
      await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{bad json' }), // 400
      await t.app.inject({ url: '/docs' }),
      await t.app.inject({ url: '/docs/json' }),
      await t.app.inject({ url: '/healthz' }),
    ];
    for (const res of responses) {
      const what = `${res.raw.req.method} ${res.raw.req.url} → ${res.statusCode}`;
      const csp = String(res.headers['content-security-policy']);
      expect(csp, what).toContain("script-src 'self';");
      expect(csp, what).toContain("frame-ancestors 'none'");
      expect(csp, what).toContain("object-src 'none'");
      expect(res.headers['x-frame-options'], what).toBe('DENY');
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
      expect(res.headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
    }
  });

  it('allow no inline script, and no upgrade to HTTPS that would break a plain-HTTP intranet install', async () => {
    const csp = String((await t.app.inject({ url: '/' })).headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
    expect(scriptSrc).toBe("'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('let the map load tiles from the configured tile server', async () => {
    const csp = String((await t.app.inject({ url: '/' })).headers['content-security-policy']);
    expect(/img-src ([^;]*)/.exec(csp)?.[1].split(' ')).toContain('https://*.tianditu.gov.cn');
  });

  it('tile sources: placeholders in the first host label become a wildcard; a local path is self', () => {
    expect(tileSource('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://*.tile.openstreetmap.org');
    expect(tileSource('https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}')).toBe('https://*.tianditu.gov.cn');
    expect(tileSource('http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png')).toBe('http://10.1.2.3:8080');
    expect(tileSource('/tiles/{z}/{x}/{y}.png')).toBeNull();
    for (const bad of ['tiles/{z}.png', '//cdn.example/{z}.png', 'ftp://tiles.example/{z}', 'https://tiles.{s}.example.com/{z}', 'https://{s}.com/{z}']) {
      expect(() => tileSource(bad), bad).toThrow();
    }
  });
});

describe('/docs', () => {
  it('is open outside production mode (the default for development and tests)', async () => {
    expect((await t.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/docs' })).statusCode).toBe(200);
  });

  it('is for signed-in users only when ANLAN_DOCS_PUBLIC is off (the production default)', async () => {
    const app = await appWith({ production: true, docsPublic: false });
    for (const url of ['/docs', '/docs/json', '/docs/yaml', '/docs/static/index.html']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.message).toBe('请先登录');
    }
    const doc = await app.inject({ url: '/docs/json', headers: admin.headers });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths['/api/auth/login']).toBeDefined();
  });

  it('can be opened in production with ANLAN_DOCS_PUBLIC', async () => {
    const app = await appWith({ production: true, docsPublic: true });
    expect((await app.inject({ url: '/docs/json' })).statusCode).toBe(200);
  });
});

describe('/metrics', () => {
  it('is open without a token outside production mode', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('anlan_http_request_duration_seconds');
  });

  it('is off in production mode without ANLAN_METRICS_TOKEN', async () => {
    const app = await appWith({ production: true, metricsToken: undefined });
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/metrics', headers: admin.headers })).statusCode).toBe(404);
  });

  it('with ANLAN_METRICS_TOKEN answers only that bearer token', async () => {
    const app = await appWith({ production: true, metricsToken: METRICS_TOKEN });
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).statusCode).toBe(401);
    const ok = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('anlan_jobs');
  });
});
