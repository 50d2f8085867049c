// 监管名录: enterprises, parks and tenants, risk points, the risk map, Excel import.
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { EnterpriseDetail } from './EnterpriseDetail';
import { EnterpriseForm } from './EnterpriseForm';
import { EnterpriseList } from './Enterprises';
import { ImportPage } from './ImportPage';
import { MapPage } from './MapPage';
import { ParkDetail, ParkList } from './Parks';
import { RiskPointDetail, RiskPointList } from './RiskPoints';

const pages: ModulePageList = (can) => [
  { path: 'enterprises', tab: t('企业名录', 'Enterprises'), element: <EnterpriseList /> },
  { path: 'parks', tab: t('园区', 'Parks'), element: <ParkList /> },
  { path: 'risk-points', tab: t('风险点', 'Risk points'), element: <RiskPointList /> },
  { path: 'map', tab: t('风险地图', 'Map'), element: <MapPage /> },
  { path: 'import', tab: t('Excel 导入', 'Import'), element: <ImportPage />, show: can('registry:write') },
  { path: 'enterprises/new', element: <EnterpriseForm /> },
  { path: 'enterprises/:id', element: <EnterpriseDetail /> },
  { path: 'enterprises/:id/edit', element: <EnterpriseForm /> },
  { path: 'parks/:id', element: <ParkDetail /> },
  { path: 'risk-points/:id', element: <RiskPointDetail /> },
];

export default function RegistryModule() {
  return <ModulePages base="/registry" home="enterprises" pages={pages} />;
}
