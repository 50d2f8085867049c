// Telemetry ingest: every reading (MQTT or HTTP) goes through one Ingestor per process. Readings queue up
// and are committed in batches (by size or after a few ms) in one short transaction: readings (ON CONFLICT
// DO NOTHING on (device_id, seq)), rule state, alarms. Each reading's promise settles only after its batch
// committed — the MQTT layers send PUBACK on that, never before. Malformed messages are counted (table +
// Prometheus), logged at most once per reason every 10 s, and settled at once so they never block good ones.
import type { LiveAlarm } from '../../../shared/monitoring.dto.ts';
import { sql, type Transaction } from 'kysely';
import { v7 } from 'uuid';
import { INGEST_LIMITS, type DeviceType, TRIAGE_SLA_MINUTES } from '../../../shared/monitoring.ts';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../platform/context.ts';
import { insertHistory, SYSTEM_ACTOR } from '../../platform/history.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { devicesInMaintenance, inMaintenance } from './monitoring.groups.ts';
import { ALARM_AGGREGATE } from './monitoring.repo.ts';
import { type AlarmOp, emptyState, evaluate, type Rule, type RuleState, rulesFor } from './monitoring.rules.ts';
import type { MetricDef } from './monitoring.tables.ts';

export type RejectReason = 'too_large' | 'not_json' | 'bad_shape' | 'unknown_device' | 'future_ts' | 'stale_ts' | 'topic_mismatch';
export type IngestResult = 'stored' | 'duplicate' | RejectReason;

export interface Reading {
  deviceId: string;
  seq: number;
  ts: Date;
  metrics: Record<string, number>;
}

interface Pending extends Reading {
  resolve(r: IngestResult): void;
  reject(e: Error): void;
}

interface DeviceInfo {
  id: string;
  type: DeviceType;
  jurisdiction_code: string;
  enterprise_id: string | null;
  name: string;
  units: Record<string, string>;
}

/** What the live feed and the SLA timers get about an alarm (shared/monitoring.dto.ts LiveAlarmDto; a type only). */
export type AlarmEvent = LiveAlarm;

export const ALARM_EVENT = 'monitoring.alarm';

interface Logger {
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface IngestOptions {
  batchSize?: number;
  lingerMs?: number;
  log?: Logger;
}

const RULE_REFRESH_MS = 30_000;
const DEVICE_FLUSH_MS = 2_000;

export class Ingestor {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private devices = new Map<string, DeviceInfo>();
  private rules: Rule[] = [];
  /** Maintenance windows by device (reloaded with the rules): a breach inside one raises no alarm. */
  private maintenance = new Map<string, { from: Date; to: Date }[]>();
  private rulesAt = 0;
  /** Last seen time and values per device, written to monitoring_devices every couple of seconds. */
  private seen = new Map<string, { at: Date; values: Record<string, number> }>();
  private seenTimer: NodeJS.Timeout | undefined;
  private rejects = new Map<string, { count: number; sample: string }>();
  private loggedAt = new Map<string, number>();
  readonly totals = { stored: 0, duplicate: 0, rejected: 0, batches: 0, rejectsByReason: {} as Record<string, number> };
  private stopped = false;
  /**
   * PGlite: one process owns the database, so rule state is cached here (loaded once per device, written on
   * transitions) instead of read under lock in every batch. PostgreSQL: read under lock per batch, because
   * several processes may share the subscription.
   */
  private readonly ownsState: boolean;
  private stateCache = new Map<string, RuleState>();
  private cachedDevices = new Set<string>();
  private stateGen = 0;
  readonly batchSize: number;
  readonly lingerMs: number;
  /** Test hook: runs inside each batch transaction before commit. */
  beforeCommit: (() => Promise<void>) | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly opts: IngestOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 500;
    this.lingerMs = opts.lingerMs ?? 5;
    this.ownsState = deps.dbKind === 'pglite';
    this.seenTimer = setInterval(() => void this.flushSeen().catch((err) => this.opts.log?.error({ err }, 'device last-seen update failed')), DEVICE_FLUSH_MS);
    this.seenTimer.unref();
  }

  /** Parse and queue one message (topic `anlan/telemetry/{deviceId}` or HTTP). Settles after commit. */
  submitRaw(payload: Buffer | string | unknown, topicDeviceId?: string): Promise<IngestResult> {
    const parsed = parseReading(payload, topicDeviceId, this.deps.clock.now());
    if (typeof parsed === 'string') {
      this.countReject(parsed, payload);
      return Promise.resolve(parsed);
    }
    return this.submit(parsed);
  }

  submit(r: Reading): Promise<IngestResult> {
    if (this.stopped) return Promise.reject(new Error('ingest stopped'));
    return new Promise((resolve, reject) => {
      this.queue.push({ ...r, resolve, reject });
      if (this.queue.length >= this.batchSize) this.kick();
      else this.timer ??= setTimeout(() => this.kick(), this.lingerMs);
    });
  }

  private kick() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
      if (this.queue.length) this.kick();
    });
  }

  private async drain() {
    let first = true;
    while (this.queue.length) {
      // After a commit, give the socket a moment to deliver more readings before cutting the next batch
      // (on PGlite the database runs on this thread, so nothing was parsed while it worked).
      if (!first && this.queue.length < this.batchSize) await new Promise((r) => setTimeout(r, this.lingerMs));
      first = false;
      const batch = this.queue.splice(0, this.batchSize * 4);
      try {
        await this.commit(batch);
      } catch (err) {
        // Not committed: nothing is acknowledged. MQTT redelivers; HTTP callers get an error and retry.
        this.opts.log?.error({ err, readings: batch.length }, 'telemetry batch failed');
        for (const p of batch) p.reject(err as Error);
      }
    }
  }

  /** Wait until everything queued so far is committed. */
  async drained() {
    while (this.queue.length || this.flushing) {
      if (!this.flushing) this.kick();
      await this.flushing;
    }
  }

  private async ensureRules() {
    if (Date.now() - this.rulesAt < RULE_REFRESH_MS && this.rulesAt) return;
    this.rules = (await this.deps.db.selectFrom('monitoring_rules').selectAll().where('enabled', '=', true).execute()) as Rule[];
    this.maintenance = await devicesInMaintenance(this.deps.db, this.deps.clock.now());
    this.rulesAt = Date.now();
  }

  /** Rules or devices changed: reload on the next batch. */
  invalidate(deviceId?: string) {
    this.rulesAt = 0;
    if (deviceId) this.devices.delete(deviceId);
    else this.devices.clear();
    this.forgetState();
  }

  /** Rule state was changed outside ingest (an alarm closed, the offline sweep): reload it from the table. */
  forgetState() {
    this.stateGen++;
    this.stateCache.clear();
    this.cachedDevices.clear();
  }

  private async loadDevices(ids: string[]) {
    const missing = ids.filter((id) => !this.devices.has(id));
    if (!missing.length) return;
    const rows = await this.deps.db
      .selectFrom('monitoring_devices')
      .select(['id', 'type', 'jurisdiction_code', 'enterprise_id', 'name', 'metrics'])
      .where('id', 'in', missing)
      .where('disabled', '=', false)
      .execute();
    for (const d of rows) {
      const units: Record<string, string> = {};
      for (const m of (d.metrics ?? []) as MetricDef[]) units[m.name] = m.unit;
      this.devices.set(d.id, { id: d.id, type: d.type, jurisdiction_code: d.jurisdiction_code, enterprise_id: d.enterprise_id, name: d.name, units });
    }
  }

  private async commit(batch: Pending[]) {
    await this.ensureRules();
    await this.loadDevices([...new Set(batch.map((p) => p.deviceId))]);
    const results = new Map<Pending, IngestResult>();
    const seenKeys = new Set<string>();
    const good: Pending[] = [];
    for (const p of batch) {
      if (!this.devices.has(p.deviceId)) {
        results.set(p, 'unknown_device');
        this.countReject('unknown_device', p.deviceId);
        continue;
      }
      const key = `${p.deviceId}\u0000${p.seq}`;
      if (seenKeys.has(key)) {
        results.set(p, 'duplicate');
        continue;
      }
      seenKeys.add(key);
      good.push(p);
    }
    const rejects = this.takeRejects();
    const events: AlarmEvent[] = [];
    const gen = this.stateGen;
    let ruleResult: { finals: Map<string, RuleState>; loaded: string[] } | undefined;
    const now = this.deps.clock.now();

    await this.deps.db.transaction().execute(async (trx) => {
      const fresh = new Set<string>();
      if (good.length) {
        const ins = await sql<{ device_id: string; seq: string | number }>`
          insert into monitoring_readings (device_id, seq, ts, metrics)
          select * from unnest(${good.map((p) => p.deviceId)}::text[], ${good.map((p) => p.seq)}::bigint[],
            ${good.map((p) => p.ts.toISOString())}::timestamptz[], ${good.map((p) => JSON.stringify(p.metrics))}::jsonb[])
          on conflict (device_id, seq) do nothing
          returning device_id, seq`.execute(trx);
        for (const r of ins.rows) fresh.add(`${r.device_id}\u0000${Number(r.seq)}`);
      }
      const stored = good.filter((p) => fresh.has(`${p.deviceId}\u0000${p.seq}`));
      for (const p of good) results.set(p, fresh.has(`${p.deviceId}\u0000${p.seq}`) ? 'stored' : 'duplicate');

      // Rules: only newly stored readings, per device in time order, against state loaded under lock.
      const byDevice = new Map<string, Pending[]>();
      for (const p of stored) {
        const dev = this.devices.get(p.deviceId) as DeviceInfo;
        if (rulesFor(this.rules, dev).length === 0) continue;
        const list = byDevice.get(p.deviceId) ?? [];
        list.push(p);
        byDevice.set(p.deviceId, list);
      }
      if (byDevice.size) ruleResult = await this.applyRules(trx, byDevice, now, events);

      if (rejects.length) {
        await sql`insert into monitoring_ingest_rejects (reason, count, last_at, last_sample)
          select * from unnest(${rejects.map((r) => r.reason)}::text[], ${rejects.map((r) => r.count)}::bigint[],
            ${rejects.map(() => now.toISOString())}::timestamptz[], ${rejects.map((r) => r.sample)}::text[])
          on conflict (reason) do update set count = monitoring_ingest_rejects.count + excluded.count,
            last_at = excluded.last_at, last_sample = excluded.last_sample`.execute(trx);
      }
      if (this.beforeCommit) await this.beforeCommit();
    });

    this.totals.batches++;
    if (this.ownsState && ruleResult) {
      if (gen !== this.stateGen)
        this.forgetState(); // changed meanwhile: reload rather than trust this batch's view
      else {
        for (const id of ruleResult.loaded) this.cachedDevices.add(id);
        for (const [k, v] of ruleResult.finals) this.stateCache.set(k, v);
      }
    }
    for (const p of batch) {
      const r = results.get(p) as IngestResult;
      if (r === 'stored') {
        this.totals.stored++;
        const cur = this.seen.get(p.deviceId);
        if (!cur || cur.at < p.ts) this.seen.set(p.deviceId, { at: p.ts, values: p.metrics });
      } else if (r === 'duplicate') this.totals.duplicate++;
      p.resolve(r);
    }
    for (const e of events) this.deps.events.deliver(ALARM_EVENT, e);
  }

  private async applyRules(
    trx: Transaction<DB>,
    byDevice: Map<string, Pending[]>,
    now: Date,
    events: AlarmEvent[],
  ): Promise<{ finals: Map<string, RuleState>; loaded: string[] }> {
    const ids = [...byDevice.keys()];
    const toLoad = this.ownsState ? ids.filter((id) => !this.cachedDevices.has(id)) : ids;
    const states = new Map<string, RuleState>();
    if (toLoad.length) {
      // PostgreSQL: lock the devices' state rows so processes sharing the subscription serialise per device.
      const rows = await sql<{ device_id: string; rule_id: string; active: boolean; since: Date | null; last_value: number | null; last_ts: Date | null }>`
        select device_id, rule_id, active, since, last_value, last_ts from monitoring_rule_state
        where device_id = any(${toLoad}::text[]) order by device_id, rule_id ${this.ownsState ? sql`` : sql`for update`}`.execute(trx);
      for (const r of rows.rows)
        states.set(`${r.device_id}\u0000${r.rule_id}`, { active: r.active, since: r.since, lastValue: r.last_value, lastTs: r.last_ts });
    }
    const stateOf = (key: string) => states.get(key) ?? (this.ownsState ? this.stateCache.get(key) : undefined) ?? emptyState();
    const changed = new Map<string, { deviceId: string; ruleId: string; s: RuleState }>();
    const ops: { dev: DeviceInfo; rule: Rule; op: AlarmOp; readingTs: Date }[] = [];
    const finals = new Map<string, RuleState>();
    for (const [deviceId, readings] of byDevice) {
      const dev = this.devices.get(deviceId) as DeviceInfo;
      readings.sort((a, b) => a.ts.getTime() - b.ts.getTime());
      for (const rule of rulesFor(this.rules, dev)) {
        const key = `${deviceId}\u0000${rule.id}`;
        let s = stateOf(key);
        const before = s;
        let last: AlarmOp | undefined;
        for (const p of readings) {
          const out = evaluate(rule, s, p.ts, p.metrics, rule.metric ? dev.units[rule.metric] : undefined);
          s = out.state;
          if (!out.op) continue;
          // Keep raises and clears in order; collapse consecutive touches into the last one.
          if (out.op.kind === 'touch' && last?.kind === 'touch') ops[ops.length - 1] = { dev, rule, op: out.op, readingTs: p.ts };
          else ops.push({ dev, rule, op: out.op, readingTs: p.ts });
          last = out.op;
        }
        // Persist what a restart needs: transitions (active/since) always; the last value only for rate rules.
        // Other rules' last value/ts move in every batch and are not worth a write per reading.
        const transition = s.active !== before.active || s.since?.getTime() !== before.since?.getTime();
        if (transition || (!this.ownsState && rule.kind === 'rate' && s !== before)) changed.set(key, { deviceId, ruleId: rule.id, s });
        finals.set(key, s);
      }
    }
    if (changed.size) {
      const list = [...changed.values()];
      await sql`insert into monitoring_rule_state (device_id, rule_id, active, since, last_value, last_ts, updated_at)
        select d, r::uuid, a, s, v, t, ${now} from unnest(${list.map((c) => c.deviceId)}::text[], ${list.map((c) => c.ruleId)}::text[],
          ${list.map((c) => c.s.active)}::boolean[], ${list.map((c) => c.s.since?.toISOString() ?? null)}::timestamptz[],
          ${list.map((c) => c.s.lastValue)}::float8[], ${list.map((c) => c.s.lastTs?.toISOString() ?? null)}::timestamptz[]) as x(d, r, a, s, v, t)
        on conflict (device_id, rule_id) do update set active = excluded.active, since = excluded.since,
          last_value = excluded.last_value, last_ts = excluded.last_ts, updated_at = excluded.updated_at`.execute(trx);
    }
    // A device under maintenance raises nothing (its rule state still moves, so the breach is not raised later).
    const kept = ops.filter((o) => o.op.kind !== 'raise' || !inMaintenance(this.maintenance, o.dev.id, o.readingTs));
    if (kept.length) await applyAlarmOps(trx, kept, now, events);
    return { finals, loaded: toLoad };
  }

  private countReject(reason: RejectReason, payload: unknown) {
    this.totals.rejected++;
    this.totals.rejectsByReason[reason] = (this.totals.rejectsByReason[reason] ?? 0) + 1;
    const sample = sampleOf(payload);
    const cur = this.rejects.get(reason);
    this.rejects.set(reason, { count: (cur?.count ?? 0) + 1, sample });
    const last = this.loggedAt.get(reason) ?? 0;
    if (Date.now() - last > 10_000) {
      this.loggedAt.set(reason, Date.now());
      this.opts.log?.warn({ reason, sample, total: this.totals.rejectsByReason[reason] }, 'telemetry message rejected');
    }
    // Rejects alone still reach the counters table (a flood of garbage with no good readings).
    this.timer ??= setTimeout(() => this.kick(), 200);
  }

  private takeRejects() {
    const out = [...this.rejects.entries()].map(([reason, v]) => ({ reason, ...v }));
    this.rejects.clear();
    return out;
  }

  private async flushSeen() {
    if (!this.seen.size) return;
    const list = [...this.seen.entries()];
    this.seen.clear();
    await sql`update monitoring_devices d set last_seen_at = greatest(coalesce(d.last_seen_at, x.t), x.t), online = true,
        last_values = case when d.last_seen_at is null or x.t >= d.last_seen_at then x.v else d.last_values end
      from unnest(${list.map(([id]) => id)}::text[], ${list.map(([, s]) => s.at.toISOString())}::timestamptz[],
        ${list.map(([, s]) => JSON.stringify(s.values))}::jsonb[]) as x(id, t, v)
      where d.id = x.id`.execute(this.deps.db);
  }

  /** Commit what is queued, write last-seen, refuse new readings. */
  async stop() {
    if (this.seenTimer) clearInterval(this.seenTimer);
    await this.drained();
    this.stopped = true;
    await this.flushSeen().catch(() => {});
  }
}

interface KeyOps {
  dev: DeviceInfo;
  rule: Rule;
  raises: number;
  first?: { value: number | null; ts: Date; message: string };
  last?: { value: number | null; ts: Date; message: string; readingTs: Date };
  touch?: { value: number; ts: Date };
  clearedAt: Date | null;
}

/**
 * A batch's alarm actions in a fixed number of statements, however many alarms: per device and rule the
 * raises, touches and clears collapse into one upsert (count += raises) or one update.
 */
async function applyAlarmOps(trx: Transaction<DB>, ops: { dev: DeviceInfo; rule: Rule; op: AlarmOp; readingTs: Date }[], now: Date, events: AlarmEvent[]) {
  const byKey = new Map<string, KeyOps>();
  for (const { dev, rule, op, readingTs } of ops) {
    const key = `${dev.id}\u0000${rule.id}`;
    const k = byKey.get(key) ?? { dev, rule, raises: 0, clearedAt: null };
    byKey.set(key, k);
    if (op.kind === 'raise') {
      k.raises++;
      k.first ??= { value: op.value, ts: op.ts, message: op.message };
      k.last = { value: op.value, ts: op.ts, message: op.message, readingTs };
      k.touch = undefined;
      k.clearedAt = null;
    } else if (op.kind === 'touch') k.touch = { value: op.value, ts: op.ts };
    else k.clearedAt = op.ts;
  }
  const raised = [...byKey.values()].filter((k) => k.raises > 0);
  const others = [...byKey.values()].filter((k) => k.raises === 0);
  if (raised.length) {
    const cols = raised.map((k) => {
      const first = k.first as NonNullable<KeyOps['first']>;
      const last = k.last as NonNullable<KeyOps['last']>;
      return {
        id: v7(),
        device: k.dev.id,
        rule: k.rule.id,
        jur: k.dev.jurisdiction_code,
        ent: k.dev.enterprise_id,
        sev: k.rule.severity,
        metric: k.rule.metric,
        message: last.message,
        first: first.value,
        lastValue: k.touch?.value ?? last.value,
        raisedAt: first.ts.toISOString(),
        lastAt: (k.touch?.ts ?? last.ts).toISOString(),
        cleared: k.clearedAt?.toISOString() ?? null,
        count: k.raises,
      };
    });
    const res = await sql<{ id: string; device_id: string; rule_id: string; count: number; status: string; raised_at: Date; inserted: boolean }>`
      insert into monitoring_alarms (id, device_id, rule_id, jurisdiction_code, enterprise_id, severity, metric, message,
        first_value, last_value, raised_at, last_at, cleared_at, count, created_at, updated_at)
      select x.id::uuid, x.device, x.rule::uuid, x.jur, x.ent::uuid, x.sev, x.metric, x.message, x.first, x.last_value, x.raised_at, x.last_at, x.cleared, x.count, ${now}, ${now}
      from unnest(${cols.map((c) => c.id)}::text[], ${cols.map((c) => c.device)}::text[], ${cols.map((c) => c.rule)}::text[], ${cols.map((c) => c.jur)}::text[],
        ${cols.map((c) => c.ent)}::text[], ${cols.map((c) => c.sev)}::text[], ${cols.map((c) => c.metric)}::text[], ${cols.map((c) => c.message)}::text[],
        ${cols.map((c) => c.first)}::float8[], ${cols.map((c) => c.lastValue)}::float8[], ${cols.map((c) => c.raisedAt)}::timestamptz[],
        ${cols.map((c) => c.lastAt)}::timestamptz[], ${cols.map((c) => c.cleared)}::timestamptz[], ${cols.map((c) => c.count)}::int[])
        as x(id, device, rule, jur, ent, sev, metric, message, first, last_value, raised_at, last_at, cleared, count)
      on conflict (device_id, rule_id) where status <> 'closed' do update set count = monitoring_alarms.count + excluded.count,
        last_value = excluded.last_value, last_at = excluded.last_at, message = excluded.message, cleared_at = excluded.cleared_at,
        updated_at = excluded.updated_at
      returning id, device_id, rule_id, count, status, raised_at, (xmax = 0) as inserted`.execute(trx);
    const rows = new Map(res.rows.map((r) => [`${r.device_id}\u0000${r.rule_id}`, r]));
    const evRows: Parameters<typeof insertHistory>[1] = [];
    const fresh: { id: string; severity: Rule['severity'] }[] = [];
    for (const k of raised) {
      const row = rows.get(`${k.dev.id}\u0000${k.rule.id}`);
      if (!row) continue;
      const last = k.last as NonNullable<KeyOps['last']>;
      evRows.push({
        aggregate: ALARM_AGGREGATE,
        aggregateId: row.id,
        at: now,
        action: row.inserted ? 'raised' : 'repeated',
        actor: SYSTEM_ACTOR,
        data: { value: last.value, ts: last.ts, times: k.raises },
      });
      if (row.inserted) fresh.push({ id: row.id, severity: k.rule.severity });
      events.push(toEvent({ ...row, severity: k.rule.severity, message: last.message, value: last.value }, k.dev, k.rule, last.readingTs));
    }
    await insertHistory(trx, evRows);
    if (fresh.length) {
      await sql`insert into jobs (kind, payload, run_at, dedup_key)
        select 'monitoring.alarm-sla', jsonb_build_object('alarmId', a, 'level', 1), r, 'alarm:' || a || ':sla'
        from unnest(${fresh.map((f) => f.id)}::text[], ${fresh.map((f) => new Date(now.getTime() + TRIAGE_SLA_MINUTES[f.severity] * 60_000).toISOString())}::timestamptz[]) as x(a, r)
        on conflict (dedup_key) where dedup_key is not null and status in ('pending', 'running') do nothing`.execute(trx);
    }
  }
  if (others.length) {
    await sql`update monitoring_alarms a set last_value = coalesce(x.v, a.last_value), last_at = coalesce(x.t, a.last_at),
        cleared_at = coalesce(x.c, a.cleared_at), updated_at = ${now}
      from unnest(${others.map((k) => k.dev.id)}::text[], ${others.map((k) => k.rule.id)}::text[], ${others.map((k) => k.touch?.value ?? null)}::float8[],
        ${others.map((k) => k.touch?.ts.toISOString() ?? null)}::timestamptz[], ${others.map((k) => k.clearedAt?.toISOString() ?? null)}::timestamptz[]) as x(d, r, v, t, c)
      where a.device_id = x.d and a.rule_id = x.r::uuid and a.status <> 'closed'`.execute(trx);
  }
}

async function raiseAlarm(trx: Transaction<DB>, a: { dev: DeviceInfo; rule: Rule; value: number | null; ts: Date; message: string; now: Date }) {
  const id = v7();
  const res = await sql<{ id: string; count: number; status: string; raised_at: Date; inserted: boolean }>`
    insert into monitoring_alarms (id, device_id, rule_id, jurisdiction_code, enterprise_id, severity, metric, message,
      first_value, last_value, raised_at, last_at, created_at, updated_at)
    values (${id}, ${a.dev.id}, ${a.rule.id}, ${a.dev.jurisdiction_code}, ${a.dev.enterprise_id}, ${a.rule.severity}, ${a.rule.metric},
      ${a.message}, ${a.value}, ${a.value}, ${a.ts}, ${a.ts}, ${a.now}, ${a.now})
    on conflict (device_id, rule_id) where status <> 'closed' do update set count = monitoring_alarms.count + 1,
      last_value = excluded.last_value, last_at = excluded.last_at, message = excluded.message, cleared_at = null, updated_at = excluded.updated_at
    returning id, count, status, raised_at, (xmax = 0) as inserted`.execute(trx);
  const row = res.rows[0];
  await insertHistory(trx, [
    {
      aggregate: ALARM_AGGREGATE,
      aggregateId: row.id,
      at: a.now,
      action: row.inserted ? 'raised' : 'repeated',
      actor: SYSTEM_ACTOR,
      data: { value: a.value, ts: a.ts },
    },
  ]);
  if (row.inserted) {
    await enqueueJob(trx, {
      kind: 'monitoring.alarm-sla',
      runAt: new Date(a.now.getTime() + TRIAGE_SLA_MINUTES[a.rule.severity] * 60_000),
      payload: { alarmId: row.id, level: 1 },
      dedupKey: `alarm:${row.id}:sla`,
    });
  }
  return { ...row, severity: a.rule.severity, message: a.message, value: a.value };
}

function toEvent(
  row: { id: string; count: number; status: string; raised_at: Date; inserted: boolean; severity: Rule['severity']; message: string; value: number | null },
  dev: DeviceInfo,
  rule: Rule,
  readingTs: Date,
): AlarmEvent {
  return {
    id: row.id,
    deviceId: dev.id,
    deviceName: dev.name,
    ruleId: rule.id,
    severity: row.severity,
    status: row.status,
    message: row.message,
    value: row.value,
    count: row.count,
    jurisdictionCode: dev.jurisdiction_code,
    enterpriseId: dev.enterprise_id,
    raisedAt: new Date(row.raised_at).toISOString(),
    readingTs: readingTs.toISOString(),
    isNew: row.inserted,
  };
}

export { raiseAlarm, toEvent };

function sampleOf(payload: unknown): string {
  if (Buffer.isBuffer(payload)) return payload.subarray(0, 200).toString('utf8');
  if (typeof payload === 'string') return payload.slice(0, 200);
  try {
    return JSON.stringify(payload).slice(0, 200);
  } catch {
    return String(payload).slice(0, 200);
  }
}

const ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Validate one message. Payload: {deviceId?, ts (epoch ms or ISO), seq?, metrics: {name: number|boolean}}. */
export function parseReading(payload: Buffer | string | unknown, topicDeviceId: string | undefined, now: Date): Reading | RejectReason {
  let obj: unknown = payload;
  if (Buffer.isBuffer(payload) || typeof payload === 'string') {
    const len = Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(payload);
    if (len > INGEST_LIMITS.maxMessageBytes) return 'too_large';
    try {
      obj = JSON.parse(payload.toString());
    } catch {
      return 'not_json';
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return 'bad_shape';
  const o = obj as Record<string, unknown>;
  const deviceId = o.deviceId ?? topicDeviceId;
  if (typeof deviceId !== 'string' || !ID_RE.test(deviceId)) return 'bad_shape';
  if (topicDeviceId && deviceId !== topicDeviceId) return 'topic_mismatch';
  let t: number;
  if (typeof o.ts === 'number' && Number.isFinite(o.ts)) t = o.ts;
  else if (typeof o.ts === 'string' && !Number.isNaN(Date.parse(o.ts))) t = Date.parse(o.ts);
  else return 'bad_shape';
  if (t > now.getTime() + INGEST_LIMITS.futureSkewMs) return 'future_ts';
  if (t < now.getTime() - INGEST_LIMITS.maxAgeMs) return 'stale_ts';
  let seq: number;
  if (o.seq === undefined) seq = Math.trunc(t);
  else if (typeof o.seq === 'number' && Number.isSafeInteger(o.seq) && o.seq >= 0) seq = o.seq;
  else return 'bad_shape';
  if (!o.metrics || typeof o.metrics !== 'object' || Array.isArray(o.metrics)) return 'bad_shape';
  const metrics: Record<string, number> = {};
  const entries = Object.entries(o.metrics as Record<string, unknown>);
  if (entries.length === 0 || entries.length > INGEST_LIMITS.maxMetrics) return 'bad_shape';
  for (const [k, v] of entries) {
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(k)) return 'bad_shape';
    if (typeof v === 'boolean') metrics[k] = v ? 1 : 0;
    else if (typeof v === 'number' && Number.isFinite(v)) metrics[k] = v;
    else return 'bad_shape';
  }
  return { deviceId, seq, ts: new Date(t), metrics };
}
