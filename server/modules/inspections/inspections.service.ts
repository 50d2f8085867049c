// The inspection lifecycle on the platform engine — start, answer, photo, officers' confirmation, submit, the
// enterprise's signature, return, cancel and "failed item → hazard" — each one apply() (permission → lock →
// scope → state → guards → effect, history and audit in one transaction). Every step a phone may have queued
// offline carries its own key (`syncKey`): a replay of a key answers what the first call did and writes nothing.
import type { InspectionDto, ItemResultDto } from '../../../shared/inspections.dto.ts';
import { type InspectionState, type ItemResult, RESULT_LABELS, SELF_KINDS, SIDE_STEPS, STATE_LABELS, TRANSITIONS } from '../../../shared/inspections.ts';
import { assertInScope } from '../../platform/access.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, fieldError } from '../../platform/errors.ts';
import { insertFile, sniff, type UploadedPart } from '../../platform/files/files.service.ts';
import { apply, type Machine } from '../../platform/lifecycle.ts';
import { saveVersioned } from '../../platform/lifecycle.save.ts';
import { createHazard } from '../hazards/api.ts';
import { recordInspectionDone } from '../plans/api.ts';
import { inspectionDto, itemDto } from './inspections.presenters.ts';
import { issueInspectionDocuments } from './inspections.documents.ts';
import { asOfficer } from './inspections.officers.ts';
import {
  failedCount,
  findInspection,
  type InspectionRow,
  inspectionById,
  inspectionNotFound,
  itemBySeq,
  lockInspection,
  recordSyncOp,
  syncOp,
  updateItem,
} from './inspections.repo.ts';

export { inspectionNotFound };

export interface AnswerInput {
  syncKey: string;
  seq: number;
  result: ItemResult;
  note?: string;
  /** A failed item goes into the hazard loop in the same step. */
  toHazard?: boolean;
}
export interface PhotoInput {
  syncKey: string;
  seq: number;
  part: UploadedPart;
}
export interface SignInput {
  syncKey?: string;
  signerName: string;
  /** The signature drawn on screen, a PNG as base64 (a data: URL prefix is accepted). */
  image: string;
}
type Inputs = {
  start: { syncKey?: string; lon?: number; lat?: number };
  submit: { syncKey?: string; summary?: string; rectifyDeadline?: string };
  sign: SignInput;
  return: { reason: string };
  cancel: { reason: string };
  answer: AnswerInput;
  photo: PhotoInput;
  confirm: { syncKey?: string; licenceNumber?: string };
  raise_hazard: { seq: number };
};

const isSelf = (r: InspectionRow) => SELF_KINDS.includes(r.kind);

async function itemOf(ctx: Ctx, r: InspectionRow, seq: number, field = 'body.seq') {
  const item = await itemBySeq(ctx, r.id, seq);
  if (!item) throw fieldError(field, '检查项不存在', 'no such item');
  return item;
}

/** The hazard made from a failed item (once per item: the hazards module returns the one already made). */
async function raiseHazard(ctx: Ctx, r: InspectionRow, itemId: string) {
  const item = await ctx.db.selectFrom('inspection_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
  if (item.result !== 'fail') throw conflict('ITEM_NOT_FAILED', '只有“不符合”的检查项可以转为隐患', 'Only a failed item becomes a hazard');
  const hazard = await createHazard(ctx, {
    ...(r.enterprise_id ? { enterpriseId: r.enterprise_id } : { parkId: r.park_id ?? undefined }),
    title: `检查发现：${item.content}`.slice(0, 100),
    description: [item.content, item.note && `现场情况：${item.note}`, item.basis && `依据：${item.basis}`, `检查记录：${r.code}`]
      .filter(Boolean)
      .join('\n')
      .slice(0, 4000),
    source: isSelf(r) ? 'self_inspection' : 'inspection',
    finderName: r.officers.map((o) => o.name).join('、') || ctx.actor.displayName,
    foundAt: item.answered_at ?? undefined,
    photoIds: item.photo_ids.slice(0, 20),
    inspectionId: r.id,
    inspectionItemId: item.id,
  });
  const saved = item.hazard_id === hazard.id ? item : await updateItem(ctx, item.id, { hazard_id: hazard.id });
  return { item: saved, hazard: { id: hazard.id, code: hazard.code, state: hazard.state, title: hazard.title } };
}

const counts = async (ctx: Ctx, r: InspectionRow) => ({ items_failed: await failedCount(ctx, r.id) });

export const inspectionMachine: Machine<InspectionRow, InspectionState, Inputs> = {
  name: 'inspection',
  stateOf: (r) => r.state,
  steps: [...TRANSITIONS, ...SIDE_STEPS],
  stateLabel: (s) => STATE_LABELS[s].zh,
  guards: {
    submit: [
      {
        code: 'ITEMS_UNANSWERED',
        zh: '还有检查项未填写结果',
        en: 'Some items have no result yet',
        allows: async (ctx, r) =>
          !(await ctx.db.selectFrom('inspection_items').select('id').where('inspection_id', '=', r.id).where('result', 'is', null).executeTakeFirst()),
      },
      {
        code: 'OFFICERS_UNCONFIRMED',
        zh: '两名执法人员均须确认检查结果',
        en: 'Both officers must confirm the findings',
        allows: (_ctx, r) => isSelf(r) || r.officers.every((o) => r.confirmations.some((c) => c.userId === o.userId)),
      },
    ],
    confirm: [{ code: 'NO_OFFICERS', zh: '自查记录无需执法人员确认', en: 'A self-inspection has no officers', allows: (_ctx, r) => !isSelf(r) }],
    sign: [
      {
        code: 'NOT_A_PARTY',
        zh: '您不是本次检查的当事方（执法人员或被检查单位），不能提交签字',
        en: 'Only a party to the inspection may submit the signature',
        status: 403,
        allows: (ctx, r) =>
          r.officers.some((o) => o.userId === ctx.actor.id) ||
          r.created_by === ctx.actor.id ||
          (!!r.enterprise_id && ctx.actor.enterpriseId === r.enterprise_id),
      },
    ],
  },
  lock: lockInspection,
  notFound: inspectionNotFound,
  save: saveVersioned('inspections'),
  present: inspectionDto,
  effects: {
    start: (ctx, _r, input) => ({
      patch: { started_at: ctx.deps.clock.now(), ...(input.lon !== undefined && input.lat !== undefined ? { lon: input.lon, lat: input.lat } : {}) },
      data: { lon: input.lon, lat: input.lat },
    }),
    answer: async (ctx, r, input) => {
      const item = await itemOf(ctx, r, input.seq);
      if (input.toHazard && input.result !== 'fail')
        throw fieldError('body.toHazard', '只有“不符合”的检查项可以转为隐患', 'only a failed item becomes a hazard');
      if (input.result === 'fail' && !input.note?.trim()) throw fieldError('body.note', '不符合项须写明现场情况', 'a failed item needs a note');
      if (item.hazard_id && input.result !== 'fail')
        throw conflict('ITEM_HAS_HAZARD', '该检查项已转为隐患，不能改为其他结果', 'The item already became a hazard');
      let saved = await updateItem(ctx, item.id, {
        result: input.result,
        note: input.note ?? null,
        answered_at: ctx.deps.clock.now(),
        answered_by: ctx.actor.id,
      });
      const hazard = input.toHazard ? await raiseHazard(ctx, r, item.id) : null;
      if (hazard) saved = hazard.item;
      const result: ItemResultDto = { item: itemDto(saved), hazard: hazard?.hazard ?? null, fileId: null, replayed: false };
      return {
        patch: await counts(ctx, r),
        note: `第 ${input.seq} 项：${RESULT_LABELS[input.result].zh}`,
        data: { seq: input.seq, result: input.result, hazardId: hazard?.hazard.id },
        audit: { before: { result: item.result, note: item.note }, after: { seq: input.seq, result: input.result, note: input.note ?? null } },
        result,
      };
    },
    photo: async (ctx, r, input) => {
      const item = await itemOf(ctx, r, input.seq);
      if (item.photo_ids.length >= 20) throw fieldError('body.file', '每个检查项最多 20 张照片', 'at most 20 photos per item');
      const mime = await sniff(input.part, 'image');
      const file = await insertFile(ctx.db, {
        filename: input.part.filename,
        mime,
        data: input.part.data,
        uploadedBy: ctx.actor.id,
        jurisdictionCode: r.jurisdiction_code,
        at: ctx.deps.clock.now(),
      });
      const saved = await updateItem(ctx, item.id, { photo_ids: [...item.photo_ids, file.id] });
      const result: ItemResultDto = { item: itemDto(saved), hazard: null, fileId: file.id, replayed: false };
      return {
        note: `第 ${input.seq} 项照片`,
        data: { seq: input.seq, fileId: file.id },
        audit: { before: undefined, after: { seq: input.seq, fileId: file.id } },
        result,
      };
    },
    confirm: (ctx, r, input) => {
      const officer = input.licenceNumber ? r.officers.find((o) => o.licenceNumber === input.licenceNumber) : r.officers.find((o) => o.userId === ctx.actor.id);
      if (!officer)
        throw input.licenceNumber
          ? fieldError('body.licenceNumber', '执法证号与本次检查的执法人员不符', 'matches no officer of this inspection')
          : conflict('NOT_AN_OFFICER', '您不是本次检查的执法人员，请输入执法人员的执法证号', 'You are not an officer of this inspection');
      if (r.confirmations.some((c) => c.userId === officer.userId)) throw conflict('ALREADY_CONFIRMED', `${officer.name} 已确认`, 'Already confirmed');
      const at = ctx.deps.clock.now().toISOString();
      return {
        patch: { confirmations: JSON.stringify([...r.confirmations, { userId: officer.userId, name: officer.name, at, by: ctx.actor.id }]) as never },
        note: `${officer.name}（${officer.licenceNumber}）确认检查结果`,
        data: { officer: officer.userId },
      };
    },
    submit: (ctx, r, input) => {
      const now = ctx.deps.clock.now();
      if (!isSelf(r) && r.items_failed > 0 && !input.rectifyDeadline)
        throw fieldError('body.rectifyDeadline', '有不符合项时须指定整改期限（责令限期整改）', 'a rectification deadline is required when items failed');
      if (input.rectifyDeadline && input.rectifyDeadline < now.toISOString().slice(0, 10))
        throw fieldError('body.rectifyDeadline', '整改期限不能早于今天', 'must not be in the past');
      return {
        patch: { summary: input.summary ?? null, rectify_deadline: input.rectifyDeadline ?? null, ...(isSelf(r) ? { completed_at: now } : {}) },
        // A self-inspection is complete when its account submits it: it is the party, nobody else signs.
        to: isSelf(r) ? 'completed' : undefined,
        note: input.summary,
      };
    },
    sign: async (ctx, r, input) => {
      const allowed = [r.representative_name].filter(Boolean);
      if (!allowed.includes(input.signerName.trim()))
        throw fieldError('body.signerName', `签字人须为被检查单位的现场负责人（${allowed.join('、') || '未登记'}）`, 'is not the enterprise representative');
      const data = Buffer.from(input.image.replace(/^data:image\/png;base64,/, ''), 'base64');
      if (data.length < 60) throw fieldError('body.image', '签名为空，请在屏幕上签字', 'the signature is empty');
      const mime = await sniff({ field: 'body.image', filename: 'signature.png', data }, 'image');
      if (mime !== 'image/png') throw fieldError('body.image', '签名须为 PNG 图片', 'must be a PNG');
      const now = ctx.deps.clock.now();
      const file = await insertFile(ctx.db, {
        filename: `签名-${r.code}.png`,
        mime,
        data,
        uploadedBy: ctx.actor.id,
        jurisdictionCode: r.jurisdiction_code,
        at: now,
      });
      // A completed enforcement inspection counts on the plans whose period holds it (the plan view's read model),
      // in this transaction: counted exactly once, and never for a signature that rolls back.
      if (r.kind === 'enforcement' && r.enterprise_id)
        await recordInspectionDone(ctx, { inspectionId: r.id, enterpriseId: r.enterprise_id, at: now, kind: r.draw_task_id ? 'draw' : 'routine' });
      return {
        patch: { signature_file_id: file.id, signer_name: input.signerName.trim(), signed_at: now, completed_at: now },
        note: `${input.signerName} 签字确认`,
        data: { fileId: file.id },
      };
    },
    return: (_ctx, _r, input) => ({ patch: { signature_file_id: null, signer_name: null, signed_at: null }, note: input.reason }),
    cancel: (_ctx, _r, input) => ({ patch: { cancel_reason: input.reason }, note: input.reason }),
    raise_hazard: async (ctx, r, input) => {
      const item = await itemOf(ctx, r, input.seq, 'params.seq');
      const { item: saved, hazard } = await raiseHazard(ctx, r, item.id);
      const result: ItemResultDto = { item: itemDto(saved), hazard, fileId: null, replayed: false };
      return { note: `第 ${input.seq} 项转为隐患 ${hazard.code}`, data: { seq: input.seq, hazardId: hazard.id }, result };
    },
  },
};

// ── idempotent steps: a key seen before answers what it did the first time ───────────────────────────

/**
 * Run `step` once per key: a replay (the phone's queue sent it again) reads the record as it is now and writes nothing.
 * An officer named on the record acts on it outside their own town (交叉检查, see inspections.officers.ts).
 */
async function once<R>(
  caller: Ctx,
  key: string | undefined,
  id: string,
  kind: string,
  step: (c: Ctx) => Promise<R>,
  replay: (c: Ctx, result: Record<string, unknown>) => Promise<R>,
  keep: (r: R) => Record<string, unknown> = () => ({}),
): Promise<R> {
  const ctx = await asOfficer(caller, id);
  if (!key) return step(ctx);
  return withTx(ctx, async (c) => {
    const prior = await syncOp(c, key);
    if (prior) {
      if (prior.inspection_id !== id || prior.kind !== kind)
        throw conflict('SYNC_KEY_REUSED', '同步编号已用于其他操作', 'This sync key was used for another operation');
      assertInScope(c, await findInspection(c, id), inspectionNotFound);
      return replay(c, prior.result);
    }
    const r = await step(c);
    if (!(await recordSyncOp(c, { key, inspectionId: id, kind, result: keep(r) })))
      throw conflict('SYNC_IN_PROGRESS', '该操作正在同步，请稍后再试', 'This operation is being synced');
    return r;
  });
}

async function currentItem(c: Ctx, id: string, seq: number, fileId: string | null): Promise<ItemResultDto> {
  const item = await itemBySeq(c, id, seq);
  if (!item) throw inspectionNotFound();
  return { item: itemDto(item), hazard: null, fileId, replayed: true };
}
async function currentInspection(c: Ctx, id: string) {
  const r = await findInspection(c, id);
  assertInScope(c, r, inspectionNotFound);
  return { inspection: inspectionDto(r), replayed: true };
}

export const answerItem = (ctx: Ctx, id: string, input: AnswerInput) =>
  once(
    ctx,
    input.syncKey,
    id,
    'answer',
    (c) => apply(c, inspectionMachine, id, 'answer', input) as Promise<ItemResultDto>,
    (c) => currentItem(c, id, input.seq, null),
  );

export const addPhoto = (ctx: Ctx, id: string, input: PhotoInput) =>
  once(
    ctx,
    input.syncKey,
    id,
    'photo',
    (c) => apply(c, inspectionMachine, id, 'photo', input) as Promise<ItemResultDto>,
    (c, kept) => currentItem(c, id, input.seq, (kept.fileId as string) ?? null),
    (r) => ({ fileId: r.fileId }),
  );

export const raiseItemHazard = async (ctx: Ctx, id: string, seq: number) =>
  apply(await asOfficer(ctx, id), inspectionMachine, id, 'raise_hazard', { seq }) as Promise<ItemResultDto>;

type PhoneStep = 'start' | 'submit' | 'sign' | 'confirm';

/** A state step the phone queues: once per sync key, answering the record (as it is now, for a replay). */
const phoneStep =
  <A extends PhoneStep>(action: A, after?: (c: Ctx, id: string) => Promise<void>) =>
  (ctx: Ctx, id: string, input: Inputs[A]) =>
    once(
      ctx,
      input.syncKey,
      id,
      action,
      (c) =>
        withTx(c, async (t) => {
          const inspection = (await apply(t, inspectionMachine, id, action, input)) as InspectionDto;
          await after?.(t, id);
          return { inspection, replayed: false };
        }),
      (c) => currentInspection(c, id),
    );

export const startInspection = phoneStep('start');
export const confirmInspection = phoneStep('confirm');
export const submitInspection = phoneStep('submit');
/** The enterprise's signature completes an enforcement inspection: its documents are issued in the same transaction. */
export const signInspection = phoneStep('sign', async (t, id) => {
  const row = await inspectionById(t, id);
  if (row?.kind === 'enforcement') await issueInspectionDocuments(t, row);
});

export const returnInspection = async (ctx: Ctx, id: string, input: { reason: string }) =>
  apply(await asOfficer(ctx, id), inspectionMachine, id, 'return', input) as Promise<InspectionDto>;
export const cancelInspection = async (ctx: Ctx, id: string, input: { reason: string }) =>
  apply(await asOfficer(ctx, id), inspectionMachine, id, 'cancel', input) as Promise<InspectionDto>;
