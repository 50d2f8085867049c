// Warnings: drafting, approval (drafter ≠ approver), release (targeting → recipients → first attempts, one
// transaction), update/cancel chains, CAP import and publication, and acknowledgement by link, in-app
// or SMS reply, followed by the measures report.
import { v7 as uuidv7 } from 'uuid';
import {
  EVENT_TYPES,
  eventTypeByCode,
  eventTypeByName,
  LEVEL_LABELS,
  type WarningLevel,
  type WarningState,
  WARNING_TRANSITIONS,
} from '../../../shared/warnings.ts';
import { coversJurisdiction, hasPermission, requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit, writeAudit } from '../../platform/audit.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { buildCap, type CapAlert, capReference, gbIdentifier, levelOfSeverity, parseCap, severityOfLevel } from './cap.ts';
import { ackLinkBatched } from './acks.ts';
import { ATTEMPTS_WRITTEN, WARNINGS_CHANGED } from './delivery.ts';
import { townOf } from './geo.ts';
import { addRecipients, scheduleLadder, stopLadder } from './ladder.ts';
import { getPolicy, getSettings } from './policy.ts';
import { insertFile, sniff, type UploadedPart } from '../../platform/files/files.service.ts';
import { findVisibleWarning, type LinkView, linkView } from './warnings.repo.ts';
import type { WarningArea, WarningsTable } from './warnings.tables.ts';
import { resolveTargets, townsOfArea } from './targeting.ts';
import { consumeToken, linkSecret, makeToken, newNonce, verifyToken } from './tokens.ts';
import type { Selectable } from 'kysely';

export type WarningRow = Selectable<WarningsTable>;
export const DISTRICT = '330203';
const warningNotFound = () => notFound('预警', 'Warning');

export interface WarningInput {
  eventType: string;
  level: WarningLevel;
  headline?: string;
  description: string;
  instruction?: string;
  onset?: string;
  expires: string;
  areaDesc?: string;
  area: { polygons?: [number, number][][]; circles?: { lon: number; lat: number; radiusKm: number }[]; geocodes?: string[] };
  jurisdictionCode?: string;
}

function transition(w: { status: WarningState }, to: WarningState) {
  if (!WARNING_TRANSITIONS[w.status].includes(to)) {
    throw conflict('ILLEGAL_TRANSITION', `当前状态（${w.status}）不能变为 ${to}`, `Cannot go from ${w.status} to ${to}`);
  }
}

const close = (ring: [number, number][]): [number, number][] => {
  const [a, b] = [ring[0], ring[ring.length - 1]];
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
};

async function checkInput(ctx: Ctx, input: WarningInput) {
  const now = ctx.deps.clock.now();
  const type = eventTypeByCode(input.eventType);
  if (!type) throw fieldError('body.eventType', '不是已知的预警类型', 'is not a known event type');
  const expires = new Date(input.expires);
  const onset = input.onset ? new Date(input.onset) : now;
  if (expires <= onset || expires <= now) throw fieldError('body.expires', '应晚于生效时间和当前时间', 'must be after onset and now');
  const area: WarningArea = {
    polygons: (input.area.polygons ?? []).map(close),
    circles: input.area.circles ?? [],
    geocodes: [...new Set(input.area.geocodes ?? [])],
  };
  area.polygons.forEach((ring, i) => {
    if (ring.length < 4) throw fieldError(`body.area.polygons.${i}`, '至少需要3个不同的点', 'needs at least 3 distinct points');
  });
  if (!area.polygons.length && !area.circles.length && !area.geocodes.length)
    throw fieldError('body.area', '请划定区域或选择镇街/村社', 'draw an area or pick towns/villages');
  const jurisdictionCode = input.jurisdictionCode ?? (ctx.actor.unitKind === 'department' ? DISTRICT : ctx.actor.unitCode);
  await requireJurisdiction(ctx, jurisdictionCode, 'body.jurisdictionCode');
  if (area.geocodes.length) {
    const known = await ctx.deps.db.selectFrom('org_units').select('code').where('code', 'in', area.geocodes).execute();
    const ok = new Set(known.map((k) => k.code));
    const bad = area.geocodes.findIndex((g) => !ok.has(g) || !(g.startsWith(jurisdictionCode) || jurisdictionCode.startsWith(g)));
    if (bad >= 0) throw fieldError(`body.area.geocodes.${bad}`, '不是辖区内的行政区划代码', 'is not a division code in your jurisdiction');
  }
  const towns = await townsOfArea(ctx.deps.db, area, jurisdictionCode);
  let areaDesc = input.areaDesc?.trim();
  if (!areaDesc) {
    const names = await ctx.deps.db
      .selectFrom('org_units')
      .select('name')
      .where('code', 'in', area.geocodes.length ? area.geocodes : towns.length ? towns : [jurisdictionCode])
      .orderBy('code')
      .execute();
    areaDesc = names.map((n) => n.name).join('、') || '划定区域';
  }
  return {
    type,
    onset,
    expires,
    area,
    areaDesc,
    jurisdictionCode,
    towns,
    headline: input.headline?.trim() || `${type.zh}${LEVEL_LABELS[input.level].zh}`,
  };
}

export async function createWarning(ctx: Ctx, input: WarningInput & { supersedes?: string }): Promise<WarningRow> {
  requirePermission(ctx, 'warning:write');
  const c = await checkInput(ctx, input);
  const now = ctx.deps.clock.now();
  let original: WarningRow | undefined;
  if (input.supersedes) {
    original = await findVisibleWarning(ctx, input.supersedes);
    if (!original) throw fieldError('body.supersedes', '要更新的预警不存在', 'warning to update not found');
    if (original.status !== 'released') throw fieldError('body.supersedes', '只能更新已发布的预警', 'only a released warning can be updated');
  }
  const id = uuidv7();
  const row = {
    id,
    identifier: `DRAFT-${id}`,
    sender: (await getSettings(ctx.deps.db)).capSender,
    source: 'platform' as const,
    msg_type: original ? ('Update' as const) : ('Alert' as const),
    refs: original ? [...original.refs, capReference({ sender: original.sender, identifier: original.identifier, sent: original.sent_at as Date })] : [],
    supersedes_id: original?.id ?? null,
    status: 'draft' as const,
    event_type: c.type.code,
    event_name: c.type.zh,
    level: input.level,
    headline: c.headline,
    description: input.description.trim(),
    instruction: input.instruction?.trim() || null,
    sender_name: ctx.actor.unitName,
    onset: c.onset,
    expires: c.expires,
    area: JSON.stringify(c.area),
    area_desc: c.areaDesc,
    jurisdiction_code: c.jurisdictionCode,
    town_codes: c.towns,
    drafted_by: ctx.actor.id,
    created_by: ctx.actor.id,
    updated_by: ctx.actor.id,
    created_at: now,
    updated_at: now,
  };
  return ctx.deps.db.transaction().execute(async (trx) => {
    const saved = await trx.insertInto('warnings').values(row).returningAll().executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'warning.create', resourceType: 'warning', resourceId: id, after: publicView(saved) });
    return saved;
  });
}

export async function updateWarning(ctx: Ctx, id: string, input: WarningInput): Promise<WarningRow> {
  requirePermission(ctx, 'warning:write');
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  if (w.status !== 'draft' && w.status !== 'rejected')
    throw conflict('ILLEGAL_TRANSITION', '只能修改草稿或被退回的预警', 'Only drafts and rejected warnings can be edited');
  const c = await checkInput(ctx, input);
  return ctx.deps.db.transaction().execute(async (trx) => {
    const saved = await trx
      .updateTable('warnings')
      .set({
        event_type: c.type.code,
        event_name: c.type.zh,
        level: input.level,
        headline: c.headline,
        description: input.description.trim(),
        instruction: input.instruction?.trim() || null,
        onset: c.onset,
        expires: c.expires,
        area: JSON.stringify(c.area),
        area_desc: c.areaDesc,
        jurisdiction_code: c.jurisdictionCode,
        town_codes: c.towns,
        status: 'draft',
        updated_by: ctx.actor.id,
        updated_at: ctx.deps.clock.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'warning.update', resourceType: 'warning', resourceId: id, before: publicView(w), after: publicView(saved) });
    return saved;
  });
}

async function setStatus(ctx: Ctx, id: string, to: WarningState, action: string, extra: (w: WarningRow) => Partial<Record<string, unknown>> = () => ({})) {
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  transition(w, to);
  return ctx.deps.db.transaction().execute(async (trx) => {
    const saved = await trx
      .updateTable('warnings')
      .set({ status: to, updated_by: ctx.actor.id, updated_at: ctx.deps.clock.now(), ...extra(w) })
      .where('id', '=', id)
      .where('status', '=', w.status)
      .returningAll()
      .executeTakeFirst();
    if (!saved) throw conflict('CONCURRENT_CHANGE', '预警已被他人修改，请刷新', 'The warning changed meanwhile; reload');
    await audit(trx, ctx, { action, resourceType: 'warning', resourceId: id, before: { status: w.status }, after: { status: to, ...extra(w) } });
    return saved;
  });
}

export function submitWarning(ctx: Ctx, id: string) {
  requirePermission(ctx, 'warning:write');
  return setStatus(ctx, id, 'pending_approval', 'warning.submit', () => ({ reject_reason: null }));
}

export async function approveWarning(ctx: Ctx, id: string) {
  requirePermission(ctx, 'warning:approve');
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  if (!coversJurisdiction(ctx.actor, w.jurisdiction_code)) throw forbidden();
  if (w.drafted_by === ctx.actor.id) throw new AppError('SELF_APPROVAL', 403, '起草人不能审批自己起草的预警', 'The drafter cannot approve their own warning');
  return setStatus(ctx, id, 'approved', 'warning.approve', () => ({ approved_by: ctx.actor.id, approved_at: ctx.deps.clock.now() }));
}

export async function rejectWarning(ctx: Ctx, id: string, reason: string) {
  requirePermission(ctx, 'warning:approve');
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  if (!coversJurisdiction(ctx.actor, w.jurisdiction_code)) throw forbidden();
  return setStatus(ctx, id, 'rejected', 'warning.reject', () => ({ reject_reason: reason }));
}

/** Release an approved platform warning: identifier, recipients, first attempts, ladder job. */
export async function releaseWarning(ctx: Ctx, id: string) {
  requirePermission(ctx, 'warning:write');
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  if (!coversJurisdiction(ctx.actor, w.jurisdiction_code)) throw forbidden();
  transition(w, 'released');
  const { deps } = ctx;
  const now = deps.clock.now();
  const settings = await getSettings(deps.db);
  const result = await deps.db.transaction().execute(async (trx) => {
    const identifier = await nextIdentifier(trx, settings.capOrgCode, now);
    const saved = await trx
      .updateTable('warnings')
      .set({
        status: 'released',
        identifier,
        sent_at: new Date(Math.floor(now.getTime() / 1000) * 1000),
        released_at: now,
        released_by: ctx.actor.id,
        updated_at: now,
        updated_by: ctx.actor.id,
      })
      .where('id', '=', id)
      .where('status', '=', 'approved')
      .returningAll()
      .executeTakeFirst();
    if (!saved) throw conflict('CONCURRENT_CHANGE', '预警已被他人修改，请刷新', 'The warning changed meanwhile; reload');
    if (saved.supersedes_id) await endWarning(trx, saved.supersedes_id, 'superseded', now);
    const recipients = await fanOut(trx, saved, now);
    await audit(trx, ctx, { action: 'warning.release', resourceType: 'warning', resourceId: id, after: { identifier, recipients } });
    return { warning: saved, recipients };
  });
  deps.events.emit(ATTEMPTS_WRITTEN);
  deps.events.emit(WARNINGS_CHANGED, { warningId: id });
  return result;
}

/** Our next GB/T 35965.1 identifier; N numbers the messages sent within the same second. */
async function nextIdentifier(trx: Tx, orgCode: string, now: Date): Promise<string> {
  const sent = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const same = await trx
    .selectFrom('warnings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sent_at', '=', sent)
    .where('source', '=', 'platform')
    .executeTakeFirstOrThrow();
  return gbIdentifier(DISTRICT, orgCode, sent, Number(same.n) + 1);
}

/** Recipients + first attempts + ladder job, in the caller's transaction. */
async function fanOut(trx: Tx, w: WarningRow, now: Date): Promise<number> {
  const policy = await getPolicy(trx);
  const candidates = await resolveTargets(trx, { level: w.level, area: w.area, jurisdictionCode: w.jurisdiction_code }, policy);
  const n = await addRecipients(trx, w.id, w.level, candidates, policy, now);
  const towns = [...new Set([...w.town_codes, ...candidates.map((c) => townOf(c.jurisdictionCode)).filter((t) => t.length === 9)])].sort();
  await trx.updateTable('warnings').set({ town_codes: towns }).where('id', '=', w.id).execute();
  await scheduleLadder(trx, w.id, now);
  return n;
}

async function endWarning(trx: Tx, id: string, to: 'superseded' | 'cancelled', now: Date) {
  const ended = await trx
    .updateTable('warnings')
    .set({ status: to, ended_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'released')
    .executeTakeFirst();
  if (Number(ended.numUpdatedRows) > 0) await stopLadder(trx, id, now);
}

/** Cancel (解除) a released platform warning: a CAP Cancel message, and every pending escalation stops. */
export async function cancelWarning(ctx: Ctx, id: string, reason: string) {
  requirePermission(ctx, 'warning:write');
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  if (!coversJurisdiction(ctx.actor, w.jurisdiction_code)) throw forbidden();
  transition(w, 'cancelled');
  const now = ctx.deps.clock.now();
  const settings = await getSettings(ctx.deps.db);
  const out = await ctx.deps.db.transaction().execute(async (trx) => {
    if (w.status !== 'released') {
      await trx.updateTable('warnings').set({ status: 'cancelled', ended_at: now, updated_at: now, updated_by: ctx.actor.id }).where('id', '=', id).execute();
      await audit(trx, ctx, {
        action: 'warning.cancel',
        resourceType: 'warning',
        resourceId: id,
        before: { status: w.status },
        after: { status: 'cancelled', reason },
      });
      return { cancelId: null };
    }
    await endWarning(trx, id, 'cancelled', now);
    const cancelId = uuidv7();
    const sent = new Date(Math.floor(now.getTime() / 1000) * 1000);
    await trx
      .insertInto('warnings')
      .values({
        ...copyForMessage(w),
        id: cancelId,
        identifier: await nextIdentifier(trx, settings.capOrgCode, now),
        msg_type: 'Cancel',
        refs: [...w.refs, capReference({ sender: w.sender, identifier: w.identifier, sent: w.sent_at as Date })],
        supersedes_id: w.id,
        status: 'cancelled',
        headline: `解除${w.headline}`,
        description: reason,
        sent_at: sent,
        released_at: now,
        released_by: ctx.actor.id,
        ended_at: now,
        drafted_by: ctx.actor.id,
        created_by: ctx.actor.id,
        updated_by: ctx.actor.id,
      })
      .execute();
    await audit(trx, ctx, {
      action: 'warning.cancel',
      resourceType: 'warning',
      resourceId: id,
      before: { status: w.status },
      after: { status: 'cancelled', reason, cancelId },
    });
    return { cancelId };
  });
  ctx.deps.events.emit(WARNINGS_CHANGED, { warningId: id });
  return out;
}

const copyForMessage = (w: WarningRow) => ({
  sender: w.sender,
  source: w.source,
  event_type: w.event_type,
  event_name: w.event_name,
  level: w.level,
  urgency: w.urgency,
  certainty: w.certainty,
  instruction: w.instruction,
  sender_name: w.sender_name,
  onset: w.onset,
  expires: w.expires,
  area: JSON.stringify(w.area),
  area_desc: w.area_desc,
  jurisdiction_code: w.jurisdiction_code,
  town_codes: w.town_codes,
});

/** Preview who a warning would reach, grouped for the release screen. */
export async function previewRecipients(ctx: Ctx, id: string) {
  requirePermission(ctx, 'warning:read');
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  const policy = await getPolicy(ctx.deps.db);
  const list = await resolveTargets(ctx.deps.db, { level: w.level, area: w.area, jurisdictionCode: w.jurisdiction_code }, policy);
  const visible = list.filter((c) => coversJurisdiction(ctx.actor, c.jurisdictionCode));
  const byTown: Record<string, number> = {};
  const byRole: Record<string, number> = {};
  for (const c of visible) {
    byTown[townOf(c.jurisdictionCode)] = (byTown[townOf(c.jurisdictionCode)] ?? 0) + 1;
    byRole[c.role] = (byRole[c.role] ?? 0) + 1;
  }
  return {
    total: visible.length,
    byTown,
    byRole,
    recipients: visible.map((c) => ({
      name: c.name,
      role: c.role,
      phone: maskPhone(c.phone),
      jurisdictionCode: c.jurisdictionCode,
      townCode: townOf(c.jurisdictionCode),
      personId: c.personId,
      enterpriseId: c.enterpriseId,
    })),
  };
}

export const maskPhone = (p: string | null) => (p && p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p);

// ── CAP import (feeds and the push endpoint) ────────────────────────────────────────────────────────
export interface ImportResult {
  result: 'imported' | 'duplicate' | 'ignored';
  id?: string;
  identifier: string;
  msgType: string;
  recipients?: number;
  ended?: string[];
}

function flattenArea(cap: CapAlert): { area: WarningArea; areaDesc: string } {
  const areas = cap.info?.areas ?? [];
  const area: WarningArea = {
    polygons: areas.flatMap((a) => a.polygons),
    circles: areas.flatMap((a) => a.circles),
    // Only codes inside this district can reach anyone here.
    geocodes: [...new Set(areas.flatMap((a) => a.geocodes))].filter((g) => g.startsWith(DISTRICT) || DISTRICT.startsWith(g)),
  };
  return { area, areaDesc: areas.map((a) => a.areaDesc).join('、') || '—' };
}

/** Import one CAP document in the caller's transaction. `by` is who pushed it (null: a feed job). */
export async function importCapTx(trx: Tx, deps: Deps, xml: string, by: { ctx?: Ctx; feedName?: string }): Promise<ImportResult> {
  const cap = parseCap(xml);
  const base = { identifier: cap.identifier, msgType: cap.msgType };
  if (cap.status !== 'Actual') return { ...base, result: 'ignored' };
  const dup = await trx.selectFrom('warnings').select('id').where('identifier', '=', cap.identifier).executeTakeFirst();
  if (dup) return { ...base, result: 'duplicate', id: dup.id };
  const now = deps.clock.now();
  const refIds = cap.references.map((r) => r.split(',')[1]);
  const referenced = refIds.length ? await trx.selectFrom('warnings').selectAll().where('identifier', 'in', refIds).execute() : [];
  if (cap.msgType === 'Cancel' && referenced.length === 0) {
    throw fieldError('alert.references', '引用的预警在本平台不存在，无法解除', 'references no warning known here; nothing to cancel');
  }
  const first = referenced[0];
  const info = cap.info;
  const level = (info && levelOfSeverity(info.severity)) ?? first?.level ?? 'blue';
  const type = info ? eventTypeByName(info.event) : undefined;
  const { area, areaDesc } = info ? flattenArea(cap) : { area: first?.area ?? { polygons: [], circles: [], geocodes: [] }, areaDesc: first?.area_desc ?? '—' };
  const policy = await getPolicy(trx);
  const id = uuidv7();
  const release = cap.msgType !== 'Cancel' && policy.autoReleaseExternal;
  const towns = await townsOfArea(trx, area, DISTRICT);
  const saved = await trx
    .insertInto('warnings')
    .values({
      id,
      identifier: cap.identifier,
      sender: cap.sender,
      source: 'external',
      msg_type: cap.msgType,
      refs: cap.references,
      supersedes_id: first?.id ?? null,
      status: cap.msgType === 'Cancel' ? 'cancelled' : release ? 'released' : 'approved',
      event_type: type?.code ?? first?.event_type ?? 'rainstorm',
      event_name: info?.event ?? first?.event_name ?? '',
      level,
      urgency: info?.urgency ?? 'Unknown',
      certainty: info?.certainty ?? 'Unknown',
      headline: info?.headline ?? `解除${first?.headline ?? ''}`,
      description: info?.description ?? cap.note ?? '',
      instruction: info?.instruction ?? null,
      sender_name: info?.senderName ?? by.feedName ?? cap.sender,
      sent_at: cap.sent,
      onset: info?.onset ?? null,
      expires: info?.expires ?? null,
      area: JSON.stringify(area),
      area_desc: areaDesc,
      jurisdiction_code: DISTRICT,
      town_codes: towns,
      cap_xml: xml,
      released_at: release || cap.msgType === 'Cancel' ? now : null,
      ended_at: cap.msgType === 'Cancel' ? now : null,
      created_by: by.ctx?.actor.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const ended: string[] = [];
  if (cap.msgType !== 'Alert') {
    for (const r of referenced) {
      if (r.status !== 'released') continue;
      await endWarning(trx, r.id, cap.msgType === 'Cancel' ? 'cancelled' : 'superseded', now);
      ended.push(r.id);
    }
  }
  const recipients = release ? await fanOut(trx, saved, now) : 0;
  const entry = {
    action: 'warning.import',
    resourceType: 'warning',
    resourceId: id,
    after: { identifier: cap.identifier, msgType: cap.msgType, level, ended, recipients },
  };
  if (by.ctx) await audit(trx, by.ctx, entry);
  else await writeAudit(trx, { ...entry, at: now, actor: { id: null, username: `feed:${by.feedName ?? ''}`, unitCode: null } });
  return { ...base, result: 'imported', id, recipients, ended };
}

export async function importCap(ctx: Ctx, xml: string): Promise<ImportResult> {
  requirePermission(ctx, 'warning:write');
  const out = await ctx.deps.db.transaction().execute((trx) => importCapTx(trx, ctx.deps, xml, { ctx }));
  if (out.result === 'imported') {
    ctx.deps.events.emit(ATTEMPTS_WRITTEN);
    if (out.id) ctx.deps.events.emit(WARNINGS_CHANGED, { warningId: out.id });
  }
  return out;
}

/** The CAP 1.2 model of one of our messages. */
export function toCap(w: WarningRow): CapAlert {
  return {
    identifier: w.identifier,
    sender: w.sender,
    sent: (w.sent_at ?? w.created_at) as Date,
    status: 'Actual',
    msgType: w.msg_type,
    scope: 'Public',
    references: w.refs,
    info: {
      language: 'zh-CN',
      category: EVENT_TYPES.find((e) => e.code === w.event_type)?.capCategory ?? 'Met',
      event: w.event_name,
      urgency: w.urgency,
      severity: severityOfLevel(w.level),
      certainty: w.certainty,
      onset: (w.onset as Date | null) ?? undefined,
      expires: (w.expires as Date | null) ?? undefined,
      senderName: w.sender_name ?? undefined,
      headline: w.headline,
      description: w.description,
      instruction: w.instruction ?? undefined,
      areas: [{ areaDesc: w.area_desc, polygons: w.area.polygons, circles: w.area.circles, geocodes: w.area.geocodes }],
    },
  };
}

const PUBLISHED: WarningState[] = ['released', 'superseded', 'cancelled'];

export async function publicCap(deps: Deps, id: string): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw warningNotFound();
  const w = await deps.db
    .selectFrom('warnings')
    .selectAll()
    .where('id', '=', id)
    .where('source', '=', 'platform')
    .where('status', 'in', PUBLISHED)
    .executeTakeFirst();
  if (!w?.sent_at) throw warningNotFound();
  return buildCap(toCap(w));
}

export async function publicFeed(deps: Deps, base: string): Promise<WarningRow[]> {
  void base;
  return deps.db
    .selectFrom('warnings')
    .selectAll()
    .where('source', '=', 'platform')
    .where('status', 'in', PUBLISHED)
    .where('sent_at', 'is not', null)
    .orderBy('sent_at', 'desc')
    .limit(50)
    .execute();
}

export function publicView(w: WarningRow) {
  return {
    id: w.id,
    identifier: w.identifier,
    status: w.status,
    msgType: w.msg_type,
    level: w.level,
    eventType: w.event_type,
    headline: w.headline,
    areaDesc: w.area_desc,
    jurisdictionCode: w.jurisdiction_code,
  };
}

// ── acknowledgement ─────────────────────────────────────────────────────────────────────────────────
const recipientNotFound = () => notFound('叫应对象', 'Recipient');

async function acknowledge(trx: Tx, recipientId: string, via: 'link' | 'inapp' | 'sms', now: Date) {
  const r = await trx.selectFrom('warning_recipients').selectAll().where('id', '=', recipientId).forUpdate().executeTakeFirst();
  if (!r) throw recipientNotFound();
  if (r.acked_at) throw conflict('ALREADY_ACKNOWLEDGED', '您已确认过此预警', 'Already acknowledged');
  if (r.state === 'closed') throw conflict('WARNING_ENDED', '此预警已解除或更新，无需确认', 'This warning has ended');
  const saved = await trx
    .updateTable('warning_recipients')
    .set({ state: 'acknowledged', acked_at: now, ack_via: via, next_action_at: null })
    .where('id', '=', recipientId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('delivery_attempts')
    .set({ state: 'cancelled', result: '已确认，无需再发' })
    .where('recipient_id', '=', recipientId)
    .where('state', '=', 'pending')
    .execute();
  // Woken after all: the superior need not go any more.
  await trx
    .updateTable('warning_recipients')
    .set({ state: 'closed', next_action_at: null })
    .where('warning_id', '=', r.warning_id)
    .where('kind', '=', 'escalation')
    .where('escalated_from', '=', recipientId)
    .where('state', '=', 'pending')
    .execute();
  return saved;
}

export async function viewByLink(deps: Deps, token: string): Promise<LinkView> {
  const claims = verifyToken(await linkSecret(deps.db), token, 'ack', deps.clock.now());
  return linkView(deps.db, claims.recipientId);
}

const linkActor = (name: string) => ({ id: null, username: `link:${name}`, unitCode: null });

/** One tap on the signed link: acknowledges (group-committed, see acks.ts) and hands back a token for the measures report. */
export async function ackByLink(deps: Deps, token: string, ip: string | null) {
  const now = deps.clock.now();
  const secret = await linkSecret(deps.db);
  const claims = verifyToken(secret, token, 'ack', now);
  const r = await ackLinkBatched(deps, { claims, ip });
  deps.events.emit(WARNINGS_CHANGED, { warningId: r.warningId });
  const measuresToken = makeToken(secret, { recipientId: r.id, purpose: 'measures', expiresAt: new Date(now.getTime() + 72 * 3_600_000), nonce: newNonce() });
  return { ...r.view, measuresToken };
}

export interface MeasuresInput {
  measures: string;
  peopleMoved?: number;
}

async function saveMeasures(trx: Tx, recipientId: string, m: MeasuresInput, now: Date) {
  const saved = await trx
    .updateTable('warning_recipients')
    .set({ measures: m.measures.trim(), people_moved: m.peopleMoved ?? null, measures_at: now })
    .where('id', '=', recipientId)
    .where('acked_at', 'is not', null)
    .returningAll()
    .executeTakeFirst();
  if (!saved) throw conflict('NOT_ACKNOWLEDGED', '请先确认收到预警', 'Acknowledge the warning first');
  return saved;
}

export const MAX_MEASURE_PHOTOS = 3;

/** A photo for the measures report, sent from the link page before the report itself. */
export async function photoByLink(deps: Deps, token: string, part: UploadedPart, ip: string | null) {
  const now = deps.clock.now();
  const claims = verifyToken(await linkSecret(deps.db), token, 'measures', now);
  const mime = await sniff(part, 'image');
  const stored = await deps.db.transaction().execute(async (trx) => {
    const used = await trx.selectFrom('warning_used_tokens').select('nonce').where('nonce', '=', claims.nonce).executeTakeFirst();
    if (used) throw conflict('LINK_USED', '措施已提交，不能再添加照片', 'The report was already submitted');
    const r = await trx
      .selectFrom('warning_recipients')
      .select(['id', 'name', 'jurisdiction_code', 'measures_photo_ids'])
      .where('id', '=', claims.recipientId)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw recipientNotFound();
    if (r.measures_photo_ids.length >= MAX_MEASURE_PHOTOS)
      throw fieldError(part.field, `最多 ${MAX_MEASURE_PHOTOS} 张照片`, `at most ${MAX_MEASURE_PHOTOS} photos`);
    const f = await insertFile(trx, { filename: part.filename, mime, data: part.data, uploadedBy: null, jurisdictionCode: r.jurisdiction_code, at: now });
    await trx
      .updateTable('warning_recipients')
      .set({ measures_photo_ids: [...r.measures_photo_ids, f.id] })
      .where('id', '=', r.id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actor: linkActor(r.name),
      ip,
      action: 'warning.measures.photo',
      resourceType: 'warning_recipient',
      resourceId: r.id,
      after: { fileId: f.id, size: f.size },
    });
    return f;
  });
  return { id: stored.id, filename: stored.filename, size: stored.size };
}

export async function measuresByLink(deps: Deps, token: string, m: MeasuresInput, ip: string | null) {
  const now = deps.clock.now();
  const claims = verifyToken(await linkSecret(deps.db), token, 'measures', now);
  const saved = await deps.db.transaction().execute(async (trx) => {
    await consumeToken(trx, claims, now);
    const s = await saveMeasures(trx, claims.recipientId, m, now);
    await writeAudit(trx, { at: now, actor: linkActor(s.name), ip, action: 'warning.measures', resourceType: 'warning_recipient', resourceId: s.id, after: m });
    return s;
  });
  deps.events.emit(WARNINGS_CHANGED, { warningId: saved.warning_id });
  return { ok: true };
}

async function ownRecipient(ctx: Ctx, recipientId: string) {
  requirePermission(ctx, 'warning:ack');
  if (!/^[0-9a-f-]{36}$/i.test(recipientId)) throw recipientNotFound();
  const r = await ctx.deps.db.selectFrom('warning_recipients').select(['id', 'user_id']).where('id', '=', recipientId).executeTakeFirst();
  if (!r || r.user_id !== ctx.actor.id) throw recipientNotFound();
  return r;
}

export async function ackInApp(ctx: Ctx, recipientId: string) {
  await ownRecipient(ctx, recipientId);
  const now = ctx.deps.clock.now();
  const saved = await ctx.deps.db.transaction().execute(async (trx) => {
    const s = await acknowledge(trx, recipientId, 'inapp', now);
    await audit(trx, ctx, { action: 'warning.ack', resourceType: 'warning_recipient', resourceId: recipientId, after: { via: 'inapp' } });
    return s;
  });
  ctx.deps.events.emit(WARNINGS_CHANGED, { warningId: saved.warning_id });
  return saved;
}

export async function measuresInApp(ctx: Ctx, recipientId: string, m: MeasuresInput) {
  await ownRecipient(ctx, recipientId);
  const now = ctx.deps.clock.now();
  const saved = await ctx.deps.db.transaction().execute(async (trx) => {
    const s = await saveMeasures(trx, recipientId, m, now);
    await audit(trx, ctx, { action: 'warning.measures', resourceType: 'warning_recipient', resourceId: recipientId, after: m });
    return s;
  });
  ctx.deps.events.emit(WARNINGS_CHANGED, { warningId: saved.warning_id });
  return saved;
}

const normPhone = (p: string) => p.replace(/[^\d]/g, '').replace(/^86(?=1\d{10}$)/, '');

/** SMS gateway webhook: "reply with the code" acknowledges the matching open recipient. */
export async function ackBySms(ctx: Ctx, from: string, text: string) {
  requirePermission(ctx, 'warning:ack');
  const code = /(?:^|\D)(\d{4})(?:\D|$)/.exec(text)?.[1];
  if (!code) return { matched: false };
  const phone = normPhone(from);
  const r = await ctx.deps.db
    .selectFrom('warning_recipients')
    .select(['id', 'warning_id'])
    .where('phone', '=', phone)
    .where('reply_code', '=', code)
    .where('state', 'in', ['pending', 'not_reached'])
    .where('acked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!r) return { matched: false };
  const now = ctx.deps.clock.now();
  await ctx.deps.db.transaction().execute(async (trx) => {
    await acknowledge(trx, r.id, 'sms', now);
    await audit(trx, ctx, { action: 'warning.ack', resourceType: 'warning_recipient', resourceId: r.id, after: { via: 'sms', from: maskPhone(phone) } });
  });
  ctx.deps.events.emit(WARNINGS_CHANGED, { warningId: r.warning_id });
  return { matched: true, recipientId: r.id };
}

/** The signed-in person's own warnings (in-app channel). */
export async function myWarnings(ctx: Ctx) {
  requirePermission(ctx, 'warning:read');
  return ctx.deps.db
    .selectFrom('warning_recipients as r')
    .innerJoin('warnings as w', 'w.id', 'r.warning_id')
    .select([
      'r.id',
      'r.state',
      'r.deadline_at',
      'r.acked_at',
      'r.measures',
      'r.people_moved',
      'r.kind',
      'w.id as warning_id',
      'w.headline',
      'w.level',
      'w.event_name',
      'w.area_desc',
      'w.status as warning_status',
      'w.released_at',
    ])
    .where('r.user_id', '=', ctx.actor.id)
    .where('r.reached_at', 'is not', null)
    .orderBy('r.created_at', 'desc')
    .limit(100)
    .execute();
}

export const canApprove = (ctx: Ctx) => hasPermission(ctx, 'warning:approve');
