// A town's request for the district's help (乡呼县应) on one of its cases, inspections or enterprises: what help
// (专业支援 / 联合执法 / 提级办案), why, how urgent, attachments. It is filed where its subject is (which must be in a
// town: the district does not ask itself), numbered per town and year, and given a response deadline of
// RESPONSE_WORKING_DAYS working days with a reminder on its last day and an overdue mark when it passes.
import type { Static } from 'typebox';
import { v7 } from 'uuid';
import { RESPONSE_WORKING_DAYS } from '../../../shared/assists.ts';
import { requireAllVisible, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, isSystem, withTx } from '../../platform/context.ts';
import { nextNumber, yearOf } from '../../platform/documents/documents.ts';
import { periodEnd, workCalendar } from '../../platform/enforcement/workdays.ts';
import { fieldError } from '../../platform/errors.ts';
import { writeHistory } from '../../platform/history.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { requireCase } from '../cases/api.ts';
import { requireInspection } from '../inspections/api.ts';
import { findEnterprise, requireEnterprise } from '../registry/api.ts';
import type { CreateAssistBody } from './assists.schema.ts';
import { responseJobKeys } from './assists.service.ts';

export type CreateAssistInput = Static<typeof CreateAssistBody>;

/** The subject the request is about: the one id its kind names, checked like any reference. */
async function subjectOf(ctx: Ctx, input: CreateAssistInput) {
  const others = (['caseId', 'inspectionId', 'enterpriseId'] as const).filter((k) => input[k] && k !== `${input.subjectKind}Id`);
  if (others.length) throw fieldError(`body.${others[0]}`, '只能关联一个请求对象', 'only the subject kind’s id may be given');
  if (input.subjectKind === 'case') {
    if (!input.caseId) throw fieldError('body.caseId', '请选择需要支援的案件', 'is required');
    const ref = await requireCase(ctx, input.caseId, 'body.caseId');
    return { ...ref, caseId: ref.id };
  }
  if (input.subjectKind === 'inspection') {
    if (!input.inspectionId) throw fieldError('body.inspectionId', '请选择需要支援的检查', 'is required');
    const ref = await requireInspection(ctx, input.inspectionId, 'body.inspectionId');
    return { ...ref, inspectionId: ref.id };
  }
  if (!input.enterpriseId) throw fieldError('body.enterpriseId', '请选择需要支援的企业', 'is required');
  const ref = await requireEnterprise(ctx, input.enterpriseId, 'body.enterpriseId');
  const e = await findEnterprise(ctx, ref.id);
  return { ...ref, enterpriseId: ref.id, label: e?.name ?? '' };
}

export async function createAssist(ctx: Ctx, input: CreateAssistInput): Promise<{ id: string; code: string }> {
  requirePermission(ctx, 'assist:request');
  return withTx(ctx, async (c) => {
    const subject = await subjectOf(c, input);
    const town = subject.jurisdictionCode.slice(0, 9);
    if (subject.jurisdictionCode.length < 9)
      throw fieldError(`body.${input.subjectKind}Id`, '区级直管的对象无需请求区级支援', 'a district-level record needs no district help');
    const attachments = await requireAllVisible(c, 'files', input.attachmentIds ?? [], 'body.attachmentIds');
    const now = c.deps.clock.now();
    const urgency = input.urgency ?? 'normal';
    const due = periodEnd(await workCalendar(c), now, { days: RESPONSE_WORKING_DAYS[urgency], working: true });
    const year = yearOf(now);
    const code = `XH${year}${town.slice(-3)}${String(await nextNumber(c, town, '乡呼县应', year)).padStart(4, '0')}`;
    const id = v7();
    await c.db
      .insertInto('assist_requests')
      .values({
        id,
        code,
        jurisdiction_code: subject.jurisdictionCode,
        town_code: town,
        subject_kind: input.subjectKind,
        case_id: 'caseId' in subject ? subject.caseId : null,
        inspection_id: 'inspectionId' in subject ? subject.inspectionId : null,
        enterprise_id: subject.enterpriseId,
        subject_label: subject.label,
        kind: input.kind,
        urgency,
        reason: input.reason.trim(),
        attachment_ids: attachments.map((a) => a.id),
        requested_by: isSystem(c) ? null : c.actor.id, // the demo seed asks as the system
        requested_by_name: c.actor.displayName,
        requested_at: now,
        response_due_day: due.day,
        response_due_at: due.dueAt,
      })
      .execute();
    const [remindKey, overdueKey] = responseJobKeys(id);
    // The reminder on the morning of the last day to answer; the overdue mark once that day is over.
    await enqueueJob(c.db, { kind: 'assist.response.remind', runAt: new Date(`${due.day}T09:00:00+08:00`), payload: { id }, dedupKey: remindKey });
    await enqueueJob(c.db, { kind: 'assist.response.overdue', runAt: due.dueAt, payload: { id }, dedupKey: overdueKey });
    await writeHistory(c, {
      aggregate: 'assist',
      aggregateId: id,
      action: 'create',
      to: 'requested',
      note: input.reason.trim(),
      data: { kind: input.kind, urgency },
    });
    await audit(c.db, c, {
      action: 'assist.create',
      resourceType: 'assist',
      resourceId: id,
      after: { code, subjectKind: input.subjectKind, subject: subject.label, kind: input.kind, urgency, responseDueDay: due.day },
    });
    return { id, code };
  });
}
