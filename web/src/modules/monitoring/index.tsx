// 安全运行监测: the live screen, alarms, devices, rules, maintenance windows and duty (值班值守).
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { AlarmDetail, AlarmList } from './Alarms';
import { DeviceList } from './Devices';
import { DutyPage } from './Duty';
import { LiveScreen } from './Live';
import { MaintenancePage } from './Maintenance';
import { RuleList } from './Rules';

const pages: ModulePageList = (can) => [
  { path: '', tab: t('实时监测', 'Live'), element: <LiveScreen /> },
  { path: 'alarms', tab: t('告警处置', 'Alarms'), element: <AlarmList /> },
  { path: 'devices', tab: t('感知设备', 'Devices'), element: <DeviceList /> },
  { path: 'rules', tab: t('告警规则', 'Rules'), element: <RuleList /> },
  { path: 'maintenance', tab: t('维护时段', 'Maintenance'), element: <MaintenancePage /> },
  { path: 'duty', tab: t('值班值守', 'Duty'), element: <DutyPage />, show: can('duty:read') },
  { path: 'alarms/:id', element: <AlarmDetail /> },
];

export default function MonitoringModule() {
  return <ModulePages base="/monitoring" pages={pages} />;
}
