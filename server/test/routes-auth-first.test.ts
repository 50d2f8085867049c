// Every route, wholesale, from the OpenAPI document: a caller without credentials is refused (401) before the
// body or query is read or validated — never a 400 that describes the schema to a stranger. Only the routes
// that are anonymous by design are exempt: sign-in, the session probe and /api/public/* (reports, acknowledgement
// links, feeds).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers.ts';

// /api/auth/session answers null to nobody instead of a 401, so the sign-in and public pages log no error.
const ANONYMOUS_BY_DESIGN = (path: string) => path === '/api/auth/login' || path === '/api/auth/session' || path.startsWith('/api/public/');

let t: TestApp;
let operations: { method: string; path: string }[];

beforeAll(async () => {
  t = await testApp();
  const doc = (await t.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })));
}, 120_000);
afterAll(() => t?.dispose());

const BAD_BODY = { readings: 'not-a-list', unexpected: [1], name: { nested: true } };
const url = (path: string) => `${path.replace(/\{[^}]+\}/g, randomUUID())}?page=not-a-number&limit=-1`;

describe('credentials are checked before input', () => {
  it('finds the routes, including the device ingest', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations).toContainEqual({ method: 'POST', path: '/api/monitoring/ingest' });
  });

  it.each([
    ['no credentials', {}],
    ['an unknown bearer token', { authorization: 'Bearer anlan_0000000000000000000000000000000000000000' }],
    ['a wrong device credential', { 'x-device-id': 'GAS-1', 'x-device-secret': 'wrong' }],
  ])('with %s every non-public route answers 401 to a bad body and query', async (_what, headers: Record<string, string>) => {
    const wrong: string[] = [];
    for (const op of operations.filter((o) => o.path.startsWith('/api/') && !ANONYMOUS_BY_DESIGN(o.path))) {
      const hasBody = !['GET', 'HEAD', 'DELETE'].includes(op.method);
      const res = await t.app.inject({ method: op.method as 'POST', url: url(op.path), headers, ...(hasBody ? { payload: BAD_BODY } : {}) });
      if (res.statusCode !== 401) wrong.push(`${op.method} ${op.path} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });
});
