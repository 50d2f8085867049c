// 系统管理 → 组织机构, 角色权限, API 令牌.
import { v7 as uuidv7 } from 'uuid';
import type { ApiToken, Department, DepartmentUpdated, RoleRow, TokenCreated, UserCounts } from '../../../shared/admin.dto.ts';
import { MFA_REQUIRED_ROLES, permissionsOf, ROLE_LABELS, ROLE_PERMISSIONS, ROLES } from '../../../shared/roles.ts';
import { requirePermission, scopedFrom } from '../access.ts';
import { audit } from '../audit.ts';
import { newToken, requireSession, sha256 } from '../auth/auth.service.ts';
import { checkTokenScopes } from '../auth/token-scopes.ts';
import { type Ctx, withTx } from '../context.ts';
import { fieldError, notFound } from '../errors.ts';

export async function listDepartments(ctx: Ctx): Promise<Department[]> {
  requirePermission(ctx, 'org:read');
  const rows = await ctx.deps.db
    .selectFrom('org_units')
    .leftJoin('users', 'users.unit_code', 'org_units.code')
    .select((eb) => ['org_units.code', 'org_units.name', 'org_units.short_name', 'org_units.name_edited', eb.fn.count<number>('users.id').as('users')])
    .where('org_units.kind', '=', 'department')
    .groupBy(['org_units.code', 'org_units.name', 'org_units.short_name', 'org_units.name_edited', 'org_units.sort'])
    .orderBy('org_units.sort')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, shortName: r.short_name, edited: r.name_edited, users: Number(r.users) }));
}

export async function updateDepartment(ctx: Ctx, code: string, input: { name: string; shortName: string | null }): Promise<DepartmentUpdated> {
  requirePermission(ctx, 'org:write');
  const { db, clock } = ctx.deps;
  const row = await db
    .selectFrom('org_units')
    .select(['code', 'name', 'short_name'])
    .where('code', '=', code)
    .where('kind', '=', 'department')
    .executeTakeFirst();
  if (!row) throw notFound('部门', 'Department');
  const name = input.name.trim();
  if (!name) throw fieldError('body.name', '不能为空', 'must not be blank');
  const shortName = input.shortName?.trim() || null;
  await withTx(ctx, async (c) => {
    await c.db.updateTable('org_units').set({ name, short_name: shortName, name_edited: true, updated_at: clock.now() }).where('code', '=', code).execute();
    await audit(c.db, c, {
      action: 'org.department.update',
      resourceType: 'org_unit',
      resourceId: code,
      before: { name: row.name, shortName: row.short_name },
      after: { name, shortName },
    });
  });
  return { code, name, shortName };
}

/** Users per org unit (the admin org tree shows them next to each node). */
export async function userCountsByUnit(ctx: Ctx): Promise<UserCounts> {
  requirePermission(ctx, 'user:read');
  const rows = await scopedFrom(ctx, 'users', { jurisdiction: 'users.unit_code', enterprise: 'users.enterprise_id' })
    .select(['users.unit_code', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('users.unit_code')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.unit_code, Number(r.n)]));
}

export function rolesMatrix(ctx: Ctx): RoleRow[] {
  requirePermission(ctx, 'user:read');
  return ROLES.map((r) => ({
    key: r,
    labelZh: ROLE_LABELS[r].zh,
    labelEn: ROLE_LABELS[r].en,
    permissions: [...ROLE_PERMISSIONS[r]],
    mfaRequired: ctx.deps.config.mfa === 'required' && MFA_REQUIRED_ROLES.includes(r),
  }));
}

// ── API tokens ────────────────────────────────────────────────────────────────────────────────────
const scopedTokens = (ctx: Ctx) =>
  scopedFrom(ctx, 'users', { jurisdiction: 'users.unit_code', enterprise: 'users.enterprise_id' }).innerJoin('api_tokens', 'api_tokens.user_id', 'users.id');

export async function listTokens(ctx: Ctx, q: { userId?: string }): Promise<ApiToken[]> {
  requirePermission(ctx, 'token:write');
  let qb = scopedTokens(ctx).select([
    'api_tokens.id',
    'api_tokens.name',
    'api_tokens.scopes',
    'api_tokens.created_at',
    'api_tokens.expires_at',
    'api_tokens.revoked_at',
    'api_tokens.last_used_at',
    'users.id as user_id',
    'users.username',
    'users.display_name',
  ]);
  if (q.userId) qb = qb.where('users.id', '=', q.userId);
  const rows = await qb.orderBy('api_tokens.created_at', 'desc').limit(500).execute();
  const now = ctx.deps.clock.now();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scopes: r.scopes,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    active: !r.revoked_at && (!r.expires_at || r.expires_at > now),
  }));
}

/** Create a token and return its secret (shown once; only its hash is stored). */
export async function createToken(ctx: Ctx, input: { userId: string; name: string; scopes: string[]; days?: number }): Promise<TokenCreated> {
  requireSession(ctx.actor);
  requirePermission(ctx, 'token:write');
  const user = await scopedFrom(ctx, 'users', { jurisdiction: 'users.unit_code', enterprise: 'users.enterprise_id' })
    .select(['users.id', 'users.username', 'users.disabled', 'users.roles'])
    .where('users.id', '=', input.userId)
    .executeTakeFirst();
  if (!user) throw fieldError('body.userId', '用户不存在', 'is not a known user');
  checkTokenScopes(permissionsOf(user.roles), input.scopes);
  const secret = `anlan_${newToken(30)}`;
  const id = uuidv7();
  const now = ctx.deps.clock.now();
  const expiresAt = input.days ? new Date(now.getTime() + input.days * 86_400_000) : null;
  await withTx(ctx, async (c) => {
    await c.db
      .insertInto('api_tokens')
      .values({ id, user_id: user.id, name: input.name, token_hash: sha256(secret), scopes: input.scopes, created_at: now, expires_at: expiresAt })
      .execute();
    await audit(c.db, c, {
      action: 'token.create',
      resourceType: 'api_token',
      resourceId: id,
      after: { user: user.username, name: input.name, scopes: input.scopes, expiresAt },
    });
  });
  return { id, secret, expiresAt: expiresAt?.toISOString() ?? null };
}

export async function revokeToken(ctx: Ctx, id: string) {
  requirePermission(ctx, 'token:write');
  const t = await scopedTokens(ctx).select(['api_tokens.id', 'api_tokens.revoked_at', 'api_tokens.name']).where('api_tokens.id', '=', id).executeTakeFirst();
  if (!t) throw notFound('令牌', 'Token');
  if (t.revoked_at) return;
  await withTx(ctx, async (c) => {
    await c.db.updateTable('api_tokens').set({ revoked_at: ctx.deps.clock.now() }).where('id', '=', id).execute();
    await audit(c.db, c, {
      action: 'token.revoke',
      resourceType: 'api_token',
      resourceId: id,
      before: { name: t.name, revoked: false },
      after: { revoked: true },
    });
  });
}
