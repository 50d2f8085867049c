// 双随机一公开: draws (list, wizard, a draw's page with verify), declared conflicts, and 行政执法证 (the licences
// that make the inspector pool).
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { Conflicts } from './Conflicts';
import { DrawList, DrawPage } from './Draws';
import { LicenceList } from './Licences';
import { NewDraw } from './NewDraw';

const pages: ModulePageList = (can) => [
  { path: 'list', tab: t('抽查', 'Draws'), element: <DrawList /> },
  { path: 'conflicts', tab: t('利害关系申报', 'Conflicts'), element: <Conflicts /> },
  { path: 'licences', tab: t('行政执法证', 'Licences'), element: <LicenceList />, show: can('licence:read') },
  { path: 'new', element: <NewDraw />, show: can('inspection:write') },
  { path: ':id', element: <DrawPage /> },
];

export default function DrawsModule() {
  return <ModulePages base="/draws" home="list" pages={pages} />;
}
