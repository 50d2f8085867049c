// The demo seed: persons across Haishu's villages with superiors chained to the district, and a past red
// warning whose outcomes show on the board and in the quarterly statistics.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { quarterOf } from '../../../shared/warnings.ts';
import { type TestRuntime, testRuntime } from '../../test/helpers.ts';
import { seedWarnings } from './warnings.seed.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await testRuntime();
});
afterAll(() => t?.dispose());

it('seeds a few hundred responsible persons and a past red rainstorm warning', async () => {
  const started = Date.now();
  await seedWarnings(t.deps);
  console.log(`warnings seed: ${Date.now() - started} ms on ${t.deps.dbKind}`);
  const persons = await t.deps.db.selectFrom('responsible_persons').select(['id', 'jurisdiction_code', 'superior_id', 'phone']).execute();
  expect(persons.length).toBeGreaterThan(300);
  const villages = new Set(persons.filter((p) => p.jurisdiction_code.length === 12).map((p) => p.jurisdiction_code));
  expect(villages.size).toBe(280);
  expect(persons.filter((p) => !p.superior_id).map((p) => p.jurisdiction_code)).toEqual(['330203']);
  expect(persons.every((p) => p.phone?.startsWith('1000'))).toBe(true);
  const w = await t.deps.db.selectFrom('warnings').selectAll().executeTakeFirstOrThrow();
  expect(w).toMatchObject({ level: 'red', event_type: 'rainstorm' });
  const states = await t.deps.db.selectFrom('warning_recipients').select('state').where('warning_id', '=', w.id).execute();
  const count = (s: string) => states.filter((x) => x.state === s).length;
  expect(count('acknowledged')).toBeGreaterThan(count('not_reached'));
  expect(count('not_reached')).toBeGreaterThan(0);
  const stats = await t.deps.db
    .selectFrom('warning_ack_stats')
    .selectAll()
    .where('quarter', '=', quarterOf(w.released_at as Date))
    .execute();
  expect(stats.map((s) => s.town_code).sort()).toEqual(['330203104', '330203105', '330203106', '330203200']);
  await seedWarnings(t.deps); // idempotent
  expect((await t.deps.db.selectFrom('warnings').select('id').execute()).length).toBe(1);
});
