// 执法案件: the case ledger, filing, one page per case, the discretion standard and leniency lists, the document
// templates and the working-day calendar. The public typical cases live in ./public.tsx under /public/cases.
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { CalendarPage } from './Calendar';
import { Dashboard } from './Dashboard';
import { Detail } from './Detail';
import { Ledger } from './Ledger';
import { NewCase } from './NewCase';
import { Standards } from './Standards';
import { Templates } from './Templates';

const pages: ModulePageList = (can) => [
  { path: '', tab: t('案件台账', 'Ledger'), element: <Ledger /> },
  { path: 'dashboard', tab: t('执法看板', 'Dashboard'), element: <Dashboard /> },
  { path: 'standards', tab: t('裁量基准', 'Discretion'), element: <Standards /> },
  { path: 'templates', tab: t('文书模板', 'Templates'), element: <Templates /> },
  { path: 'calendar', tab: t('工作日历', 'Calendar'), element: <CalendarPage /> },
  { path: 'new', element: <NewCase />, show: can('enforcement:write') },
  { path: ':id', element: <Detail /> },
];

export default function CasesModule() {
  return <ModulePages base="/cases" pages={pages} />;
}
