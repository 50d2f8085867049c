// 预警列表: filters in the URL, paging, acknowledgement progress per warning.
import { Progress, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { WARNING_LEVELS, WARNING_STATES } from '../../../../shared/warnings.ts';
import { useAuth } from '../../app/auth';
import { LevelTag, levelLabel, StateTag, stateLabel } from './shared';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { warningKeys, type WarningListItem } from './api';
import { ListPage, optionsOf, selectFilter } from '../../components/ListPage';

export function List() {
  const { can } = useAuth();
  const sources = [
    { value: 'platform', label: t('本平台发布', 'Issued here') },
    { value: 'external', label: t('外部接入 (CAP)', 'External (CAP)') },
  ];
  return (
    <ListPage<WarningListItem>
      title={t('预警发布与叫应', 'Warnings and call-response')}
      add={{ show: can('warning:write'), to: '/warnings/new', label: t('起草预警', 'Draft a warning'), first: t('起草第一条预警', 'Draft the first one') }}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('标题或标识符', 'Headline or identifier') },
        selectFilter('status', t('状态', 'Status'), optionsOf(WARNING_STATES, stateLabel)),
        selectFilter('level', t('级别', 'Level'), optionsOf(WARNING_LEVELS, levelLabel)),
        selectFilter('source', t('来源', 'Source'), sources),
      ]}
      url="/api/warnings"
      queryKey={warningKeys.list}
      empty={{ text: t('还没有预警：起草一条，审批后发布并叫应', 'No warnings yet: draft one, have it approved, then release it') }}
      columns={[
        { title: t('级别', 'Level'), dataIndex: 'level', width: 100, render: (l) => <LevelTag level={l} /> },
        {
          title: t('标题', 'Headline'),
          dataIndex: 'headline',
          card: 'title',
          hideable: false,
          render: (h, r) => (
            <Space>
              <Link to={`/warnings/${r.id}`}>{h}</Link>
              {r.msgType !== 'Alert' && <Tag>{r.msgType === 'Update' ? t('更新', 'Update') : t('解除', 'Cancel')}</Tag>}
              {r.source === 'external' && <Tag color="blue">CAP</Tag>}
            </Space>
          ),
        },
        { title: t('区域', 'Area'), dataIndex: 'areaDesc', ellipsis: true, width: 220 },
        { title: t('状态', 'Status'), dataIndex: 'status', width: 110, render: (s) => <StateTag state={s} /> },
        {
          title: t('叫应', 'Acknowledged'),
          width: 180,
          render: (_, r) =>
            r.recipients > 0 ? (
              <Progress size="small" percent={Math.round((100 * r.acknowledged) / r.recipients)} format={() => `${r.acknowledged}/${r.recipients}`} />
            ) : (
              '—'
            ),
        },
        { title: t('发布时间', 'Released'), dataIndex: 'releasedAt', width: 170, render: fmtTime },
      ]}
    />
  );
}
