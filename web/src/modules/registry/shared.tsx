// Tags, pickers and the enterprise filters the registry pages share (the filters live in the URL, so the
// list, the export and the map see the same ones).
import { Select } from 'antd';
import { useState } from 'react';
import { INDUSTRY_MAJORS, RISK_GRADE_LABELS, RISK_GRADES, type RiskGrade, SPECIAL_CATEGORIES } from '../../../../shared/registry.ts';
import { t } from '../../app/i18n';
import { LabelTag, labelOptions } from '../../components/LabelTag';
import { chipFilter, type FilterSpec, hiddenFilter, yesNoOptions } from '../../components/ListPage';
import { useEnterpriseSearch } from './api';

export function GradeTag({ grade }: { grade: RiskGrade | null | undefined }) {
  return <LabelTag labels={RISK_GRADE_LABELS} value={grade} fallback={t('未评定', 'Not graded')} />;
}

export const yesNo = (b: boolean) => (b ? t('是', 'Yes') : t('否', 'No'));

/** The enterprise list's filters (also read by the map and the export). */
export const enterpriseFilters = (townOptions: { value: string; label: string }[]): FilterSpec[] => [
  { kind: 'search', key: 'q', placeholder: t('企业名称（模糊）或信用代码', 'Name (fuzzy) or credit code'), width: 260 },
  { kind: 'select', key: 'town', placeholder: t('镇（乡、街道）', 'Town'), options: townOptions, width: 130 },
  {
    kind: 'select',
    key: 'industry',
    placeholder: t('行业（GB/T 4754）', 'Industry'),
    search: true,
    width: 200,
    options: Object.entries(INDUSTRY_MAJORS).map(([code, m]) => ({ value: code, label: `${code} ${m.name}` })),
  },
  {
    kind: 'select',
    key: 'category',
    placeholder: t('特殊类别', 'Category'),
    width: 140,
    options: SPECIAL_CATEGORIES.map((c) => ({ value: c.key, label: t(c.zh, c.en) })),
  },
  {
    kind: 'select',
    key: 'riskGrade',
    placeholder: t('风险等级', 'Risk grade'),
    width: 120,
    options: [...labelOptions(RISK_GRADES, RISK_GRADE_LABELS), { value: 'none', label: t('未评定', 'Not graded') }],
  },
  { kind: 'select', key: 'sixKinds', placeholder: t('“六类”企业', 'Six kinds'), width: 120, options: yesNoOptions() },
  { kind: 'select', key: 'keyUnit', placeholder: t('重点执法单位', 'Key unit'), width: 130, options: yesNoOptions() },
  { kind: 'select', key: 'dishonest', placeholder: t('严重失信', 'Dishonest'), width: 110, options: yesNoOptions() },
  { kind: 'select', key: 'standardized', placeholder: t('标准化达标', 'Standardized'), width: 120, options: yesNoOptions() },
  chipFilter('parkId', t('限定园区', 'In park')),
  hiddenFilter('status'),
];

/** Pick an enterprise by searching its name (the server searches; 20 at a time). */
export function EnterprisePicker({ value, onChange, withCode }: { value?: string; onChange?: (v: string) => void; withCode?: boolean }) {
  const [q, setQ] = useState('');
  const list = useEnterpriseSearch(q);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={onChange}
      placeholder={t('输入企业名称搜索', 'Search by name')}
      options={list.data?.items.map((e) => ({ value: e.id, label: withCode ? `${e.name}（${e.creditCode}）` : e.name }))}
    />
  );
}
