// 待办: extension requests waiting for a decision, and the module's notices (reminders, overdue, escalations).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtDate, fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { NOTIFICATION_LABELS } from '../../../../shared/hazards.ts';
import type { ExtensionQueueItemDto, NotificationDto } from '../../../../shared/hazards.dto.ts';
import { PlainTable } from '../../components/FormParts';
import { LabelTag } from '../../components/LabelTag';
import { hazardKeys } from './api';

type Extension = ExtensionQueueItemDto;

type Notice = NotificationDto;

export function Work() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const ext = useQuery({ queryKey: hazardKeys.extensions, queryFn: () => api.get<{ items: Extension[] }>('/api/hazards/extensions?status=pending') });
  const notes = useQuery({ queryKey: hazardKeys.notifications, queryFn: () => api.get<{ items: Notice[] }>('/api/hazards/notifications?limit=100') });
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      qc.invalidateQueries({ queryKey: hazardKeys.all });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('待审批的延期申请', 'Extension requests to decide')}>
        <PlainTable<Extension>
          query={ext}
          empty={t('暂无待审批的延期申请', 'No extension requests waiting')}
          columns={[
            { title: t('隐患', 'Hazard'), render: (_, e) => <Link to={`/hazards/${e.hazardId}`}>{`${e.hazardCode} ${e.hazardTitle}`}</Link> },
            { title: t('原期限 → 新期限', 'Old → new'), render: (_, e) => `${fmtDate(e.oldDeadline)} → ${fmtDate(e.newDeadline)}` },
            { title: t('理由', 'Reason'), dataIndex: 'reason' },
            { title: t('申请人', 'By'), dataIndex: 'requestedByName' },
            {
              title: t('操作', 'Actions'),
              render: (_, e) =>
                can('hazard:approve') && (
                  <Space>
                    <Button size="small" type="primary" onClick={() => act(() => api.post(`/api/hazards/extensions/${e.id}/decision`, { approve: true }))}>
                      {t('批准', 'Approve')}
                    </Button>
                    <Button size="small" onClick={() => act(() => api.post(`/api/hazards/extensions/${e.id}/decision`, { approve: false }))}>
                      {t('驳回', 'Deny')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('提醒与督办通知', 'Notices')}>
        <PlainTable<Notice>
          query={notes}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          empty={t('暂无提醒：隐患临近期限、超期或升级时会在这里通知', 'No notices: deadlines, overdue hazards and escalations appear here')}
          columns={[
            { title: t('时间', 'Time'), dataIndex: 'createdAt', width: 170, render: fmtTime },
            {
              title: t('类型', 'Kind'),
              dataIndex: 'kind',
              width: 120,
              render: (k: string) => <LabelTag labels={NOTIFICATION_LABELS} value={k} />,
            },
            { title: t('内容', 'Message'), dataIndex: 'message', render: (m: string, n) => (n.hazardId ? <Link to={`/hazards/${n.hazardId}`}>{m}</Link> : m) },
            {
              title: '',
              width: 90,
              render: (_, n) =>
                n.readAt ? (
                  <Tag>{t('已读', 'Read')}</Tag>
                ) : (
                  <Button size="small" onClick={() => act(() => api.post(`/api/hazards/notifications/${n.id}/read`))}>
                    {t('标为已读', 'Mark read')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
