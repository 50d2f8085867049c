// 系统管理 → 用户: list, create, edit, disable/enable, reset password, unlock, revoke sessions, grants.
// A user row's jurisdiction is its home unit, so the users list goes through the same scope filter as
// every domain table: a district administrator sees all users; an actor with user:read at a town would
// see that town's users only; nobody without user:read lists users at all.
import { sql, type Updateable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AdminUser, AdminUserDetail, AdminUserPage, TemporaryPassword, UserCreated } from '../../../shared/admin.dto.ts';
import { ROLES } from '../../../shared/roles.ts';
import { requirePermission, scopedFrom, requireJurisdiction } from '../access.ts';
import type { UsersTable } from '../../db/schema.ts';
import { audit } from '../audit.ts';
import { checkPasswordPolicy, hashPassword, POLICIES, temporaryPassword } from '../auth/passwords.ts';
import { type Ctx, withTx } from '../context.ts';
import { conflict, fieldError, notFound } from '../errors.ts';
import { countCapped } from '../pagination.ts';
import { containsLike, prefixLike } from '../sql.ts';

export const userNotFound = () => notFound('用户', 'User');

export interface UserQuery {
  q?: string;
  unit?: string;
  role?: string;
  status?: 'active' | 'disabled' | 'locked';
  page?: number;
  pageSize?: number;
}

const presentUser = (r: UserRow, now: Date): AdminUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  unitCode: r.unit_code,
  unitName: r.unit_name,
  roles: r.roles,
  phone: r.phone,
  enterpriseId: r.enterprise_id,
  disabled: r.disabled,
  locked: !!r.locked_until && r.locked_until > now,
  lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until.toISOString() : null,
  totpEnabled: r.totp_enabled,
  mustChangePassword: r.must_change_password,
  passwordChangedAt: r.password_changed_at ? r.password_changed_at.toISOString() : null,
  createdAt: r.created_at.toISOString(),
});

const scopedUsers = (ctx: Ctx) =>
  scopedFrom(ctx, 'users', { jurisdiction: 'users.unit_code', enterprise: 'users.enterprise_id' })
    .innerJoin('org_units', 'org_units.code', 'users.unit_code')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.unit_code',
      'org_units.name as unit_name',
      'users.roles',
      'users.phone',
      'users.enterprise_id',
      'users.disabled',
      'users.locked_until',
      'users.totp_enabled',
      'users.must_change_password',
      'users.password_changed_at',
      'users.created_at',
    ]);
type UserRow = Awaited<ReturnType<ReturnType<typeof scopedUsers>['executeTakeFirstOrThrow']>>;

export async function listUsers(ctx: Ctx, q: UserQuery): Promise<AdminUserPage> {
  requirePermission(ctx, 'user:read');
  const now = ctx.deps.clock.now();
  let qb = scopedUsers(ctx);
  if (q.q) {
    const like = containsLike(q.q);
    qb = qb.where((eb) => eb.or([eb('users.username', 'ilike', like), eb('users.display_name', 'ilike', like), eb('users.phone', 'ilike', like)]));
  }
  if (q.unit) qb = qb.where('users.unit_code', 'like', prefixLike(q.unit));
  if (q.role) qb = qb.where(sql<boolean>`users.roles @> ${sql.val([q.role])}::text[]`);
  if (q.status === 'disabled') qb = qb.where('users.disabled', '=', true);
  if (q.status === 'active') qb = qb.where('users.disabled', '=', false);
  if (q.status === 'locked') qb = qb.where('users.locked_until', '>', now);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const [rows, total] = await Promise.all([
    qb
      .orderBy('users.created_at', 'desc')
      .orderBy('users.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    countCapped(ctx.db, qb.clearSelect()),
  ]);
  return { items: rows.map((r) => presentUser(r, now)), total: total.total, totalCapped: total.capped, page, pageSize };
}

async function findUser(ctx: Ctx, id: string) {
  const row = await scopedUsers(ctx).where('users.id', '=', id).executeTakeFirst();
  if (!row) throw userNotFound();
  return row;
}

export async function getUser(ctx: Ctx, id: string): Promise<AdminUserDetail> {
  requirePermission(ctx, 'user:read');
  const row = await findUser(ctx, id);
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const [grants, sessions] = await Promise.all([
    db
      .selectFrom('user_grants')
      .innerJoin('org_units', 'org_units.code', 'user_grants.unit_code')
      .select(['user_grants.unit_code as code', 'org_units.name'])
      .where('user_id', '=', id)
      .orderBy('org_units.sort')
      .execute(),
    db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow(),
  ]);
  return { ...presentUser(row, now), grants, activeSessions: Number(sessions.n) };
}

// Departments sit under the district, so a district actor covers them; anyone else only their subtree.
const checkUnit = (ctx: Ctx, code: string, field: string) => requireJurisdiction(ctx, code, field, { kinds: ['district', 'town', 'village', 'department'] });

function checkRoles(roles: string[], field: string) {
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw fieldError(field, `未知角色：${unknown.join('、')}`, `unknown role(s): ${unknown.join(', ')}`);
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  unitCode: string;
  roles: string[];
  phone?: string | null;
  password?: string;
}

/** Creates a user with a password they must change at first sign-in; answers the user and the temporary password if generated. */
export async function createUserByAdmin(ctx: Ctx, input: CreateUserInput): Promise<UserCreated> {
  requirePermission(ctx, 'user:write');
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{1,31}$/.test(username))
    throw fieldError('body.username', '只能包含小写字母、数字和 . _ -，2–32 位', 'must be 2–32 of a-z, 0-9, . _ -');
  checkRoles(input.roles, 'body.roles');
  await checkUnit(ctx, input.unitCode, 'body.unitCode');
  const policy = POLICIES[ctx.deps.config.passwordPolicy];
  if (input.password !== undefined) checkPasswordPolicy(policy, input.password, username, 'body.password');
  const { db, clock } = ctx.deps;
  const exists = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (exists) throw conflict('USERNAME_TAKEN', `用户名 ${username} 已存在`, `User name ${username} is taken`);
  const password = input.password ?? temporaryPassword();
  const hash = await hashPassword(password);
  const id = uuidv7();
  const now = clock.now();
  const after = { username, displayName: input.displayName, unitCode: input.unitCode, roles: input.roles, phone: input.phone ?? null };
  await withTx(ctx, async (c) => {
    await c.db
      .insertInto('users')
      .values({
        id,
        username,
        display_name: input.displayName,
        unit_code: input.unitCode,
        roles: input.roles,
        phone: input.phone ?? null,
        password_hash: hash,
        password_changed_at: now,
        password_history: [hash],
        must_change_password: true,
        created_by: ctx.actor.id,
        updated_by: ctx.actor.id,
      })
      .execute();
    await audit(c.db, c, { action: 'user.create', resourceType: 'user', resourceId: id, after });
  });
  const user = await getUser(ctx, id);
  return input.password === undefined ? { user, temporaryPassword: password } : { user };
}

export interface UpdateUserInput {
  displayName?: string;
  unitCode?: string;
  roles?: string[];
  phone?: string | null;
}

export async function updateUser(ctx: Ctx, id: string, input: UpdateUserInput): Promise<AdminUserDetail> {
  requirePermission(ctx, 'user:write');
  const row = await findUser(ctx, id);
  if (input.roles) checkRoles(input.roles, 'body.roles');
  if (input.unitCode !== undefined && input.unitCode !== row.unit_code) await checkUnit(ctx, input.unitCode, 'body.unitCode');
  if (id === ctx.actor.id && input.roles && !input.roles.includes('district_admin') && row.roles.includes('district_admin')) {
    throw conflict('CANNOT_DEMOTE_SELF', '不能移除自己的管理员角色', 'You cannot remove your own administrator role');
  }
  const before = { displayName: row.display_name, unitCode: row.unit_code, roles: row.roles, phone: row.phone };
  const after = {
    displayName: input.displayName ?? row.display_name,
    unitCode: input.unitCode ?? row.unit_code,
    roles: input.roles ?? row.roles,
    phone: input.phone === undefined ? row.phone : input.phone,
  };
  await withTx(ctx, async (c) => {
    await c.db
      .updateTable('users')
      .set({
        display_name: after.displayName,
        unit_code: after.unitCode,
        roles: after.roles,
        phone: after.phone,
        updated_at: ctx.deps.clock.now(),
        updated_by: ctx.actor.id,
      })
      .where('id', '=', id)
      .execute();
    await audit(c.db, c, { action: 'user.update', resourceType: 'user', resourceId: id, before, after });
  });
  return getUser(ctx, id);
}

/**
 * The small account operations: the columns each sets, whether it ends the user's sessions, and its audit row
 * (the state before, read from the user's row, and after).
 */
const ACCOUNT_ACTIONS = {
  disable: { set: { disabled: true }, revoke: true, audit: 'user.disable', before: (r: UserRow) => ({ disabled: r.disabled }), after: { disabled: true } },
  enable: { set: { disabled: false }, revoke: false, audit: 'user.enable', before: (r: UserRow) => ({ disabled: r.disabled }), after: { disabled: false } },
  unlock: {
    set: { locked_until: null, failed_logins: 0 },
    revoke: false,
    audit: 'user.unlock',
    before: (r: UserRow) => ({ lockedUntil: r.locked_until }),
    after: { lockedUntil: null },
  },
  'revoke-sessions': { set: null, revoke: true, audit: 'user.sessions.revoke', before: () => undefined, after: undefined },
  'reset-totp': {
    set: { totp_enabled: false, totp_secret: null, totp_last_step: null },
    revoke: true,
    audit: 'user.totp.reset',
    before: (r: UserRow) => ({ totpEnabled: r.totp_enabled }),
    after: { totpEnabled: false },
  },
} satisfies Record<string, { set: Updateable<UsersTable> | null; revoke: boolean; audit: string; before(r: UserRow): object | undefined; after?: object }>;

type AccountAction = keyof typeof ACCOUNT_ACTIONS;

/** The account operations' names, each its own route (`POST /api/admin/users/:id/<action>`). */
export const accountActions = Object.keys(ACCOUNT_ACTIONS) as AccountAction[];

/** The small account operations; each is one transaction with one audit row. */
export async function accountAction(ctx: Ctx, id: string, action: AccountAction): Promise<AdminUserDetail> {
  requirePermission(ctx, 'user:write');
  const row = await findUser(ctx, id);
  if (action === 'disable' && id === ctx.actor.id) throw conflict('CANNOT_DISABLE_SELF', '不能停用自己的账号', 'You cannot disable your own account');
  const op = ACCOUNT_ACTIONS[action];
  const now = ctx.deps.clock.now();
  await withTx(ctx, async (c) => {
    if (op.set)
      await c.db
        .updateTable('users')
        .set({ ...op.set, updated_at: now, updated_by: ctx.actor.id })
        .where('id', '=', id)
        .execute();
    if (op.revoke) await c.db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    await audit(c.db, c, { action: op.audit, resourceType: 'user', resourceId: id, before: op.before(row), after: op.after });
  });
  return getUser(ctx, id);
}

/** A one-time password, shown once to the administrator; the user must change it at the next sign-in. */
export async function resetPassword(ctx: Ctx, id: string): Promise<TemporaryPassword> {
  requirePermission(ctx, 'user:write');
  await findUser(ctx, id);
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  const now = ctx.deps.clock.now();
  await withTx(ctx, async (c) => {
    const u = await c.db.selectFrom('users').select('password_history').where('id', '=', id).executeTakeFirstOrThrow();
    await c.db
      .updateTable('users')
      .set({
        password_hash: hash,
        password_changed_at: now,
        password_history: [hash, ...u.password_history].slice(0, 5),
        must_change_password: true,
        failed_logins: 0,
        locked_until: null,
        updated_at: now,
        updated_by: ctx.actor.id,
      })
      .where('id', '=', id)
      .execute();
    await c.db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    await audit(c.db, c, { action: 'user.password.reset', resourceType: 'user', resourceId: id });
  });
  return { temporaryPassword: password };
}

/** Replace the user's extra jurisdictions (beyond their own unit's subtree). */
export async function setGrants(ctx: Ctx, id: string, unitCodes: string[]): Promise<AdminUserDetail> {
  requirePermission(ctx, 'user:write');
  await findUser(ctx, id);
  const codes = [...new Set(unitCodes)];
  for (const [i, c] of codes.entries()) await checkUnit(ctx, c, `body.unitCodes.${i}`);
  await withTx(ctx, async (c) => {
    const before = (await c.db.selectFrom('user_grants').select('unit_code').where('user_id', '=', id).orderBy('unit_code').execute()).map((g) => g.unit_code);
    await c.db.deleteFrom('user_grants').where('user_id', '=', id).execute();
    if (codes.length)
      await c.db
        .insertInto('user_grants')
        .values(codes.map((unit_code) => ({ user_id: id, unit_code })))
        .execute();
    await audit(c.db, c, {
      action: 'user.grants.set',
      resourceType: 'user',
      resourceId: id,
      before: { grants: before },
      after: { grants: [...codes].sort() },
    });
  });
  return getUser(ctx, id);
}
