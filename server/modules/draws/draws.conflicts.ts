// Declared conflicts of interest (利害关系申报): an inspector ↔ enterprise pair the draw never assigns while it
// stands. The inspector declares their own; an administrator of licences (licence:write) may record anyone's.
// A conflict is filed where the enterprise is (who may see the enterprise may see the declaration).
import { v7 } from 'uuid';
import type { ConflictDto } from '../../../shared/draws.dto.ts';
import type { PageOf } from '../../../shared/dto.ts';
import { hasPermission, requirePermission, requireVisible, scopedFrom } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, fieldError, notFound } from '../../platform/errors.ts';
import { countCapped, pageOf } from '../../platform/pagination.ts';
import { iso } from '../../platform/sql.ts';
import { requireEnterprise, withOwnerNames } from '../registry/api.ts';

const conflictNotFound = () => notFound('利害关系申报', 'Conflict declaration');

const scoped = (ctx: Ctx) => scopedFrom(ctx, 'draw_conflicts').innerJoin('users', 'users.id', 'draw_conflicts.user_id');

export async function listConflicts(
  ctx: Ctx,
  query: { userId?: string; enterpriseId?: string; active?: boolean; page?: number; pageSize?: number },
): Promise<PageOf<ConflictDto>> {
  requirePermission(ctx, 'inspection:read');
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  let base = scoped(ctx);
  if (query.userId) base = base.where('draw_conflicts.user_id', '=', query.userId);
  if (query.enterpriseId) base = base.where('draw_conflicts.enterprise_id', '=', query.enterpriseId);
  if (query.active !== undefined) base = base.where('draw_conflicts.withdrawn_at', query.active ? 'is' : 'is not', null);
  const [count, rows] = await Promise.all([
    countCapped(ctx.db, base),
    base
      .selectAll('draw_conflicts')
      .select('users.display_name as user_name')
      .orderBy('draw_conflicts.created_at', 'desc')
      .orderBy('draw_conflicts.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  const named = await withOwnerNames(
    ctx.db,
    rows.map((r) => ({ ...r, park_id: null })),
  );
  return pageOf(
    count,
    named.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.user_name,
      enterpriseId: r.enterprise_id,
      enterpriseName: r.enterprise_name ?? '',
      jurisdictionCode: r.jurisdiction_code,
      reason: r.reason,
      createdAt: iso(r.created_at) as string,
      withdrawnAt: iso(r.withdrawn_at),
      withdrawnReason: r.withdrawn_reason,
    })),
    { page, pageSize },
  );
}

export async function declareConflict(ctx: Ctx, input: { userId: string; enterpriseId: string; reason: string }): Promise<{ id: string }> {
  requirePermission(ctx, 'inspection:write');
  if (input.userId !== ctx.actor.id && !hasPermission(ctx, 'licence:write'))
    throw fieldError('body.userId', '只能申报本人的利害关系（管理员可代为登记）', 'you may declare only your own conflicts');
  return withTx(ctx, async (c) => {
    await requireVisible(c, 'users', input.userId, 'body.userId');
    // Filed where the enterprise is.
    const e = await requireEnterprise(c, input.enterpriseId, 'body.enterpriseId');
    const live = await c.db
      .selectFrom('draw_conflicts')
      .select('id')
      .where('user_id', '=', input.userId)
      .where('enterprise_id', '=', input.enterpriseId)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (live) throw conflict('CONFLICT_DECLARED', '该人员与该企业的利害关系已登记', 'This conflict is already declared');
    const id = v7();
    const row = {
      id,
      user_id: input.userId,
      enterprise_id: input.enterpriseId,
      jurisdiction_code: e.jurisdictionCode,
      reason: input.reason.trim(),
      declared_by: c.actor.id,
    };
    await c.db.insertInto('draw_conflicts').values(row).execute();
    await audit(c.db, c, { action: 'draw.conflict.declare', resourceType: 'draw_conflict', resourceId: id, after: row });
    return { id };
  });
}

export async function withdrawConflict(ctx: Ctx, id: string, reason: string): Promise<{ id: string }> {
  requirePermission(ctx, 'inspection:write');
  return withTx(ctx, async (c) => {
    const row = await scopedFrom(c, 'draw_conflicts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw conflictNotFound();
    if (row.user_id !== c.actor.id && !hasPermission(c, 'licence:write')) throw conflictNotFound();
    if (row.withdrawn_at) throw conflict('CONFLICT_WITHDRAWN', '该申报已撤回', 'Already withdrawn');
    await c.db.updateTable('draw_conflicts').set({ withdrawn_at: c.deps.clock.now(), withdrawn_reason: reason.trim() }).where('id', '=', id).execute();
    await audit(c.db, c, { action: 'draw.conflict.withdraw', resourceType: 'draw_conflict', resourceId: id, before: { withdrawnAt: null }, after: { reason } });
    return { id };
  });
}
