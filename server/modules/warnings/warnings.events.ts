// The warnings module's domain events (see server/platform/events.ts): delivered after commit.
declare module '../../platform/events.ts' {
  interface DomainEvents {
    /** A warning's call-response board changed (release, cancel, acknowledgement, delivery, ladder step): its live board. */
    'warnings.changed': { warningId: string };
    /** A commit wrote delivery attempts: the delivery relay sends them now rather than at its next poll. */
    'warnings.attempts': Record<string, never>;
  }
}

export {};
