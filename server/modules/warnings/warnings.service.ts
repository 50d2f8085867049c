// Warnings: drafting, approval (drafter ≠ approver), release and cancel (the call-response they start is in
// call-response.service.ts), the list and the detail, and the recipient preview. CAP import and publication
// are in cap-import.service.ts, acknowledgement in ack.service.ts, the board in board.service.ts.
import { v7 as uuidv7 } from 'uuid';
import type { WarningDetail, WarningDto } from '../../../shared/warnings.dto.ts';
import { eventTypeByCode, LEVEL_LABELS, type WarningLevel, type WarningState, WARNING_TRANSITIONS } from '../../../shared/warnings.ts';
import { assertInScope, coversJurisdiction, requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { publish } from '../../platform/events.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import { capReference } from './cap.ts';
import { DISTRICT, endWarning, nextIdentifier, startCallResponse } from './call-response.service.ts';
import { ATTEMPTS_WRITTEN, WARNINGS_CHANGED } from './delivery.ts';
import { townOf } from './geo.ts';
import { getPolicy, getSettings } from './policy.ts';
import { chainDto, listItemDto, maskPhone, warningDto } from './warnings.presenters.ts';
import {
  divisionNames,
  findVisibleWarning,
  insertWarning,
  knownDivisions,
  listWarnings as listRows,
  updateWarningRow,
  userNames,
  type WarningFilter,
  type WarningRow,
  warningChain,
} from './warnings.repo.ts';
import type { WarningArea } from './warnings.tables.ts';
import { resolveTargets, resolveTowns, townsOfArea } from './targeting.ts';

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

/**
 * The one access path for acting on a warning: it must be visible (reads include warnings whose area
 * touches the caller's town) AND filed under the caller's jurisdiction. Anything else is 404, and the
 * refusal is audited (assertInScope).
 */
async function ownWarning(ctx: Ctx, id: string): Promise<WarningRow> {
  const w = await findVisibleWarning(ctx, id);
  assertInScope(ctx, w, warningNotFound);
  return w;
}

/** The warnings the caller can see, newest first. */
export async function listWarnings(ctx: Ctx, f: WarningFilter) {
  requirePermission(ctx, 'warning:read');
  const { count, items } = await listRows(ctx, f);
  return { total: count.total, totalCapped: count.capped, items: items.map(listItemDto) };
}

/** One visible warning with who drafted, approved and released it, its update/cancel chain and its towns. */
export async function getWarning(ctx: Ctx, id: string): Promise<WarningDetail> {
  const w = await readableWarning(ctx, id);
  const names = await userNames(ctx, [w.drafted_by, w.approved_by, w.released_by]);
  const name = (uid: string | null) => (uid && names.get(uid)) || null;
  return {
    ...warningDto(w),
    hasCap: !!w.cap_xml,
    draftedByName: name(w.drafted_by),
    approvedByName: name(w.approved_by),
    releasedByName: name(w.released_by),
    chain: (await warningChain(ctx, w)).map(chainDto),
    resolvedTowns: await resolveTowns(ctx.db, w.area, w.jurisdiction_code),
    canApprove: ctx.actor.permissions.has('*:*') || ctx.actor.permissions.has('warning:approve'),
    isDrafter: w.drafted_by === ctx.actor.id,
  };
}

/** A warning the caller may read (its area touching the caller's town is enough); otherwise 404. */
export async function readableWarning(ctx: Ctx, id: string): Promise<WarningRow> {
  requirePermission(ctx, 'warning:read');
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  return w;
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
    const ok = await knownDivisions(ctx, area.geocodes);
    const bad = area.geocodes.findIndex((g) => !ok.has(g) || !(g.startsWith(jurisdictionCode) || jurisdictionCode.startsWith(g)));
    if (bad >= 0) throw fieldError(`body.area.geocodes.${bad}`, '不是辖区内的行政区划代码', 'is not a division code in your jurisdiction');
  }
  const towns = await townsOfArea(ctx.db, area, jurisdictionCode);
  let areaDesc = input.areaDesc?.trim();
  if (!areaDesc) {
    const names = await divisionNames(ctx, area.geocodes.length ? area.geocodes : towns.length ? towns : [jurisdictionCode]);
    areaDesc = names.join('、') || '划定区域';
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

export async function createWarning(ctx: Ctx, input: WarningInput & { supersedes?: string }): Promise<WarningDto> {
  requirePermission(ctx, 'warning:write');
  const c = await checkInput(ctx, input);
  const now = ctx.deps.clock.now();
  let original: WarningRow | undefined;
  if (input.supersedes) {
    original = await findVisibleWarning(ctx, input.supersedes);
    // The same ownership rule as every other action: only a warning filed under the caller's jurisdiction.
    assertInScope(ctx, original, () => fieldError('body.supersedes', '要更新的预警不存在', 'warning to update not found'));
    if (original.source !== 'platform') throw fieldError('body.supersedes', '外部预警由其发送方更新', 'an external warning is updated by its own sender');
    if (original.status !== 'released') throw fieldError('body.supersedes', '只能更新已发布的预警', 'only a released warning can be updated');
  }
  const id = uuidv7();
  const row = {
    id,
    identifier: `DRAFT-${id}`,
    sender: (await getSettings(ctx.db)).capSender,
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
  return withTx(ctx, async (tx) => {
    const saved = await insertWarning(tx, row);
    await audit(tx.db, tx, { action: 'warning.create', resourceType: 'warning', resourceId: id, after: publicView(saved) });
    return warningDto(saved);
  });
}

export async function updateWarning(ctx: Ctx, id: string, input: WarningInput): Promise<WarningDto> {
  requirePermission(ctx, 'warning:write');
  const w = await ownWarning(ctx, id);
  if (w.source !== 'platform') throw conflict('ILLEGAL_TRANSITION', '外部预警不能修改', 'External warnings cannot be edited');
  if (w.status !== 'draft' && w.status !== 'rejected')
    throw conflict('ILLEGAL_TRANSITION', '只能修改草稿或被退回的预警', 'Only drafts and rejected warnings can be edited');
  const c = await checkInput(ctx, input);
  return withTx(ctx, async (tx) => {
    const saved = await updateWarningRow(tx, id, {
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
    });
    await audit(tx.db, tx, { action: 'warning.update', resourceType: 'warning', resourceId: id, before: publicView(w), after: publicView(saved) });
    return warningDto(saved);
  });
}

async function setStatus(ctx: Ctx, id: string, to: WarningState, action: string, extra: (w: WarningRow) => Partial<Record<string, unknown>> = () => ({})) {
  const w = await ownWarning(ctx, id);
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
  const w = await ownWarning(ctx, id);
  if (w.drafted_by === ctx.actor.id) throw new AppError('SELF_APPROVAL', 403, '起草人不能审批自己起草的预警', 'The drafter cannot approve their own warning');
  return setStatus(ctx, id, 'approved', 'warning.approve', () => ({ approved_by: ctx.actor.id, approved_at: ctx.deps.clock.now() }));
}

export async function rejectWarning(ctx: Ctx, id: string, reason: string) {
  requirePermission(ctx, 'warning:approve');
  await ownWarning(ctx, id);
  return setStatus(ctx, id, 'rejected', 'warning.reject', () => ({ reject_reason: reason }));
}

/** Release an approved platform warning: identifier, recipients, first attempts, ladder job. */
export async function releaseWarning(ctx: Ctx, id: string) {
  requirePermission(ctx, 'warning:write');
  const w = await ownWarning(ctx, id);
  transition(w, 'released');
  const { deps } = ctx;
  const now = deps.clock.now();
  if (w.expires && (w.expires as Date) <= now) throw conflict('WARNING_EXPIRED', '预警已过失效时间，不能再发布', 'The warning has already expired');
  const settings = await getSettings(deps.db);
  const result = await deps.db.transaction().execute(async (trx) => {
    // An external alert keeps its sender's identifier and sent time (its CAP identity); ours get the next GB/T number.
    const external = w.source === 'external';
    const identifier = external ? w.identifier : await nextIdentifier(trx, settings.capOrgCode, now);
    const saved = await trx
      .updateTable('warnings')
      .set({
        status: 'released',
        identifier,
        sent_at: external ? (w.sent_at as Date) : new Date(Math.floor(now.getTime() / 1000) * 1000),
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
    const recipients = await startCallResponse(trx, saved, now);
    await audit(trx, ctx, { action: 'warning.release', resourceType: 'warning', resourceId: id, after: { identifier, recipients } });
    return { warning: saved, recipients };
  });
  deps.events.deliver(ATTEMPTS_WRITTEN, {});
  deps.events.deliver(WARNINGS_CHANGED, { warningId: id });
  return result;
}

/** Our next GB/T 35965.1 identifier; N numbers the messages we sent within the same second. */
/** Cancel (解除) a released platform warning: a CAP Cancel message, and every pending escalation stops. */
export async function cancelWarning(ctx: Ctx, id: string, reason: string) {
  requirePermission(ctx, 'warning:write');
  const w = await ownWarning(ctx, id);
  // Another sender's alert is ended here only by an approver (its own sender cancels it by CAP).
  if (w.source === 'external') requirePermission(ctx, 'warning:approve');
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
  publish(ctx, WARNINGS_CHANGED, { warningId: id });
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
  const w = await readableWarning(ctx, id);
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

function publicView(w: WarningRow) {
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
