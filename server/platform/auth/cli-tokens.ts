// Tokens made by `anlan token create`, in its own process or, while a server holds a PGlite data directory,
// through that server's loopback admin channel (server/platform/ops/admin.routes.ts).
import { v7 as uuidv7 } from 'uuid';
import { permissionsOf } from '../../../shared/roles.ts';
import { writeAudit } from '../audit.ts';
import type { Deps } from '../context.ts';
import { AppError } from '../errors.ts';
import { newToken, sha256 } from './auth.service.ts';
import { checkTokenScopes } from './token-scopes.ts';

/** `anlan token create`: the same scope rules as the admin API (checkTokenScopes); returns the secret. */
export async function createCliToken(deps: Deps, opts: { user: string; scopes: string[]; name: string; days?: string }): Promise<string> {
  const { db, clock } = deps;
  const u = await db.selectFrom('users').select(['id', 'username', 'roles']).where('username', '=', opts.user.toLowerCase()).executeTakeFirst();
  if (!u) throw new AppError('USER_NOT_FOUND', 400, '用户不存在', `no user ${opts.user}`);
  checkTokenScopes(permissionsOf(u.roles), opts.scopes, '--scope');
  const days = opts.days === undefined ? undefined : Number(opts.days);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
    throw new AppError('BAD_DAYS', 400, '天数应为 1–3650 的整数', '--days must be a whole number from 1 to 3650');
  }
  const secret = `anlan_${newToken(30)}`;
  const id = uuidv7();
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        user_id: u.id,
        name: opts.name,
        token_hash: sha256(secret),
        scopes: opts.scopes,
        expires_at: days ? new Date(now.getTime() + days * 86_400_000) : null,
      })
      .execute();
    await writeAudit(trx, {
      at: now,
      actor: null,
      action: 'token.create',
      resourceType: 'api_token',
      resourceId: id,
      after: { user: u.username, name: opts.name, scopes: opts.scopes },
    });
  });
  return secret;
}
