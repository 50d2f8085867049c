// 隐患台账: filters in the URL (so dashboard drill-downs land here), paging, export to Excel.
import { Button, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { HAZARD_SECTORS, HAZARD_SOURCES, HAZARD_STATES } from '../../../../shared/hazards.ts';
import { useAuth } from '../../app/auth';
import { fmtDate } from '../../app/format';
import { t } from '../../app/i18n';
import { AddButton } from '../../components/FormParts';
import { chipFilter, hiddenFilter, ListPage } from '../../components/ListPage';
import { usePlaces } from '../../components/places';
import { type HazardListItem, hazardKeys } from './api';
import { LevelTag, levelLabel, StateTag, sectorLabel, sourceLabel, stateLabel } from './shared';

export function Ledger() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const { townOptions } = usePlaces();
  const record = (
    <AddButton show={can('hazard:write')} to="/hazards/new">
      {t('登记隐患', 'Record a hazard')}
    </AddButton>
  );
  return (
    <ListPage<HazardListItem>
      title={t('隐患台账', 'Hazard ledger')}
      exportTo={{ url: '/api/hazards/export.xlsx', fileName: '隐患台账.xlsx' }}
      extra={record}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('编号或名称', 'Code or title'), width: 200 },
        {
          kind: 'select',
          key: 'state',
          multiple: true,
          placeholder: t('状态', 'State'),
          options: HAZARD_STATES.map((s) => ({ value: s, label: stateLabel(s) })),
        },
        {
          kind: 'select',
          key: 'level',
          placeholder: t('等级', 'Level'),
          options: ['general', 'major', 'ungraded'].map((l) => ({ value: l, label: l === 'ungraded' ? t('未定级', 'Ungraded') : levelLabel(l) })),
        },
        {
          kind: 'select',
          key: 'source',
          placeholder: t('来源', 'Source'),
          width: 130,
          options: HAZARD_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) })),
        },
        {
          kind: 'select',
          key: 'sector',
          placeholder: t('行业领域', 'Sector'),
          width: 130,
          options: HAZARD_SECTORS.map((s) => ({ value: s, label: sectorLabel(s) })),
        },
        { kind: 'select', key: 'town', placeholder: t('镇街', 'Town'), search: true, options: townOptions },
        { kind: 'switch', key: 'open', label: t('仅未销号', 'Open only') },
        { kind: 'switch', key: 'overdue', label: t('仅超期', 'Overdue only') },
        { kind: 'switch', key: 'supervised', label: t('挂牌督办', 'Supervised') },
        hiddenFilter('foundFrom'),
        hiddenFilter('foundTo'),
        chipFilter('enterpriseId', t('限定企业', 'One enterprise')),
      ]}
      url="/api/hazards"
      queryKey={hazardKeys.ledger}
      rowKey="id"
      empty={{
        text: t('台账里还没有隐患：排查发现后在这里登记', 'No hazards yet: record one when an inspection finds it'),
        action: can('hazard:write') && <Button onClick={() => navigate('/hazards/new')}>{t('登记第一条隐患', 'Record the first one')}</Button>,
      }}
      columns={[
        {
          title: t('编号', 'Code'),
          dataIndex: 'code',
          width: 140,
          hideable: false,
          sortKey: 'code',
          render: (v, r) => <Link to={`/hazards/${r.id}`}>{v}</Link>,
        },
        { title: t('隐患名称', 'Title'), dataIndex: 'title', ellipsis: true, card: 'title' },
        { title: t('单位/地点', 'Unit / place'), dataIndex: 'unitName', ellipsis: true },
        { title: t('镇街', 'Town'), dataIndex: 'townName', width: 100 },
        { title: t('来源', 'Source'), dataIndex: 'source', width: 100, render: sourceLabel },
        { title: t('等级', 'Level'), dataIndex: 'level', width: 120, render: (v) => <LevelTag level={v} /> },
        { title: t('状态', 'State'), dataIndex: 'state', width: 150, render: (v, r) => <StateTag state={v} overdue={r.overdue} /> },
        { title: t('发现日期', 'Found'), dataIndex: 'foundAt', width: 110, sortKey: 'foundAt', render: fmtDate },
        {
          title: t('整改期限', 'Deadline'),
          dataIndex: 'deadline',
          width: 110,
          sortKey: 'deadline',
          render: (v, r) => <Typography.Text type={r.overdue ? 'danger' : undefined}>{fmtDate(v)}</Typography.Text>,
        },
      ]}
    />
  );
}
