// The escalation ladder with a fake clock across a restart, and idempotent delivery after a crash
// between "sent" and "recorded".
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import type { Runtime } from '../../runtime.ts';
import { type RestartableRuntime, restartableRuntime, testRuntime, type TestRuntime } from '../../test/helpers.ts';
import { dispatchPending } from './delivery.ts';
import { getSettings, putSetting } from './policy.ts';
import * as make from '../../test/factories.ts';
import { TOWN_A } from '../../test/factories.ts';
import { actorCtx, APPROVER, DRAFTER, inHours } from './warnings.fixtures.ts';
import * as svc from './warnings.service.ts';
import { ackInApp } from './ack.service.ts';

async function releaseRed(rt: Runtime, geocodes: string[]) {
  const drafter = actorCtx(rt.deps, DRAFTER);
  const w = await svc.createWarning(drafter, {
    eventType: 'flash_flood',
    level: 'red',
    description: '山洪灾害风险极高，请立即组织危险区人员转移。',
    expires: inHours(rt.deps, 6),
    area: { geocodes },
  });
  await svc.submitWarning(drafter, w.id);
  await svc.approveWarning(actorCtx(rt.deps, APPROVER), w.id);
  return (await svc.releaseWarning(drafter, w.id)).warning;
}

const recipients = (rt: Runtime, warningId: string) =>
  rt.deps.db.selectFrom('warning_recipients').selectAll().where('warning_id', '=', warningId).orderBy('created_at').orderBy('name').execute();

describe('escalation ladder across a restart', () => {
  const clock = new FakeClock('2026-07-10T18:00:00Z');
  let proc: RestartableRuntime | undefined;
  afterAll(() => proc?.dispose());

  it('retries on the next channel, then marks 未叫醒 and escalates to the superior, surviving a restart', async () => {
    // First process.
    proc = await restartableRuntime({ clock });
    const first = proc.current;
    const [village] = await make.villagesOf(first.deps.db, TOWN_A);
    await make.persons(first.deps.db, [
      { name: '区指挥', role: 'flood_chief', code: '330203', channels: ['sms'] },
      { name: '镇指挥', role: 'flood_chief', code: TOWN_A, superior: '区指挥', channels: ['sms', 'voice'] },
      { name: '村主任', role: 'flood_chief', code: village, superior: '镇指挥', channels: ['sms', 'voice'] },
      { name: '网格员', role: 'grid_worker', code: village, superior: '村主任', channels: ['sms'] },
    ]);
    const w = await releaseRed(first, [village]);
    expect((await dispatchPending(first.deps)).sent).toBe(2);
    const warningId = w.id;

    // Restart: the first process goes away; a second one opens the same database.
    const rt = await proc.restart();

    clock.advanceMinutes(4);
    expect(await rt.deps.jobs.runDue()).toBe(0); // red: 5 minutes to acknowledge

    clock.advanceMinutes(1);
    await rt.deps.jobs.runDue();
    let rs = await recipients(rt, warningId);
    const byName = (n: string, kind = 'target') => rs.find((r) => r.name === n && r.kind === kind);
    expect(byName('村主任')).toMatchObject({ state: 'pending', step: 1, overdue: true });
    expect(byName('网格员')).toMatchObject({ state: 'not_reached' }); // one channel only: ladder done
    expect(byName('村主任', 'escalation')).toMatchObject({ state: 'pending', escalated_from: byName('网格员')?.id });
    expect((await dispatchPending(rt.deps)).sent).toBe(2); // voice call to 村主任 + escalation SMS to him

    const voice = await rt.deps.db
      .selectFrom('delivery_attempts')
      .selectAll()
      .where('recipient_id', '=', byName('村主任')?.id as string)
      .orderBy('step')
      .execute();
    expect(voice.map((a) => [a.channel, a.state])).toEqual([
      ['sms', 'sent'],
      ['voice', 'sent'],
    ]);

    clock.advanceMinutes(2); // red: 2 minutes after the last channel
    await rt.deps.jobs.runDue();
    rs = await recipients(rt, warningId);
    expect(byName('村主任')).toMatchObject({ state: 'not_reached' });
    expect(byName('镇指挥', 'escalation')).toMatchObject({ state: 'pending', escalated_from: byName('村主任')?.id });
    const live = await rt.deps.db
      .selectFrom('jobs')
      .select('run_at')
      .where('dedup_key', '=', `warnings:ladder:${warningId}`)
      .where('status', '=', 'pending')
      .execute();
    expect(live).toHaveLength(1); // one live ladder job per warning

    // 村主任 answers late: his own escalation (to 镇指挥) is called off; he is no longer on the 未叫醒 list.
    const ctxBoard = actorCtx(rt.deps, APPROVER);
    await rt.deps.db
      .updateTable('warning_recipients')
      .set({ user_id: APPROVER })
      .where('id', '=', byName('村主任')?.id as string)
      .execute();
    await ackInApp(ctxBoard, byName('村主任')?.id as string);
    rs = await recipients(rt, warningId);
    expect(byName('村主任')).toMatchObject({ state: 'acknowledged', ack_via: 'inapp' });
    expect(byName('镇指挥', 'escalation')?.state).toBe('closed');
    expect(rs.filter((r) => r.state === 'not_reached').map((r) => r.name)).toEqual(['网格员']);

    // Nobody answers the escalation about 网格员: it climbs 村主任 → 镇指挥 → 区指挥 and then stops.
    for (let i = 0; i < 12; i++) {
      clock.advanceMinutes(5);
      await rt.deps.jobs.runDue();
      await dispatchPending(rt.deps);
    }
    rs = await recipients(rt, warningId);
    expect(rs.filter((r) => r.kind === 'escalation').map((r) => [r.name, r.state])).toEqual([
      ['村主任', 'not_reached'],
      ['镇指挥', 'closed'],
      ['镇指挥', 'not_reached'],
      ['区指挥', 'not_reached'],
    ]);
    expect(
      await rt.deps.db.selectFrom('jobs').select('id').where('dedup_key', '=', `warnings:ladder:${warningId}`).where('status', '=', 'pending').execute(),
    ).toEqual([]);
    // The quarter's acknowledgement rate per town is stored for assessment.
    const stats = await rt.deps.db.selectFrom('warning_ack_stats').selectAll().where('town_code', '=', TOWN_A).execute();
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ quarter: '2026Q3', warnings: 1, recipients: 2, acknowledged: 1, on_time: 0, not_reached: 1 });
  }, 120_000); // opens a fresh PGlite data directory twice (migrations included)
});

describe('idempotent delivery', () => {
  let rt: TestRuntime;
  let server: http.Server;
  const posts: { url: string; key: string | undefined; body: Record<string, unknown> }[] = [];
  const accepted = new Map<string, string>();
  let failNext = false;
  let base = '';

  beforeAll(async () => {
    rt = await testRuntime({ clock: new FakeClock('2026-07-11T02:00:00Z') });
    server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => {
        if (req.method === 'GET') {
          const id = req.url?.split('/').pop() ?? '';
          const found = accepted.get(id);
          res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
          return res.end(JSON.stringify(found ? { messageId: found, status: 'DELIVERED' } : { error: 'not found' }));
        }
        if (failNext) {
          failNext = false;
          res.writeHead(503);
          return res.end('busy');
        }
        const body = JSON.parse(data || '{}');
        posts.push({ url: req.url ?? '', key: req.headers['idempotency-key'] as string | undefined, body });
        if (req.url?.startsWith('/sms')) {
          const id = `gw-${posts.length}`;
          accepted.set(String(body.clientMsgId), id);
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ messageId: id, status: 'ACCEPTED' }));
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const s = await getSettings(rt.deps.db);
    await putSetting(
      rt.deps.db,
      'settings',
      {
        ...s,
        publicBaseUrl: 'https://anlan.example.gov.cn', // live channels send only absolute links
        channels: { ...s.channels, sms: { mode: 'live', url: `${base}/sms` }, wecom: { mode: 'live', url: `${base}/wecom` } },
      },
      null,
      rt.deps.clock.now(),
    );
  });
  afterAll(async () => {
    server.close();
    await rt?.dispose();
  });

  it('a crash between "sent" and "recorded" never sends the same attempt twice', async () => {
    const [village] = await make.villagesOf(rt.deps.db, TOWN_A);
    await make.persons(rt.deps.db, [
      { name: '短信村主任', role: 'flood_chief', code: village, channels: ['sms'] },
      { name: '企微网格员', role: 'grid_worker', code: village, channels: ['wecom'] },
    ]);
    const w = await releaseRed(rt, [village]);

    // The process dies after each provider accepted, before the result is written.
    await expect(
      dispatchPending(rt.deps, {
        afterProviderSend: () => {
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(posts).toHaveLength(2);
    const sms = posts.find((p) => p.url.startsWith('/sms'));
    expect(sms?.key).toBe(sms?.body.clientMsgId); // the attempt id is the idempotency key
    expect(sms?.body.content).toMatch(/山洪红色预警/);
    expect(String(sms?.body.content).match(/红色/g)).toHaveLength(1); // the level said once
    expect(sms?.body.content).toContain('https://anlan.example.gov.cn/ack/');
    const wecom = posts.find((p) => p.url.startsWith('/wecom'))?.body as { msgtype: string; text: { mentioned_mobile_list: string[] } };
    expect(wecom.msgtype).toBe('text');
    expect(wecom.text.mentioned_mobile_list).toHaveLength(1);
    let attempts = await rt.deps.db.selectFrom('delivery_attempts').selectAll().where('warning_id', '=', w.id).execute();
    expect(attempts.map((a) => a.state)).toEqual(['sending', 'sending']);

    // Still within the lease: nothing is picked up again.
    expect(await dispatchPending(rt.deps)).toEqual({ sent: 0, failed: 0 });

    // After the restart (lease run out): SMS is looked up at the gateway, WeCom is assumed sent.
    rt.clock.advanceMinutes(3);
    expect((await dispatchPending(rt.deps)).sent).toBe(2);
    expect(posts).toHaveLength(2);
    attempts = await rt.deps.db.selectFrom('delivery_attempts').selectAll().where('warning_id', '=', w.id).orderBy('channel').execute();
    expect(attempts.map((a) => [a.channel, a.state])).toEqual([
      ['sms', 'sent'],
      ['wecom', 'sent'],
    ]);
    expect(attempts[0].provider_id).toBe(accepted.get(attempts[0].id));
    expect(attempts[1].provider_id).toBe(`assumed:${attempts[1].id}`);

    // Claimed but never handed to the gateway (crash before the send): the lookup says so, it goes once.
    await rt.deps.db
      .updateTable('delivery_attempts')
      .set({ state: 'sending', lease_until: rt.clock.now(), sent_at: null, provider_id: null })
      .where('id', '=', attempts[0].id)
      .execute();
    accepted.delete(attempts[0].id);
    rt.clock.advanceMinutes(1);
    await dispatchPending(rt.deps);
    expect(posts).toHaveLength(3);
    expect(posts[2].key).toBe(attempts[0].id);
    await dispatchPending(rt.deps);
    expect(posts).toHaveLength(3); // sent is never sent again
  });

  it('a failed send is recorded and moves the person to the next channel at once', async () => {
    const [, village] = await make.villagesOf(rt.deps.db, TOWN_A);
    await make.persons(rt.deps.db, [{ name: '两级村主任', role: 'flood_chief', code: village, channels: ['sms', 'voice'] }]);
    const w = await releaseRed(rt, [village]);
    failNext = true;
    expect(await dispatchPending(rt.deps)).toEqual({ sent: 0, failed: 1 });
    const failed = await rt.deps.db.selectFrom('delivery_attempts').selectAll().where('warning_id', '=', w.id).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ state: 'failed', channel: 'sms' });
    expect(failed.error).toMatch(/503/);
    await rt.deps.jobs.runDue();
    const next = await rt.deps.db.selectFrom('delivery_attempts').selectAll().where('warning_id', '=', w.id).where('step', '=', 1).executeTakeFirstOrThrow();
    expect(next).toMatchObject({ channel: 'voice', state: 'pending' });
    expect((await dispatchPending(rt.deps)).sent).toBe(1); // voice is in outbox mode here
  });
});
