// Every JSON route, wholesale, from the OpenAPI document: bad input gets a 4xx that names the field —
// never a 5xx. Covers each module's routes as they are added, without per-module code.
//   - a body missing a required field, with an unknown field, a wrong type, an over-long string;
//   - path parameters that are not ids, including injection strings;
//   - random JSON bodies (fast-check);
//   - cases generated from each route's own schema, each of which must be a 400 naming that field in
//     Chinese: NUL in every string (body, query, path), impossible or out-of-range dates in every date
//     and date-time, a one-element array for every string, coordinates outside the district.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../modules/hazards/hazards.fixtures.ts';
import { testApp, type TestApp, userSession } from './helpers.ts';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
}

interface Param {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

interface Operation {
  method: string;
  path: string;
  body?: JsonSchema;
  query: Param[];
  params: Param[];
}

let t: TestApp;
let headers: Record<string, string>;
let operations: Operation[];

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, { roles: ['district_admin'] });
  headers = admin.headers;
  type OpenApiOp = {
    requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
    parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  };
  const doc = (await t.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, OpenApiOp>> };
  operations = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (path === '/api/auth/logout') continue; // would end the session the test uses
      const params = (where: string) =>
        (op.parameters ?? []).filter((p) => p.in === where).map((p) => ({ name: p.name, required: p.required === true, schema: p.schema }));
      operations.push({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: params('query'),
        params: params('path'),
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
  // Arrays get an object (a scalar is a wrong type too, but query strings coerce it into an array).
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

// ── cases generated from each route's own schema ─────────────────────────────────────────────────────
// Each case changes one field of an otherwise valid request, so the answer must be a 400 that names
// exactly that field (a 400 about some other field, or with no field, is a failure).

const SAMPLE_UUID = '01900000-0000-7000-8000-000000000000';
/** Candidates for a string with a pattern: the first that matches (and fits the length) is used. */
const PATTERN_SAMPLES = [
  '330203001',
  '330203',
  '330203001001',
  '330203D01',
  '13800000000',
  '123456',
  '2026Q1',
  'A1B2C3D4',
  'abcdefghij.klmnopqrst',
  'dev_1',
  'a',
];
const BAD_DATES = ['2026-02-30', '2026-13-01', '0000-01-01', '0001-01-01', '9999-12-31', '2026-04-31'];
const BAD_DATE_TIMES = ['2026-02-30T08:00:00Z', '2026-13-01T08:00:00Z', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z'];
/** Outside the district: the Gulf of Guinea (lon −1 was once accepted for a hazard). */
const OUT_OF_DISTRICT: Record<string, number> = { lon: -1, lat: 0 };

const typesOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
/** A union's branches (flattened), or the schema itself. */
const branches = (s: JsonSchema): JsonSchema[] => (s.anyOf ? s.anyOf.flatMap(branches) : [s]);
const stringBranch = (s: JsonSchema) => branches(s).find((b) => typesOf(b).includes('string') || typeof b.const === 'string');
const objectBranch = (s: JsonSchema) => branches(s).find((b) => b.properties);
/** Dates are `format: date`; before the shared primitive some were a bare YYYY-MM-DD pattern. */
const isDate = (s: JsonSchema) => s.format === 'date' || /\\d\{4\}-\\d\{2\}-\\d\{2\}\$/.test(s.pattern ?? '') || s.description === 'YYYY-MM-DD';

function sampleString(s: JsonSchema): string {
  if (typeof s.const === 'string') return s.const;
  if (s.enum) return String(s.enum[0]);
  if (s.format === 'uuid') return SAMPLE_UUID;
  if (isDate(s)) return '2026-01-15';
  if (s.format === 'date-time') return '2026-01-15T08:00:00+08:00';
  if (s.format === 'email') return 'someone@example.com';
  if (s.format === 'uri') return 'https://example.com/hook';
  const min = s.minLength ?? 0;
  const fits = (v: string) => v.length >= min && v.length <= (s.maxLength ?? Number.POSITIVE_INFINITY) && (!s.pattern || new RegExp(s.pattern).test(v));
  return PATTERN_SAMPLES.find(fits) ?? 'x'.repeat(Math.max(min, 4));
}

/** A valid value for a schema: required properties only, the first non-null branch of a union. */
function sample(s: JsonSchema): unknown {
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.anyOf) return sample(s.anyOf.find((b) => !typesOf(b).includes('null')) ?? s.anyOf[0]);
  const types = typesOf(s);
  if (types.includes('string')) return sampleString(s);
  if (types.includes('integer') || types.includes('number')) return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
  if (types.includes('boolean')) return false;
  if (types.includes('array')) {
    const prefix = (s as { prefixItems?: JsonSchema[] }).prefixItems;
    return prefix ? prefix.map(sample) : Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
  }
  if (s.properties) return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties?.[k] ?? {})]));
  if (types.includes('null')) return null;
  return 'x';
}

/** A valid body for `root` with the value at `path` replaced (intermediate objects get their required fields). */
function bodyWith(root: JsonSchema, path: string[], value: unknown) {
  const body = sample(root) as Record<string, unknown>;
  let obj = body;
  let schema = root;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) obj[key] = value;
    else {
      schema = objectBranch(schema.properties?.[key] ?? {}) as JsonSchema;
      if (typeof obj[key] !== 'object' || obj[key] === null || Array.isArray(obj[key])) obj[key] = sample(schema);
      obj = obj[key] as Record<string, unknown>;
    }
  }
  return body;
}

interface Case {
  what: string;
  field: string;
  url: string;
  payload?: unknown;
}

/** Bad values for one property (string, date, date-time, coordinate), each with the field it must name. */
function badValues(name: string, s: JsonSchema, inQuery: boolean): { what: string; value: unknown }[] {
  const out: { what: string; value: unknown }[] = [];
  const str = stringBranch(s);
  if (str) {
    out.push({ what: 'NUL', value: `${sampleString(str).slice(0, 1)}\u0000x` });
    if (isDate(str)) for (const d of BAD_DATES) out.push({ what: d, value: d });
    if (str.format === 'date-time') for (const d of BAD_DATE_TIMES) out.push({ what: d, value: d });
    if (!inQuery && !branches(s).some((b) => typesOf(b).includes('array'))) out.push({ what: 'a one-element array', value: [sampleString(str)] });
  }
  if (name in OUT_OF_DISTRICT && branches(s).some((b) => typesOf(b).includes('number')))
    out.push({ what: 'out of the district', value: OUT_OF_DISTRICT[name] });
  return out;
}

function casesOf(op: Operation): Case[] {
  const pathValues = Object.fromEntries(op.params.map((p) => [p.name, String(sample(p.schema))]));
  const urlOf = (params: Record<string, string>, query: Record<string, string>) => {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(params[n]));
    const qs = new URLSearchParams(query).toString();
    return qs ? `${path}?${qs}` : path;
  };
  const baseQuery = Object.fromEntries(op.query.filter((q) => q.required && q.schema.default === undefined).map((q) => [q.name, String(sample(q.schema))]));
  const baseBody = op.body?.properties ? sample(op.body) : undefined;
  const cases: Case[] = [];
  for (const p of op.params) {
    cases.push({ what: `path ${p.name} NUL`, field: `params.${p.name}`, url: urlOf({ ...pathValues, [p.name]: 'a\u0000b' }, baseQuery), payload: baseBody });
  }
  for (const q of op.query) {
    for (const bad of badValues(q.name, q.schema, true)) {
      cases.push({
        what: `?${q.name} ${bad.what}`,
        field: `querystring.${q.name}`,
        url: urlOf(pathValues, { ...baseQuery, [q.name]: String(bad.value) }),
        payload: baseBody,
      });
    }
  }
  const walk = (s: JsonSchema, path: string[]) => {
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const at = [...path, name];
      for (const bad of badValues(name, prop, false)) {
        cases.push({
          what: `body.${at.join('.')} ${bad.what}`,
          field: `body.${at.join('.')}`,
          url: urlOf(pathValues, baseQuery),
          payload: bodyWith(op.body as JsonSchema, at, bad.value),
        });
      }
      const nested = objectBranch(prop);
      if (nested) walk(nested, at);
    }
  };
  if (op.body?.properties) walk(op.body, []);
  return cases;
}

/** A 400 whose fields name `field` (or a part of it), with a Chinese message. */
function namesField(res: { statusCode: number; body: string }, field: string) {
  if (res.statusCode !== 400) return false;
  const error = (JSON.parse(res.body) as { error?: { message?: string; fields?: { field: string }[] } }).error;
  const named = (error?.fields ?? []).some((f) => f.field === field || f.field.startsWith(`${field}.`));
  return named && /[\u4e00-\u9fff]/.test(error?.message ?? '');
}

describe('every route answers generated bad input with a 400 naming the field, in Chinese', () => {
  it('NUL in strings, impossible dates, one-element arrays, coordinates outside the district', async () => {
    const failures: string[] = [];
    let count = 0;
    for (const op of operations) {
      for (const c of casesOf(op)) {
        count++;
        const withBody = c.payload !== undefined && !['GET', 'DELETE'].includes(op.method);
        const res = await t.app.inject({ method: op.method as 'POST', url: c.url, headers, ...(withBody ? { payload: c.payload as object } : {}) });
        if (!namesField(res, c.field)) failures.push(`${op.method} ${op.path} ${c.what} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(count).toBeGreaterThan(300);
    expect(failures, `${failures.length} of ${count} cases:\n${failures.join('\n')}`).toEqual([]);
  }, 600_000);

  it('multipart text fields: NUL is refused naming the field', async () => {
    const form = multipartBody([
      { name: 'description', value: '仓库门口\u0000堆放易燃物' },
      { name: 'address', value: '石碶街道某仓库' },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/api/public/hazards/reports', payload: form.payload, headers: form.headers });
    expect(namesField(res, 'body.description'), res.body).toBe(true);
  });

  it('multipart coordinates: a public report located outside the district is refused naming the field', async () => {
    const form = multipartBody([
      { name: 'description', value: '仓库门口堆放易燃物' },
      { name: 'lon', value: '-1' },
      { name: 'lat', value: '29.8' },
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/api/public/hazards/reports', payload: form.payload, headers: form.headers });
    expect(namesField(res, 'body.lon'), res.body).toBe(true);
  });

  it('an accident cannot have happened, or become known, in the future', async () => {
    const now = t.clock.now().getTime();
    const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/monitoring/duty/accidents', headers, payload });
    const body = { jurisdictionCode: '330203009', title: '叉车伤人' };
    expect(namesField(await post({ ...body, occurredAt: at(60), knownAt: at(70) }), 'body.occurredAt')).toBe(true);
    const res = await post({ ...body, occurredAt: at(-60), knownAt: at(60) });
    expect(namesField(res, 'body.knownAt'), res.body).toBe(true);
    expect((await post({ ...body, occurredAt: at(-60), knownAt: at(-10) })).statusCode).toBe(201);
  });
});
