// 隐患治理: ledger, dashboard, one page per hazard, public-report verification, extensions and notices,
// the criteria catalogue. Public pages (no account) live in ./public.tsx under /public/*.
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { Criteria } from './Criteria';
import { Dashboard } from './Dashboard';
import { Detail } from './Detail';
import { Ledger } from './Ledger';
import { NewHazard } from './NewHazard';
import { Reports } from './Reports';
import { Work } from './Work';

const pages: ModulePageList = (can) => [
  { path: '', tab: t('隐患台账', 'Ledger'), element: <Ledger /> },
  { path: 'dashboard', tab: t('治理看板', 'Dashboard'), element: <Dashboard /> },
  { path: 'work', tab: t('待办与提醒', 'To do'), element: <Work /> },
  { path: 'reports', tab: t('群众举报', 'Public reports'), element: <Reports /> },
  { path: 'criteria', tab: t('判定标准', 'Criteria'), element: <Criteria /> },
  { path: 'new', element: <NewHazard />, show: can('hazard:write') },
  { path: ':id', element: <Detail /> },
];

export default function HazardsModule() {
  return <ModulePages base="/hazards" pages={pages} />;
}
