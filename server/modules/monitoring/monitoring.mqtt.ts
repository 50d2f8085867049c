// MQTT ingress. Topics: `anlan/telemetry/{deviceId}` (JSON reading) and `anlan/status/{deviceId}`
// ("online"/"offline" or {"online": bool}). QoS 1 end to end: PUBACK only after the reading's batch committed.
//  - MQTT_URL set: subscribe to the external broker with the shared subscription `$share/anlan/anlan/telemetry/#`
//    and a persistent session (so the broker keeps unacknowledged readings across our restarts).
//  - otherwise: an embedded Aedes broker; readings are committed inside authorizePublish, before Aedes PUBACKs.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { Aedes } from 'aedes';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Deps } from '../../platform/context.ts';
import type { Ingestor } from './monitoring.ingest.ts';
import { setDeviceStatus } from './monitoring.repo.ts';

export const TELEMETRY_PREFIX = 'anlan/telemetry/';
export const STATUS_PREFIX = 'anlan/status/';
/**
 * The broker keeps our session (and queues readings for it) this long after we disconnect or die, so a
 * restart loses nothing. Mosquitto also round-robins shared-subscription messages to a member that is
 * offline with a live session: a process that is gone for good should be replaced within this time.
 */
export const SESSION_EXPIRY_S = 3600;

interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface MqttIngress {
  stop(): Promise<void>;
  /** Embedded broker port (0 when not listening). */
  port: number;
  kind: 'external' | 'embedded' | 'none';
}

function statusOf(payload: Buffer): boolean | undefined {
  const text = payload.toString().trim();
  if (text === 'online') return true;
  if (text === 'offline') return false;
  try {
    const o = JSON.parse(text) as { online?: unknown };
    return typeof o.online === 'boolean' ? o.online : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Subscribe to an external broker. MQTT.js handles incoming packets one at a time and sends the PUBACK
 * right after handleMessage's callback; waiting there for the commit would allow one reading per batch.
 * So handleMessage queues the reading and returns, and the PUBACK for that packet id is held back in
 * _sendPacket until the reading's batch has committed (dropped if the connection changed meanwhile: the
 * broker redelivers to the new connection, and the duplicate is dropped by the (device_id, seq) key).
 */
export async function connectExternal(
  deps: Deps,
  ingestor: Ingestor,
  log: Logger,
  opts: {
    url: string;
    clientId?: string;
    protocolVersion?: 4 | 5;
    /** false for brokers without $share (Aedes in tests) */
    shared?: boolean;
    /** Shared-subscription group (default "anlan"); every process of one installation uses the same group. */
    group?: string;
  },
): Promise<MqttIngress> {
  const clientId = opts.clientId ?? `anlan-${os.hostname()}-${deps.config.port}`;
  const options: IClientOptions = {
    clientId,
    clean: false,
    // MQTT 5: a large receive maximum lets the broker keep many readings in flight while a batch commits.
    ...((opts.protocolVersion ?? 5) === 5
      ? { protocolVersion: 5, properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: 65535 } }
      : { protocolVersion: 4 }),
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  };
  const client: MqttClient = mqtt.connect(opts.url, { ...options, manualConnect: true });
  type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]) => void;
  const internals = client as unknown as { _sendPacket: SendPacket };
  let generation = 0;
  const held = new Map<number, { gen: number; done: Promise<unknown> }>();
  client.handleMessage = (packet, callback) => {
    if (packet.cmd !== 'publish') return callback();
    const topic = packet.topic;
    const id = packet.messageId;
    let done: Promise<unknown> = Promise.resolve();
    if (topic.startsWith(TELEMETRY_PREFIX)) done = ingestor.submitRaw(packet.payload as Buffer, topic.slice(TELEMETRY_PREFIX.length));
    else if (topic.startsWith(STATUS_PREFIX)) {
      const online = statusOf(packet.payload as Buffer);
      if (online !== undefined)
        done = setDeviceStatus(deps, topic.slice(STATUS_PREFIX.length), online).catch((err) => log.warn({ err }, 'status update failed'));
    }
    if (packet.qos > 0 && id !== undefined) held.set(id, { gen: generation, done });
    callback();
  };
  const send = internals._sendPacket.bind(client);
  internals._sendPacket = (packet, cb, ...rest) => {
    const h = packet.cmd === 'puback' && packet.messageId !== undefined ? held.get(packet.messageId) : undefined;
    if (!h) return send(packet, cb, ...rest);
    held.delete(packet.messageId as number);
    cb?.(); // let MQTT.js read the next packet now
    h.done.then(
      () => {
        if (h.gen === generation && client.connected) send(packet, undefined, ...rest);
      },
      (err: unknown) => log.warn({ err, messageId: packet.messageId }, 'reading not committed; not acknowledged (the broker will redeliver)'),
    );
  };
  client.on('connect', () => {
    const g = opts.group ?? 'anlan';
    const topics =
      opts.shared === false ? [`${TELEMETRY_PREFIX}#`, `${STATUS_PREFIX}#`] : [`$share/${g}/${TELEMETRY_PREFIX}#`, `$share/${g}/${STATUS_PREFIX}#`];
    client.subscribe(topics, { qos: 1 }, (err) => {
      if (err) log.error({ err }, 'MQTT subscribe failed');
    });
    log.info({ url: redact(opts.url), clientId, topics }, 'MQTT ingest subscribed');
  });
  client.on('close', () => {
    generation++;
    held.clear();
  });
  client.on('error', (err) => log.warn({ err: err.message }, 'MQTT connection error'));
  client.connect();
  return {
    kind: 'external',
    port: 0,
    stop: async () => {
      await ingestor.drained();
      await new Promise((r) => setTimeout(r, 20)); // let the last PUBACKs go out
      await client.endAsync();
    },
  };
}

const redact = (u: string) => u.replace(/\/\/[^@/]*@/, '//***@');

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The embedded broker. Devices authenticate as username = device id, password = its secret; loopback may connect anonymously. */
export async function startEmbedded(deps: Deps, ingestor: Ingestor, log: Logger, port: number): Promise<MqttIngress> {
  const broker = await Aedes.createBroker({ id: `anlan-${randomBytes(4).toString('hex')}` });
  broker.authenticate = (client, username, password, done) => {
    const remote = (client as unknown as { conn?: { remoteAddress?: string } }).conn?.remoteAddress ?? '';
    const loopback = remote === '127.0.0.1' || remote === '::1' || remote.startsWith('::ffff:127.');
    if (!username) return done(null, loopback);
    deps.db
      .selectFrom('monitoring_devices')
      .select(['secret_hash'])
      .where('id', '=', username)
      .where('disabled', '=', false)
      .executeTakeFirst()
      .then(
        (d) => {
          const ok = !!d?.secret_hash && !!password && d.secret_hash === sha256(password.toString());
          if (ok) (client as unknown as { _anlanUser?: string })._anlanUser = username;
          done(null, ok);
        },
        () => done(null, false),
      );
  };
  broker.authorizePublish = (client, packet, done) => {
    const topic = packet.topic;
    if (topic.startsWith(TELEMETRY_PREFIX)) {
      const deviceId = topic.slice(TELEMETRY_PREFIX.length);
      const user = (client as unknown as { _anlanUser?: string } | null)?._anlanUser;
      if (user && user !== deviceId) return done(new Error('a device may only publish its own telemetry'));
      // Aedes sends the PUBACK after this callback: commit first. An error here disconnects the
      // publisher, which then resends (at-least-once); the (device_id, seq) key drops the duplicate.
      ingestor.submitRaw(packet.payload as Buffer, deviceId).then(
        () => done(null),
        (err: Error) => done(err),
      );
      return;
    }
    if (topic.startsWith(STATUS_PREFIX)) {
      const online = statusOf(packet.payload as Buffer);
      if (online === undefined) return done(null);
      setDeviceStatus(deps, topic.slice(STATUS_PREFIX.length), online).then(
        () => done(null),
        (err: Error) => done(err),
      );
      return;
    }
    done(null);
  };
  const server = net.createServer(broker.handle);
  const listening = await new Promise<number>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      log.warn(
        { port, code: err.code },
        `embedded MQTT broker could not listen on port ${port} (${err.code}); MQTT ingest is off, HTTP ingest (POST /api/monitoring/ingest) still works`,
      );
      resolve(0);
    });
    server.listen(port, () => resolve((server.address() as net.AddressInfo).port));
  });
  if (listening) log.info({ port: listening }, 'embedded MQTT broker listening');
  return {
    kind: listening ? 'embedded' : 'none',
    port: listening,
    stop: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
      await ingestor.drained();
    },
  };
}
