// One Ingestor per process (per Deps): HTTP ingest and the MQTT layers share its batches.
import pino from 'pino';
import type { Deps } from '../../platform/context.ts';
import { Ingestor } from './monitoring.ingest.ts';

const ingestors = new WeakMap<Deps, Ingestor>();

/** Emitted after rule state changed outside ingest (alarm closed, offline sweep). */
export const RULE_STATE_CHANGED = 'monitoring.rulestate.changed';

export function ingestorOf(deps: Deps): Ingestor {
  let ing = ingestors.get(deps);
  if (!ing) {
    ing = new Ingestor(deps, { log: logOf(deps) });
    ingestors.set(deps, ing);
    const ref = ing;
    deps.events.subscribe('monitoring.rules.changed', () => ref.invalidate());
    deps.events.subscribe('monitoring.devices.changed', (e) => ref.invalidate(e.id));
    deps.events.subscribe(RULE_STATE_CHANGED, () => ref.forgetState());
    deps.events.subscribe('monitoring.maintenance.changed', () => ref.invalidate());
  }
  return ing;
}

const loggers = new WeakMap<Deps, pino.Logger>();

export function logOf(deps: Deps): pino.Logger {
  let l = loggers.get(deps);
  if (!l) {
    l = pino({ level: deps.config.logLevel, base: { module: 'monitoring' } });
    loggers.set(deps, l);
  }
  return l;
}

/** After stop(): the next ingestorOf(deps) builds a new one (the demo seed stops its own before start). */
export function forgetIngestor(deps: Deps) {
  ingestors.delete(deps);
}
