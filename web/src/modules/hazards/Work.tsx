// 待办: extension requests waiting for a decision, and the module's notices (reminders, overdue, escalations).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtDate, fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import type { ExtensionQueueItemDto, NotificationDto } from '../../../../shared/hazards.dto.ts';
import { hazardKeys } from './api';

type Extension = ExtensionQueueItemDto;

type Notice = NotificationDto;

const KIND: Record<string, [string, string, string]> = {
  reminder: ['到期提醒', 'Reminder', 'blue'],
  overdue: ['超期', 'Overdue', 'red'],
  escalation_district: ['升级至区级', 'Escalated', 'volcano'],
  extension_requested: ['延期申请', 'Extension request', 'purple'],
  extension_decided: ['延期审批', 'Extension decided', 'cyan'],
  report_received: ['群众举报', 'Public report', 'gold'],
};

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
        <Table<Extension>
          rowKey="id"
          size="small"
          pagination={false}
          loading={ext.isLoading}
          dataSource={ext.data?.items}
          locale={{ emptyText: t('暂无', 'None') }}
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
        <Table<Notice>
          rowKey="id"
          size="small"
          loading={notes.isLoading}
          dataSource={notes.data?.items}
          locale={{ emptyText: t('暂无', 'None') }}
          columns={[
            { title: t('时间', 'Time'), dataIndex: 'createdAt', width: 170, render: fmtTime },
            {
              title: t('类型', 'Kind'),
              dataIndex: 'kind',
              width: 120,
              render: (k: string) => <Tag color={KIND[k]?.[2]}>{KIND[k] ? t(KIND[k][0], KIND[k][1]) : k}</Tag>,
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
