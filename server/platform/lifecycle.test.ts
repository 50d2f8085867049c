// The lifecycle engine on a small test aggregate (a door): every refusal, and everything-or-nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditRows, type TestRuntime, testRuntime } from '../test/helpers.ts';
import { settleDenials } from './access.ts';
import { type Ctx, systemCtx, withTx } from './context.ts';
import { AppError, notFound } from './errors.ts';
import { readHistory } from './history.ts';
import { allowedActions, apply, type Machine } from './lifecycle.ts';

declare module './events.ts' {
  interface DomainEvents {
    'test.door.changed': { id: string; action: string; from: string; to: string };
  }
}

type DoorState = 'closed' | 'open' | 'locked';
interface Door {
  id: string;
  state: DoorState;
  jurisdiction_code: string;
  enterprise_id: string | null;
  opened_by: string | null;
}
type DoorInputs = { open: { fail?: boolean; jammed?: boolean }; close: Record<string, never>; lock: Record<string, never>; note: { text: string } };

// The test tables are not in the app's typed schema: the door's SQL goes through raw queries.
const doors: Machine<Door, DoorState, DoorInputs> = {
  name: 'door',
  stateOf: (d) => d.state,
  steps: [
    { action: 'open', from: ['closed'], to: 'open', permission: 'door:write' },
    { action: 'close', from: ['open'], to: 'closed', permission: 'door:write' },
    { action: 'lock', from: ['closed'], to: 'locked', permission: 'door:approve' },
    { action: 'note', from: ['open', 'closed'], permission: 'door:write' },
  ],
  guards: {
    close: [{ code: 'CLOSER_IS_OPENER', zh: '开门人不能自己关门', en: 'The opener may not close', allows: (ctx, d) => d.opened_by !== ctx.actor.id }],
  },
  stateLabel: (s) => ({ closed: '已关', open: '已开', locked: '已锁' })[s],
  lock: async (ctx, id) => (await sql<Door>`select * from lc_doors where id = ${id} for update`.execute(ctx.db)).rows[0],
  notFound: () => notFound('门', 'Door'),
  save: async (ctx, d, state, patch) => {
    const next = { ...d, ...patch, state };
    await sql`update lc_doors set state = ${next.state}, opened_by = ${next.opened_by} where id = ${d.id}`.execute(ctx.db);
    return next;
  },
  present: (d) => ({ id: d.id, state: d.state }),
  event: { name: 'test.door.changed', payload: (d, action, from) => ({ id: d.id, action, from, to: d.state }) },
  effects: {
    open: (ctx, d, input) => {
      if (input.fail) throw new AppError('BROKEN', 500, '坏了', 'broken');
      if (input.jammed) return { to: 'locked', afterCommit: () => afterCommits.push(d.id) };
      return { patch: { opened_by: ctx.actor.id }, jobs: [{ kind: 'door.autoclose', runAt: ctx.deps.clock.now(), dedupKey: `door:${d.id}:close` }] };
    },
    close: (_ctx, d) => ({ patch: { opened_by: null }, cancelJobs: [`door:${d.id}:close`] }),
    lock: () => ({}),
    note: (_ctx, _d, input) => ({ note: input.text, result: { noted: true } }),
  },
};

let t: TestRuntime;
let seen: { id: string; action: string; from: string; to: string }[] = [];
const afterCommits: string[] = [];
beforeAll(async () => {
  t = await testRuntime();
  await sql`create table lc_doors (id text primary key, state text not null, jurisdiction_code text not null, enterprise_id text, opened_by text)`.execute(
    t.deps.db,
  );
  t.deps.events.subscribe('test.door.changed', (e) => seen.push(e));
});
afterAll(() => t?.dispose());

let n = 0;
let door: string;
beforeEach(async () => {
  seen = [];
  door = `door-${++n}`;
  await sql`insert into lc_doors (id, state, jurisdiction_code) values (${door}, 'closed', '330203009')`.execute(t.deps.db);
});

const ACTOR_IDS: Record<string, string> = {
  alice: '01890000-0000-7000-8000-0000000000a1',
  bob: '01890000-0000-7000-8000-0000000000b2',
  carol: '01890000-0000-7000-8000-0000000000c3',
};
function as(name: string, permissions: string[], jurisdictions = ['330203']): Ctx {
  const base = systemCtx(t.deps);
  const actor = { ...base.actor, id: ACTOR_IDS[name], username: name, roles: [], permissions: new Set(permissions), jurisdictions };
  return { ...base, requestId: `req-${name}-${n}`, actor };
}
const alice = () => as('alice', ['door:write']);
const bob = () => as('bob', ['door:write', 'door:approve']);

const state = async () => (await sql<{ state: string }>`select state from lc_doors where id = ${door}`.execute(t.deps.db)).rows[0].state;
// apply() writes the platform history under the machine's name; no machine writes its own.
const history = async () => (await readHistory(t.deps.db, 'door', door)).map((h) => ({ action: h.action, to_state: h.to_state, note: h.note }));
const audits = () => t.deps.db.selectFrom('audit_log').select(['action', 'outcome', 'username']).where('resource_id', '=', door).orderBy('id').execute();
const jobs = () => t.deps.db.selectFrom('jobs').select(['kind', 'status']).where('dedup_key', '=', `door:${door}:close`).execute();

async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('apply', () => {
  it('writes the state, the history row, the audit row and the job together, and publishes the event after commit', async () => {
    const out = await apply(alice(), doors, door, 'open', {});
    expect(out).toEqual({ id: door, state: 'open' });
    expect(await state()).toBe('open');
    expect(await history()).toEqual([{ action: 'open', to_state: 'open', note: null }]);
    expect(await audits()).toEqual([{ action: 'door.open', outcome: 'success', username: 'alice' }]);
    expect(await jobs()).toEqual([{ kind: 'door.autoclose', status: 'pending' }]);
    expect(seen).toEqual([{ id: door, action: 'open', from: 'closed', to: 'open' }]);
  });

  it('records the step in the platform history: from, to, who, note and data; a machine with history: false keeps audit only', async () => {
    await apply(alice(), doors, door, 'open', {});
    await apply(bob(), doors, door, 'note', { text: '门轴松动' });
    const rows = await readHistory(t.deps.db, 'door', door);
    expect(rows.map((h) => [h.action, h.from_state, h.to_state, h.actor_id, h.actor_name, h.note])).toEqual([
      ['open', 'closed', 'open', ACTOR_IDS.alice, '系统', null],
      ['note', 'open', 'open', ACTOR_IDS.bob, '系统', '门轴松动'],
    ]);
    expect((await readHistory(t.deps.db, 'door', door, { newestFirst: true, limit: 1 })).map((h) => h.action)).toEqual(['note']);
    const quiet: Machine<Door, DoorState, DoorInputs> = { ...doors, history: false };
    await apply(bob(), quiet, door, 'close', {});
    expect(await state()).toBe('closed');
    expect((await history()).map((h) => h.action)).toEqual(['open', 'note']);
    expect((await audits()).map((a) => a.action)).toEqual(['door.open', 'door.note', 'door.close']);
  });

  it('refuses a step the state does not allow (409 ILLEGAL_TRANSITION with the state in Chinese) and writes nothing', async () => {
    const err = await refusal(apply(alice(), doors, door, 'close', {}));
    expect(err).toMatchObject({ code: 'ILLEGAL_TRANSITION', status: 409 });
    expect(err.messageZh).toContain('已关');
    expect(await history()).toEqual([]);
    expect(await audits()).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('refuses when a guard does not allow it, with the guard’s code and Chinese message', async () => {
    await apply(alice(), doors, door, 'open', {});
    const err = await refusal(apply(alice(), doors, door, 'close', {}));
    expect(err).toMatchObject({ code: 'CLOSER_IS_OPENER', status: 409, messageZh: '开门人不能自己关门' });
    expect(await state()).toBe('open');
    await apply(bob(), doors, door, 'close', {});
    expect(await state()).toBe('closed');
    expect(await jobs()).toEqual([{ kind: 'door.autoclose', status: 'cancelled' }]);
  });

  it('answers 403 without the permission and audits the denial', async () => {
    const ctx = alice();
    const err = await refusal(apply(ctx, doors, door, 'lock', {}));
    expect(err).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await settleDenials(ctx.requestId);
    const denied = await auditRows(t.deps.db, { username: 'alice', action: 'access.denied' });
    expect(denied.some((d) => JSON.stringify(d.detail).includes(ctx.requestId))).toBe(true);
    expect(await state()).toBe('closed');
  });

  it('answers 404 for a row out of scope (as for a missing one) and audits the denial with the row id', async () => {
    const ctx = as('carol', ['door:write'], ['330203100']);
    expect(await refusal(apply(ctx, doors, door, 'open', {}))).toMatchObject({ code: 'DOOR_NOT_FOUND', status: 404 });
    await settleDenials(ctx.requestId);
    expect(await audits()).toEqual([{ action: 'access.denied', outcome: 'denied', username: 'carol' }]);
    expect(await refusal(apply(ctx, doors, 'no-such-door', 'open', {}))).toMatchObject({ code: 'DOOR_NOT_FOUND', status: 404 });
    expect(await state()).toBe('closed');
  });

  it('leaves nothing behind when the effect fails: no state, history, audit, job or event', async () => {
    await refusal(apply(alice(), doors, door, 'open', { fail: true }));
    expect(await state()).toBe('closed');
    expect(await history()).toEqual([]);
    expect(await audits()).toEqual([]);
    expect(await jobs()).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('joins the caller’s transaction: the event waits for the outer commit and is dropped with its rollback', async () => {
    await expect(
      withTx(alice(), async (c) => {
        await apply(c, doors, door, 'open', {});
        expect(seen).toEqual([]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(seen).toEqual([]);
    expect(await state()).toBe('closed');
    expect(await history()).toEqual([]);
    await withTx(alice(), async (c) => {
      await apply(c, doors, door, 'open', {});
      expect(seen).toEqual([]);
    });
    expect(seen).toHaveLength(1);
  });

  it('runs a side step on the same path: state kept, history and audit written, its own result returned', async () => {
    expect(await apply(alice(), doors, door, 'note', { text: '门轴松动' })).toEqual({ noted: true });
    expect(await state()).toBe('closed');
    expect(await history()).toEqual([{ action: 'note', to_state: 'closed', note: '门轴松动' }]);
    expect((await audits()).map((a) => a.action)).toEqual(['door.note']);
    expect(seen).toEqual([{ id: door, action: 'note', from: 'closed', to: 'closed' }]);
  });
});

describe('effects that decide', () => {
  it('an effect may pick the state the input leads to, and its after-commit work runs only after the commit', async () => {
    await expect(
      withTx(alice(), async (c) => {
        await apply(c, doors, door, 'open', { jammed: true });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(afterCommits).toEqual([]);
    await withTx(alice(), async (c) => {
      await apply(c, doors, door, 'open', { jammed: true });
      expect(afterCommits).toEqual([]);
    });
    expect(afterCommits).toEqual([door]);
    expect(await state()).toBe('locked');
    expect(await history()).toEqual([{ action: 'open', to_state: 'locked', note: null }]);
  });
});

describe('allowedActions', () => {
  it('lists what this user may do now: state, permission and guards', async () => {
    const row = async () => (await sql<Door>`select * from lc_doors where id = ${door}`.execute(t.deps.db)).rows[0];
    expect(await allowedActions(alice(), doors, await row())).toEqual(['open', 'note']);
    expect(await allowedActions(bob(), doors, await row())).toEqual(['open', 'lock', 'note']);
    await apply(alice(), doors, door, 'open', {});
    expect(await allowedActions(alice(), doors, await row())).toEqual(['note']); // the opener may not close
    expect(await allowedActions(bob(), doors, await row())).toEqual(['close', 'note']);
  });
});
