// 检查台账: every inspection and self-inspection the user may see, filters in the URL, export to Excel.
import { MobileOutlined } from '@ant-design/icons';
import { INSPECTION_KINDS, INSPECTION_STATES } from '../../../../shared/inspections.ts';
import { useAuth } from '../../app/auth';
import { fmtMinute } from '../../app/format';
import { t } from '../../app/i18n';
import { chipFilter, linkColumn, ListPage, optionsOf, selectFilter } from '../../components/ListPage';
import { PlaceName, usePlaces } from '../../components/places';
import { type Inspection, inspectionKeys } from './api';
import { KindTag, kindLabel, StateTag, stateLabel } from './shared';

export function Ledger() {
  const { can } = useAuth();
  const { townOptions } = usePlaces();
  return (
    <ListPage<Inspection>
      title={t('检查台账', 'Inspection ledger')}
      exportTo={{ url: '/api/inspections/export.xlsx', fileName: '检查台账.xlsx' }}
      add={{ show: can('inspection:write'), to: '/inspections/field', label: t('现场检查', 'Field inspection'), icon: <MobileOutlined /> }}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('编号或名称', 'Code or title'), width: 200 },
        selectFilter('kind', t('类型', 'Kind'), optionsOf(INSPECTION_KINDS, kindLabel), { multiple: true }),
        selectFilter('state', t('状态', 'State'), optionsOf(INSPECTION_STATES, stateLabel), { multiple: true }),
        selectFilter('town', t('镇街', 'Town'), townOptions, { search: true }),
        { kind: 'switch', key: 'failed', label: t('有不符合项', 'With findings') },
        chipFilter('enterpriseId', t('限定企业', 'One enterprise')),
        chipFilter('parkId', t('限定园区', 'One park')),
      ]}
      url="/api/inspections"
      queryKey={inspectionKeys.ledger}
      empty={{ text: t('还没有检查记录：到现场后用手机开始检查', 'No inspections yet: start one on site with a phone') }}
      columns={[
        linkColumn(t('编号', 'Code'), 'code', (r) => `/inspections/${r.id}`, { width: 150 }),
        { title: t('名称', 'Title'), dataIndex: 'title', ellipsis: true, card: 'title' },
        { title: t('类型', 'Kind'), dataIndex: 'kind', width: 150, render: (v) => <KindTag kind={v} /> },
        { title: t('被检查单位', 'Enterprise'), dataIndex: 'enterpriseName', ellipsis: true, render: (v, r) => v ?? r.parkName },
        { title: t('镇街', 'Town'), dataIndex: 'townCode', width: 100, render: (v) => <PlaceName code={v} /> },
        { title: t('状态', 'State'), dataIndex: 'state', width: 110, render: (v) => <StateTag state={v} /> },
        { title: t('不符合项', 'Findings'), dataIndex: 'itemsFailed', width: 90, sortKey: 'failed', render: (v, r) => `${v} / ${r.itemsTotal}` },
        { title: t('开始时间', 'Started'), dataIndex: 'startedAt', width: 150, sortKey: 'startedAt', render: fmtMinute },
        { title: t('登记时间', 'Recorded'), dataIndex: 'createdAt', width: 150, sortKey: 'createdAt', render: fmtMinute },
      ]}
    />
  );
}
