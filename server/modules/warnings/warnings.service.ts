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
  WARNING_STATE_LABELS,
  type WarningState,
  WARNING_TRANSITIONS,
} from '../../../shared/warnings.ts';
import { assertInScope, coversJurisdiction, hasPermission, requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit, writeAudit } from '../../platform/audit.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import { enqueueJob, type Tx } from '../../platform/jobs/jobs.ts';
import { buildCap, type CapAlert, capExpired, capReference, gbIdentifier, levelOfSeverity, parseCap, parseReference, severityOfLevel } from './cap.ts';
import { auditRefusal, type CapSender, senderActor, touchSender } from './senders.ts';
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
import type { Selectable, Updateable } from 'kysely';
import { allowedActions, apply, type Machine, stepOf } from '../../platform/lifecycle.ts';

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
    // The same ownership rule as every other action: only a warning filed under the caller's jurisdiction.
    assertInScope(ctx, original, () => fieldError('body.supersedes', '要更新的预警不存在', 'warning to update not found'));
    if (original.source !== 'platform') throw fieldError('body.supersedes', '外部预警由其发送方更新', 'an external warning is updated by its own sender');
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
  const w = await ownWarning(ctx, id);
  if (w.source !== 'platform') throw conflict('ILLEGAL_TRANSITION', '外部预警不能修改', 'External warnings cannot be edited');
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

type WarningInputs = {
  submit: Record<string, never>;
  approve: Record<string, never>;
  reject: { reason: string };
  release: Record<string, never>;
  cancel: { reason: string };
};

const changed = (ctx: Ctx, id: string) => () => ctx.deps.events.emit(WARNINGS_CHANGED, { warningId: id });

export const warningMachine: Machine<WarningRow, WarningState, WarningInputs> = {
  name: 'warning',
  steps: WARNING_TRANSITIONS,
  stateOf: (w) => w.status,
  stateLabel: (s) => WARNING_STATE_LABELS[s].zh,
  guards: {
    approve: [
      {
        code: 'SELF_APPROVAL',
        status: 403,
        zh: '起草人不能审批自己起草的预警',
        en: 'The drafter cannot approve their own warning',
        allows: (ctx, w) => w.drafted_by !== ctx.actor.id,
      },
    ],
    release: [
      {
        code: 'WARNING_EXPIRED',
        zh: '预警已过失效时间，不能再发布',
        en: 'The warning has already expired',
        allows: (ctx, w) => !(w.expires && (w.expires as Date) <= ctx.deps.clock.now()),
      },
    ],
    cancel: [
      {
        // Another sender's alert is ended here only by an approver (its own sender cancels it by CAP).
        code: 'FORBIDDEN',
        status: 403,
        zh: '外部发布的预警只能由审批人解除',
        en: 'Only an approver can cancel another sender’s alert',
        allows: (ctx, w) => w.source !== 'external' || hasPermission(ctx, 'warning:approve'),
      },
    ],
  },
  lock: (ctx, id) => ctx.db.selectFrom('warnings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  notFound: warningNotFound,
  save: (ctx, w, status, patch) =>
    ctx.db
      .updateTable('warnings')
      .set({ ...(patch as Updateable<WarningsTable>), status, updated_by: ctx.actor.id, updated_at: ctx.deps.clock.now() })
      .where('id', '=', w.id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  present: (w) => ({ status: w.status }),
  effects: {
    submit: () => ({ patch: { reject_reason: null }, audit: { after: { status: 'pending_approval', reject_reason: null } } }),
    approve: (ctx) => {
      const patch = { approved_by: ctx.actor.id, approved_at: ctx.deps.clock.now() };
      return { patch, audit: { after: { status: 'approved', ...patch } } };
    },
    reject: (_ctx, _w, input) => ({ patch: { reject_reason: input.reason }, audit: { after: { status: 'rejected', reject_reason: input.reason } } }),
    /** Release an approved platform warning: identifier, recipients, first attempts, ladder job. */
    release: async (ctx, w) => {
      const now = ctx.deps.clock.now();
      const settings = await getSettings(ctx.db);
      // An external alert keeps its sender's identifier and sent time (its CAP identity); ours get the next GB/T number.
      const external = w.source === 'external';
      const identifier = external ? w.identifier : await nextIdentifier(ctx.db, settings.capOrgCode, now);
      const patch = {
        identifier,
        sent_at: external ? (w.sent_at as Date) : new Date(Math.floor(now.getTime() / 1000) * 1000),
        released_at: now,
        released_by: ctx.actor.id,
      };
      if (w.supersedes_id) await endWarning(ctx.db, w.supersedes_id, 'superseded', now);
      const recipients = await startCallResponse(ctx.db, { ...w, ...patch, status: 'released' }, now);
      return {
        patch,
        audit: { before: undefined, after: { identifier, recipients } },
        result: { recipients },
        afterCommit: () => {
          ctx.deps.events.emit(ATTEMPTS_WRITTEN);
          changed(ctx, w.id)();
        },
      };
    },
    /** Cancel (解除): a released platform warning gets a CAP Cancel message, and every pending escalation stops. */
    cancel: async (ctx, w, { reason }) => {
      const now = ctx.deps.clock.now();
      if (w.status !== 'released')
        return { patch: { ended_at: now }, audit: { after: { status: 'cancelled', reason } }, result: { cancelId: null }, afterCommit: changed(ctx, w.id) };
      await stopLadder(ctx.db, w.id, now);
      const settings = await getSettings(ctx.db);
      const cancelId = uuidv7();
      const sent = new Date(Math.floor(now.getTime() / 1000) * 1000);
      await ctx.db
        .insertInto('warnings')
        .values({
          ...copyForMessage(w),
          id: cancelId,
          identifier: await nextIdentifier(ctx.db, settings.capOrgCode, now),
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
      return { patch: { ended_at: now }, audit: { after: { status: 'cancelled', reason, cancelId } }, result: { cancelId }, afterCommit: changed(ctx, w.id) };
    },
  },
};

/**
 * Every step acts on a warning the caller can see (reads include warnings whose area touches the caller's
 * town) and that is filed under the caller's jurisdiction (the engine's scope check): anything else is 404.
 */
async function step<A extends keyof WarningInputs & string>(ctx: Ctx, id: string, action: A, input: WarningInputs[A]) {
  requirePermission(ctx, stepOf(WARNING_TRANSITIONS, action).permission);
  if (!(await findVisibleWarning(ctx, id))) throw warningNotFound();
  return apply(ctx, warningMachine, id, action, input);
}

export const submitWarning = (ctx: Ctx, id: string) => step(ctx, id, 'submit', {}) as Promise<WarningRow>;
export const approveWarning = (ctx: Ctx, id: string) => step(ctx, id, 'approve', {}) as Promise<WarningRow>;
export const rejectWarning = (ctx: Ctx, id: string, reason: string) => step(ctx, id, 'reject', { reason }) as Promise<WarningRow>;

export async function releaseWarning(ctx: Ctx, id: string) {
  const { recipients } = (await step(ctx, id, 'release', {})) as { recipients: number };
  const warning = await ctx.deps.db.selectFrom('warnings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { warning, recipients };
}

/** What the current user may do with this warning now (the web's buttons). */
export const warningActions = (ctx: Ctx, w: WarningRow) => allowedActions(ctx, warningMachine, w);

export const cancelWarning = (ctx: Ctx, id: string, reason: string) => step(ctx, id, 'cancel', { reason }) as Promise<{ cancelId: string | null }>;

/** Our next GB/T 35965.1 identifier; N numbers the messages we sent within the same second. */
async function nextIdentifier(trx: Tx, orgCode: string, now: Date): Promise<string> {
  const sent = new Date(Math.floor(now.getTime() / 1000) * 1000);
  // Counted by identifier, not by source: our Cancel of an external alert is numbered here too.
  const prefix = gbIdentifier(DISTRICT, orgCode, sent, 0).replace(/0$/, '').replace(/_/g, '\\_');
  const same = await trx
    .selectFrom('warnings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('identifier', 'like', `${prefix}%`)
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

export const onsetKey = (id: string) => `warnings:onset:${id}`;

/**
 * Call-response for a just-released warning: now, or — for an external alert whose onset is still ahead —
 * by a durable job at onset (warnings.onset), so nobody is woken for an event that has not begun.
 */
async function startCallResponse(trx: Tx, w: WarningRow, now: Date): Promise<number> {
  const onset = w.onset as Date | null;
  if (w.source === 'external' && onset && onset > now) {
    await enqueueJob(trx, { kind: 'warnings.onset', runAt: onset, payload: { warningId: w.id }, dedupKey: onsetKey(w.id) });
    return 0;
  }
  return fanOut(trx, w, now);
}

/** The onset job: still released → fan out; expired meanwhile → 'expired', nobody is reached. */
export async function onsetReached(trx: Tx, warningId: string, now: Date): Promise<boolean> {
  const w = await trx.selectFrom('warnings').selectAll().where('id', '=', warningId).forUpdate().executeTakeFirst();
  if (w?.status !== 'released') return false;
  const started = await trx.selectFrom('warning_recipients').select('id').where('warning_id', '=', w.id).limit(1).executeTakeFirst();
  if (started) return false;
  if (w.expires && (w.expires as Date) <= now) {
    await trx.updateTable('warnings').set({ status: 'expired', ended_at: now, updated_at: now }).where('id', '=', w.id).execute();
    return true;
  }
  await fanOut(trx, w, now);
  return true;
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
  status?: WarningState;
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

/** The registered sender's division codes that an alert's area may reach: the listed geocodes clipped to them. */
function clipToSender(area: WarningArea, listed: boolean, allowed: string[]): string[] {
  if (!listed) return allowed; // geometry only: it narrows within everything the sender may cover
  const out = new Set<string>();
  for (const g of area.geocodes) {
    if (allowed.some((a) => g.startsWith(a))) out.add(g);
    else for (const a of allowed) if (a.startsWith(g)) out.add(a);
  }
  return [...out].sort();
}

/** The narrowest jurisdiction holding all of a sender's codes: one town, or the district. */
const senderJurisdiction = (codes: string[]) => {
  const town = codes[0].slice(0, 9);
  return codes.every((c) => c.length >= 9 && c.startsWith(town)) ? town : DISTRICT;
};

const refused = (zh: string, en: string) => new AppError('CAP_REFUSED', 403, zh, en);

/**
 * Import one CAP document from a registered sender, in the caller's transaction. The document's <sender>
 * must be the registered one; Update/Cancel may only reference this sender's own earlier messages, by the
 * exact (sender, identifier, sent) triple; the area is clipped to the sender's codes; the sender's policy
 * says whether it is released or waits for approval. An alert that has already expired is kept as
 * 'expired' and reaches nobody; a released one whose onset is ahead starts call-response at onset.
 */
export async function importCapTx(trx: Tx, deps: Deps, xml: string, by: { sender: CapSender; ip?: string | null; feedName?: string }): Promise<ImportResult> {
  const cap = parseCap(xml);
  const { sender } = by;
  const base = { identifier: cap.identifier, msgType: cap.msgType };
  if (cap.sender !== sender.sender) {
    throw refused(`文档的发送方（${cap.sender}）与登记的发送方（${sender.sender}）不符`, `The document's sender is not the registered sender ${sender.sender}`);
  }
  if (cap.status !== 'Actual') return { ...base, result: 'ignored' };
  const dup = await trx.selectFrom('warnings').select(['id', 'sender']).where('identifier', '=', cap.identifier).executeTakeFirst();
  if (dup && dup.sender !== cap.sender) throw conflict('IDENTIFIER_TAKEN', '该预警标识符已被其他发送方使用', 'This identifier belongs to another sender');
  if (dup) return { ...base, result: 'duplicate', id: dup.id };
  const now = deps.clock.now();

  const refs = cap.references.map(parseReference);
  const known = refs.length
    ? await trx
        .selectFrom('warnings')
        .selectAll()
        .where(
          'identifier',
          'in',
          refs.map((r) => r.identifier),
        )
        .execute()
    : [];
  const referenced: WarningRow[] = [];
  refs.forEach((r, i) => {
    const w = known.find((k) => k.identifier === r.identifier);
    if (!w) return;
    if (w.sender !== r.sender || !r.sent || !w.sent_at || r.sent.getTime() !== (w.sent_at as Date).getTime()) {
      throw fieldError(
        `alert.references[${i}]`,
        '与本平台记录的预警（发送方、标识符、发送时间）不符',
        'does not match the sender, identifier and sent time on record',
      );
    }
    if (w.sender !== sender.sender) throw refused('只能更新或解除本发送方自己发布的预警', "Only the sender's own alerts can be updated or cancelled");
    referenced.push(w);
  });
  if (cap.msgType === 'Cancel' && referenced.length === 0) {
    throw fieldError('alert.references', '引用的预警在本平台不存在，无法解除', 'references no warning known here; nothing to cancel');
  }
  const first = referenced[0];
  const info = cap.info;
  const level = (info && levelOfSeverity(info.severity)) ?? first?.level ?? 'blue';
  const type = info ? eventTypeByName(info.event) : undefined;
  const flat = info ? flattenArea(cap) : undefined;
  const listed = info ? info.areas.some((a) => a.geocodes.length > 0) : first.area.geocodes.length > 0;
  const docArea = flat?.area ?? first.area;
  const area: WarningArea = { ...docArea, geocodes: clipToSender(docArea, listed, sender.area_codes) };
  const jurisdictionCode = senderJurisdiction(sender.area_codes);
  const towns = await townsOfArea(trx, area, jurisdictionCode);
  if (cap.msgType !== 'Cancel' && (area.geocodes.length === 0 || towns.length === 0)) {
    throw fieldError('alert.info.area', '预警区域不在该发送方可发布的范围内', 'is outside the area this sender may warn');
  }
  const expired = cap.msgType !== 'Cancel' && capExpired(cap, now);
  const status: WarningState = cap.msgType === 'Cancel' ? 'cancelled' : expired ? 'expired' : sender.release === 'release' ? 'released' : 'pending_approval';
  const id = uuidv7();
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
      status,
      event_type: type?.code ?? first?.event_type ?? 'rainstorm',
      event_name: info?.event ?? first?.event_name ?? '',
      level,
      urgency: info?.urgency ?? 'Unknown',
      certainty: info?.certainty ?? 'Unknown',
      headline: info?.headline ?? `解除${first?.headline ?? ''}`,
      description: info?.description ?? cap.note ?? '',
      instruction: info?.instruction ?? null,
      sender_name: info?.senderName ?? by.feedName ?? sender.name,
      sent_at: cap.sent,
      onset: info?.onset ?? null,
      expires: info?.expires ?? null,
      area: JSON.stringify(area),
      area_desc: flat?.areaDesc ?? first?.area_desc ?? '—',
      jurisdiction_code: jurisdictionCode,
      town_codes: towns,
      cap_xml: xml,
      released_at: status === 'released' || status === 'cancelled' ? now : null,
      ended_at: status === 'cancelled' || status === 'expired' ? now : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A Cancel ends what it references at once; an Update when it is released (now, or on approval).
  const ended: string[] = [];
  if (cap.msgType === 'Cancel' || (cap.msgType === 'Update' && status !== 'pending_approval')) {
    const to = cap.msgType === 'Cancel' ? 'cancelled' : 'superseded';
    for (const r of referenced) {
      if (r.status === 'released') await endWarning(trx, r.id, to, now);
      // Still waiting for approval: the sender has withdrawn or replaced it, so it is never released.
      else if (r.status === 'pending_approval' || r.status === 'approved')
        await trx.updateTable('warnings').set({ status: to, ended_at: now, updated_at: now }).where('id', '=', r.id).execute();
      else continue;
      ended.push(r.id);
    }
  }
  const recipients = status === 'released' ? await startCallResponse(trx, saved, now) : 0;
  await touchSender(trx, sender.id, now);
  await writeAudit(trx, {
    at: now,
    actor: senderActor(sender),
    ip: by.ip ?? null,
    action: 'warning.import',
    resourceType: 'warning',
    resourceId: id,
    after: { identifier: cap.identifier, msgType: cap.msgType, level, status, towns, ended, recipients, via: by.feedName ? `feed:${by.feedName}` : 'push' },
  });
  return { ...base, result: 'imported', id, status, recipients, ended };
}

/** A pushed document (POST /api/warnings/cap) from an authenticated sender; refusals are audited. */
export async function importCap(deps: Deps, sender: CapSender, xml: string, ip: string | null): Promise<ImportResult> {
  let out: ImportResult;
  try {
    out = await deps.db.transaction().execute((trx) => importCapTx(trx, deps, xml, { sender, ip }));
  } catch (e) {
    if (e instanceof AppError && e.status === 403) {
      await deps.db.transaction().execute((trx) => auditRefusal(trx, sender, deps.clock.now(), ip, e));
    }
    throw e;
  }
  if (out.result === 'imported') {
    deps.events.emit(ATTEMPTS_WRITTEN);
    if (out.id) deps.events.emit(WARNINGS_CHANGED, { warningId: out.id });
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

/**
 * The Atom feed: the latest message of each of our published chains — a released warning, or the Update or
 * Cancel message that ended it (the ended original is not listed as if it were still in force).
 */
export async function publicFeed(deps: Deps): Promise<WarningRow[]> {
  return deps.db
    .selectFrom('warnings')
    .selectAll()
    .where('source', '=', 'platform')
    .where('status', 'in', PUBLISHED)
    .where('sent_at', 'is not', null)
    .where((eb) => eb.or([eb('status', '=', 'released'), eb('msg_type', '=', 'Cancel')]))
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
