// 检查计划: annual/quarterly supervision plans per unit and special campaigns; one page per plan with the plan
// view (due / done / over cap / never inspected) or a campaign's targets and activity records.
import { t, useLang } from '../../app/i18n';
import { ModulePages } from '../../components/FormParts';
import { PlanDetail } from './PlanDetail';
import { PlanList } from './PlanList';

export default function PlansModule() {
  useLang();
  return (
    <ModulePages
      base="/plans"
      pages={[
        { path: '', tab: t('计划与专项', 'Plans and campaigns'), element: <PlanList /> },
        { path: ':id', element: <PlanDetail /> },
      ]}
    />
  );
}
