// What other modules may ask the supervision lists (field inspections, plans, 双随机 draws): a checklist version
// with its items (inspections reference the version id; a published one is frozen), the supervising class of
// enterprises, and the supervision items in force. They never read this module's tables.
import type { ChecklistItem, Item } from '../../../shared/supervision.dto.ts';
import { requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import * as repo from './supervision.repo.ts';
import { presentChecklistItem, presentItem } from './supervision.rows.ts';
import { READ } from './supervision.versions.ts';

export { type SupervisionClass, supervisionClassOf } from './supervision.grades.ts';

export interface ChecklistVersion {
  id: string;
  checklistId: string;
  checklistName: string;
  topic: string;
  number: number;
  status: 'draft' | 'published' | 'superseded';
  effectiveFrom: string | null;
  items: ChecklistItem[];
}

/** A checklist version with its items, or undefined when there is none with this id. */
export async function getChecklistVersion(ctx: Ctx, id: string): Promise<ChecklistVersion | undefined> {
  requirePermission(ctx, READ);
  const v = await repo.findVersion(ctx.db, id);
  if (v?.kind !== 'checklist' || !v.checklist_id) return undefined;
  const list = await ctx.db.selectFrom('supervision_checklists').select(['name', 'topic']).where('id', '=', v.checklist_id).executeTakeFirstOrThrow();
  return {
    id: v.id,
    checklistId: v.checklist_id,
    checklistName: list.name,
    topic: list.topic,
    number: v.number,
    status: v.status,
    effectiveFrom: v.effective_from,
    items: (await repo.checklistItemsOf(ctx.db, v.id)).map(presentChecklistItem),
  };
}

/** The supervision items (检查事项) of the version in force, empty before the first is published. */
export async function supervisionItems(ctx: Ctx): Promise<{ versionId: string | null; items: Item[] }> {
  requirePermission(ctx, READ);
  const v = await repo.currentVersion(ctx.db, 'items');
  if (!v) return { versionId: null, items: [] };
  const [rows, units] = await Promise.all([repo.itemsOf(ctx.db, v.id).orderBy('sort').execute(), repo.unitNames(ctx.db)]);
  return { versionId: v.id, items: rows.map((r) => presentItem(r, units)) };
}
