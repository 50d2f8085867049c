// Warnings: drafting, approval (drafter ≠ approver), release and cancel (the call-response they start is in
// call-response.service.ts), a warning's end when an update supersedes it or its sender's CAP Cancel withdraws
// it, the list and the detail, and the recipient preview. CAP import and publication are in
// cap-import.service.ts, acknowledgement in ack.service.ts, the board in board.service.ts.
import { v7 as uuidv7 } from 'uuid';
import type { WarningDetail, WarningDto } from '../../../shared/warnings.dto.ts';
import {
  eventTypeByCode,
  LEVEL_LABELS,
  type WarningAction,
  type WarningLevel,
  WARNING_STATE_LABELS,
  type WarningState,
  WARNING_TRANSITIONS,
} from '../../../shared/warnings.ts';
import { assertInScope, coversJurisdiction, hasPermission, requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { publish } from '../../platform/events.ts';
import { conflict, fieldError, notFound } from '../../platform/errors.ts';
import { allowedActions, apply, type Machine, stepOf } from '../../platform/lifecycle.ts';
import type { Updateable } from 'kysely';
import { capReference } from './cap.ts';
import { DISTRICT, nextIdentifier, startCallResponse } from './call-response.service.ts';
import { ATTEMPTS_WRITTEN, WARNINGS_CHANGED } from './delivery.ts';
import { townOf } from './geo.ts';
import { stopLadder } from './ladder.ts';
import { getPolicy, getSettings } from './policy.ts';
import { chainDto, listItemDto, maskPhone, warningDto } from './warnings.presenters.ts';
import {
  divisionNames,
  findVisibleWarning,
  insertWarning,
  knownDivisions,
  lockWarning,
  listWarnings as listRows,
  updateWarningRow,
  userNames,
  type WarningFilter,
  type WarningRow,
  warningChain,
} from './warnings.repo.ts';
import type { WarningArea, WarningsTable } from './warnings.tables.ts';
import { resolveTargets, resolveTowns, townsOfArea } from './targeting.ts';
import { pageOf } from '../../platform/pagination.ts';

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
  return pageOf(count, items.map(listItemDto), f);
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
    actions: await warningActions(ctx, w),
  };
}

/** A warning the caller may read (its area touching the caller's town is enough); otherwise 404. */
export async function readableWarning(ctx: Ctx, id: string): Promise<WarningRow> {
  requirePermission(ctx, 'warning:read');
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
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

/** The columns a draft's content sets, from the checked input (creating and editing write the same ones). */
function content(c: Awaited<ReturnType<typeof checkInput>>, input: WarningInput) {
  return {
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
    ...content(c, input),
    sender_name: ctx.actor.unitName,
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
      ...content(c, input),
      status: 'draft',
      updated_by: ctx.actor.id,
      updated_at: ctx.deps.clock.now(),
    });
    await audit(tx.db, tx, { action: 'warning.update', resourceType: 'warning', resourceId: id, before: publicView(w), after: publicView(saved) });
    return warningDto(saved);
  });
}

/** The message that ends a warning: our released update, or the CAP Update/Cancel its sender pushed. */
interface EndingMessage {
  id: string;
  identifier: string;
  /** The registered CAP sender whose message it is (absent for ours). */
  from?: { name: string; sender: string };
}

/** A CAP sender as the history names it (the step is the system's, taken for the sender's message). */
const senderStep = (from: EndingMessage['from']) => from && { id: null, name: `${from.name}（CAP：${from.sender}）` };

type WarningInputs = {
  submit: Record<string, never>;
  approve: Record<string, never>;
  reject: { reason: string };
  release: Record<string, never>;
  cancel: { reason: string };
  expire: Record<string, never>;
  supersede: { by: EndingMessage };
  cap_cancel: { by: Required<EndingMessage> };
};

/**
 * The steps a warning takes only inside another message's transaction, never from a button (warningActions
 * leaves them out) nor a route: a released update (更新/升级 of the same hazard and area: ours at release, or
 * a sender's CAP Update) supersedes what it updates, and a sender's CAP Cancel withdraws its own alert, also
 * one still awaiting approval. The system takes the CAP one (the import runs in the system's context).
 */
const ENDING_STEPS = [
  { action: 'supersede', from: ['released', 'pending_approval', 'approved'], to: 'superseded', permission: 'warning:write' },
  { action: 'cap_cancel', from: ['released', 'pending_approval', 'approved'], to: 'cancelled', permission: 'warning:write', system: true },
] as const;

/** The actions a user is offered (the shared table's, without its system step). */
const OFFERED = new Set<string>(WARNING_TRANSITIONS.filter((s) => !s.system).map((s) => s.action));

/** An ended warning's pending escalations stop: the ladder closes (only a released one has one). */
async function endEffect(ctx: Ctx, w: WarningRow) {
  const now = ctx.deps.clock.now();
  if (w.status === 'released') await stopLadder(ctx, w.id, now);
  return { ended_at: now };
}

export const warningMachine: Machine<WarningRow, WarningState, WarningInputs> = {
  name: 'warning',
  steps: [...WARNING_TRANSITIONS, ...ENDING_STEPS],
  stateOf: (w) => w.status,
  stateLabel: (s) => WARNING_STATE_LABELS[s].zh,
  refusals: {
    cancel: {
      code: 'ILLEGAL_TRANSITION',
      zh: '只能解除草稿、被退回、已审批或已发布的预警（待审批的请先退回，已结束的无需解除）',
      en: 'Only a draft, rejected, approved or released warning can be cancelled',
    },
  },
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
  lock: lockWarning,
  notFound: warningNotFound,
  save: (ctx, w, status, patch) =>
    updateWarningRow(ctx, w.id, { ...(patch as Updateable<WarningsTable>), status, updated_by: ctx.actor.id, updated_at: ctx.deps.clock.now() }),
  present: (w) => ({ status: w.status }),
  event: { name: WARNINGS_CHANGED, payload: (w) => ({ warningId: w.id }) },
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
      const identifier = external ? w.identifier : await nextIdentifier(ctx, settings.capOrgCode, now);
      const patch = {
        identifier,
        sent_at: external ? (w.sent_at as Date) : new Date(Math.floor(now.getTime() / 1000) * 1000),
        released_at: now,
        released_by: ctx.actor.id,
      };
      if (w.supersedes_id) await endWarning(ctx, w.supersedes_id, 'supersede', { by: { id: w.id, identifier } });
      const recipients = await startCallResponse(ctx, { ...w, ...patch, status: 'released' }, now);
      publish(ctx, ATTEMPTS_WRITTEN, {});
      return { patch, audit: { before: undefined, after: { identifier, recipients } }, result: { recipients } };
    },
    /** Cancel (解除): a released platform warning gets a CAP Cancel message, and every pending escalation stops. */
    cancel: async (ctx, w, { reason }) => {
      const now = ctx.deps.clock.now();
      if (w.status !== 'released')
        return { patch: { ended_at: now }, note: reason, audit: { after: { status: 'cancelled', reason } }, result: { cancelId: null } };
      await stopLadder(ctx, w.id, now);
      const settings = await getSettings(ctx.db);
      const cancelId = uuidv7();
      const sent = new Date(Math.floor(now.getTime() / 1000) * 1000);
      await insertWarning(ctx, {
        ...copyForMessage(w),
        id: cancelId,
        identifier: await nextIdentifier(ctx, settings.capOrgCode, now),
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
      });
      return { patch: { ended_at: now }, note: reason, data: { cancelId }, audit: { after: { status: 'cancelled', reason, cancelId } }, result: { cancelId } };
    },
    /** A CAP message's step names its sender in the history; the audit names the system that imported it. */
    supersede: async (ctx, w, { by }) => ({
      patch: await endEffect(ctx, w),
      note: `由预警 ${by.identifier} 更新`,
      data: { updateId: by.id, identifier: by.identifier, sender: by.from?.sender },
      by: senderStep(by.from),
      audit: { after: { status: 'superseded', updateId: by.id } },
    }),
    cap_cancel: async (ctx, w, { by }) => ({
      patch: await endEffect(ctx, w),
      note: `发送方发来解除消息 ${by.identifier}`,
      data: { cancelId: by.id, identifier: by.identifier, sender: by.from.sender },
      by: senderStep(by.from),
      audit: { after: { status: 'cancelled', cancelId: by.id, sender: by.from.sender } },
    }),
    /** The system's step (an onset job found the warning expired before call-response began): it ends, nobody is reached. */
    expire: (ctx) => ({ patch: { ended_at: ctx.deps.clock.now() }, audit: { after: { status: 'expired' } } }),
  },
};

/**
 * End a warning that another message replaces or withdraws, in that message's transaction, if it is still
 * live (an update released after its original was cancelled ends nothing). True when it ended.
 */
export async function endWarning<A extends (typeof ENDING_STEPS)[number]['action']>(ctx: Ctx, id: string, action: A, input: WarningInputs[A]) {
  const w = await lockWarning(ctx, id);
  if (!w || !(stepOf(warningMachine.steps, action).from as readonly string[]).includes(w.status)) return false;
  await apply(ctx, warningMachine, id, action, input);
  return true;
}

/** The system's expiry of a released warning (jobs only: apply refuses a system step to anyone else). */
export const expireWarning = (ctx: Ctx, id: string) => apply(ctx, warningMachine, id, 'expire', {});

/**
 * Every step acts on a warning the caller can see (reads include warnings whose area touches the caller's
 * town) and that is filed under the caller's jurisdiction (the engine's scope check): anything else is 404.
 */
async function step<A extends keyof WarningInputs & string>(ctx: Ctx, id: string, action: A, input: WarningInputs[A]) {
  requirePermission(ctx, stepOf(warningMachine.steps, action).permission);
  if (!(await findVisibleWarning(ctx, id))) throw warningNotFound();
  return apply(ctx, warningMachine, id, action, input);
}

/** A step that answers the changed warning (the engine itself answers only what the audit row shows). */
async function stepToRow<A extends keyof WarningInputs & string>(ctx: Ctx, id: string, action: A, input: WarningInputs[A]): Promise<WarningRow> {
  await step(ctx, id, action, input);
  const w = await findVisibleWarning(ctx, id);
  if (!w) throw warningNotFound();
  return w;
}

export const submitWarning = (ctx: Ctx, id: string) => stepToRow(ctx, id, 'submit', {});
export const approveWarning = (ctx: Ctx, id: string) => stepToRow(ctx, id, 'approve', {});
export const rejectWarning = (ctx: Ctx, id: string, reason: string) => stepToRow(ctx, id, 'reject', { reason });

export async function releaseWarning(ctx: Ctx, id: string) {
  const { recipients } = (await step(ctx, id, 'release', {})) as { recipients: number };
  const warning = await findVisibleWarning(ctx, id);
  if (!warning) throw warningNotFound();
  return { warning, recipients };
}

/** What the current user may do with this warning now (the web's buttons). */
export const warningActions = async (ctx: Ctx, w: WarningRow): Promise<WarningAction[]> =>
  // The engine never offers a system step (expire, cap_cancel); supersede is taken only inside a release.
  (await allowedActions(ctx, warningMachine, w)).filter((a): a is WarningAction => OFFERED.has(a));

export const cancelWarning = (ctx: Ctx, id: string, reason: string) => step(ctx, id, 'cancel', { reason }) as Promise<{ cancelId: string | null }>;

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
