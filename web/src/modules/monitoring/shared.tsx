// Shared bits of the monitoring pages: tags and the alarm sound.
import { ALARM_STATE_LABELS, type AlarmState, SEVERITY_LABELS, type Severity } from '../../../../shared/monitoring.ts';
import { LabelTag } from '../../components/LabelTag';

export const SeverityTag = ({ s }: { s: Severity }) => <LabelTag labels={SEVERITY_LABELS} value={s} />;
export const StateTag = ({ s }: { s: AlarmState }) => <LabelTag labels={ALARM_STATE_LABELS} value={s} />;

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
