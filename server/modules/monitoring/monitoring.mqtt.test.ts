// QoS 1 end to end: our PUBACK (external broker) and the broker's PUBACK to the publisher (embedded) are
// sent only after the reading's batch committed. The "external" broker here is an Aedes on a free port,
// because Aedes tells us when a subscriber's PUBACK arrives; Mosquitto is exercised by the crash test and bench.
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { connectExternal, startEmbedded } from './monitoring.mqtt.ts';
import { ingestorOf, logOf } from './monitoring.runtime.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => Promise<boolean> | boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await wait(20);
  }
  throw new Error('condition not met in time');
}

describe('MQTT ingest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    const admin = await userSession(t, { roles: ['district_admin'] });
    for (const id of ['M-1', 'M-2']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/monitoring/devices',
        headers: admin.headers,
        payload: { id, name: id, type: 'gas', ownerKind: 'place', placeName: '点位', jurisdictionCode: '330203009' },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await ingestorOf(t.deps).stop();
    await t.dispose();
  });
  const count = async (id: string) =>
    Number(
      (
        await t.deps.db
          .selectFrom('monitoring_readings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('device_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('external broker: the subscriber PUBACKs a reading only after its batch committed', async () => {
    const broker = await Aedes.createBroker();
    const server = net.createServer(broker.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const acks: number[] = [];
    broker.on('ack', (packet, client) => {
      if (packet && client?.id.startsWith('anlan-test')) acks.push(Date.now());
    });
    const ingestor = ingestorOf(t.deps);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    ingestor.beforeCommit = () => gate;
    const ingress = await connectExternal(t.deps, ingestor, logOf(t.deps), {
      url: `mqtt://127.0.0.1:${port}`,
      clientId: 'anlan-test-1',
      protocolVersion: 4,
      shared: false,
    });
    await until(() => broker.connectedClients >= 1);
    await wait(100); // subscription in place
    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'pub-1' });
    for (let i = 1; i <= 20; i++)
      await pub.publishAsync('anlan/telemetry/M-1', JSON.stringify({ ts: t.clock.now().getTime() - 1000 + i, seq: i, metrics: { lel: 1 } }), { qos: 1 });
    await wait(300);
    // The batch transaction is held open (PGlite's one connection is busy, so no query here): nothing acknowledged.
    expect(acks).toHaveLength(0);
    const releasedAt = Date.now();
    release();
    await until(() => acks.length === 20);
    expect(Math.min(...acks)).toBeGreaterThanOrEqual(releasedAt);
    expect(await count('M-1')).toBe(20);
    ingestor.beforeCommit = undefined;
    await pub.endAsync();
    await ingress.stop();
    await new Promise<void>((r) => broker.close(() => r()));
    server.close();
  });

  it('embedded broker: the publisher gets PUBACK only after commit; malformed messages never block good ones', async () => {
    const ingestor = ingestorOf(t.deps);
    const ingress = await startEmbedded(t.deps, ingestor, logOf(t.deps), 0);
    expect(ingress.kind).toBe('embedded');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    ingestor.beforeCommit = () => gate;
    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingress.port}`, { clientId: 'pub-2' });
    let acked = 0;
    const sends = [];
    for (let i = 1; i <= 10; i++)
      sends.push(
        pub
          .publishAsync('anlan/telemetry/M-2', JSON.stringify({ ts: t.clock.now().getTime() - 1000 + i, seq: i, metrics: { lel: 2 } }), { qos: 1 })
          .then(() => acked++),
      );
    await wait(300);
    expect(acked).toBe(0);
    release();
    await Promise.all(sends);
    expect(await count('M-2')).toBe(10);
    ingestor.beforeCommit = undefined;
    // Garbage of every kind, interleaved with good readings: all acknowledged, good ones stored, the rest counted.
    const bad = [
      'not json',
      JSON.stringify({ ts: 'x', metrics: {} }),
      JSON.stringify({ ts: t.clock.now().getTime(), metrics: { lel: 1 } }),
      'x'.repeat(40_000),
      JSON.stringify({ ts: t.clock.now().getTime() + 864e5, seq: 99, metrics: { lel: 1 } }),
    ];
    const topics = ['anlan/telemetry/M-2', 'anlan/telemetry/M-2', 'anlan/telemetry/NOPE', 'anlan/telemetry/M-2', 'anlan/telemetry/M-2'];
    const before = { ...ingestor.totals.rejectsByReason };
    for (let i = 0; i < bad.length; i++) {
      await pub.publishAsync(topics[i], bad[i], { qos: 1 });
      await pub.publishAsync('anlan/telemetry/M-2', JSON.stringify({ ts: t.clock.now().getTime() - 500 + i, seq: 100 + i, metrics: { lel: 3 } }), { qos: 1 });
    }
    expect(await count('M-2')).toBe(15);
    const after = ingestor.totals.rejectsByReason;
    for (const reason of ['not_json', 'bad_shape', 'unknown_device', 'too_large', 'future_ts'])
      expect((after[reason] ?? 0) - (before[reason] ?? 0), reason).toBe(1);
    await pub.endAsync();
    await ingress.stop();
  });

  it('embedded broker on a taken port: says so and carries on', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const lines: string[] = [];
    const log = { info() {}, error() {}, warn: (_o: unknown, msg?: string) => lines.push(msg ?? '') };
    const ingress = await startEmbedded(t.deps, ingestorOf(t.deps), log, port);
    expect(ingress.kind).toBe('none');
    expect(lines.join('\n')).toMatch(/could not listen on port \d+.*HTTP ingest/);
    await ingress.stop();
    blocker.close();
  });
});
