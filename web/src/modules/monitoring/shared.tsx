// Shared bits of the monitoring pages: types from the API, labels, tags.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { ALARM_STATE_LABELS, type AlarmState, SEVERITY_COLORS, SEVERITY_LABELS, type Severity } from '../../../../shared/monitoring.ts';

export interface Device {
  id: string;
  name: string;
  type: string;
  owner_kind: string;
  enterprise_id: string | null;
  enterprise_name?: string | null;
  park_name?: string | null;
  place_name: string | null;
  lon: number | null;
  lat: number | null;
  jurisdiction_code: string;
  metrics: { name: string; unit: string; label: string }[];
  install_date: string | null;
  online: boolean;
  last_seen_at: string | null;
  last_values: Record<string, number> | null;
  version: number;
}

export interface Alarm {
  id: string;
  device_id: string;
  device_name: string;
  device_type: string;
  rule_id: string;
  severity: Severity;
  status: AlarmState;
  verdict: 'true_alarm' | 'false_alarm' | null;
  message: string;
  first_value: number | null;
  last_value: number | null;
  count: number;
  raised_at: string;
  last_at: string;
  cleared_at: string | null;
  escalation_level: number;
  hazard_id: string | null;
  jurisdiction_code: string;
  dispatch_to_kind: string | null;
  dispatch_to: string | null;
  note: string | null;
  lon: number | null;
  lat: number | null;
  version: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export const fmt = (t: string | null | undefined) => (t ? dayjs(t).format('YYYY-MM-DD HH:mm:ss') : '—');

export function SeverityTag({ s }: { s: Severity }) {
  return <Tag color={SEVERITY_COLORS[s]}>{SEVERITY_LABELS[s]}</Tag>;
}

const STATE_COLORS: Record<AlarmState, string> = { raised: 'red', triaged: 'orange', dispatched: 'blue', handling: 'geekblue', closed: 'default' };
export function StateTag({ s }: { s: AlarmState }) {
  return <Tag color={STATE_COLORS[s]}>{ALARM_STATE_LABELS[s]}</Tag>;
}

/** A short beep through WebAudio (no audio file needed). Browsers allow it after the user interacted once. */
export function beep() {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  for (const [i, f] of [880, 660, 880].entries()) {
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = f;
    o.connect(g).connect(ctx.destination);
    g.gain.setValueAtTime(0.15, ctx.currentTime + i * 0.2);
    o.start(ctx.currentTime + i * 0.2);
    o.stop(ctx.currentTime + i * 0.2 + 0.15);
  }
  setTimeout(() => void ctx.close(), 1000);
}
