// 检查计划: annual/quarterly supervision plans per unit and special campaigns; one page per plan with the plan
// view (due / done / over cap / never inspected) or a campaign's targets and activity records.
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { PlanDetail } from './PlanDetail';
import { PlanList } from './PlanList';

const pages: ModulePageList = () => [
  { path: '', tab: t('计划与专项', 'Plans and campaigns'), element: <PlanList /> },
  { path: ':id', element: <PlanDetail /> },
];

export default function PlansModule() {
  return <ModulePages base="/plans" pages={pages} />;
}
