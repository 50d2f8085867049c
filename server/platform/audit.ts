// Tamper-evident audit trail. Each row's hash covers its content and the previous row's hash, so editing
// or deleting a row breaks the chain at that row. Rows are written in the same transaction as the change
// they describe; an advisory lock orders concurrent writers so the chain stays linear.
import { createHash } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { AuditLogTable } from '../db/schema.ts';
import type { Ctx } from './context.ts';
import type { Tx } from './jobs/jobs.ts';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK = 727275;

export interface AuditActor {
  id: string | null;
  username: string | null;
  unitCode: string | null;
}

export interface AuditEntry {
  at: Date;
  actor: AuditActor | null;
  ip?: string | null;
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  outcome?: 'success' | 'denied' | 'failure';
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

/** JSON with sorted keys: the same value always serialises to the same text (jsonb reorders keys). */
export function stableStringify(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Plain JSON (dates → ISO strings) so what we hash is exactly what jsonb gives back. */
const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));

/** What a row's hash covers: every column but its id and the hashes (the JSON ones as JSON values). */
type HashedFields = Omit<Selectable<AuditLogTable>, 'id' | 'prev_hash' | 'hash' | 'before' | 'after' | 'detail'> & {
  before: unknown;
  after: unknown;
  detail: unknown;
};

export function rowHash(prevHash: string, f: HashedFields): string {
  const content = stableStringify({ ...f, at: new Date(f.at).toISOString() });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export function writeAudit(trx: Tx, e: AuditEntry): Promise<void> {
  return writeAuditMany(trx, [e]);
}

/** Append several rows to the chain under one lock and one INSERT (bulk actions, grouped commits). */
export async function writeAuditMany(trx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  let prev = last?.hash ?? GENESIS_HASH;
  const rows = entries.map((e) => {
    const fields: HashedFields = {
      at: e.at,
      user_id: e.actor?.id ?? null,
      username: e.actor?.username ?? null,
      unit_code: e.actor?.unitCode ?? null,
      ip: e.ip ?? null,
      action: e.action,
      resource_type: e.resourceType ?? null,
      resource_id: e.resourceId ?? null,
      outcome: e.outcome ?? 'success',
      before: toJson(e.before),
      after: toJson(e.after),
      detail: toJson(e.detail),
    };
    const hash = rowHash(prev, fields);
    const row = {
      ...fields,
      before: fields.before === null ? null : JSON.stringify(fields.before),
      after: fields.after === null ? null : JSON.stringify(fields.after),
      detail: fields.detail === null ? null : JSON.stringify(fields.detail),
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 1000))
      .execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first row whose hash or link does not match. */
  brokenAt?: number;
  reason?: string;
}

/** Walk the chain in id order and report the first broken link. */
export async function verifyAudit(db: Db, batch = 5000): Promise<VerifyResult> {
  let afterId = 0;
  let prev: string | undefined;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (prev !== undefined && r.prev_hash !== prev)
        return { ok: false, checked, brokenAt: r.id, reason: 'prev_hash does not match the previous row (a row was removed or reordered)' };
      const expected = rowHash(r.prev_hash, {
        at: r.at,
        user_id: r.user_id,
        username: r.username,
        unit_code: r.unit_code,
        ip: r.ip,
        action: r.action,
        resource_type: r.resource_type,
        resource_id: r.resource_id,
        outcome: r.outcome,
        before: r.before,
        after: r.after,
        detail: r.detail,
      });
      if (expected !== r.hash) return { ok: false, checked, brokenAt: r.id, reason: 'row content does not match its hash (the row was edited)' };
      prev = r.hash;
      checked++;
      afterId = r.id;
    }
  }
}

/** Audit an action done by a request's actor, in the caller's transaction. */
export function audit(trx: Tx, ctx: Ctx, e: Omit<AuditEntry, 'at' | 'actor' | 'ip'>): Promise<void> {
  return writeAudit(trx, {
    ...e,
    at: ctx.deps.clock.now(),
    actor: { id: ctx.actor.id, username: ctx.actor.username, unitCode: ctx.actor.unitCode },
    ip: ctx.ip,
  });
}
