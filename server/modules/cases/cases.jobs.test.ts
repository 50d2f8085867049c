// A case's stage clock across a restart: the 送达 clock (7 working days, 行政处罚法 §61) is scheduled, the
// process stops, a new runtime opens the same data after the deadline, and the reminder, the overdue mark and
// the escalation each fire once — none again after a second restart.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { systemCtx, withTx } from '../../platform/context.ts';
import * as make from '../../test/factories.ts';
import { restartableRuntime } from '../../test/helpers.ts';
import type { Runtime } from '../../runtime.ts';
import { startClock } from './cases.clocks.ts';

const MINUTE = 60_000;

/** How many timeline rows of each clock action the case has. */
async function clockRows(rt: Runtime, caseId: string) {
  const rows = await rt.deps.db
    .selectFrom('history')
    .select('action')
    .where('aggregate', '=', 'case')
    .where('aggregate_id', '=', caseId)
    .where('action', 'like', 'clock_%')
    .execute();
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.action] = (counts[r.action] ?? 0) + 1;
  return counts;
}

describe('case clocks across a restart', () => {
  it('the reminder, the overdue mark and the escalation fire once each', async () => {
    const clock = new FakeClock(new Date('2026-03-02T02:00:00Z')); // Mon 2 March 2026, 10:00 in Ningbo
    const rt = await restartableRuntime({ clock });
    try {
      const deps = rt.current.deps;
      const caseId = await make.enforcementCase(deps.db, make.TOWN_A, { state: 'decided', decided_at: clock.now() });
      const row = await withTx(systemCtx(deps), (c) => startClock(c, caseId, 'service', clock.now()));
      // Seven working days from Monday 2 March: Wednesday 11 March.
      expect(row.due_day).toBe('2026-03-11');

      // The process stops; it comes back a minute after the deadline.
      clock.set(new Date(row.due_at.getTime() + MINUTE));
      let current = await rt.restart();
      expect(await current.deps.jobs.runDue()).toBe(2); // the reminder (late) and the overdue mark
      expect(await current.deps.jobs.runDue()).toBe(0);
      const after = await current.deps.db.selectFrom('case_clocks').select('state').where('id', '=', row.id).executeTakeFirstOrThrow();
      expect(after.state).toBe('overdue');
      const flagged = await current.deps.db.selectFrom('cases').select('overdue').where('id', '=', caseId).executeTakeFirstOrThrow();
      expect(flagged.overdue).toBe(true);
      expect(await clockRows(current, caseId)).toEqual({ clock_reminder: 1, clock_overdue: 1 });

      // The escalation waits for the next working day (Thursday 09:00) and survives another restart.
      clock.set(new Date('2026-03-12T02:00:00Z'));
      current = await rt.restart();
      expect(await current.deps.jobs.runDue()).toBe(1);
      expect(await clockRows(current, caseId)).toEqual({ clock_reminder: 1, clock_overdue: 1, clock_escalate: 1 });

      clock.advance(3 * 86_400_000);
      current = await rt.restart();
      expect(await current.deps.jobs.runDue()).toBe(0);
      expect(await clockRows(current, caseId)).toEqual({ clock_reminder: 1, clock_overdue: 1, clock_escalate: 1 });
    } finally {
      await rt.dispose();
    }
  }, 180_000); // three runtimes over one data directory: slow on a loaded machine
});
