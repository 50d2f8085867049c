// 监管名录: enterprises, parks and tenants, risk points, the risk map, Excel import.
import { Space } from 'antd';
import { Navigate, Route, Routes } from 'react-router';
import { useAuth } from '../../app/auth';
import { t, useLang } from '../../app/i18n';
import { ModuleTabs } from '../../components/FormParts';
import { EnterpriseDetail } from './EnterpriseDetail';
import { EnterpriseForm } from './EnterpriseForm';
import { EnterpriseList } from './Enterprises';
import { ImportPage } from './ImportPage';
import { MapPage } from './MapPage';
import { ParkDetail, ParkList } from './Parks';
import { RiskPointDetail, RiskPointList } from './RiskPoints';

export default function RegistryModule() {
  useLang();
  const { can } = useAuth();
  const tabs = [
    { value: 'enterprises', label: t('企业名录', 'Enterprises') },
    { value: 'parks', label: t('园区', 'Parks') },
    { value: 'risk-points', label: t('风险点', 'Risk points') },
    { value: 'map', label: t('风险地图', 'Map') },
    ...(can('registry:write') ? [{ value: 'import', label: t('Excel 导入', 'Import') }] : []),
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ModuleTabs base="/registry" tabs={tabs} />
      <Routes>
        <Route index element={<Navigate to="enterprises" replace />} />
        <Route path="enterprises" element={<EnterpriseList />} />
        <Route path="enterprises/new" element={<EnterpriseForm />} />
        <Route path="enterprises/:id" element={<EnterpriseDetail />} />
        <Route path="enterprises/:id/edit" element={<EnterpriseForm />} />
        <Route path="parks" element={<ParkList />} />
        <Route path="parks/:id" element={<ParkDetail />} />
        <Route path="risk-points" element={<RiskPointList />} />
        <Route path="risk-points/:id" element={<RiskPointDetail />} />
        <Route path="map" element={<MapPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="*" element={<Navigate to="enterprises" replace />} />
      </Routes>
    </Space>
  );
}
