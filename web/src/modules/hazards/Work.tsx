// 待办: extension requests waiting for a decision, and the module's notices (reminders, overdue, escalations).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtDate, fmtTime, L } from './shared';

interface Extension {
  id: string;
  hazardId: string;
  hazardCode: string;
  hazardTitle: string;
  reason: string;
  oldDeadline: string;
  newDeadline: string;
  status: string;
  requestedByName: string | null;
  requestedAt: string;
}

interface Notice {
  id: string;
  hazardId: string | null;
  kind: string;
  message: string;
  createdAt: string;
  readAt: string | null;
}

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
  const ext = useQuery({ queryKey: ['hazards', 'extensions'], queryFn: () => api.get<{ items: Extension[] }>('/api/hazard-extensions?status=pending') });
  const notes = useQuery({ queryKey: ['hazards', 'notifications'], queryFn: () => api.get<{ items: Notice[] }>('/api/hazards/notifications?limit=100') });
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      qc.invalidateQueries({ queryKey: ['hazards'] });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={L('待审批的延期申请', 'Extension requests to decide')}>
        <Table<Extension>
          rowKey="id"
          size="small"
          pagination={false}
          loading={ext.isLoading}
          dataSource={ext.data?.items}
          locale={{ emptyText: L('暂无', 'None') }}
          columns={[
            { title: L('隐患', 'Hazard'), render: (_, e) => <Link to={`/hazards/${e.hazardId}`}>{`${e.hazardCode} ${e.hazardTitle}`}</Link> },
            { title: L('原期限 → 新期限', 'Old → new'), render: (_, e) => `${fmtDate(e.oldDeadline)} → ${fmtDate(e.newDeadline)}` },
            { title: L('理由', 'Reason'), dataIndex: 'reason' },
            { title: L('申请人', 'By'), dataIndex: 'requestedByName' },
            {
              title: L('操作', 'Actions'),
              render: (_, e) =>
                can('hazard:approve') && (
                  <Space>
                    <Button size="small" type="primary" onClick={() => act(() => api.post(`/api/hazard-extensions/${e.id}/decision`, { approve: true }))}>
                      {L('批准', 'Approve')}
                    </Button>
                    <Button size="small" onClick={() => act(() => api.post(`/api/hazard-extensions/${e.id}/decision`, { approve: false }))}>
                      {L('驳回', 'Deny')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={L('提醒与督办通知', 'Notices')}>
        <Table<Notice>
          rowKey="id"
          size="small"
          loading={notes.isLoading}
          dataSource={notes.data?.items}
          locale={{ emptyText: L('暂无', 'None') }}
          columns={[
            { title: L('时间', 'Time'), dataIndex: 'createdAt', width: 170, render: fmtTime },
            {
              title: L('类型', 'Kind'),
              dataIndex: 'kind',
              width: 120,
              render: (k: string) => <Tag color={KIND[k]?.[2]}>{KIND[k] ? L(KIND[k][0], KIND[k][1]) : k}</Tag>,
            },
            { title: L('内容', 'Message'), dataIndex: 'message', render: (m: string, n) => (n.hazardId ? <Link to={`/hazards/${n.hazardId}`}>{m}</Link> : m) },
            {
              title: '',
              width: 90,
              render: (_, n) =>
                n.readAt ? (
                  <Tag>{L('已读', 'Read')}</Tag>
                ) : (
                  <Button size="small" onClick={() => act(() => api.post(`/api/hazards/notifications/${n.id}/read`))}>
                    {L('标为已读', 'Mark read')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
