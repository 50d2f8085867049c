// `anlan simulate`: realistic sensor readings over MQTT (QoS 1) or HTTP ingest, with anomalies injected at a
// chosen rate, then a report of what was sent and acknowledged. Devices are discovered through the API with a
// token (--token / ANLAN_TOKEN, scopes monitoring:read monitoring:ingest), or without one from the running server
// (which holds a PGlite directory) or the database.
import type { Command } from 'commander';
import mqtt from 'mqtt';
import type { DeviceType } from '../shared/monitoring.ts';
import { PROFILE } from '../server/modules/monitoring/monitoring.seed.ts';
import { adminCall, config, fail, runningServer, withRuntime } from './common.ts';

interface SimOptions {
  devices: string;
  rate: string;
  anomalyRate: string;
  duration: string;
  http?: boolean;
  mqttUrl?: string;
  api?: string;
  token?: string;
}

async function discover(opts: SimOptions, n: number): Promise<{ id: string; type: DeviceType }[]> {
  const token = opts.token ?? process.env.ANLAN_TOKEN;
  if (token) {
    const api = opts.api ?? `http://127.0.0.1:${config().port}`;
    const res = await fetch(`${api}/api/monitoring/devices?pageSize=${Math.min(n, 500)}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) fail(`could not list devices: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { items: { id: string; type: DeviceType }[] }).items;
  }
  const server = runningServer(config());
  if (server) return (await (await adminCall(server, '/admin/monitoring/devices', { limit: n })).json()) as { id: string; type: DeviceType }[];
  return withRuntime(
    (rt) => rt.deps.db.selectFrom('monitoring_devices').select(['id', 'type']).where('disabled', '=', false).orderBy('id').limit(n).execute(),
    {
      migrate: false,
    },
  );
}

export function simulateCommand(program: Command) {
  program
    .command('simulate')
    .description(
      'publish realistic sensor readings (MQTT QoS 1, or --http) with anomalies, and report what was sent. ' +
        'Run it while the server runs (`npm start` in another terminal): readings go to its embedded broker, or MQTT_URL. ' +
        '--http needs a token with monitoring:ingest and monitoring:read: `anlan token create --user admin --scope monitoring:ingest monitoring:read`',
    )
    .option('--devices <n>', 'how many devices report', '50')
    .option('--rate <r>', 'readings per second in total', '100')
    .option('--anomaly-rate <p>', 'share of readings that break a rule (0–1)', '0.01')
    .option('--duration <s>', 'seconds to run', '30')
    .option('--http', 'send through POST /api/monitoring/ingest instead of MQTT (needs --token)')
    .option('--mqtt-url <url>', 'broker (default: MQTT_URL, else the embedded broker on ANLAN_MQTT_PORT)')
    .option('--api <url>', 'server base URL (default http://127.0.0.1:$PORT)')
    .option('--token <token>', 'API token (or ANLAN_TOKEN)')
    .action(async (opts: SimOptions) => {
      const n = Number(opts.devices);
      const rate = Number(opts.rate);
      const p = Number(opts.anomalyRate);
      const seconds = Number(opts.duration);
      if (!(n > 0 && rate > 0 && p >= 0 && p <= 1 && seconds > 0)) fail('--devices, --rate, --duration must be positive and --anomaly-rate between 0 and 1');
      const devices = (await discover(opts, n)).slice(0, n);
      if (!devices.length) fail('no devices to simulate: seed the demo data or import devices first');
      const cfg = config();
      const seqs = new Map<string, number>();
      const sent = { total: 0, anomalies: 0, acked: 0, failed: 0, stored: 0, duplicate: 0, rejected: 0 };
      const reading = (i: number) => {
        const d = devices[i % devices.length];
        const prof = PROFILE[d.type];
        const anomaly = Math.random() < p && d.type !== 'video';
        if (anomaly) sent.anomalies++;
        const v = anomaly ? prof.anomaly * (0.95 + Math.random() * 0.1) : Math.max(0, prof.base + (Math.random() - 0.5) * 2 * prof.noise);
        const seq = (seqs.get(d.id) ?? Date.now()) + 1;
        seqs.set(d.id, seq);
        return { deviceId: d.id, ts: Date.now(), seq, metrics: { [prof.metric]: Math.round(v * 100) / 100 } };
      };
      const started = Date.now();
      const total = Math.round(rate * seconds);
      const pending: Promise<unknown>[] = [];
      if (opts.http) {
        const token = opts.token ?? process.env.ANLAN_TOKEN;
        if (!token) fail('--http needs --token (or ANLAN_TOKEN) with scope monitoring:ingest');
        const api = opts.api ?? `http://127.0.0.1:${cfg.port}`;
        const perTick = Math.max(1, Math.round(rate / 10)); // batches every 100 ms
        for (let i = 0; i < total; i += perTick) {
          const batch = Array.from({ length: Math.min(perTick, total - i) }, (_, k) => reading(i + k));
          sent.total += batch.length;
          pending.push(
            fetch(`${api}/api/monitoring/ingest`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ readings: batch }),
            })
              .then(async (res) => {
                if (!res.ok) throw new Error(`${res.status}`);
                const r = (await res.json()) as { stored: number; duplicate: number; rejected: unknown[] };
                sent.acked += batch.length;
                sent.stored += r.stored;
                sent.duplicate += r.duplicate;
                sent.rejected += r.rejected.length;
              })
              .catch(() => (sent.failed += batch.length)),
          );
          const due = started + ((i + perTick) * 1000) / rate;
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        }
      } else {
        const url = opts.mqttUrl ?? cfg.mqttUrl ?? `mqtt://127.0.0.1:${cfg.mqttPort}`;
        const client = await mqtt
          .connectAsync(url, { clientId: `anlan-sim-${process.pid}` })
          .catch((e: Error) => fail(`cannot reach the broker at ${url}: ${e.message}`));
        for (let i = 0; i < total; i++) {
          const r = reading(i);
          sent.total++;
          pending.push(
            client.publishAsync(`anlan/telemetry/${r.deviceId}`, JSON.stringify(r), { qos: 1 }).then(
              () => sent.acked++,
              () => sent.failed++,
            ),
          );
          const due = started + ((i + 1) * 1000) / rate;
          if (due > Date.now() + 1) await new Promise((res) => setTimeout(res, due - Date.now()));
        }
        await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 10_000))]);
        await client.endAsync();
      }
      await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 10_000))]);
      const secs = (Date.now() - started) / 1000;
      console.log(`simulated ${devices.length} devices over ${opts.http ? 'HTTP' : 'MQTT'} for ${secs.toFixed(1)} s`);
      console.log(
        `  sent ${sent.total} readings (${(sent.total / secs).toFixed(0)}/s), anomalies ${sent.anomalies}, acknowledged ${sent.acked}, failed ${sent.failed}`,
      );
      if (opts.http) console.log(`  server: stored ${sent.stored}, duplicate ${sent.duplicate}, rejected ${sent.rejected}`);
    });
}
