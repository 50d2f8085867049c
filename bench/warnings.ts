// Warning fan-out and call-response bookkeeping at district scale: 10,000 responsible persons.
//   1. fan-out: release one red warning (targeting → recipients → first attempts, one transaction) and
//      run the delivery relay until every first attempt is recorded as sent (outbox channels);
//   2. acknowledgement bookkeeping: acks/s through the one-tap link path (HMAC check, single-use token,
//      recipient update, audit row — each ack its own transaction), concurrent clients;
//   3. escalation pass: 10,000 recipients past their last step, one ladder job run (未叫醒 + superiors).
// Run: npx tsx bench/warnings.ts [--pg]   (--pg uses DATABASE_URL or postgres@127.0.0.1:5432)
import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { FakeClock } from '../server/platform/clock.ts';
import { type Ctx, type Deps, systemCtx } from '../server/platform/context.ts';
import { seedOrgTree } from '../server/platform/orgs/orgs.service.ts';
import { dispatchPending } from '../server/modules/warnings/delivery.ts';
import { getPolicy, putSetting } from '../server/modules/warnings/policy.ts';
import { linkSecret, makeToken, newNonce } from '../server/modules/warnings/tokens.ts';
import { ackByLink } from '../server/modules/warnings/ack.service.ts';
import { approveWarning, createWarning, releaseWarning, submitWarning } from '../server/modules/warnings/warnings.service.ts';
import { benchRuntime } from './lib.ts';
import { table, writeSection } from './report.ts';

const usePg = process.argv.includes('--pg');
const PERSONS = Number(process.env.WPERSONS ?? 10_000);
const ACKS = 4_000;
const CONCURRENCY = 256; // phones tapping at once; taps are group-committed (server/modules/warnings/acks.ts)

const ctxAs = (deps: Deps, id: string): Ctx => {
  const c = systemCtx(deps);
  return { ...c, actor: { ...c.actor, id } };
};

async function releaseRed(deps: Deps) {
  const drafter = ctxAs(deps, '00000000-0000-7000-8000-00000000d001');
  const w = await createWarning(drafter, {
    eventType: 'rainstorm',
    level: 'red',
    description: '基准测试：全区暴雨红色预警',
    expires: new Date(deps.clock.now().getTime() + 12 * 3_600_000).toISOString(),
    area: { geocodes: ['330203'] },
  });
  await submitWarning(drafter, w.id);
  await approveWarning(ctxAs(deps, '00000000-0000-7000-8000-00000000a001'), w.id);
  return releaseWarning(drafter, w.id);
}

async function main() {
  const clock = new FakeClock('2026-07-10T18:00:00Z');
  const bench = await benchRuntime('anlan_bench_warn', { pg: usePg, clock, poolSize: 16 });
  const { rt } = bench;
  const rows: (string | number)[][] = [];
  const loadBefore = os.loadavg()[0];
  try {
    const { deps } = rt;
    const db = deps.db;
    await seedOrgTree(db);
    // 17 town chiefs; 10,000 persons in the villages, each answering to their town's chief; SMS only.
    const towns = (await db.selectFrom('org_units').select('code').where('kind', '=', 'town').orderBy('code').execute()).map((t) => t.code);
    const villages = await db.selectFrom('org_units').select(['code', 'parent_code']).where('kind', '=', 'village').orderBy('code').execute();
    const chief = new Map<string, string>();
    const people: Record<string, unknown>[] = [];
    for (const t of towns) {
      const id = uuidv7();
      chief.set(t, id);
      people.push({ id, name: `镇指挥${t.slice(-3)}`, role: 'flood_chief', jurisdiction_code: t, phone: `1000${t.slice(-7)}`, channels: ['sms'] });
    }
    for (let i = 0; i < PERSONS - towns.length; i++) {
      const v = villages[i % villages.length];
      people.push({
        id: uuidv7(),
        name: `责任人${i}`,
        role: i % 3 === 0 ? 'flood_chief' : i % 3 === 1 ? 'grid_worker' : 'flash_flood_warner',
        jurisdiction_code: v.code,
        phone: `1001${String(i).padStart(7, '0')}`,
        channels: ['sms'],
        superior_id: chief.get(v.parent_code as string),
      });
    }
    for (let i = 0; i < people.length; i += 1000)
      await db
        .insertInto('responsible_persons')
        .values(people.slice(i, i + 1000) as never)
        .execute();
    // Every channel in outbox mode (the default), stated explicitly.
    await putSetting(
      db,
      'settings',
      { channels: Object.fromEntries(['inapp', 'sms', 'voice', 'wecom', 'dingtalk', 'email'].map((c) => [c, { mode: 'outbox' }])) },
      null,
      clock.now(),
    );
    const policy = await getPolicy(db);

    // 1. Fan-out.
    const t0 = performance.now();
    const released = await releaseRed(deps);
    const t1 = performance.now();
    await dispatchPending(deps);
    const t2 = performance.now();
    const sent = await db
      .selectFrom('delivery_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('warning_id', '=', released.warning.id)
      .where('state', '=', 'sent')
      .executeTakeFirstOrThrow();
    if (Number(sent.n) !== released.recipients) throw new Error(`only ${sent.n} of ${released.recipients} first attempts sent`);
    rows.push(['fan-out: release (targeting + recipients + first attempts)', `${released.recipients} recipients`, `${(t1 - t0).toFixed(0)} ms`]);
    rows.push(['fan-out: relay until every first attempt is recorded', `${sent.n} attempts`, `${(t2 - t1).toFixed(0)} ms`]);
    rows.push(['**fan-out total** (aim < 2 s on PostgreSQL)', `${released.recipients} recipients`, `**${((t2 - t0) / 1000).toFixed(2)} s**`]);

    // 2. Acknowledgements through the link path.
    const secret = await linkSecret(db);
    const recips = await db.selectFrom('warning_recipients').select('id').where('warning_id', '=', released.warning.id).limit(ACKS).execute();
    const tokens = recips.map((r) =>
      makeToken(secret, { recipientId: r.id, purpose: 'ack', expiresAt: new Date(clock.now().getTime() + 3_600_000), nonce: newNonce() }),
    );
    let next = 0;
    const t3 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < tokens.length) await ackByLink(deps, tokens[next++], '127.0.0.1');
      }),
    );
    const t4 = performance.now();
    const rate = tokens.length / ((t4 - t3) / 1000);
    rows.push([
      `acknowledgements via one-tap link (${CONCURRENCY} concurrent taps, group commit), one audit row each`,
      `${tokens.length} acks`,
      `**${rate.toFixed(0)} acks/s**`,
    ]);

    // 3. Escalation pass: a second red warning, nobody answers, the clock passes the end of the ladder.
    const second = await releaseRed(deps);
    await dispatchPending(deps);
    clock.advanceMinutes(policy.levels.red.ackMinutes);
    const t5 = performance.now();
    await deps.jobs.runDue();
    const t6 = performance.now();
    const nr = await db
      .selectFrom('warning_recipients')
      .select([
        sql<number>`(count(*) filter (where state = 'not_reached'))::int`.as('nr'),
        sql<number>`(count(*) filter (where kind = 'escalation'))::int`.as('esc'),
      ])
      .where('warning_id', '=', second.warning.id)
      .executeTakeFirstOrThrow();
    rows.push([
      "escalation pass (one ladder job): 未叫醒 marked + superiors' escalation messages written",
      `${nr.nr} overdue → ${nr.esc} escalations`,
      `${((t6 - t5) / 1000).toFixed(2)} s`,
    ]);
  } finally {
    await bench.close();
  }
  const kind = usePg ? 'PostgreSQL' : 'PGlite';
  const md = `### ${kind}\n\n1-minute load average ${loadBefore.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end (other sessions share the 2 cores).\n\n${table(['step', 'size', 'result'], rows)}\n`;
  console.log(md);
  const readme = fs.readFileSync(new URL('./README.md', import.meta.url), 'utf8');
  const current = /<!-- warnings:start -->([\s\S]*?)<!-- warnings:end -->/.exec(readme)?.[1] ?? '';
  const other = usePg ? /### PGlite[\s\S]*?(?=### |$)/.exec(current)?.[0] : /### PostgreSQL[\s\S]*?(?=### |$)/.exec(current)?.[0];
  const header = `## Warnings: fan-out, acknowledgements, escalation\n\n\`npx tsx bench/warnings.ts [--pg]\` — ${PERSONS.toLocaleString('en')} responsible persons (17 town chiefs + villages), one red warning to the whole district, every channel in outbox mode; 2 cores. Measured ${new Date().toISOString().slice(0, 10)}.\n`;
  const parts = [md, other].filter((x): x is string => !!x).sort((a) => (a.startsWith('### PostgreSQL') ? -1 : 1));
  writeSection('warnings', `${header}\n${parts.map((p) => p.trim()).join('\n\n')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
