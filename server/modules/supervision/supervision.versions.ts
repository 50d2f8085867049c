// Versions of the three lists and of each checklist: a draft is edited; publishing (one Machine step) freezes it,
// supersedes the version in force (which stays readable) and records who published it and from when.
import type { Selectable } from 'kysely';
import { v7 } from 'uuid';
import { VERSION_STATE_NAMES, type VersionKind, type VersionState, KIND_NAMES } from '../../../shared/supervision.ts';
import type { Version, VersionDetail, VersionList } from '../../../shared/supervision.dto.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { historyEntry, readHistory, writeHistory } from '../../platform/history.ts';
import { allowedActions, apply, type Machine } from '../../platform/lifecycle.ts';
import { DISTRICT_CODE } from '../../platform/orgs/orgs.service.ts';
import { iso } from '../../platform/sql.ts';
import * as repo from './supervision.repo.ts';
import type { SupervisionVersionsTable } from './supervision.tables.ts';

export const READ = 'inspection:read';
export const LISTS = 'inspection:lists';

type VersionRow = Selectable<SupervisionVersionsTable>;
/** The lists are the district's: a version is filed under the district for the engine's scope check. */
type LifeRow = VersionRow & { jurisdiction_code: string };
const life = (r: VersionRow | undefined): LifeRow | undefined => r && { ...r, jurisdiction_code: DISTRICT_CODE };

export const versionNotFound = () => notFound('清单版本', 'List version');

export function presentVersion(r: VersionRow, rows: number): Version {
  return {
    id: r.id,
    kind: r.kind,
    checklistId: r.checklist_id,
    number: r.number,
    status: r.status,
    effectiveFrom: r.effective_from,
    note: r.note,
    publishedAt: r.published_at ? iso(r.published_at) : null,
    publishedByName: r.published_by_name,
    createdAt: iso(r.created_at),
    rows,
  };
}

type Inputs = {
  publish: { effectiveFrom: string; note?: string };
};

export const versionMachine: Machine<LifeRow, VersionState, Inputs> = {
  name: 'supervision.version',
  resourceType: 'supervision_version',
  stateOf: (r) => r.status,
  stateLabel: (s) => VERSION_STATE_NAMES[s].zh,
  steps: [{ action: 'publish', from: ['draft'], to: 'published', permission: LISTS }],
  refusals: { publish: { code: 'VERSION_FROZEN', zh: '该版本已发布，不能再次发布或修改', en: 'This version is already published and frozen' } },
  guards: {
    publish: [
      {
        code: 'VERSION_EMPTY',
        zh: '版本中没有任何条目，不能发布',
        en: 'The version has no rows',
        allows: async (c, r) => ((await repo.rowCounts(c.db, r.kind, [r.id])).get(r.id) ?? 0) > 0,
      },
    ],
  },
  effects: {
    publish: async (c, r, input) => {
      const previous = await repo.currentVersion(c.db, r.kind, r.checklist_id);
      if (previous) {
        await c.db.updateTable('supervision_versions').set({ status: 'superseded', updated_at: c.deps.clock.now() }).where('id', '=', previous.id).execute();
        await writeHistory(c, {
          aggregate: versionMachine.name,
          aggregateId: previous.id,
          action: 'supersede',
          from: 'published',
          to: 'superseded',
          note: `由第 ${r.number} 版取代`,
        });
      }
      return {
        patch: {
          effective_from: input.effectiveFrom,
          note: input.note ?? r.note,
          published_at: c.deps.clock.now(),
          published_by: c.actor.id,
          published_by_name: c.actor.displayName,
        },
        note: `发布${KIND_NAMES[r.kind].zh}第 ${r.number} 版，${input.effectiveFrom} 起施行${previous ? `（取代第 ${previous.number} 版）` : ''}`,
        data: { effectiveFrom: input.effectiveFrom, supersedes: previous?.id ?? null },
      };
    },
  },
  lock: async (c, id) => life(await repo.lockVersion(c.db, id)),
  notFound: versionNotFound,
  save: async (c, r, to, patch) => {
    const { effective_from, note, published_at, published_by, published_by_name } = patch;
    const saved = await c.db
      .updateTable('supervision_versions')
      .set({ effective_from, note, published_at, published_by, published_by_name, status: to, updated_at: c.deps.clock.now() })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...saved, jurisdiction_code: DISTRICT_CODE };
  },
  present: (r) => ({ kind: r.kind, number: r.number, status: r.status, effectiveFrom: r.effective_from }),
};

export async function publishVersion(ctx: Ctx, id: string, input: Inputs['publish']): Promise<VersionDetail> {
  await apply(ctx, versionMachine, id, 'publish', input);
  return getVersion(ctx, id);
}

export async function getVersion(ctx: Ctx, id: string): Promise<VersionDetail> {
  requirePermission(ctx, READ);
  const r = await repo.findVersion(ctx.db, id);
  if (!r) throw versionNotFound();
  const rows = (await repo.rowCounts(ctx.db, r.kind, [r.id])).get(r.id) ?? 0;
  const history = await readHistory(ctx.db, versionMachine.name, r.id);
  const checklist = r.checklist_id
    ? await ctx.db.selectFrom('supervision_checklists').select('name').where('id', '=', r.checklist_id).executeTakeFirst()
    : undefined;
  return {
    ...presentVersion(r, rows),
    checklistName: checklist?.name ?? null,
    actions: await allowedActions(ctx, versionMachine, { ...r, jurisdiction_code: DISTRICT_CODE }),
    history: history.map(historyEntry),
  };
}

export async function listVersions(ctx: Ctx, kind: VersionKind, checklistId: string | null = null): Promise<VersionList> {
  requirePermission(ctx, READ);
  const rows = await repo.versionsOf(ctx.db, kind, checklistId);
  const counts = await repo.rowCounts(
    ctx.db,
    kind,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => presentVersion(r, counts.get(r.id) ?? 0)),
    currentId: rows.find((r) => r.status === 'published')?.id ?? null,
    draftId: rows.find((r) => r.status === 'draft')?.id ?? null,
  };
}

/**
 * A new draft of a list (or checklist): a copy of the version in force unless `empty`. One draft at a time:
 * a second is refused (edit the one there is).
 */
export async function createDraft(ctx: Ctx, kind: VersionKind, checklistId: string | null, input: { note?: string; empty?: boolean }): Promise<VersionDetail> {
  requirePermission(ctx, LISTS);
  const id = await withTx(ctx, async (c) => {
    const all = await repo.lockList(c.db, kind, checklistId);
    if (all.some((v) => v.status === 'draft')) throw conflict('DRAFT_EXISTS', '已有一个草稿版本，请先编辑并发布它', 'A draft already exists');
    const number = Math.max(0, ...all.map((v) => v.number)) + 1;
    const id = v7();
    await c.db
      .insertInto('supervision_versions')
      .values({ id, kind, checklist_id: checklistId, number, status: 'draft', note: input.note ?? null, created_by: c.actor.id })
      .execute();
    const current = await repo.currentVersion(c.db, kind, checklistId);
    if (current && !input.empty) await repo.copyRows(c.db, kind, current.id, id);
    await writeHistory(c, {
      aggregate: versionMachine.name,
      aggregateId: id,
      action: 'create',
      to: 'draft',
      note: current && !input.empty ? `以第 ${current.number} 版为基础新建草稿` : '新建空白草稿',
      data: { basedOn: current && !input.empty ? current.id : null },
    });
    await audit(c.db, c, { action: 'supervision.version.create', resourceType: 'supervision_version', resourceId: id, after: { kind, checklistId, number } });
    return id;
  });
  return getVersion(ctx, id);
}

/** The draft a row change goes to, locked; a published version is frozen (409), a missing one 404. */
export async function lockDraft(ctx: Ctx, versionId: string, kind: VersionKind, notFoundError = versionNotFound) {
  const v = await repo.lockVersion(ctx.db, versionId);
  if (!v || v.kind !== kind) throw notFoundError();
  if (v.status !== 'draft') throw conflict('VERSION_FROZEN', '该版本已发布，内容已冻结；请新建草稿版本后修改', 'A published version is frozen; create a draft');
  return v;
}

/** A version of the given kind that exists (404 otherwise), for reads of its rows. */
export async function versionOfKind(ctx: Ctx, versionId: string, kind: VersionKind) {
  const v = await repo.findVersion(ctx.db, versionId);
  if (!v || v.kind !== kind) throw versionNotFound();
  return v;
}

/** A row change in a draft: its history line on the version and its audit row, in the caller's transaction. */
export async function recordRowChange(c: Ctx, v: VersionRow, change: { action: string; rowId: string; note: string; before?: unknown; after?: unknown }) {
  await writeHistory(c, { aggregate: versionMachine.name, aggregateId: v.id, action: change.action, note: change.note, data: { rowId: change.rowId } });
  await audit(c.db, c, {
    action: `supervision.${change.action}`,
    resourceType: 'supervision_version',
    resourceId: v.id,
    before: change.before,
    after: change.after,
    detail: { rowId: change.rowId },
  });
  await c.db.updateTable('supervision_versions').set({ updated_at: c.deps.clock.now() }).where('id', '=', v.id).execute();
}
