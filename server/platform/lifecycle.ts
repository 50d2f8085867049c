// One lifecycle engine for every aggregate with states (hazards, alarms, warnings; inspections, cases,
// incidents, tasks and exams next). An aggregate declares a Machine: its steps (action, from states, to state,
// permission, guards), how to lock, save and record history for its rows, and one effect per action.
// apply() is the only path that changes such a row:
//
//   permission (403, audited) → lock the row FOR UPDATE → scope (404, audited) → `from` (409) → guards (409)
//   → the action's effect → save (state, version) → history row → audit row → jobs
//
// all in one transaction (the caller's, if it has one), and the machine's typed event after commit. The history
// row goes to the platform history (server/platform/history.ts) under aggregate = the machine's name, so a
// machine writes no history of its own; its detail page reads readHistory(ctx.db, machine.name, id).
// "Side steps" (a step without `to`: progress notes, extension requests, supervision) take the same path and
// keep the state. allowedActions() answers what the current user may do with a row now, for the web.
import { assertInScope, coversJurisdiction, hasPermission, requirePermission } from './access.ts';
import { audit } from './audit.ts';
import { type Ctx, isSystem, withTx } from './context.ts';
import { AppError } from './errors.ts';
import { type DomainEvents, type EventName, publish } from './events.ts';
import { type HistoryActor, writeHistory } from './history.ts';
import { cancelJob, enqueueJob, type NewJob } from './jobs/jobs.ts';

/** A refusal with a stable code and a message for users (409 unless a status is given). */
export interface Refusal {
  code: string;
  zh: string;
  en: string;
  status?: number;
}

const refuse = (r: Refusal) => new AppError(r.code, r.status ?? 409, r.zh, r.en);

/** A condition beyond `from` and the permission, e.g. "the acceptor is not the rectifier". */
export interface Guard<Row> extends Refusal {
  /** True when the step may go ahead. May read through ctx.db (inside apply, the open transaction). */
  allows: (ctx: Ctx, row: Row) => boolean | Promise<boolean>;
}

export interface Step<S extends string, A extends string> {
  action: A;
  from: readonly S[];
  /** The state after the step; absent for a side step, which keeps the state. */
  to?: S;
  permission: string;
  /** Taken only by the system (a job's context: expiry at a deadline…): refused to anyone else, never offered. */
  system?: boolean;
}

/** What the engine needs of a row: its id and the columns the scope check reads. */
export interface LifecycleRow {
  id: string;
  jurisdiction_code: string;
  enterprise_id?: string | null;
}

/** What an action's effect decides; everything is optional. */
export interface Effect<Row, R = unknown> {
  /** Columns to change with the step (`save` writes them with the new state, version and timestamps). */
  patch?: Partial<Row>;
  /** The state after the step when the input decides it (a false alarm closes at triage); default the step's `to`. */
  to?: string;
  /** Shown in the history. */
  note?: string | null;
  /** Who the history names when the step is taken for someone who is not a user (a CAP sender's Cancel); default ctx's actor. */
  by?: HistoryActor;
  /** Kept in the history row and the audit detail. */
  data?: unknown;
  /** The history row's action when it differs from the step's (e.g. extension_decide → extension_approve). */
  historyAction?: string;
  /** Overrides for the audit row (default: `<machine>.<action>`, before/after from `present`). */
  audit?: { action?: string; before?: unknown; after?: unknown };
  /** Durable jobs to enqueue / cancel (by dedup key) in the same transaction. */
  jobs?: NewJob[];
  cancelJobs?: string[];
  /** What apply returns instead of the saved row's presentation. */
  result?: R;
  /** Run after the commit (never after a rollback): for listeners not yet on typed events. */
  afterCommit?: () => void;
}

export type EffectFn<Row, I> = (ctx: Ctx, row: Row, input: I) => Effect<Row> | Promise<Effect<Row>>;

export interface Machine<Row extends LifecycleRow, S extends string, Inputs extends Record<string, unknown>> {
  /** Audit action prefix (and resource type unless given), e.g. 'hazard' → 'hazard.verify'; the history's aggregate. */
  name: string;
  resourceType?: string;
  stateOf: (row: Row) => S;
  steps: readonly Step<S, keyof Inputs & string>[];
  guards?: { [A in keyof Inputs]?: readonly Guard<Row>[] };
  /** The error when the row's state is not one the step starts from (default: 409 ILLEGAL_TRANSITION). */
  refusals?: { [A in keyof Inputs]?: Refusal };
  stateLabel: (s: S) => string;
  effects: { [A in keyof Inputs]: EffectFn<Row, Inputs[A]> };
  /** Read the row FOR UPDATE through ctx.db; undefined when it does not exist. */
  lock: (ctx: Ctx, id: string) => Promise<Row | undefined>;
  notFound: () => AppError;
  /** Write the new state and the patch and return the saved row. Called only when something changes. */
  save: (ctx: Ctx, row: Row, to: S, patch: Partial<Row>) => Promise<Row>;
  /** apply() records every step in the platform history (aggregate: `name`); false keeps the audit rows only. */
  history?: false;
  /** The row as audit before/after and as apply's default result. */
  present: (row: Row) => unknown;
  /** The event published after commit, when someone listens for this aggregate's changes. */
  event?: { [K in EventName]: { name: K; payload: (row: Row, action: keyof Inputs & string, from: S) => DomainEvents[K] } }[EventName];
}

export const illegalTransition = (label: string, action: string, from: string) =>
  new AppError('ILLEGAL_TRANSITION', 409, `当前状态“${label}”下不能执行此操作（${action}）`, `Action "${action}" is not allowed in state "${from}"`);

export function stepOf<S extends string, A extends string>(steps: readonly Step<S, A>[], action: A): Step<S, A> {
  const step = steps.find((s) => s.action === action);
  if (!step) throw new Error(`no step ${action}`);
  return step;
}

export interface ApplyOptions {
  /** The 404 to answer when the row is missing or out of scope (default: the machine's). */
  notFound?: () => AppError;
}

/** Take one step on one row: the only way an aggregate's row changes state (or records a side step). */
export async function apply<Row extends LifecycleRow, S extends string, Inputs extends Record<string, unknown>, A extends keyof Inputs & string>(
  ctx: Ctx,
  m: Machine<Row, S, Inputs>,
  id: string,
  action: A,
  input: Inputs[A],
  opts: ApplyOptions = {},
): Promise<unknown> {
  const step = stepOf(m.steps, action);
  return withTx(ctx, async (c) => {
    if (step.system && !isSystem(c)) throw new AppError('FORBIDDEN', 403, '此操作只能由系统执行', 'Only the system takes this step');
    requirePermission(c, step.permission);
    const row = await m.lock(c, id);
    assertInScope(c, row, opts.notFound ?? m.notFound);
    const from = m.stateOf(row);
    if (!step.from.includes(from)) {
      const r = m.refusals?.[action];
      throw r ? refuse(r) : illegalTransition(m.stateLabel(from), action, from);
    }
    for (const g of m.guards?.[action] ?? []) if (!(await g.allows(c, row))) throw refuse(g);
    const effect = await m.effects[action](c, row, input);
    const to = (effect.to as S | undefined) ?? step.to ?? from;
    const changes = to !== from || effect.patch !== undefined;
    const saved = changes ? await m.save(c, row, to, effect.patch ?? {}) : row;
    if (m.history !== false)
      await writeHistory(c, {
        aggregate: m.name,
        aggregateId: row.id,
        action: effect.historyAction ?? action,
        from,
        to,
        note: effect.note ?? null,
        data: effect.data ?? null,
        actor: effect.by,
      });
    await audit(c.db, c, {
      action: effect.audit?.action ?? `${m.name}.${action}`,
      resourceType: m.resourceType ?? m.name,
      resourceId: row.id,
      before: effect.audit && 'before' in effect.audit ? effect.audit.before : m.present(row),
      after: effect.audit && 'after' in effect.audit ? effect.audit.after : m.present(saved),
      detail: effect.data,
    });
    for (const key of effect.cancelJobs ?? []) await cancelJob(c.db, key);
    for (const job of effect.jobs ?? []) await enqueueJob(c.db, job);
    if (m.event) publish(c, m.event.name, m.event.payload(saved, action, from) as never);
    if (effect.afterCommit) c.tx?.afterCommit.push(effect.afterCommit);
    return effect.result !== undefined ? effect.result : m.present(saved);
  });
}

/**
 * The actions the current user may take on a row now: the row is in the actor's scope (as apply's check), and
 * the permission, the state and every guard allow it. A row one may read but not act on (a warning whose area
 * touches the caller's town, filed by the district) has none.
 */
export async function allowedActions<Row extends LifecycleRow, S extends string, Inputs extends Record<string, unknown>>(
  ctx: Ctx,
  m: Machine<Row, S, Inputs>,
  row: Row,
): Promise<(keyof Inputs & string)[]> {
  const out: (keyof Inputs & string)[] = [];
  if (!coversJurisdiction(ctx.actor, row.jurisdiction_code) || (ctx.actor.enterpriseId && row.enterprise_id !== ctx.actor.enterpriseId)) return out;
  for (const step of m.steps) {
    if (step.system || !step.from.includes(m.stateOf(row)) || !hasPermission(ctx, step.permission)) continue;
    let ok = true;
    for (const g of m.guards?.[step.action] ?? []) if (!(await g.allows(ctx, row))) ok = false;
    if (ok) out.push(step.action);
  }
  return out;
}
