// Every JSON route, wholesale, from the OpenAPI document: bad input gets a 4xx that names the field —
// never a 5xx. Covers each module's routes as they are added, without per-module code.
//   - a body missing a required field, with an unknown field, a wrong type, an over-long string;
//   - path parameters that are not ids, including injection strings;
//   - random JSON bodies (fast-check).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp, userSession } from './helpers.ts';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  maxLength?: number;
  format?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
}

interface Operation {
  method: string;
  path: string;
  body?: JsonSchema;
  query: { name: string; schema: JsonSchema }[];
}

let t: TestApp;
let headers: Record<string, string>;
let operations: Operation[];

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, { roles: ['district_admin'] });
  headers = admin.headers;
  type OpenApiOp = { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; parameters?: { in: string; name: string; schema: JsonSchema }[] };
  const doc = (await t.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, OpenApiOp>> };
  operations = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (path.startsWith('/api/auth/')) continue; // sign-in/out would end the session the test uses
      operations.push({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
      });
    }
  }
}, 120_000);
afterAll(() => t?.dispose());

// biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
const INJECTIONS = ["' or '1'='1", '1; drop table users; --', '../../etc/passwd', '<script>alert(1)</script>', '%00', '${7*7}', '0x', '-1', '9'.repeat(40)];

/** Fill path parameters: {id} → a value. */
const fillPath = (path: string, value: string) => path.replace(/\{[^}]+\}/g, encodeURIComponent(value));

async function send(op: Operation, url: string, payload?: unknown) {
  const res = await t.app.inject({ method: op.method as 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return res;
}

function expectClientError(res: { statusCode: number; body: string }, what: string) {
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
}

/** A value of the wrong JSON type for this schema. */
function wrongType(s: JsonSchema): unknown {
  const types = Array.isArray(s.type) ? s.type : [s.type];
  // Arrays get an object: a scalar would be coerced into a one-element array (coerceTypes: 'array').
  if (types.includes('array')) return { nested: true };
  if (types.includes('object')) return 'not-an-object';
  if (types.includes('string')) return { nested: true };
  return 'not-a-number-or-boolean';
}

describe('every route rejects bad input with a named field, never a 5xx', () => {
  it('finds the routes', () => {
    expect(operations.length).toBeGreaterThan(3);
  });

  it('bodies: missing required, unknown field, wrong type, too long', async () => {
    for (const op of operations) {
      const body = op.body;
      if (body?.type !== 'object' || !body.properties) continue;
      const url = fillPath(op.path, '01900000-0000-7000-8000-000000000000');
      const what = `${op.method} ${op.path}`;
      if (body.required?.length) {
        const res = await send(op, url, {});
        expectClientError(res, `${what} with {}`);
        if (res.statusCode === 400) expect(res.json().error.fields?.[0]?.field, what).toMatch(/^(body|params|querystring)/);
      }
      if (body.additionalProperties === false) {
        const res = await send(op, url, { definitelyNotAField: 1 });
        expectClientError(res, `${what} unknown field`);
        if (res.statusCode === 400) expect(JSON.stringify(res.json().error.fields), what).toMatch(/body|params/);
      }
      for (const [name, prop] of Object.entries(body.properties)) {
        const wrong = await send(op, url, { [name]: wrongType(prop) });
        expectClientError(wrong, `${what} ${name} of the wrong type`);
        if (prop.maxLength && prop.maxLength < 100_000) {
          const long = await send(op, url, { [name]: 'x'.repeat(prop.maxLength + 1) });
          expectClientError(long, `${what} ${name} too long`);
        }
      }
    }
  }, 300_000);

  it('query strings: non-numbers, values outside an enum, over-long strings', async () => {
    for (const op of operations.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
      for (const { name, schema } of op.query) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        let bad: string | undefined;
        if (schema.enum) bad = 'no-such-value';
        else if (types.includes('integer') || types.includes('number')) bad = 'abc';
        else if (schema.maxLength && schema.maxLength < 10_000) bad = 'x'.repeat(schema.maxLength + 1);
        if (bad === undefined) continue;
        const res = await send(op, `${op.path}?${name}=${encodeURIComponent(bad)}`);
        expectClientError(res, `GET ${op.path}?${name}=${bad.slice(0, 20)}`);
        // The first problem is named: this parameter, or a required one the request left out.
        if (res.statusCode === 400) expect(res.json().error.fields?.[0]?.field, op.path).toMatch(/^querystring\./);
      }
    }
  }, 300_000);

  it('path parameters: ids that are not ids, injection strings', async () => {
    for (const op of operations) {
      if (!op.path.includes('{')) continue;
      for (const value of INJECTIONS) {
        const res = await send(op, fillPath(op.path, value), op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
        expect(res.statusCode, `${op.method} ${op.path} with ${value} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }
    }
  }, 300_000);

  it('random JSON bodies never cause a 5xx', async () => {
    const writes = operations.filter((o) => o.body && ['POST', 'PUT', 'PATCH'].includes(o.method));
    if (writes.length === 0) return;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...INJECTIONS), async (op, value, id) => {
        const res = await send(op, fillPath(op.path, id), value ?? {});
        return res.statusCode < 500;
      }),
      { numRuns: Math.min(200, writes.length * 10) },
    );
  }, 300_000);
});
