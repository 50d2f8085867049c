// The rows of the enforcement-power list, the supervision-item list and the checklists: read any version, edit
// only a draft (a published version is frozen). Checklist items may be drawn from the hazard criteria catalogue.
import { v7 } from 'uuid';
import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { POWER_TYPE_NAMES } from '../../../shared/supervision.ts';
import type { ChecklistItem, Item, Power } from '../../../shared/supervision.dto.ts';
import type { Static } from 'typebox';
import { criteriaClauses } from '../hazards/api.ts';
import { requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { countCapped, pageOf } from '../../platform/pagination.ts';
import * as repo from './supervision.repo.ts';
import type * as S from './supervision.schema.ts';
import type { SupervisionChecklistItemsTable, SupervisionItemsTable, SupervisionPowersTable } from './supervision.tables.ts';
import { LISTS, lockDraft, READ, recordRowChange, versionOfKind } from './supervision.versions.ts';

type PowerBody = Static<typeof S.PowerBody>;
type ItemBody = Static<typeof S.ItemBody>;
type ChecklistItemBody = Static<typeof S.ChecklistItemBody>;

/** Units that may hold a power or do an item: the district, a town, or a department (e.g. the bureau's 执法队). */
const UNIT_KINDS = ['district', 'town', 'department'] as const;

/** body.unitCode → org_units: a unit of the district (any writer of the lists works district-wide). */
async function requireUnit(c: Ctx, code: string) {
  const unit = await c.db.selectFrom('org_units').select('kind').where('code', '=', code).executeTakeFirst();
  if (!unit || !(UNIT_KINDS as readonly string[]).includes(unit.kind))
    throw fieldError('body.unitCode', '不是本区的单位（区、镇街道或区级部门）', 'is not a unit of the district (district, town or department)');
  await requireJurisdiction(c, code, 'body.unitCode', { kinds: UNIT_KINDS });
}

export const presentPower = (r: Selectable<SupervisionPowersTable>, units: Map<string, string>): Power => ({
  id: r.id,
  sort: r.sort,
  code: r.code,
  unitCode: r.unit_code,
  unitName: units.get(r.unit_code) ?? r.unit_code,
  matter: r.matter,
  powerType: r.power_type,
  basis: r.basis,
  note: r.note,
});

export const presentItem = (r: Selectable<SupervisionItemsTable>, units: Map<string, string>): Item => ({
  id: r.id,
  sort: r.sort,
  code: r.code,
  name: r.name,
  subject: r.subject,
  basis: r.basis,
  method: r.method,
  frequency: r.frequency,
  unitCode: r.unit_code,
  unitName: units.get(r.unit_code) ?? r.unit_code,
});

export const presentChecklistItem = (r: Selectable<SupervisionChecklistItemsTable>): ChecklistItem => ({
  id: r.id,
  sort: r.sort,
  content: r.content,
  basis: r.basis,
  method: r.method,
  major: r.major,
  clauseId: r.clause_id,
});

const rowNotFound = () => notFound('清单条目', 'List row');

/** One page of a version's rows (the query in list order), with the unit names. */
async function pagedRows<R extends object, D>(
  ctx: Ctx,
  // biome-ignore lint/suspicious/noExplicitAny: any table of this module (as countCapped takes it)
  base: SelectQueryBuilder<DB, any, R>,
  // biome-ignore lint/suspicious/noExplicitAny: the same query in list order
  ordered: SelectQueryBuilder<DB, any, R>,
  q: { page: number; pageSize: number },
  present: (r: R, units: Map<string, string>) => D,
) {
  const [count, rows, units] = await Promise.all([
    countCapped(ctx.db, base),
    ordered
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    repo.unitNames(ctx.db),
  ]);
  return pageOf(
    count,
    rows.map((r) => present(r, units)),
    q,
  );
}

// ── 赋权清单 ──
export async function listPowers(ctx: Ctx, versionId: string, q: Static<typeof S.PowerQuery>) {
  requirePermission(ctx, READ);
  await versionOfKind(ctx, versionId, 'powers');
  const base = repo.powersOf(ctx.db, versionId, q);
  return pagedRows(ctx, base, base.orderBy('sort').orderBy('id'), q, presentPower);
}

const powerCols = (b: PowerBody) => ({ code: b.code, unit_code: b.unitCode, matter: b.matter, power_type: b.powerType, basis: b.basis, note: b.note ?? null });

/** A list whose draft rows are edited one by one: its table, its history/audit action prefix and the notes. */
interface DraftRows<B, Row, Dto> {
  kind: 'powers' | 'items';
  table: 'supervision_powers' | 'supervision_items';
  action: 'power' | 'item';
  cols: (b: B) => object;
  present: (r: Row, units: Map<string, string>) => Dto;
  added: (r: Row) => string;
  updated: (r: Row) => string;
}

/** Add a row at the end of a draft: the unit checked, the change in the version's history and audit. */
async function addDraftRow<B extends { unitCode: string }, Row extends { id: string }, Dto>(
  ctx: Ctx,
  list: DraftRows<B, Row, Dto>,
  versionId: string,
  body: B,
) {
  requirePermission(ctx, LISTS);
  // Both tables have id, version_id and sort; the columns come typed from the list's own cols().
  const table = list.table as 'supervision_items';
  return withTx(ctx, async (c) => {
    const v = await lockDraft(c, versionId, list.kind);
    await requireUnit(c, body.unitCode);
    const row = (await c.db
      .insertInto(table)
      .values({ id: v7(), version_id: v.id, sort: (await repo.maxSort(c.db, list.kind, v.id)) + 1, ...list.cols(body) } as never)
      .returningAll()
      .executeTakeFirstOrThrow()) as unknown as Row;
    await recordRowChange(c, v, { action: `${list.action}.add`, rowId: row.id, note: list.added(row), after: body });
    return list.present(row, await repo.unitNames(c.db));
  });
}

/** Change a row of a draft (a published version's rows are frozen). */
async function updateDraftRow<B extends { unitCode: string }, Row extends { id: string }, Dto>(ctx: Ctx, list: DraftRows<B, Row, Dto>, id: string, body: B) {
  requirePermission(ctx, LISTS);
  const table = list.table as 'supervision_items';
  return withTx(ctx, async (c) => {
    const before = await c.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw rowNotFound();
    const v = await lockDraft(c, before.version_id, list.kind, rowNotFound);
    await requireUnit(c, body.unitCode);
    const row = (await c.db
      .updateTable(table)
      .set(list.cols(body) as never)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()) as unknown as Row;
    await recordRowChange(c, v, { action: `${list.action}.update`, rowId: id, note: list.updated(row), before, after: body });
    return list.present(row, await repo.unitNames(c.db));
  });
}

const POWERS: DraftRows<PowerBody, Selectable<SupervisionPowersTable>, Power> = {
  kind: 'powers',
  table: 'supervision_powers',
  action: 'power',
  cols: powerCols,
  present: presentPower,
  added: (r) => `新增权力事项 ${r.code}（${POWER_TYPE_NAMES[r.power_type].zh}）`,
  updated: (r) => `修改权力事项 ${r.code}`,
};

export const addPower = (ctx: Ctx, versionId: string, body: PowerBody): Promise<Power> => addDraftRow(ctx, POWERS, versionId, body);
export const updatePower = (ctx: Ctx, id: string, body: PowerBody): Promise<Power> => updateDraftRow(ctx, POWERS, id, body);

// ── 检查事项清单 ──
export async function listItems(ctx: Ctx, versionId: string, q: Static<typeof S.ItemQuery>) {
  requirePermission(ctx, READ);
  await versionOfKind(ctx, versionId, 'items');
  const base = repo.itemsOf(ctx.db, versionId, q);
  return pagedRows(ctx, base, base.orderBy('sort').orderBy('id'), q, presentItem);
}

const itemCols = (b: ItemBody) => ({
  code: b.code,
  name: b.name,
  subject: b.subject,
  basis: b.basis,
  method: b.method,
  frequency: b.frequency,
  unit_code: b.unitCode,
});

const ITEMS: DraftRows<ItemBody, Selectable<SupervisionItemsTable>, Item> = {
  kind: 'items',
  table: 'supervision_items',
  action: 'item',
  cols: itemCols,
  present: presentItem,
  added: (r) => `新增检查事项 ${r.code} ${r.name}`,
  updated: (r) => `修改检查事项 ${r.code}`,
};

export const addItem = (ctx: Ctx, versionId: string, body: ItemBody): Promise<Item> => addDraftRow(ctx, ITEMS, versionId, body);
export const updateItem = (ctx: Ctx, id: string, body: ItemBody): Promise<Item> => updateDraftRow(ctx, ITEMS, id, body);

// ── 检查表条目 ──
export async function listChecklistItems(ctx: Ctx, versionId: string) {
  requirePermission(ctx, READ);
  await versionOfKind(ctx, versionId, 'checklist');
  return { items: (await repo.checklistItemsOf(ctx.db, versionId)).map(presentChecklistItem) };
}

const checklistCols = (b: ChecklistItemBody) => ({ content: b.content, basis: b.basis ?? null, method: b.method ?? null, major: b.major });

export async function addChecklistItem(ctx: Ctx, versionId: string, body: ChecklistItemBody): Promise<ChecklistItem> {
  requirePermission(ctx, LISTS);
  return withTx(ctx, async (c) => {
    const v = await lockDraft(c, versionId, 'checklist');
    const row = await c.db
      .insertInto('supervision_checklist_items')
      .values({ id: v7(), version_id: v.id, sort: (await repo.maxSort(c.db, 'checklist', v.id)) + 1, ...checklistCols(body), clause_id: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRowChange(c, v, { action: 'checklist.item.add', rowId: row.id, note: `新增检查项：${row.content.slice(0, 40)}`, after: body });
    return presentChecklistItem(row);
  });
}

/**
 * Items drawn from the criteria catalogue: one per clause, its text as the content, the standard and clause
 * number as the basis, a failure a major hazard (the catalogue is the 重大事故隐患判定标准). A clause already in
 * the draft is not added twice. body.clauseIds are national criteria (not scoped): each must exist.
 */
export async function addFromCriteria(ctx: Ctx, versionId: string, body: Static<typeof S.FromCriteriaBody>) {
  requirePermission(ctx, LISTS);
  return withTx(ctx, async (c) => {
    const v = await lockDraft(c, versionId, 'checklist');
    const clauses = await criteriaClauses(c.db, body.clauseIds);
    const found = new Map(clauses.map((x) => [x.id, x]));
    body.clauseIds.forEach((id, i) => {
      if (!found.has(id)) throw fieldError(`body.clauseIds.${i}`, '判定标准条款不存在', 'is not a clause of the criteria catalogue');
    });
    const present = new Set((await repo.checklistItemsOf(c.db, v.id)).map((r) => r.clause_id).filter(Boolean));
    let sort = await repo.maxSort(c.db, 'checklist', v.id);
    const rows = [...new Set(body.clauseIds)]
      .filter((id) => !present.has(id))
      .map((id) => {
        const cl = found.get(id)!;
        return {
          id: v7(),
          version_id: v.id,
          sort: ++sort,
          content: cl.text,
          basis: `《${cl.standard_name}》（${cl.standard_code}）第 ${cl.number} 项`,
          method: body.method ?? '现场检查、查阅资料',
          major: true,
          clause_id: id,
        };
      });
    await repo.insertRows(c.db, 'checklist', rows);
    for (const r of rows) await recordRowChange(c, v, { action: 'checklist.item.add', rowId: r.id, note: `从判定标准加入：${r.basis}`, after: r });
    return { items: (await repo.checklistItemsOf(c.db, v.id)).map(presentChecklistItem) };
  });
}

export async function updateChecklistItem(ctx: Ctx, id: string, body: ChecklistItemBody): Promise<ChecklistItem> {
  requirePermission(ctx, LISTS);
  return withTx(ctx, async (c) => {
    const before = await c.db.selectFrom('supervision_checklist_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw rowNotFound();
    const v = await lockDraft(c, before.version_id, 'checklist', rowNotFound);
    const row = await c.db.updateTable('supervision_checklist_items').set(checklistCols(body)).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordRowChange(c, v, { action: 'checklist.item.update', rowId: id, note: `修改检查项：${row.content.slice(0, 40)}`, before, after: body });
    return presentChecklistItem(row);
  });
}

/** Delete one row of a draft (any kind); a published version's rows are frozen. */
export async function deleteRow(ctx: Ctx, kind: 'powers' | 'items' | 'checklist', id: string): Promise<void> {
  requirePermission(ctx, LISTS);
  await withTx(ctx, async (c) => {
    const table = repo.ROW_TABLES[kind];
    const before = await c.db.selectFrom(table).select(['id', 'version_id']).where('id', '=', id).executeTakeFirst();
    if (!before) throw rowNotFound();
    const v = await lockDraft(c, before.version_id, kind, rowNotFound);
    await c.db.deleteFrom(table).where('id', '=', id).execute();
    await recordRowChange(c, v, { action: `${kind === 'checklist' ? 'checklist.item' : kind}.delete`, rowId: id, note: '删除一条', before });
  });
}
