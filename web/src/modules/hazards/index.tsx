// 隐患治理: ledger, dashboard, one page per hazard, public-report verification, extensions and notices,
// the criteria catalogue. Public pages (no account) live in ./public.tsx under /public/*.
import { Route, Routes } from 'react-router';
import { useAuth } from '../../app/auth';
import { ModuleTabs } from '../../components/FormParts';
import { Criteria } from './Criteria';
import { Dashboard } from './Dashboard';
import { Detail } from './Detail';
import { Ledger } from './Ledger';
import { NewHazard } from './NewHazard';
import { Reports } from './Reports';
import { Work } from './Work';
import { t } from '../../app/i18n';

export default function HazardsModule() {
  const { can } = useAuth();
  const tabs = [
    { value: '', label: t('隐患台账', 'Ledger') },
    { value: 'dashboard', label: t('治理看板', 'Dashboard') },
    { value: 'work', label: t('待办与提醒', 'To do') },
    { value: 'reports', label: t('群众举报', 'Public reports') },
    { value: 'criteria', label: t('判定标准', 'Criteria') },
  ];
  return (
    <>
      <ModuleTabs base="/hazards" tabs={tabs} style={{ marginBottom: 12 }} />
      <Routes>
        <Route index element={<Ledger />} />
        <Route path="dashboard" element={<Dashboard />} />
        <Route path="work" element={<Work />} />
        <Route path="reports" element={<Reports />} />
        <Route path="criteria" element={<Criteria />} />
        {can('hazard:write') && <Route path="new" element={<NewHazard />} />}
        <Route path=":id" element={<Detail />} />
      </Routes>
    </>
  );
}
