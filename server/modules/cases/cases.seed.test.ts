// The demo cases: a few in each stage, made through the real lifecycle (numbers, clocks, documents, history).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { systemCtx } from '../../platform/context.ts';
import { validOfficers } from '../../platform/enforcement/licences.ts';
import { type TestApp, testApp } from '../../test/helpers.ts';
import { seedCases } from './cases.seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ clock: new FakeClock(new Date('2026-06-02T02:00:00Z')) });
}, 60_000);
afterAll(() => t?.dispose());

it('seeds cases in every main stage, with their documents and clocks, once', async () => {
  await seedCases(t.deps, () => {});
  const states = await t.deps.db.selectFrom('cases').select(['state']).execute();
  const count = (s: string) => states.filter((r) => r.state === s).length;
  for (const s of ['filing', 'investigating', 'notified', 'hearing', 'decided', 'executing', 'closed', 'no_penalty', 'withdrawn', 'transferred'])
    expect(count(s), s).toBeGreaterThan(0);
  const docs = await t.deps.db.selectFrom('documents').select(['kind']).where('aggregate', '=', 'case').execute();
  expect(new Set(docs.map((d) => d.kind))).toEqual(new Set(['filing_approval', 'penalty_notice', 'penalty_decision', 'service_receipt', 'closing_approval']));
  const parties = await t.deps.db.selectFrom('case_parties').select(['case_id']).execute();
  expect(parties.length).toBeGreaterThan(states.length); // 一案双罚 on several
  expect((await t.deps.db.selectFrom('case_clocks').select('id').where('state', '=', 'running').execute()).length).toBeGreaterThan(5);
  // Every case team is two officers holding a 行政执法证 valid today (行政处罚法 §42).
  const teams = await t.deps.db.selectFrom('cases').select(['officer_ids', 'officer_names']).execute();
  const licensed = new Set((await validOfficers(systemCtx(t.deps))).map((o) => o.userId));
  for (const c of teams) {
    expect(c.officer_ids).toHaveLength(2);
    expect(
      c.officer_ids.every((id) => licensed.has(id)),
      c.officer_names.join('、'),
    ).toBe(true);
  }
  // A closed demo case was paid in full before it was closed (its closing reads 已执行完毕, not 未缴清).
  const closedParties = await t.deps.db
    .selectFrom('case_parties')
    .innerJoin('cases', 'cases.id', 'case_parties.case_id')
    .select(['case_parties.fine_fen', 'case_parties.paid_fen'])
    .where('cases.state', '=', 'closed')
    .execute();
  expect(closedParties.length).toBeGreaterThan(0);
  for (const p of closedParties) expect(Number(p.paid_fen)).toBeGreaterThanOrEqual(Number(p.fine_fen));
  await seedCases(t.deps, () => {});
  expect((await t.deps.db.selectFrom('cases').select('id').execute()).length).toBe(states.length);
}, 120_000);
