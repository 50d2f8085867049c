// The demo requests: one in each state, made through the real lifecycle on the demo cases, once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ASSIST_STATES } from '../../../shared/assists.ts';
import { FakeClock } from '../../platform/clock.ts';
import * as make from '../../test/factories.ts';
import { makeUser, type TestApp, testApp } from '../../test/helpers.ts';
import { seedCases } from '../cases/cases.seed.ts';
import { seedAssists } from './assists.seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ clock: new FakeClock(new Date('2026-06-02T02:00:00Z')) });
}, 60_000);
afterAll(() => t?.dispose());

it('seeds a request in every state on the towns’ cases, with their timelines, once', async () => {
  for (const _ of [1, 2]) {
    const u = await makeUser(t, { roles: ['enforcement_officer'], unit: '330203D01' });
    await make.licence(t.deps.db, u.id, '330203');
  }
  await seedCases(t.deps, () => {});
  await seedAssists(t.deps, () => {});
  const rows = await t.deps.db.selectFrom('assist_requests').select(['id', 'state', 'town_code']).execute();
  expect(new Set(rows.map((r) => r.state))).toEqual(new Set(ASSIST_STATES.filter((s) => s !== 'withdrawn')));
  expect(rows.every((r) => r.town_code.length === 9)).toBe(true);
  const history = await t.deps.db.selectFrom('history').select('id').where('aggregate', '=', 'assist').execute();
  expect(history.length).toBeGreaterThan(rows.length);
  await seedAssists(t.deps, () => {});
  expect((await t.deps.db.selectFrom('assist_requests').select('id').execute()).length).toBe(rows.length);
}, 120_000);
