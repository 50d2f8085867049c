import { describe, expect, it } from 'vitest';
import { fileTestApp, userSession } from '../../test/helpers.ts';
import { orgTree } from '../orgs/orgs.service.ts';

const t = fileTestApp();

describe('operations endpoints', () => {
  it('/healthz answers while the process is up', async () => {
    const res = await t.app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz reports the database and that migrations are applied', async () => {
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: t.deps.dbKind });
  });

  it('/readyz is 503 when a migration is pending', async () => {
    await t.deps.db.deleteFrom('schema_migrations').where('name', '=', '0001_platform.sql').execute();
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().pending).toEqual(['0001_platform.sql']);
    const { readMigrations } = await import('../../db/migrate.ts');
    const m = readMigrations().find((f) => f.name === '0001_platform.sql');
    await t.deps.db.insertInto('schema_migrations').values({ name: m!.name, checksum: m!.checksum }).execute();
  });

  it('/metrics exposes Prometheus text with request durations and job counts', async () => {
    await t.app.inject('/healthz');
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('anlan_http_request_duration_seconds_bucket');
    expect(res.body).toContain('anlan_process_resident_memory_bytes');
    expect(res.body).toMatch(/# TYPE anlan_jobs gauge/);
  });

  it('serves the OpenAPI document and its UI at /docs', async () => {
    const json = await t.app.inject('/docs/json');
    expect(json.statusCode).toBe(200);
    const doc = json.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/auth/login');
    const ui = await t.app.inject('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('<html');
  });

  it('the org tree and the public towns answer whole (nothing dropped by the serialiser)', async () => {
    // Every route's answer is described: server/test/routes-responses.test.ts. Here: what the serialiser keeps.
    const s = await userSession(t, { roles: ['bureau_staff'] });
    const tree = (await t.app.inject({ url: '/api/orgs/tree', headers: s.headers })).json();
    // The serialiser keeps the whole tree (district → town → village, every field of every node).
    expect(tree).toEqual(await orgTree(t.deps.db));
    expect(tree[0].children.some((n: { children: unknown[] }) => n.children.length > 0)).toBe(true);
    expect((await t.app.inject('/api/public/towns')).json().items.length).toBeGreaterThan(10);
  });

  it('answers every response with a request id; unknown API routes are 401 anonymously, a typed 404 signed in', async () => {
    expect((await t.app.inject('/api/nope')).statusCode).toBe(401);
    const s = await userSession(t, { roles: ['bureau_staff'] });
    const res = await t.app.inject({ url: '/api/nope', headers: s.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
    expect(res.headers['x-request-id']).toBe(res.json().error.requestId);
  });
});
