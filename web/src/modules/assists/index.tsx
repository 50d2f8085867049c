// 乡呼县应: the towns' requests for district help (list, one page per request, the request form reached from a
// case's or an inspection's page). Joint inspection teams show on the inspection's own page (./parts.tsx).
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { Detail } from './Detail';
import { List } from './List';
import { NewRequest } from './NewRequest';

const pages: ModulePageList = (can) => [
  { path: '', tab: t('支援请求', 'Requests'), element: <List /> },
  { path: 'new', element: <NewRequest />, show: can('assist:request') },
  { path: ':id', element: <Detail /> },
];

export default function AssistsModule() {
  return <ModulePages base="/assists" pages={pages} />;
}
