// 安全运行监测: the live screen, alarms, devices, rules and duty (值班值守).
import { Menu } from 'antd';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { t, useLang } from '../../app/i18n';
import { AlarmDetail, AlarmList } from './Alarms';
import { DeviceList } from './Devices';
import { DutyPage } from './Duty';
import { LiveScreen } from './Live';
import { MaintenancePage } from './Maintenance';
import { RuleList } from './Rules';

export default function MonitoringModule() {
  useLang();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { can } = useAuth();
  const tab = pathname.split('/')[2] ?? '';
  const items = [
    { key: '', label: t('实时监测', 'Live') },
    { key: 'alarms', label: t('告警处置', 'Alarms') },
    { key: 'devices', label: t('感知设备', 'Devices') },
    { key: 'rules', label: t('告警规则', 'Rules') },
    { key: 'maintenance', label: t('维护时段', 'Maintenance') },
    ...(can('duty:read') ? [{ key: 'duty', label: t('值班值守', 'Duty') }] : []),
  ];
  return (
    <>
      <Menu
        mode="horizontal"
        selectedKeys={[items.some((i) => i.key === tab) ? tab : '']}
        items={items}
        onClick={(e) => navigate(`/monitoring${e.key ? `/${e.key}` : ''}`)}
        style={{ marginBottom: 12 }}
      />
      <Routes>
        <Route index element={<LiveScreen />} />
        <Route path="alarms" element={<AlarmList />} />
        <Route path="alarms/:id" element={<AlarmDetail />} />
        <Route path="devices" element={<DeviceList />} />
        <Route path="rules" element={<RuleList />} />
        <Route path="maintenance" element={<MaintenancePage />} />
        <Route path="duty" element={<DutyPage />} />
      </Routes>
    </>
  );
}
