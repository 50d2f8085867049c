// 隐患台账: filters in the URL (so dashboard drill-downs land here), paging, export to Excel.
import { Typography } from 'antd';
import { HAZARD_SECTORS, HAZARD_SOURCES, HAZARD_STATES } from '../../../../shared/hazards.ts';
import { useAuth } from '../../app/auth';
import { fmtDate } from '../../app/format';
import { t } from '../../app/i18n';
import { chipFilter, hiddenFilter, linkColumn, ListPage, optionsOf, selectFilter } from '../../components/ListPage';
import { usePlaces } from '../../components/places';
import { type HazardListItem, hazardKeys } from './api';
import { LevelTag, levelLabel, StateTag, sectorLabel, sourceLabel, stateLabel } from './shared';

export function Ledger() {
  const { can } = useAuth();
  const { townOptions } = usePlaces();
  const levels = optionsOf(['general', 'major', 'ungraded'], (l) => (l === 'ungraded' ? t('未定级', 'Ungraded') : levelLabel(l)));
  return (
    <ListPage<HazardListItem>
      title={t('隐患台账', 'Hazard ledger')}
      exportTo={{ url: '/api/hazards/export.xlsx', fileName: '隐患台账.xlsx' }}
      add={{ show: can('hazard:write'), to: '/hazards/new', label: t('登记隐患', 'Record a hazard'), first: t('登记第一条隐患', 'Record the first one') }}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('编号或名称', 'Code or title'), width: 200 },
        selectFilter('state', t('状态', 'State'), optionsOf(HAZARD_STATES, stateLabel), { multiple: true }),
        selectFilter('level', t('等级', 'Level'), levels),
        selectFilter('source', t('来源', 'Source'), optionsOf(HAZARD_SOURCES, sourceLabel), { width: 130 }),
        selectFilter('sector', t('行业领域', 'Sector'), optionsOf(HAZARD_SECTORS, sectorLabel), { width: 130 }),
        selectFilter('town', t('镇街', 'Town'), townOptions, { search: true }),
        { kind: 'switch', key: 'open', label: t('仅未销号', 'Open only') },
        { kind: 'switch', key: 'overdue', label: t('仅超期', 'Overdue only') },
        { kind: 'switch', key: 'supervised', label: t('挂牌督办', 'Supervised') },
        hiddenFilter('foundFrom'),
        hiddenFilter('foundTo'),
        chipFilter('enterpriseId', t('限定企业', 'One enterprise')),
      ]}
      url="/api/hazards"
      queryKey={hazardKeys.ledger}
      empty={{ text: t('台账里还没有隐患：排查发现后在这里登记', 'No hazards yet: record one when an inspection finds it') }}
      columns={[
        linkColumn(t('编号', 'Code'), 'code', (r) => `/hazards/${r.id}`, { width: 140, sortKey: 'code' }),
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
