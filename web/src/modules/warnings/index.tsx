// 预警叫应: warnings (list, draft, approval, release, live board), the responsible-person registry, the
// outbox (what outbox-mode channels would have sent) and the signed-in person's own warnings. The public one-tap acknowledgement page is ./AckPage.tsx (/ack/:token).
import { Menu } from 'antd';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { Detail } from './Detail';
import { List } from './List';
import { Mine } from './Mine';
import { NewWarning } from './NewWarning';
import { Outbox } from './Outbox';
import { Persons } from './Persons';
import { Settings } from './Settings';
import { t } from '../../app/i18n';

export default function WarningsModule() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { can } = useAuth();
  const tab = pathname.split('/')[2] ?? '';
  const items = [
    { key: '', label: t('预警列表', 'Warnings') },
    { key: 'persons', label: t('责任人名录', 'Responsible persons') },
    ...(can('warning:write') ? [{ key: 'outbox', label: t('发件箱', 'Outbox') }] : []),
    ...(can('warning:ack') ? [{ key: 'mine', label: t('我的叫应', 'My warnings') }] : []),
    { key: 'settings', label: t('策略与接入', 'Policy and feeds') },
  ];
  return (
    <>
      <Menu
        mode="horizontal"
        selectedKeys={[items.some((i) => i.key === tab) ? tab : '']}
        items={items}
        onClick={(e) => navigate(`/warnings${e.key ? `/${e.key}` : ''}`)}
        style={{ marginBottom: 12 }}
      />
      <Routes>
        <Route index element={<List />} />
        <Route path="persons" element={<Persons />} />
        <Route path="mine" element={<Mine />} />
        <Route path="settings" element={<Settings />} />
        {can('warning:write') && <Route path="new" element={<NewWarning />} />}
        {can('warning:write') && <Route path="outbox" element={<Outbox />} />}
        <Route path=":id" element={<Detail />} />
      </Routes>
    </>
  );
}
