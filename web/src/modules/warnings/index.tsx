// 预警叫应: warnings (list, draft, approval, release, live board), the responsible-person registry, the
// outbox (what outbox-mode channels would have sent) and the signed-in person's own warnings. The public
// one-tap acknowledgement page is ./AckPage.tsx (/ack/:token).
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { Detail } from './Detail';
import { List } from './List';
import { Mine } from './Mine';
import { NewWarning } from './NewWarning';
import { Outbox } from './Outbox';
import { Persons } from './Persons';
import { Settings } from './Settings';

const pages: ModulePageList = (can) => [
  { path: '', tab: t('预警列表', 'Warnings'), element: <List /> },
  { path: 'persons', tab: t('责任人名录', 'Responsible persons'), element: <Persons /> },
  { path: 'outbox', tab: t('发件箱', 'Outbox'), element: <Outbox />, show: can('warning:write') },
  { path: 'mine', tab: t('我的叫应', 'My warnings'), element: <Mine />, show: can('warning:ack') },
  { path: 'settings', tab: t('策略与接入', 'Policy and feeds'), element: <Settings /> },
  { path: 'new', element: <NewWarning />, show: can('warning:write') },
  { path: ':id', element: <Detail /> },
];

export default function WarningsModule() {
  return <ModulePages base="/warnings" pages={pages} />;
}
