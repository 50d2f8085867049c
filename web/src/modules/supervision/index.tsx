// 监管清单: the three lists (赋权清单, 检查事项清单, 分级分类监管清单), the checklists (检查表), the frequency
// policy, and one page per version. The public item list lives in ./public.tsx under /public/supervision-items.
import { useLang, t } from '../../app/i18n';
import { ModulePages } from '../../components/FormParts';
import { ChecklistDetailPage, ChecklistsPage } from './Checklists';
import { GradesPage, PolicyPage } from './Grades';
import { ItemsPage, PowersPage } from './Lists';
import { VersionPage } from './VersionPage';

export default function SupervisionModule() {
  useLang();
  return (
    <ModulePages
      base="/supervision"
      pages={[
        { path: '', tab: t('赋权清单', 'Powers'), element: <PowersPage /> },
        { path: 'items', tab: t('检查事项清单', 'Items'), element: <ItemsPage /> },
        { path: 'grades', tab: t('分级分类监管', 'Graded list'), element: <GradesPage /> },
        { path: 'checklists', tab: t('检查表', 'Checklists'), element: <ChecklistsPage /> },
        { path: 'policy', tab: t('检查频次政策', 'Frequency policy'), element: <PolicyPage /> },
        { path: 'checklists/:id', element: <ChecklistDetailPage /> },
        { path: 'versions/:id', element: <VersionPage /> },
      ]}
    />
  );
}
