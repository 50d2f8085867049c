// The public supervision-item list (国办发〔2024〕54号: 检查事项 are made public): the version in force, no account.
import type { PublicItems } from '../../../shared/supervision.dto.ts';
import type { Deps } from '../../platform/context.ts';
import { iso } from '../../platform/sql.ts';
import * as repo from './supervision.repo.ts';
import { presentItem } from './supervision.rows.ts';

export async function publicItems(deps: Deps): Promise<PublicItems> {
  const v = await repo.currentVersion(deps.db, 'items');
  if (!v) return { version: null, items: [] };
  const [rows, units] = await Promise.all([repo.itemsOf(deps.db, v.id).orderBy('sort').orderBy('id').execute(), repo.unitNames(deps.db)]);
  return {
    version: { number: v.number, effectiveFrom: v.effective_from, publishedAt: iso(v.published_at) },
    items: rows.map((r) => presentItem(r, units)),
  };
}
