// The rule engine, pure: given a device's rules, their persisted state and new readings in time order,
// decide state changes and alarm actions. The ingest batch (monitoring.ingest.ts) loads and saves state.
import type { Selectable } from 'kysely';
import type { DeviceType } from '../../../shared/monitoring.ts';
import type { MonitoringRulesTable } from './monitoring.tables.ts';

/** A rule as the engine reads it: its table row without the bookkeeping columns. */
export type Rule = Omit<Selectable<MonitoringRulesTable>, 'version' | 'created_at' | 'updated_at'>;

export interface RuleState {
  /** An alarm condition holds (for duration rules: held long enough). */
  active: boolean;
  /** When the condition started (duration rules count from here). */
  since: Date | null;
  lastValue: number | null;
  lastTs: Date | null;
}

export type AlarmOp =
  | { kind: 'raise'; ruleId: string; value: number | null; ts: Date; message: string }
  | { kind: 'touch'; ruleId: string; value: number; ts: Date }
  | { kind: 'clear'; ruleId: string; ts: Date };

export const emptyState = (): RuleState => ({ active: false, since: null, lastValue: null, lastTs: null });

/** The rules that apply to a device: its type's rules, minus those a device rule overrides, plus its own. */
export function rulesFor(all: readonly Rule[], device: { id: string; type: DeviceType }): Rule[] {
  const own = all.filter((r) => r.device_id === device.id);
  const overridden = new Set(own.map((r) => r.overrides).filter(Boolean));
  return [...all.filter((r) => r.device_type === device.type && !overridden.has(r.id)), ...own].filter((r) => r.enabled);
}

function breaches(r: Rule, v: number): boolean {
  const t = r.threshold ?? 0;
  if (r.op === 'gt') return v > t;
  if (r.op === 'lt') return v < t;
  if (r.op === 'between') return v >= t && v <= (r.threshold2 ?? t);
  return false;
}

/** Back to normal only past the hysteresis band, so a value hovering at the threshold does not flap. */
function recovered(r: Rule, v: number): boolean {
  const t = r.threshold ?? 0;
  const h = r.hysteresis ?? 0;
  if (r.op === 'gt') return v <= t - h;
  if (r.op === 'lt') return v >= t + h;
  if (r.op === 'between') return v < t - h || v > (r.threshold2 ?? t) + h;
  return true;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function describe(r: Rule, v: number, unit = ''): string {
  const m = r.metric ?? '';
  switch (r.kind) {
    case 'rate':
      return `${r.name}：${m} 变化速率 ${fmt(v)}${unit}/分钟，超过 ${fmt(r.rate_per_min ?? 0)}`;
    case 'duration':
      return `${r.name}：${m}=${fmt(v)}${unit}，持续超限 ${r.duration_s} 秒`;
    default: {
      const cond = r.op === 'gt' ? `高于 ${fmt(r.threshold ?? 0)}` : r.op === 'lt' ? `低于 ${fmt(r.threshold ?? 0)}` : `介于 ${r.threshold}–${r.threshold2}`;
      return `${r.name}：${m}=${fmt(v)}${unit}，${cond}${unit}`;
    }
  }
}

/**
 * Evaluate one reading against one rule. Returns the new state and at most one alarm action.
 * Readings older than the last one evaluated are stored but do not drive rules (out-of-order).
 */
export function evaluate(r: Rule, s: RuleState, ts: Date, metrics: Record<string, number>, unit?: string): { state: RuleState; op?: AlarmOp } {
  if (s.lastTs && ts.getTime() <= s.lastTs.getTime()) return { state: s };
  if (r.kind === 'offline') {
    // Any reading means the device is back: an active offline condition clears.
    if (s.active) return { state: { active: false, since: null, lastValue: null, lastTs: ts }, op: { kind: 'clear', ruleId: r.id, ts } };
    return { state: { ...s, lastTs: ts } };
  }
  const v = r.metric ? metrics[r.metric] : undefined;
  if (v === undefined) return { state: s };
  const next: RuleState = { ...s, lastValue: v, lastTs: ts };
  if (r.kind === 'rate') {
    if (s.lastValue === null || !s.lastTs) return { state: next };
    const minutes = (ts.getTime() - s.lastTs.getTime()) / 60_000;
    const rate = (v - s.lastValue) / minutes;
    const limit = r.rate_per_min ?? 0;
    const over = limit >= 0 ? rate > limit : rate < limit;
    if (over && !s.active)
      return { state: { ...next, active: true, since: ts }, op: { kind: 'raise', ruleId: r.id, value: v, ts, message: describe(r, rate, unit) } };
    if (over) return { state: next, op: { kind: 'touch', ruleId: r.id, value: v, ts } };
    const calm = limit >= 0 ? rate <= limit - r.hysteresis : rate >= limit + r.hysteresis;
    if (s.active && calm) return { state: { ...next, active: false, since: null }, op: { kind: 'clear', ruleId: r.id, ts } };
    return { state: next };
  }
  const pending = s.since !== null;
  if (breaches(r, v)) {
    if (s.active) return { state: next, op: { kind: 'touch', ruleId: r.id, value: v, ts } };
    const since = pending ? (s.since as Date) : ts;
    if (r.kind === 'duration' && ts.getTime() - since.getTime() < (r.duration_s ?? 0) * 1000) return { state: { ...next, since } };
    return { state: { ...next, active: true, since }, op: { kind: 'raise', ruleId: r.id, value: v, ts, message: describe(r, v, unit) } };
  }
  if ((s.active || pending) && recovered(r, v)) {
    return { state: { ...next, active: false, since: null }, op: s.active ? { kind: 'clear', ruleId: r.id, ts } : undefined };
  }
  // Inside the hysteresis band: an active alarm stays active; a duration timer keeps running only while breaching.
  if (!s.active && pending && r.kind === 'duration') return { state: { ...next, since: null } };
  return { state: next };
}
