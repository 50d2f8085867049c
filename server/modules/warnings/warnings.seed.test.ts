// The demo seed: persons across Haishu's villages with superiors chained to the district, and a past red
// warning whose outcomes show on the board and in the quarterly statistics.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { quarterOf } from '../../../shared/warnings.ts';
import { type TestRuntime, testRuntime } from '../../test/helpers.ts';
import { lastRainstormNight, seedWarnings } from './warnings.seed.ts';

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

it('dates the rainstorm in the rainy season (May–October), at 02:10 China time', () => {
  // 20 days back is in season: that night.
  expect(lastRainstormNight(new Date('2026-07-21T10:00:00Z')).toISOString()).toBe('2026-06-30T18:10:00.000Z');
  // 1 December → 11 November is out of season: 12 September of the same year.
  expect(lastRainstormNight(new Date('2026-12-01T10:00:00Z')).toISOString()).toBe('2026-09-11T18:10:00.000Z');
  // March → the season of the year before.
  expect(lastRainstormNight(new Date('2026-03-01T10:00:00Z')).toISOString()).toBe('2025-09-11T18:10:00.000Z');
  // Late in the evening of 20 May UTC is already 21 May in Ningbo; 20 days back is 1 May, in season.
  expect(lastRainstormNight(new Date('2026-05-20T17:00:00Z')).toISOString()).toBe('2026-04-30T18:10:00.000Z');
});
