// Every route, wholesale, from the OpenAPI document: its success answer is described by a schema (or is a 204),
// so the API says what it returns and fastify serialises exactly that. A new module's route without a response
// schema fails here. The per-module tests check that the answers carry every field the web reads.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers.ts';

type Responses = Record<string, { content?: Record<string, { schema?: object }> }>;

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.dispose());

it('every route declares the answer of its success status', async () => {
  const doc = (await t.app.inject('/docs/json')).json() as { paths: Record<string, Record<string, { responses?: Responses }>> };
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
  );
  expect(routes.length).toBeGreaterThan(150);
  const described = (responses: Responses = {}) =>
    Object.entries(responses).some(([status, r]) => status.startsWith('2') && (status === '204' || Object.values(r.content ?? {}).some((c) => c.schema)));
  expect(routes.filter(({ op }) => !described(op.responses)).map((r) => r.route)).toEqual([]);
});
