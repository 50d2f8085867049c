// The demo hazards look like a real ledger: found in working hours, numbered in the order found with the year
// they were found in, and public reports written at waking hours — not all at the moment the seed ran.
import { expect, it } from 'vitest';
import { fileTestRuntime } from '../../test/helpers.ts';
import { seedHazards } from './hazards.seed.ts';

const t = fileTestRuntime();

const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000); // Asia/Shanghai wall clock, read with getUTC*

it('numbers hazards by the year found, in order, found between 08:30 and 17:30; reports between 07:00 and 22:00', async () => {
  await seedHazards(t.deps, () => {}, { count: 400 });
  const hazards = await t.deps.db.selectFrom('hazards').select(['code', 'created_at']).orderBy('code').execute();
  expect(hazards.length).toBe(400);
  const years = new Set<number>();
  let last = 0;
  for (const h of hazards) {
    const at = local(h.created_at as Date);
    years.add(at.getUTCFullYear());
    expect(h.code.slice(2, 6)).toBe(String(at.getUTCFullYear()));
    const hours = at.getUTCHours() + at.getUTCMinutes() / 60;
    expect(hours).toBeGreaterThanOrEqual(8.5);
    expect(hours).toBeLessThan(17.5);
    // Numbers follow the order found (the ledger sorted by number is sorted by date).
    expect((h.created_at as Date).getTime()).toBeGreaterThanOrEqual(last);
    last = (h.created_at as Date).getTime();
  }
  expect(years.size).toBeGreaterThan(1); // up to ~2.5 years back
  const serials = hazards.map((h) => Number(h.code.slice(6)));
  expect(new Set(serials).size).toBe(400);

  // Nothing in a hazard's history lies in the future.
  const future = await t.deps.db.selectFrom('history').select('id').where('aggregate', '=', 'hazard').where('at', '>', t.deps.clock.now()).execute();
  expect(future).toEqual([]);

  const reports = await t.deps.db.selectFrom('hazard_reports').select('created_at').execute();
  expect(reports.length).toBe(40);
  for (const r of reports) {
    if ((r.created_at as Date).getTime() > t.deps.clock.now().getTime() - 86_400_000) continue; // today's may be capped at now
    const h = local(r.created_at as Date).getUTCHours();
    expect(h).toBeGreaterThanOrEqual(7);
    expect(h).toBeLessThan(22);
  }
});
