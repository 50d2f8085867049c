// An enterprise's hazards for its 一企一档 page: open, overdue and all, each linking to the filtered ledger,
// and the latest five.
import { LEVEL_LABELS, OPEN_STATES, STATE_LABELS } from '../../../shared/hazards.ts';
import type { RelatedSection } from '../../../shared/related.dto.ts';
import { hasPermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { countStat } from '../../platform/related.ts';
import { countHazards } from './hazards.desk.repo.ts';
import { ledgerPage } from './hazards.repo.ts';

export async function enterpriseHazards(ctx: Ctx, enterpriseId: string): Promise<RelatedSection[]> {
  if (!hasPermission(ctx, 'hazard:read')) return [];
  const list = `/hazards?enterpriseId=${enterpriseId}`;
  const open = await countHazards(ctx, { enterpriseId, state: [...OPEN_STATES] });
  const overdue = await countHazards(ctx, { enterpriseId, open: true, overdue: true });
  const major = await countHazards(ctx, { enterpriseId, open: true, level: 'major' });
  const latest = await ledgerPage(ctx, { enterpriseId }, 1, 5);
  return [
    {
      module: 'hazards',
      key: 'hazards',
      title: { zh: '隐患排查治理', en: 'Hazards' },
      href: list,
      stats: [
        countStat({ zh: '未销号', en: 'Open' }, open, `${list}&open=true`, 'warning'),
        countStat({ zh: '重大隐患', en: 'Major' }, major, `${list}&open=true&level=major`, 'danger'),
        countStat({ zh: '已超期', en: 'Overdue' }, overdue, `${list}&open=true&overdue=true`, 'danger'),
        countStat({ zh: '累计', en: 'All' }, { total: latest.total, capped: latest.totalCapped }, list),
      ],
      items: latest.rows.map((h) => ({
        title: `${h.code} ${h.title}`,
        subtitle: h.level ? LEVEL_LABELS[h.level].zh : '未定级',
        tag: { zh: STATE_LABELS[h.state].zh, en: STATE_LABELS[h.state].en },
        tagColor: h.overdue ? 'red' : STATE_LABELS[h.state].color,
        at: new Date(h.found_at).toISOString(),
        href: `/hazards/${h.id}`,
      })),
    },
  ];
}
