// 审计: query the audit trail, one row's detail, Excel export, chain verification.
import { fmtTime } from '../../../shared/time.ts';
import type { AuditDetail, AuditPage, AuditRow, AuditVerify } from '../../../shared/admin.dto.ts';
import { xlsxOf } from '../excel.ts';
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import { auditActionName, auditResourceName } from '../../../shared/audit.ts';
import type { AuditLogTable, DB } from '../../db/schema.ts';
import { requirePermission, scopeWhere } from '../access.ts';
import { audit, verifyAudit } from '../audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { fieldError, notFound } from '../errors.ts';
import { DISTRICT_CODE } from '../orgs/orgs.service.ts';
import { countCapped } from '../pagination.ts';
import { containsLike, prefixLike } from '../sql.ts';

export interface AuditQuery {
  from?: string;
  to?: string;
  /** User name (substring) or user id. */
  user?: string;
  /** Exact action, or a prefix ending in '.' / '*' (e.g. "user." or "auth*"). */
  action?: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: 'success' | 'denied' | 'failure';
  page?: number;
  pageSize?: number;
}

export const EXPORT_MAX_ROWS = 50_000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseTime(v: string | undefined, field: string): Date | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw fieldError(field, '不是有效的时间', 'is not a valid time');
  return d;
}

/** Auditors at district level read the whole trail; anyone narrower reads rows of actors in their units. */
function filtered(ctx: Ctx, q: AuditQuery) {
  const from = parseTime(q.from, 'querystring.from');
  const to = parseTime(q.to, 'querystring.to');
  let qb = ctx.deps.db.selectFrom('audit_log');
  if (!ctx.actor.jurisdictions.includes(DISTRICT_CODE) || ctx.actor.enterpriseId) {
    qb = qb.where(scopeWhere(ctx, { jurisdiction: 'audit_log.unit_code' }) as (eb: ExpressionBuilder<DB, 'audit_log'>) => never);
  }
  if (from) qb = qb.where('at', '>=', from);
  if (to) qb = qb.where('at', '<', to);
  if (q.user) {
    const user = q.user.trim();
    qb = UUID_RE.test(user) ? qb.where('user_id', '=', user) : qb.where('username', 'ilike', containsLike(user));
  }
  if (q.action) {
    const a = q.action.trim();
    qb = a.endsWith('*') || a.endsWith('.') ? qb.where('action', 'like', prefixLike(a.replace(/\*$/, ''))) : qb.where('action', '=', a);
  }
  if (q.resourceType) qb = qb.where('resource_type', '=', q.resourceType);
  if (q.resourceId) qb = qb.where('resource_id', '=', q.resourceId);
  if (q.outcome) qb = qb.where('outcome', '=', q.outcome);
  return qb;
}

const LIST_COLS = ['id', 'at', 'user_id', 'username', 'unit_code', 'ip', 'action', 'resource_type', 'resource_id', 'outcome'] as const;

/** The actor's display name today (the row keeps the user name it was written with). */
const actorName = sql<string | null>`(select u.display_name from users u where u.id = audit_log.user_id)`.as('actor_name');
/**
 * A readable name of the resource where the row has one: a user's display name, else the name or title the
 * row's after/before image carries (a hazard's title, an enterprise's name…).
 */
const resourceName = sql<string | null>`coalesce(
  case when audit_log.resource_type = 'user' then (select u.display_name from users u where u.id::text = audit_log.resource_id) end,
  audit_log.after->>'name', audit_log.after->>'title', audit_log.after->>'displayName',
  audit_log.before->>'name', audit_log.before->>'title', audit_log.before->>'displayName')`.as('resource_name');

type ListRow = Pick<Selectable<AuditLogTable>, (typeof LIST_COLS)[number]> & { actor_name: string | null; resource_name: string | null };

const present = (r: ListRow): AuditRow => ({
  id: r.id,
  at: r.at.toISOString(),
  userId: r.user_id,
  username: r.username,
  unitCode: r.unit_code,
  ip: r.ip,
  actorName: r.actor_name,
  action: r.action,
  actionName: auditActionName(r.action).zh,
  resourceType: r.resource_type,
  resourceTypeName: r.resource_type ? auditResourceName(r.resource_type).zh : null,
  resourceId: r.resource_id,
  resourceName: r.resource_name,
  outcome: r.outcome,
});

export async function listAudit(ctx: Ctx, q: AuditQuery): Promise<AuditPage> {
  requirePermission(ctx, 'audit:read');
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const qb = filtered(ctx, q);
  const [rows, total] = await Promise.all([
    qb
      .select([...LIST_COLS, actorName, resourceName])
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    countCapped(ctx.db, qb),
  ]);
  return { items: rows.map(present), total: total.total, totalCapped: total.capped, page, pageSize };
}

export async function getAuditRow(ctx: Ctx, id: number): Promise<AuditDetail> {
  requirePermission(ctx, 'audit:read');
  const r = await filtered(ctx, {}).selectAll().select([actorName, resourceName]).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('审计记录', 'Audit row');
  return { ...present(r), before: r.before, after: r.after, detail: r.detail, hash: r.hash, prevHash: r.prev_hash };
}

const OUTCOME_ZH: Record<string, string> = { success: '成功', denied: '拒绝', failure: '失败' };

/** The filtered rows as an .xlsx workbook (newest first, at most EXPORT_MAX_ROWS); the export itself is audited. */
export async function exportAudit(ctx: Ctx, q: AuditQuery): Promise<{ buffer: Buffer; rows: number }> {
  requirePermission(ctx, 'audit:export');
  const rows = await filtered(ctx, q).selectAll().select([actorName, resourceName]).orderBy('id', 'desc').limit(EXPORT_MAX_ROWS).execute();
  const buffer = await xlsxOf(
    '审计记录',
    [
      { header: '编号', width: 10, cell: (r) => r.id },
      { header: '时间（北京时间）', width: 22, cell: (r) => fmtTime(r.at) },
      { header: '用户', width: 16, cell: (r) => r.username },
      { header: '姓名', width: 14, cell: (r) => r.actor_name },
      { header: '单位代码', width: 14, cell: (r) => r.unit_code },
      { header: 'IP', width: 16, cell: (r) => r.ip },
      { header: '操作', width: 22, cell: (r) => auditActionName(r.action).zh },
      { header: '操作代码', width: 24, cell: (r) => r.action },
      { header: '对象类型', width: 14, cell: (r) => (r.resource_type ? auditResourceName(r.resource_type).zh : null) },
      { header: '对象', width: 28, cell: (r) => r.resource_name },
      { header: '对象编号', width: 38, cell: (r) => r.resource_id },
      { header: '结果', width: 8, cell: (r) => OUTCOME_ZH[r.outcome] ?? r.outcome },
      { header: '变更前', width: 40, cell: (r) => r.before },
      { header: '变更后', width: 40, cell: (r) => r.after },
      { header: '详情', width: 30, cell: (r) => r.detail },
      { header: '哈希', width: 20, cell: (r) => r.hash },
    ],
    rows,
    { frozenHeader: true },
  );
  await withTx(ctx, (c) => audit(c.db, c, { action: 'audit.export', resourceType: 'audit_log', detail: { filter: q, rows: rows.length } }));
  return { buffer, rows: rows.length };
}

export async function verifyChain(ctx: Ctx): Promise<AuditVerify> {
  requirePermission(ctx, 'audit:read');
  return verifyAudit(ctx.deps.db);
}
