// 检查台账: every inspection and self-inspection the user may see, filters in the URL, export to Excel.
import { MobileOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Link, useNavigate } from 'react-router';
import { INSPECTION_KINDS, INSPECTION_STATES } from '../../../../shared/inspections.ts';
import { useAuth } from '../../app/auth';
import { fmtMinute } from '../../app/format';
import { t } from '../../app/i18n';
import { chipFilter, ListPage } from '../../components/ListPage';
import { PlaceName, usePlaces } from '../../components/places';
import { type Inspection, inspectionKeys } from './api';
import { KindTag, kindLabel, StateTag, stateLabel } from './shared';

export function Ledger() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const { townOptions } = usePlaces();
  const field = can('inspection:write') && (
    <Button type="primary" icon={<MobileOutlined />} onClick={() => navigate('/inspections/field')}>
      {t('现场检查', 'Field inspection')}
    </Button>
  );
  return (
    <ListPage<Inspection>
      title={t('检查台账', 'Inspection ledger')}
      exportTo={{ url: '/api/inspections/export.xlsx', fileName: '检查台账.xlsx' }}
      extra={field}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('编号或名称', 'Code or title'), width: 200 },
        {
          kind: 'select',
          key: 'kind',
          multiple: true,
          placeholder: t('类型', 'Kind'),
          options: INSPECTION_KINDS.map((k) => ({ value: k, label: kindLabel(k) })),
        },
        {
          kind: 'select',
          key: 'state',
          multiple: true,
          placeholder: t('状态', 'State'),
          options: INSPECTION_STATES.map((s) => ({ value: s, label: stateLabel(s) })),
        },
        { kind: 'select', key: 'town', placeholder: t('镇街', 'Town'), search: true, options: townOptions },
        { kind: 'switch', key: 'failed', label: t('有不符合项', 'With findings') },
        chipFilter('enterpriseId', t('限定企业', 'One enterprise')),
        chipFilter('parkId', t('限定园区', 'One park')),
      ]}
      url="/api/inspections"
      queryKey={inspectionKeys.ledger}
      rowKey="id"
      empty={{
        text: t('还没有检查记录：到现场后用手机开始检查', 'No inspections yet: start one on site with a phone'),
        action: field,
      }}
      columns={[
        { title: t('编号', 'Code'), dataIndex: 'code', width: 150, hideable: false, render: (v, r) => <Link to={`/inspections/${r.id}`}>{v}</Link> },
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
