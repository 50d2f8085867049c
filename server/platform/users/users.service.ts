// Creating users from the CLI, the bootstrap and the demo seed. (The admin UI's user management
// goes through the same functions.)
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/connection.ts';
import { writeAudit } from '../audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Clock } from '../clock.ts';

export interface NewUser {
  username: string;
  displayName: string;
  unitCode: string;
  roles: string[];
  password: string;
  phone?: string | null;
  enterpriseId?: string | null;
}

export async function createUser(db: Db, clock: Clock, u: NewUser, by: { id: string | null; username: string } | null): Promise<string> {
  const id = uuidv7();
  const now = clock.now();
  const hash = await hashPassword(u.password);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        username: u.username.toLowerCase(),
        display_name: u.displayName,
        unit_code: u.unitCode,
        roles: u.roles,
        phone: u.phone ?? null,
        enterprise_id: u.enterpriseId ?? null,
        password_hash: hash,
        password_changed_at: now,
        password_history: [hash],
        created_by: by?.id ?? null,
        updated_by: by?.id ?? null,
      })
      .execute();
    await writeAudit(trx, {
      at: now,
      actor: by ? { id: by.id, username: by.username, unitCode: null } : null,
      action: 'user.create',
      resourceType: 'user',
      resourceId: id,
      after: { username: u.username, displayName: u.displayName, unitCode: u.unitCode, roles: u.roles },
    });
  });
  return id;
}

export async function hasAdministrator(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`roles @> ${sql.val(['district_admin'])}::text[]`)
    .where('disabled', '=', false)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}
