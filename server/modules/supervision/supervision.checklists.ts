// 检查表: one record per industry/topic, its items kept as versions (supervision.versions.ts); an inspection
// references the id of the version it used, so a published version is frozen.
import type { Selectable } from 'kysely';
import type { Static } from 'typebox';
import { v7 } from 'uuid';
import type { ChecklistTopic } from '../../../shared/supervision.ts';
import type { Checklist, ChecklistDetail } from '../../../shared/supervision.dto.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { writeHistory } from '../../platform/history.ts';
import { countCapped, pageOf } from '../../platform/pagination.ts';
import { iso } from '../../platform/sql.ts';
import * as repo from './supervision.repo.ts';
import type * as S from './supervision.schema.ts';
import type { SupervisionChecklistsTable } from './supervision.tables.ts';
import { createDraft, LISTS, listVersions, READ, versionMachine } from './supervision.versions.ts';

type Row = Selectable<SupervisionChecklistsTable>;
const checklistNotFound = () => notFound('检查表', 'Checklist');

function present(r: Row, versions: { id: string; number: number; status: string; effective_from: string | null }[]): Checklist {
  const current = versions.find((v) => v.status === 'published');
  const draft = versions.find((v) => v.status === 'draft');
  return {
    id: r.id,
    name: r.name,
    topic: r.topic as ChecklistTopic,
    industry: r.industry,
    description: r.description,
    currentVersionId: current?.id ?? null,
    currentNumber: current?.number ?? null,
    effectiveFrom: current?.effective_from ?? null,
    draftVersionId: draft?.id ?? null,
    updatedAt: iso(r.updated_at),
  };
}

export async function listChecklists(ctx: Ctx, q: Static<typeof S.ChecklistQuery>) {
  requirePermission(ctx, READ);
  const base = repo.checklistsQuery(ctx.db, q);
  const [count, rows] = await Promise.all([
    countCapped(ctx.db, base),
    base
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  const versions = await repo.checklistVersionSummary(
    ctx.db,
    rows.map((r) => r.id),
  );
  return pageOf(
    count,
    rows.map((r) =>
      present(
        r,
        versions.filter((v) => v.checklist_id === r.id),
      ),
    ),
    q,
  );
}

export async function getChecklist(ctx: Ctx, id: string): Promise<ChecklistDetail> {
  requirePermission(ctx, READ);
  const r = await ctx.db.selectFrom('supervision_checklists').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw checklistNotFound();
  const versions = await listVersions(ctx, 'checklist', id);
  return {
    ...present(
      r,
      versions.items.map((v) => ({ id: v.id, number: v.number, status: v.status, effective_from: v.effectiveFrom })),
    ),
    versions: versions.items,
  };
}

/** A new checklist with its first (empty) draft. */
export async function createChecklist(ctx: Ctx, body: Static<typeof S.ChecklistBody>): Promise<ChecklistDetail> {
  requirePermission(ctx, LISTS);
  const id = v7();
  await withTx(ctx, async (c) => {
    await c.db
      .insertInto('supervision_checklists')
      .values({ id, name: body.name, topic: body.topic, industry: body.industry ?? null, description: body.description ?? null, created_by: c.actor.id })
      .execute();
    await audit(c.db, c, { action: 'supervision.checklist.create', resourceType: 'supervision_checklist', resourceId: id, after: body });
    await createDraft(c, 'checklist', id, { empty: true });
  });
  return getChecklist(ctx, id);
}

export async function updateChecklist(ctx: Ctx, id: string, body: Static<typeof S.ChecklistBody>): Promise<ChecklistDetail> {
  requirePermission(ctx, LISTS);
  await withTx(ctx, async (c) => {
    const before = await c.db.selectFrom('supervision_checklists').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw checklistNotFound();
    await c.db
      .updateTable('supervision_checklists')
      .set({ name: body.name, topic: body.topic, industry: body.industry ?? null, description: body.description ?? null, updated_at: c.deps.clock.now() })
      .where('id', '=', id)
      .execute();
    const draft = (await repo.versionsOf(c.db, 'checklist', id)).find((v) => v.status === 'draft');
    if (draft)
      await writeHistory(c, { aggregate: versionMachine.name, aggregateId: draft.id, action: 'checklist.rename', note: `检查表名称/类别修改为：${body.name}` });
    await audit(c.db, c, { action: 'supervision.checklist.update', resourceType: 'supervision_checklist', resourceId: id, before, after: body });
  });
  return getChecklist(ctx, id);
}

export async function newChecklistDraft(ctx: Ctx, id: string, body: { note?: string; empty?: boolean }) {
  requirePermission(ctx, LISTS);
  const r = await ctx.db.selectFrom('supervision_checklists').select('id').where('id', '=', id).executeTakeFirst();
  if (!r) throw checklistNotFound();
  return createDraft(ctx, 'checklist', id, body);
}
