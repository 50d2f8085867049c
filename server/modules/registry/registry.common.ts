// What the registry's services share: the org-tree snapshot, the history and audit rows every write records, the
// optimistic-concurrency and uniqueness errors, and the history presenter.
import type { HistoryEntry } from '../../../shared/registry.dto.ts';
import type { Db } from '../../db/connection.ts';
import { assertInScope, coversJurisdiction } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, type Deps, withTx } from '../../platform/context.ts';
import { AppError, fieldError, forbidden, ValidationError } from '../../platform/errors.ts';
import type { HistoryInsert } from '../../platform/history.ts';
import { iso } from '../../platform/sql.ts';
import * as repo from './registry.repo.ts';
import { apiField, type FieldNamer, type Issue, loadOrgRefs, localDate, type OrgRefs } from './registry.rules.ts';
import type { RegistryEntity, RegistryVersion } from './registry.tables.ts';

export const today = (ctx: Ctx | Deps) => localDate(('deps' in ctx ? ctx.deps : ctx).clock.now());

// The org tree changes a few times a year; a short-lived snapshot saves a query per write.
const refsCache = new WeakMap<Db, { at: number; refs: Promise<OrgRefs> }>();
export function orgRefs(deps: Deps): Promise<OrgRefs> {
  const hit = refsCache.get(deps.db);
  if (hit && Date.now() - hit.at < 60_000) return hit.refs;
  const refs = loadOrgRefs(deps.db);
  refsCache.set(deps.db, { at: Date.now(), refs });
  refs.catch(() => refsCache.delete(deps.db));
  return refs;
}

export function throwIfIssues(issues: Issue[]) {
  if (issues.length) throw new ValidationError(issues);
}

/** A body through its normaliser (the one imports use), fields named `body.…`: the values, or a 400 naming every field at fault. */
export function validBody<I, R, V>(normalize: (input: I, refs: R, field: FieldNamer, issues: Issue[]) => V, input: I, refs: R): V {
  const issues: Issue[] = [];
  const values = normalize(input, refs, apiField, issues);
  throwIfIssues(issues);
  return values;
}

/** A registry write must land inside the writer's jurisdiction. */
export function assertCanPlace(ctx: Ctx, code: string, field: string) {
  if (!coversJurisdiction(ctx.actor, code)) throw fieldError(field, '不在您的管辖范围内', 'is outside your jurisdiction');
}

/** The values of a new record from its body: valid, and placed where the writer may place (accounts tied to one enterprise create nothing). */
export async function newRecordValues<I, V extends { jurisdiction_code: string }>(
  ctx: Ctx,
  normalize: (input: I, refs: OrgRefs, field: FieldNamer, issues: Issue[]) => V,
  input: I,
): Promise<V> {
  if (ctx.actor.enterpriseId) throw forbidden();
  const values = validBody(normalize, input, await orgRefs(ctx.deps));
  assertCanPlace(ctx, values.jurisdiction_code, 'body.townCode');
  return values;
}

/** An update's body: the version the writer read, and the new values, valid. */
export async function updateValues<I extends { version: number }, V>(
  ctx: Ctx,
  normalize: (input: Omit<I, 'version'>, refs: OrgRefs, field: FieldNamer, issues: Issue[]) => V,
  input: I,
): Promise<{ version: number; values: V }> {
  const { version, ...fields } = input;
  return { version, values: validBody(normalize, fields, await orgRefs(ctx.deps)) };
}

/**
 * The locked row an update changes, checked: in the writer's scope (`owner`: the enterprise an enterprise account
 * must be), still at the version the writer read, and moved only to where the writer may place.
 */
export function checkUpdate<R extends { jurisdiction_code: string; version: number }>(
  c: Ctx,
  current: R | undefined,
  update: { version: number; values: { jurisdiction_code: string } },
  owner: (row: R) => string | null,
  notFound: () => AppError,
): R {
  assertInScope(c, current && { jurisdiction_code: current.jurisdiction_code, enterprise_id: owner(current) }, notFound);
  if (current.version !== update.version) throw versionConflict(current.version);
  const moveTo = update.values.jurisdiction_code;
  if (moveTo !== current.jurisdiction_code) assertCanPlace(c, moveTo, 'body.townCode');
  return current;
}

type Json = Record<string, unknown>;

export function changedKeys(before: Json, after: Json, ignore = ['version', 'updatedAt', 'createdAt']) {
  return Object.entries(after)
    .filter(([k, v]) => !ignore.includes(k) && JSON.stringify(before[k]) !== JSON.stringify(v))
    .map(([k]) => k);
}

/** A registry history row: the platform history's, with the version in `data`. */
export type RegistryHistoryInsert = HistoryInsert & { data: RegistryVersion };

/** One version of a registry record, as the history tab shows it (aggregate = the entity type). */
export function historyRow(
  ctx: Ctx,
  entityType: RegistryEntity,
  entityId: string,
  version: number,
  action: 'create' | 'update' | 'import',
  before: Json | null,
  after: Json,
): RegistryHistoryInsert {
  return {
    aggregate: entityType,
    aggregateId: entityId,
    action,
    data: { version, changed: before ? changedKeys(before, after) : [], before, after },
    at: ctx.deps.clock.now(),
    actor: { id: ctx.actor.id, name: ctx.actor.displayName },
  };
}

/** The audit resource type of each registry record. */
const RESOURCE_TYPES = { enterprise: 'enterprise', park: 'park', insurance: 'insurance_policy', risk_point: 'risk_point' } as const;

/**
 * Records a write of one registry record in the caller's transaction: its history row (version `after.version`,
 * `create` when there is no `before`) and its audit row (`<entity>.create` / `.update`, or `auditAction`).
 */
export async function recordChange(
  c: Ctx,
  entity: keyof typeof RESOURCE_TYPES,
  id: string,
  before: (Json & { version: number }) | null,
  after: Json & { version: number },
  auditAction: string = before ? 'update' : 'create',
): Promise<void> {
  await repo.insertHistory(c.db, [historyRow(c, entity, id, after.version, before ? 'update' : 'create', before, after)]);
  await audit(c.db, c, { action: `${entity}.${auditAction}`, resourceType: RESOURCE_TYPES[entity], resourceId: id, before, after });
}

export async function listHistory(ctx: Ctx, entityType: RegistryEntity, id: string): Promise<HistoryEntry[]> {
  const rows = await repo.listHistory(ctx.db, entityType, id);
  return rows.map((h) => {
    const v = h.data as RegistryVersion;
    return {
      version: v.version,
      action: h.action as HistoryEntry['action'],
      changed: v.changed,
      before: v.before,
      after: v.after,
      at: iso(h.at),
      byName: h.actor_name,
    };
  });
}

type Recorded = Json & { version: number };

/** The columns a new record starts with: version 1, created and last changed now by the actor. */
export const firstVersion = (c: Ctx, now: Date) => ({ version: 1, created_at: now, created_by: c.actor.id, updated_at: now, updated_by: c.actor.id });
/** The columns a change of version `version` sets: the next version, changed now by the actor. */
export const nextVersion = (c: Ctx, version: number, now: Date = c.deps.clock.now()) => ({ version: version + 1, updated_at: now, updated_by: c.actor.id });

/** What a write of one registry record names: the record, how to read it back, and the conflict a duplicate answers. */
export interface RecordWrite<V extends Recorded> {
  entity: keyof typeof RESOURCE_TYPES;
  id: string;
  /** The record as the API shows it, read inside the transaction. */
  reread: (c: Ctx, id: string) => Promise<V>;
  /** A unique violation (of this constraint, when named) is answered with `conflict()`. */
  unique: { constraint?: string; conflict: () => AppError };
  /** The audit action's last part when it is not create/update ('review'). */
  auditAction?: string;
}

/**
 * One registry write in one transaction: `write` checks and changes the row and returns the record as it was
 * (null: created; `{ unchanged }`: nothing to change, nothing recorded); the record is then read back and its
 * change recorded (history version and audit row, recordChange). A race on a unique key answers the conflict.
 */
export async function writeRecord<V extends Recorded>(ctx: Ctx, w: RecordWrite<V>, write: (c: Ctx) => Promise<V | null | { unchanged: V }>): Promise<V> {
  return withTx(ctx, async (c) => {
    const before = await write(c);
    if (before && 'unchanged' in before) return before.unchanged as V;
    const after = await w.reread(c, w.id);
    await recordChange(c, w.entity, w.id, before, after, w.auditAction);
    return after;
  }).catch((e) => {
    throw uniqueViolation(e, w.unique.constraint) ? w.unique.conflict() : e;
  });
}

export function uniqueViolation(e: unknown, constraint?: string): boolean {
  if (typeof e !== 'object' || e === null || !('code' in e) || e.code !== '23505') return false;
  return !constraint || ('constraint' in e && String(e.constraint ?? '').includes(constraint));
}

export const versionConflict = (current: number) =>
  new AppError(
    'VERSION_CONFLICT',
    409,
    `记录已被他人修改（当前版本 ${current}），请刷新后重试`,
    `The record was changed by someone else (now version ${current}); reload and retry`,
    [{ field: 'body.version', message: '版本已过期', messageEn: 'is stale' }],
  );
