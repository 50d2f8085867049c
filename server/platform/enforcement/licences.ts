// 行政执法证: who may inspect and investigate. 行政处罚法 §42: "执法人员不得少于两人" and they hold valid
// enforcement licences. The inspector pool of a 双随机 draw, the officers of a field inspection and the case
// team of an enforcement case all come from here: `validOfficers` lists them, `requireOfficers` checks a body's
// list of user ids.
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Licence, Officer } from '../../../shared/enforcement.dto.ts';
import type { PageOf } from '../../../shared/dto.ts';
import { lockScoped, requirePermission, requireJurisdiction, requireVisible, scopedFrom } from '../access.ts';
import { audit } from '../audit.ts';
import { type Ctx, type Deps, withTx } from '../context.ts';
import { createUser } from '../users/users.service.ts';
import { AppError, conflict, fieldError, notFound } from '../errors.ts';
import { countCapped, pageOf } from '../pagination.ts';
import { containsLike, iso, prefixLike } from '../sql.ts';
import { type Day, dayOf } from './workdays.ts';

/** 行政处罚法 §42: at least two officers. */
export const MIN_OFFICERS = 2;

const licences = (ctx: Ctx) =>
  scopedFrom(ctx, 'enforcement_licences', { jurisdiction: 'enforcement_licences.unit_code' })
    .innerJoin('users', 'users.id', 'enforcement_licences.user_id')
    .innerJoin('org_units', 'org_units.code', 'enforcement_licences.unit_code');

function stateOf(r: { valid_from: string; valid_until: string; revoked_at: Date | null }, day: Day): Licence['state'] {
  if (r.revoked_at) return 'revoked';
  if (day < r.valid_from) return 'pending';
  return day > r.valid_until ? 'expired' : 'valid';
}

export interface LicenceQuery {
  q?: string;
  unit?: string;
  state?: Licence['state'];
  page?: number;
  pageSize?: number;
}

export async function listLicences(ctx: Ctx, query: LicenceQuery): Promise<PageOf<Licence>> {
  requirePermission(ctx, 'licence:read');
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const today = dayOf(ctx.deps.clock.now());
  let base = licences(ctx);
  if (query.q)
    base = base.where((eb) =>
      eb.or([eb('users.display_name', 'like', containsLike(query.q ?? '')), eb('enforcement_licences.number', 'like', containsLike(query.q ?? ''))]),
    );
  if (query.unit) base = base.where('enforcement_licences.unit_code', 'like', prefixLike(query.unit));
  if (query.state === 'revoked') base = base.where('enforcement_licences.revoked_at', 'is not', null);
  else if (query.state) {
    base = base.where('enforcement_licences.revoked_at', 'is', null);
    if (query.state === 'valid') base = base.where('enforcement_licences.valid_from', '<=', today).where('enforcement_licences.valid_until', '>=', today);
    if (query.state === 'expired') base = base.where('enforcement_licences.valid_until', '<', today);
    if (query.state === 'pending') base = base.where('enforcement_licences.valid_from', '>', today);
  }
  const [count, rows] = await Promise.all([
    countCapped(ctx.db, base),
    base
      .selectAll('enforcement_licences')
      .select(['users.display_name as user_name', 'org_units.name as unit_name'])
      .orderBy('enforcement_licences.valid_until', 'asc')
      .orderBy('enforcement_licences.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return pageOf(
    count,
    rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.user_name,
      number: r.number,
      issuer: r.issuer,
      unitCode: r.unit_code,
      unitName: r.unit_name,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      state: stateOf(r, today),
      revokedAt: iso(r.revoked_at),
      revokedReason: r.revoked_reason,
      createdAt: iso(r.created_at),
    })),
    { page, pageSize },
  );
}

export interface LicenceInput {
  userId: string;
  number: string;
  issuer: string;
  unitCode: string;
  validFrom: Day;
  validUntil: Day;
}

export async function createLicence(ctx: Ctx, input: LicenceInput): Promise<{ id: string }> {
  requirePermission(ctx, 'licence:write');
  if (input.validUntil < input.validFrom) throw fieldError('body.validUntil', '有效期截止日不能早于起始日', 'must not be before validFrom');
  const number = input.number.trim();
  return withTx(ctx, async (c) => {
    await requireVisible(c, 'users', input.userId, 'body.userId');
    await requireJurisdiction(c, input.unitCode, 'body.unitCode', { kinds: ['district', 'town'] });
    const taken = await c.db.selectFrom('enforcement_licences').select('id').where('number', '=', number).executeTakeFirst();
    if (taken)
      throw new AppError('LICENCE_NUMBER_TAKEN', 409, `执法证号 ${number} 已登记`, `Licence number ${number} is already recorded`, [
        { field: 'body.number', message: '执法证号已登记', messageEn: 'already recorded' },
      ]);
    const id = uuidv7();
    const row = {
      id,
      user_id: input.userId,
      number,
      issuer: input.issuer.trim(),
      unit_code: input.unitCode,
      valid_from: input.validFrom,
      valid_until: input.validUntil,
      created_by: c.actor.id,
    };
    await c.db.insertInto('enforcement_licences').values(row).execute();
    await audit(c.db, c, { action: 'licence.create', resourceType: 'enforcement_licence', resourceId: id, after: row });
    return { id };
  });
}

export async function revokeLicence(ctx: Ctx, id: string, reason: string): Promise<{ id: string }> {
  requirePermission(ctx, 'licence:write');
  return withTx(ctx, async (c) => {
    const row = await lockScoped(c, 'enforcement_licences', id, { jurisdiction: 'enforcement_licences.unit_code' });
    if (!row) throw notFound('执法证', 'Licence');
    if (row.revoked_at) throw conflict('LICENCE_REVOKED', '该执法证已注销', 'The licence is already revoked');
    const revoked = { revoked_at: c.deps.clock.now(), revoked_reason: reason.trim() };
    await c.db.updateTable('enforcement_licences').set(revoked).where('id', '=', id).execute();
    await audit(c.db, c, {
      action: 'licence.revoke',
      resourceType: 'enforcement_licence',
      resourceId: id,
      before: { revokedAt: null },
      after: { revokedReason: revoked.revoked_reason },
    });
    return { id };
  });
}

export interface SeedOfficer {
  username: string;
  name: string;
  /** The unit the person belongs to and the licence is registered under. */
  unitCode: string;
  licence: string;
  validUntil: Day;
}

/**
 * Demo seeds: enforcement_officer accounts (no password handed out) with their 行政执法证, made once — a second
 * seed finds the users and the numbers. The licences are written as an import would write them: a seed is
 * nobody's 登记 (createLicence records the user who registers one). The user ids, in the order given.
 */
export async function seedLicensedOfficers(deps: Deps, officers: readonly SeedOfficer[]): Promise<string[]> {
  const ids: string[] = [];
  for (const o of officers) {
    const existing = await deps.db.selectFrom('users').select('id').where('username', '=', o.username).executeTakeFirst();
    const password = `Al-${randomBytes(12).toString('base64url')}7q`;
    const id =
      existing?.id ??
      (await createUser(
        deps.db,
        deps.clock,
        { username: o.username, displayName: o.name, unitCode: o.unitCode, roles: ['enforcement_officer'], password },
        null,
      ));
    ids.push(id);
    await deps.db
      .insertInto('enforcement_licences')
      .values({
        id: uuidv7(),
        user_id: id,
        number: o.licence,
        issuer: '宁波市海曙区人民政府',
        unit_code: o.unitCode,
        valid_from: '2024-01-01',
        valid_until: o.validUntil,
      })
      .onConflict((oc) => oc.column('number').doNothing())
      .execute();
  }
  return ids;
}

/** Officers holding a licence valid on `day` (default today), within the actor's scope; `unit`: under this org code. */
export async function validOfficers(ctx: Ctx, opts: { day?: Day; unit?: string; userIds?: readonly string[] } = {}): Promise<Officer[]> {
  const day = opts.day ?? dayOf(ctx.deps.clock.now());
  let q = licences(ctx)
    .where('enforcement_licences.revoked_at', 'is', null)
    .where('enforcement_licences.valid_from', '<=', day)
    .where('enforcement_licences.valid_until', '>=', day)
    .where('users.disabled', '=', false);
  if (opts.unit) q = q.where('enforcement_licences.unit_code', 'like', prefixLike(opts.unit));
  if (opts.userIds) q = opts.userIds.length ? q.where('enforcement_licences.user_id', 'in', opts.userIds) : q.where((eb) => eb.val(false));
  const rows = await q
    .select([
      'users.id',
      'users.display_name',
      'enforcement_licences.unit_code',
      'org_units.name as unit_name',
      'enforcement_licences.number',
      'enforcement_licences.valid_until',
    ])
    .orderBy('users.id')
    .orderBy('enforcement_licences.valid_until', 'desc')
    .execute();
  // A person with two valid licences is one officer (the one valid longest).
  const byUser = new Map<string, Officer>();
  for (const r of rows) {
    if (byUser.has(r.id)) continue;
    byUser.set(r.id, { userId: r.id, name: r.display_name, unitCode: r.unit_code, unitName: r.unit_name, licenceNumber: r.number, validUntil: r.valid_until });
  }
  return [...byUser.values()];
}

/** The units that issued these people's licences, read without scope (for widening a drawn team's check, 交叉检查). */
export async function licenceUnits(ctx: Ctx, userIds: readonly string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await ctx.db.selectFrom('enforcement_licences').select('unit_code').distinct().where('user_id', 'in', userIds).execute();
  return rows.map((r) => r.unit_code);
}

export async function listOfficers(ctx: Ctx, opts: { day?: Day; unit?: string }): Promise<{ items: Officer[] }> {
  requirePermission(ctx, 'licence:read');
  return { items: await validOfficers(ctx, opts) };
}

/**
 * The officers of an inspection or case: at least `min` different people, each holding a licence valid on `day`.
 * The error names the list (`body.officerIds`) when there are too few, and the entry (`body.officerIds.1`) that
 * has no valid licence or repeats one before it.
 */
export async function requireOfficers(ctx: Ctx, userIds: readonly string[], field: string, opts: { day?: Day; min?: number } = {}): Promise<Officer[]> {
  const min = opts.min ?? MIN_OFFICERS;
  const seen = new Set<string>();
  userIds.forEach((id, i) => {
    if (seen.has(id)) throw fieldError(`${field}.${i}`, '执法人员重复', 'officer listed twice');
    seen.add(id);
  });
  if (userIds.length < min) throw fieldError(field, `执法人员不得少于${min}人（行政处罚法第四十二条）`, `at least ${min} officers are required`);
  const valid = new Map((await validOfficers(ctx, { day: opts.day, userIds })).map((o) => [o.userId, o]));
  return userIds.map((id, i) => {
    const officer = valid.get(id);
    if (!officer) throw fieldError(`${field}.${i}`, '该人员没有有效的行政执法证', 'holds no valid enforcement licence');
    return officer;
  });
}
