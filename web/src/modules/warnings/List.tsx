// 预警列表: filters in the URL, paging, acknowledgement progress per warning.
import { Button, Progress, Space, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { WARNING_LEVELS, WARNING_STATES } from '../../../../shared/warnings.ts';
import { useAuth } from '../../app/auth';
import { LevelTag, levelLabel, StateTag, stateLabel } from './shared';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { AddButton } from '../../components/FormParts';
import { warningKeys, type WarningListItem } from './api';
import { ListPage } from '../../components/ListPage';

export function List() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const draft = (
    <AddButton show={can('warning:write')} to="/warnings/new">
      {t('起草预警', 'Draft a warning')}
    </AddButton>
  );
  return (
    <ListPage<WarningListItem>
      title={t('预警发布与叫应', 'Warnings and call-response')}
      extra={draft}
      filters={[
        { kind: 'search', key: 'q', placeholder: t('标题或标识符', 'Headline or identifier') },
        { kind: 'select', key: 'status', placeholder: t('状态', 'Status'), options: WARNING_STATES.map((s) => ({ value: s, label: stateLabel(s) })) },
        { kind: 'select', key: 'level', placeholder: t('级别', 'Level'), options: WARNING_LEVELS.map((s) => ({ value: s, label: levelLabel(s) })) },
        {
          kind: 'select',
          key: 'source',
          placeholder: t('来源', 'Source'),
          options: [
            { value: 'platform', label: t('本平台发布', 'Issued here') },
            { value: 'external', label: t('外部接入 (CAP)', 'External (CAP)') },
          ],
        },
      ]}
      url="/api/warnings"
      queryKey={warningKeys.list}
      rowKey="id"
      empty={{
        text: t('还没有预警：起草一条，审批后发布并叫应', 'No warnings yet: draft one, have it approved, then release it'),
        action: can('warning:write') && <Button onClick={() => navigate('/warnings/new')}>{t('起草第一条预警', 'Draft the first one')}</Button>,
      }}
      columns={[
        { title: t('级别', 'Level'), dataIndex: 'level', width: 100, render: (l) => <LevelTag level={l} /> },
        {
          title: t('标题', 'Headline'),
          dataIndex: 'headline',
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
