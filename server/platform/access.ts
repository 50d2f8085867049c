// Access control in one place. Services call requirePermission first; repos build every read of domain
// rows from scopedFrom / scopeWhere, so a query that ignores the caller's jurisdiction has to be written
// against the raw db on purpose. Rows outside scope are "not found" (existence is not revealed).
import type { ExpressionBuilder, Selectable, SelectQueryBuilder } from 'kysely';
import { validate as isUuid } from 'uuid';
import { can } from '../../shared/roles.ts';
import type { DB } from '../db/schema.ts';
import { writeAudit } from './audit.ts';
import type { Actor, Ctx } from './context.ts';
import type { Tx } from './jobs/jobs.ts';
import { fieldError, forbidden } from './errors.ts';
import { prefixLike } from './sql.ts';

export function requirePermission(ctx: Ctx, permission: string): void {
  if (!can(ctx.actor.permissions, permission)) {
    recordDenial(ctx, { permission });
    throw forbidden();
  }
}

const pendingDenials = new Map<string, Promise<void>[]>();

/**
 * Audit a denial in its own small transaction (the caller's transaction, if any, is about to roll back).
 * Fire-and-forget for the caller, which is synchronous; the HTTP layer awaits settleDenials(requestId)
 * before answering, so the row exists by the time the client sees the 403/404.
 */
export function recordDenial(ctx: Ctx, detail: Record<string, unknown>, resource?: { type: string; id: string | null }) {
  const write = ctx.deps.db
    .transaction()
    .execute((trx) =>
      writeAudit(trx, {
        at: ctx.deps.clock.now(),
        actor: { id: ctx.actor.id, username: ctx.actor.username, unitCode: ctx.actor.unitCode },
        ip: ctx.ip,
        action: 'access.denied',
        resourceType: resource?.type ?? null,
        resourceId: resource?.id ?? null,
        outcome: 'denied',
        detail: { ...detail, via: ctx.actor.via, requestId: ctx.requestId },
      }),
    )
    .catch(() => {
      // Auditing a refusal must never turn it into a 500 (e.g. the database is shutting down in a test).
    });
  const list = pendingDenials.get(ctx.requestId) ?? [];
  list.push(write);
  pendingDenials.set(ctx.requestId, list);
  write.then(() => {
    const l = pendingDenials.get(ctx.requestId);
    if (!l) return;
    l.splice(l.indexOf(write), 1);
    if (l.length === 0) pendingDenials.delete(ctx.requestId);
  });
}

/** Wait for the denial rows a request produced. */
export async function settleDenials(requestId: string): Promise<void> {
  const list = pendingDenials.get(requestId);
  if (!list) return;
  pendingDenials.delete(requestId);
  await Promise.all(list);
}

export function hasPermission(ctx: Ctx, permission: string): boolean {
  return can(ctx.actor.permissions, permission);
}

/** Does the actor's jurisdiction cover this code? (Codes nest by prefix: 330203 ⊃ 330203001 ⊃ 330203001001.) */
export function coversJurisdiction(actor: Actor, code: string | null | undefined): boolean {
  if (!code) return false;
  return actor.jurisdictions.some((p) => code.startsWith(p));
}

/**
 * ctx whose actor also covers `codes` (their own jurisdictions kept), for one request. The one widening of scope
 * (交叉检查, docs/modules.md): the caller reads the row that justifies it without scope, returns none of it, and
 * passes the row's own code; every scoped check after it runs as usual against the widened actor.
 */
export function widenScope(ctx: Ctx, codes: readonly string[]): Ctx {
  const extra = [...new Set(codes)].filter((c) => c && !coversJurisdiction(ctx.actor, c));
  return extra.length ? { ...ctx, actor: { ...ctx.actor, jurisdictions: [...ctx.actor.jurisdictions, ...extra] } } : ctx;
}

export interface ScopeColumns {
  /** Column holding the row's jurisdiction code, e.g. 'enterprises.jurisdiction_code'. */
  jurisdiction: string;
  /** Column holding the enterprise id, for actors confined to one enterprise. */
  enterprise?: string;
}

/** A WHERE expression limiting rows to the actor's scope. */
export function scopeWhere(ctx: Ctx, cols: ScopeColumns) {
  const { jurisdictions, enterpriseId } = ctx.actor;
  // biome-ignore lint/suspicious/noExplicitAny: column names are checked by the callers' table types
  return (eb: ExpressionBuilder<any, any>) => {
    const byPlace = jurisdictions.length === 0 ? eb.val(false) : eb.or(jurisdictions.map((p) => eb(eb.ref(cols.jurisdiction), 'like', prefixLike(p))));
    if (!enterpriseId) return byPlace;
    if (!cols.enterprise) return eb.val(false); // confined actors see no rows that are not tied to an enterprise
    return eb.and([byPlace, eb(eb.ref(cols.enterprise), '=', enterpriseId)]);
  };
}

/** Start a read of a domain table already limited to the actor's scope. */
export function scopedFrom<T extends keyof DB & string>(ctx: Ctx, table: T, cols?: Partial<ScopeColumns>): SelectQueryBuilder<DB, T, object> {
  // Through ctx.db: inside withTx the read joins the caller's transaction (PGlite has one connection).
  const qb = ctx.db.selectFrom(table as never) as unknown as SelectQueryBuilder<DB, T, object>;
  return qb.where(
    scopeWhere(ctx, {
      jurisdiction: cols?.jurisdiction ?? `${table}.jurisdiction_code`,
      enterprise: cols?.enterprise,
    }) as never,
  );
}

/** The row with this id if it is in the actor's scope, locked for the caller's update (undefined: none there). */
export function lockScoped<T extends keyof DB & string>(ctx: Ctx, table: T, id: string, cols?: Partial<ScopeColumns>): Promise<Selectable<DB[T]> | undefined> {
  return scopedFrom(ctx, table, cols)
    .selectAll()
    .where(`${table}.id` as never, '=', id as never)
    .forUpdate()
    .executeTakeFirst() as Promise<Selectable<DB[T]> | undefined>;
}

/** Throw "not found" unless the row is in the actor's scope. */
export function assertInScope<E extends Error>(
  ctx: Ctx,
  row: { id?: string | number; jurisdiction_code: string; enterprise_id?: string | null } | undefined,
  notFoundError: () => E,
): asserts row {
  if (!row) throw notFoundError();
  if (!coversJurisdiction(ctx.actor, row.jurisdiction_code) || (ctx.actor.enterpriseId && row.enterprise_id !== ctx.actor.enterpriseId)) {
    const id = (row as { id?: unknown }).id;
    recordDenial(ctx, { scope: 'outside', jurisdiction: row.jurisdiction_code }, { type: 'scoped_row', id: id === undefined ? null : String(id) });
    throw notFoundError();
  }
}

export type UnitKind = 'district' | 'town' | 'village' | 'department';
const JURISDICTION_KINDS: readonly UnitKind[] = ['district', 'town', 'village'];

/**
 * Check a code a record is being filed under, for writes: it is an org unit of an accepted kind (by default a
 * jurisdiction — district, town or village — not a department) and inside the actor's jurisdiction.
 * Both failures are field errors naming `field`.
 */
export async function requireJurisdiction(ctx: Ctx, code: string, field: string, opts: { kinds?: readonly UnitKind[]; db?: Tx } = {}): Promise<void> {
  const kinds = opts.kinds ?? JURISDICTION_KINDS;
  const unit = await (opts.db ?? ctx.db).selectFrom('org_units').select('kind').where('code', '=', code).executeTakeFirst();
  if (!unit || !kinds.includes(unit.kind)) throw fieldError(field, '不是有效的辖区代码', 'is not a known jurisdiction code');
  if (!coversJurisdiction(ctx.actor, code)) throw fieldError(field, '不在您的管辖范围内', 'is outside your jurisdiction');
}

/**
 * Rows another record may link to, and how each is scoped — the same columns the owning module's reads pass
 * to scopedFrom, so "may link" and "may read" are one rule. `owner`: for actors confined to one enterprise,
 * the column naming the confining enterprise (rows without one are not theirs); `uploader`: for files, which
 * carry no enterprise, a confined actor may link only what they uploaded themselves.
 */
interface ReferenceSpec {
  label: readonly [string, string];
  jurisdiction: string;
  owner?: string;
  uploader?: string;
  /** The key is text, not uuid (device ids). */
  textKey?: boolean;
}
const REFERENCES = {
  enterprises: { label: ['企业', 'enterprise'], jurisdiction: 'jurisdiction_code', owner: 'id' },
  parks: { label: ['园区', 'park'], jurisdiction: 'jurisdiction_code', owner: 'landlord_id' },
  risk_points: { label: ['风险点', 'risk point'], jurisdiction: 'jurisdiction_code', owner: 'enterprise_id' },
  hazards: { label: ['隐患', 'hazard'], jurisdiction: 'jurisdiction_code', owner: 'enterprise_id' },
  monitoring_devices: { label: ['设备', 'device'], jurisdiction: 'jurisdiction_code', owner: 'enterprise_id', textKey: true },
  monitoring_alarms: { label: ['告警', 'alarm'], jurisdiction: 'jurisdiction_code', owner: 'enterprise_id' },
  monitoring_duty_shifts: { label: ['班次', 'shift'], jurisdiction: 'unit_code' },
  responsible_persons: { label: ['责任人', 'responsible person'], jurisdiction: 'jurisdiction_code' },
  users: { label: ['人员', 'user'], jurisdiction: 'unit_code', owner: 'enterprise_id' },
  files: { label: ['文件', 'file'], jurisdiction: 'jurisdiction_code', uploader: 'uploaded_by' },
  cases: { label: ['案件', 'case'], jurisdiction: 'jurisdiction_code', owner: 'enterprise_id' },
  inspections: { label: ['检查', 'inspection'], jurisdiction: 'jurisdiction_code', owner: 'enterprise_id' },
} satisfies Record<string, ReferenceSpec>;
export type ReferenceTable = keyof typeof REFERENCES;
const specOf = (table: ReferenceTable): ReferenceSpec => REFERENCES[table];

/** The scope facts of a referenced row, for the caller's consistency rules (same town, same enterprise…). */
export interface ReferencedRow {
  id: string;
  jurisdictionCode: string;
  /** The confining enterprise column's value (enterprise id, landlord id, …), or null. */
  enterpriseId: string | null;
}

/** Would this row of `table` be returned to the actor by the owning module's scoped read? */
export function rowVisible(
  actor: Actor,
  table: ReferenceTable,
  row: { jurisdictionCode: string; enterpriseId: string | null; uploadedBy?: string | null },
): boolean {
  if (!coversJurisdiction(actor, row.jurisdictionCode)) return false;
  if (!actor.enterpriseId) return true;
  const ref = specOf(table);
  if (ref.uploader) return row.uploadedBy === actor.id;
  return !!ref.owner && row.enterpriseId === actor.enterpriseId;
}

export interface RequireVisibleOptions {
  /** The caller's transaction, when it holds one (PGlite has a single connection: a second query would wait forever). */
  db?: Tx;
  /** The error to throw instead of the field error, e.g. a 404 when the id is a path parameter. */
  notFound?: () => Error;
}

/**
 * Check that records referenced by id exist and are visible to the caller — for every foreign key a write
 * takes. A missing id and one outside the caller's scope get the same answer (a field error naming `field`,
 * `field.i` for a list), so a probe learns nothing; the out-of-scope case is audited as a denial.
 * Returns the rows' scope facts in input order, for consistency rules.
 */
export function requireAllVisible(
  ctx: Ctx,
  table: ReferenceTable,
  ids: readonly string[],
  field: string,
  opts: RequireVisibleOptions = {},
): Promise<ReferencedRow[]> {
  return visibleRows(ctx, table, ids, (i) => `${field}.${i}`, opts);
}

/** One referenced record: see requireAllVisible. */
export async function requireVisible(ctx: Ctx, table: ReferenceTable, id: string, field: string, opts: RequireVisibleOptions = {}): Promise<ReferencedRow> {
  const [row] = await visibleRows(ctx, table, [id], () => field, opts);
  return row;
}

async function visibleRows(
  ctx: Ctx,
  table: ReferenceTable,
  ids: readonly string[],
  fieldOf: (i: number) => string,
  opts: RequireVisibleOptions,
): Promise<ReferencedRow[]> {
  if (ids.length === 0) return [];
  const ref = specOf(table);
  const fail = (i: number) => opts.notFound?.() ?? fieldError(fieldOf(i), `${ref.label[0]}不存在或不在您的管辖范围内`, `no such ${ref.label[1]} in your scope`);
  // A uuid column would make PostgreSQL refuse a malformed id (a 500): such an id names nothing.
  // Uuids come back from the database in lower case.
  const keyOf = (id: string) => (ref.textKey ? id : id.toLowerCase());
  const wellFormed = ids.filter((id) => ref.textKey || isUuid(id)).map(keyOf);
  const cols = [
    `id`,
    `${ref.jurisdiction} as jurisdiction_code`,
    ...(ref.owner ? [`${ref.owner} as enterprise_id`] : []),
    ...(ref.uploader ? [`${ref.uploader} as uploaded_by`] : []),
  ];
  const found = wellFormed.length
    ? ((await (opts.db ?? ctx.db)
        .selectFrom(table)
        .select(cols as never)
        .where('id' as never, 'in', [...new Set(wellFormed)] as never)
        .execute()) as unknown as { id: string; jurisdiction_code: string; enterprise_id?: string | null; uploaded_by?: string | null }[])
    : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.map((id, i) => {
    const r = byId.get(keyOf(id));
    if (!r) throw fail(i);
    const row = { id: r.id, jurisdictionCode: r.jurisdiction_code, enterpriseId: r.enterprise_id ?? null };
    if (!rowVisible(ctx.actor, table, { ...row, uploadedBy: r.uploaded_by })) {
      recordDenial(ctx, { scope: 'outside', reference: fieldOf(i), jurisdiction: r.jurisdiction_code }, { type: table, id });
      throw fail(i);
    }
    return row;
  });
}
