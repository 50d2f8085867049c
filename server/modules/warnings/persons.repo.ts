// SQL of the responsible-person registry and the registered CAP senders (warnings.repo.ts holds the
// warnings', delivery.repo.ts the recipients' and delivery attempts'). Every function reads and writes
// through ctx.db: inside withTx, the open transaction.
import type { Insertable, Selectable, Updateable } from 'kysely';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { fetchPage, whereContains } from '../../platform/pagination.ts';
import { prefixLike } from '../../platform/sql.ts';
import type { PersonRole } from '../../../shared/warnings.ts';
import type { ResponsiblePersonsTable, WarningCapSendersTable } from './warnings.tables.ts';

export type PersonRow = Selectable<ResponsiblePersonsTable>;
export type CapSender = Selectable<WarningCapSendersTable>;

// ── responsible persons ────────────────────────────────────────────────────────────────────────────
export interface PersonFilter {
  code?: string;
  role?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** A page of the persons in the caller's scope, with their place's and superior's names. */
export async function personPage(ctx: Ctx, f: PersonFilter) {
  let base = scopedFrom(ctx, 'responsible_persons');
  if (f.code) base = base.where('responsible_persons.jurisdiction_code', 'like', prefixLike(f.code.replace(/\D/g, '')));
  if (f.role) base = base.where('responsible_persons.role', '=', f.role as PersonRole);
  base = whereContains(base, f.q, ['responsible_persons.name', 'responsible_persons.phone']);
  return fetchPage(
    ctx.db,
    base,
    (q) =>
      q
        .leftJoin('org_units as o', 'o.code', 'responsible_persons.jurisdiction_code')
        .leftJoin('responsible_persons as s', 's.id', 'responsible_persons.superior_id')
        .selectAll('responsible_persons')
        .select(['o.name as jurisdiction_name', 's.name as superior_name'])
        .orderBy('responsible_persons.jurisdiction_code')
        .orderBy('responsible_persons.role')
        .orderBy('responsible_persons.name'),
    f,
  );
}

/** One person, whatever the scope (the caller checks it). */
export function personById(ctx: Ctx, id: string): Promise<PersonRow | undefined> {
  return ctx.db.selectFrom('responsible_persons').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A person's link in the superior chain. */
export function personLink(ctx: Ctx, id: string) {
  return ctx.db.selectFrom('responsible_persons').select(['id', 'superior_id', 'jurisdiction_code']).where('id', '=', id).executeTakeFirst();
}

export function insertPerson(ctx: Ctx, row: Insertable<ResponsiblePersonsTable>): Promise<PersonRow> {
  return ctx.db.insertInto('responsible_persons').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updatePersonRow(ctx: Ctx, id: string, set: Updateable<ResponsiblePersonsTable>): Promise<PersonRow> {
  return ctx.db.updateTable('responsible_persons').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The division codes a person may be filed under (towns and villages, not departments). */
export async function placeCodes(ctx: Ctx): Promise<Set<string>> {
  return new Set((await ctx.db.selectFrom('org_units').select('code').where('kind', '!=', 'department').execute()).map((r) => r.code));
}

/** The person an import row updates: same phone, role and place. */
export function personByPhoneRole(ctx: Ctx, phone: string, role: PersonRole, jurisdictionCode: string) {
  return ctx.db
    .selectFrom('responsible_persons')
    .select('id')
    .where('phone', '=', phone)
    .where('role', '=', role)
    .where('jurisdiction_code', '=', jurisdictionCode)
    .executeTakeFirst();
}

/** A person in the caller's scope with this phone (an import's 上级手机). */
export async function personInScopeByPhone(ctx: Ctx, phone: string): Promise<string | undefined> {
  return (await scopedFrom(ctx, 'responsible_persons').select('responsible_persons.id').where('responsible_persons.phone', '=', phone).executeTakeFirst())?.id;
}

export async function setSuperior(ctx: Ctx, id: string, superiorId: string) {
  await ctx.db.updateTable('responsible_persons').set({ superior_id: superiorId }).where('id', '=', id).execute();
}

// ── CAP senders ────────────────────────────────────────────────────────────────────────────────────
export function listSenderRows(ctx: Ctx): Promise<CapSender[]> {
  return ctx.db.selectFrom('warning_cap_senders').selectAll().orderBy('created_at').execute();
}

export async function senderIdTaken(ctx: Ctx, sender: string): Promise<boolean> {
  return !!(await ctx.db.selectFrom('warning_cap_senders').select('id').where('sender', '=', sender).executeTakeFirst());
}

export function insertSender(ctx: Ctx, row: Insertable<WarningCapSendersTable>): Promise<CapSender> {
  return ctx.db.insertInto('warning_cap_senders').values(row).returningAll().executeTakeFirstOrThrow();
}

export function lockSender(ctx: Ctx, id: string): Promise<CapSender | undefined> {
  return ctx.db.selectFrom('warning_cap_senders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateSenderRow(ctx: Ctx, id: string, set: Updateable<WarningCapSendersTable>): Promise<CapSender> {
  return ctx.db.updateTable('warning_cap_senders').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Set a sender's credential hash; false when there is no such sender. */
export async function setSenderToken(ctx: Ctx, id: string, tokenHash: string): Promise<boolean> {
  const r = await ctx.db
    .updateTable('warning_cap_senders')
    .set({ token_hash: tokenHash, updated_at: ctx.deps.clock.now(), updated_by: ctx.actor.id })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The enabled sender holding this credential. */
export function senderByTokenHash(ctx: Ctx, tokenHash: string): Promise<CapSender | undefined> {
  return ctx.db.selectFrom('warning_cap_senders').selectAll().where('token_hash', '=', tokenHash).where('enabled', '=', true).executeTakeFirst();
}

export function enabledSender(ctx: Ctx, id: string): Promise<CapSender | undefined> {
  return ctx.db.selectFrom('warning_cap_senders').selectAll().where('id', '=', id).where('enabled', '=', true).executeTakeFirst();
}

/** Mark a sender as used (shown in the admin list). */
export async function touchSender(ctx: Ctx, id: string, now: Date) {
  await ctx.db.updateTable('warning_cap_senders').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** What reaching a responsible person needs (targeting, and the superior an escalation reaches). */
export type PersonContact = Pick<PersonRow, 'id' | 'name' | 'role' | 'phone' | 'email' | 'user_id' | 'jurisdiction_code' | 'channels'>;

/** The active persons in these roles under a jurisdiction, with where they are (targeting narrows them). */
export function activePersonsInRoles(db: Tx, roles: readonly PersonRole[], jurisdictionCode: string) {
  return db
    .selectFrom('responsible_persons')
    .select(['id', 'name', 'role', 'phone', 'email', 'user_id', 'jurisdiction_code', 'channels', 'lon', 'lat'])
    .where('active', '=', true)
    .where('role', 'in', roles)
    .where('jurisdiction_code', 'like', prefixLike(jurisdictionCode))
    .orderBy('jurisdiction_code')
    .orderBy('name')
    .execute();
}
