// Typed domain events, delivered only after the transaction that caused them commits.
//
// Each module declares its events by declaration merging, next to the code that publishes them:
//
//   declare module '../../platform/events.ts' {
//     interface DomainEvents { 'hazard.changed': { id: string; jurisdictionCode: string; state: HazardState } }
//   }
//
// and publishes with `publish(ctx, 'hazard.changed', {...})` inside `withTx` (held until commit, dropped on
// rollback) or outside a transaction (delivered at once). Subscribers use `deps.events.subscribe(name, fn)`.
import { EventEmitter } from 'node:events';
import type { Ctx } from './context.ts';

// biome-ignore lint/suspicious/noEmptyInterface: filled by each module through declaration merging
export interface DomainEvents {}
export type EventName = keyof DomainEvents & string;

/** The bus modules see on Deps: typed subscribe, and deliver for code outside a transaction. No raw emit/on. */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(1000);

  /** Listen to one event; returns the function that stops listening. */
  subscribe<K extends EventName>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  /** Deliver now. Only for code that is not inside a transaction; inside one, use publish(ctx, …). */
  deliver<K extends EventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }
}

/**
 * Publish a domain event on behalf of `ctx`: held until ctx's transaction commits (and dropped if it rolls
 * back), or delivered at once when ctx holds no transaction.
 */
export function publish<K extends EventName>(ctx: Ctx, name: K, payload: DomainEvents[K]): void {
  const deliver = () => ctx.deps.events.deliver(name, payload);
  if (ctx.tx) ctx.tx.afterCommit.push(deliver);
  else deliver();
}
