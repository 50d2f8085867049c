// 监管执法 — field inspections and self-inspections: the ledger, the phone page (扫码入企, offline queue),
// the completion of parks' and enterprises' own checks, one page per inspection.
import { t } from '../../app/i18n';
import { type ModulePageList, ModulePages } from '../../components/ModulePages';
import { Completion } from './Completion';
import { Detail } from './Detail';
import { Field } from './Field';
import { Ledger } from './Ledger';

const pages: ModulePageList = (can) => [
  { path: '', tab: t('检查台账', 'Ledger'), element: <Ledger /> },
  { path: 'field', tab: t('现场检查', 'Field inspection'), element: <Field />, show: can('inspection:write') },
  { path: 'completion', tab: t('自查完成情况', 'Self-inspection completion'), element: <Completion /> },
  { path: ':id', element: <Detail /> },
];

export default function InspectionsModule() {
  return <ModulePages base="/inspections" pages={pages} />;
}
