// The monitoring module's domain events (see server/platform/events.ts): delivered after commit.
import type { AlarmEvent } from './monitoring.ingest.ts';

declare module '../../platform/events.ts' {
  interface DomainEvents {
    /** An alarm was raised, repeated or changed status: the live feed (SSE) forwards it to who may see it. */
    'monitoring.alarm': AlarmEvent;
    /** An untriaged alarm passed its SLA and went one level up: the live feed. */
    'monitoring.alarm.escalated': { id: string; level: number; jurisdictionCode: string; enterpriseId: string | null };
    /** A device was added or edited: the ingestor reloads it. */
    'monitoring.devices.changed': { id: string };
    /** A rule was added or edited: the ingestor reloads the rules. */
    'monitoring.rules.changed': Record<string, never>;
    /** A maintenance window was added or cancelled: the ingestor reloads the windows. */
    'monitoring.maintenance.changed': { id: string };
    /** Rule state changed outside ingest (alarm closed, offline sweep): the ingestor forgets its cached state. */
    'monitoring.rulestate.changed': Record<string, never>;
  }
}
