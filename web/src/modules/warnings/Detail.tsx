// One warning: its content and CAP chain, the approval/release actions, the recipient preview before
// release, and after release the live call-response board.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { Board } from './Board';
import { eventLabel, fmtTime, L, LevelTag, roleLabel, StateTag } from './shared';

interface WarningDetail {
  id: string;
  identifier: string;
  source: 'platform' | 'external';
  msg_type: string;
  status: string;
  event_type: string;
  event_name: string;
  level: string;
  headline: string;
  description: string;
  instruction: string | null;
  sender_name: string | null;
  onset: string | null;
  expires: string | null;
  area_desc: string;
  area: { polygons: unknown[]; circles: unknown[]; geocodes: string[] };
  released_at: string | null;
  reject_reason: string | null;
  draftedByName: string | null;
  approvedByName: string | null;
  releasedByName: string | null;
  canApprove: boolean;
  isDrafter: boolean;
  chain: { id: string; identifier: string; msg_type: string; status: string; headline: string; sent_at: string | null }[];
  resolvedTowns: { code: string; name: string; reason: 'geocode' | 'geometry' | 'geocode+geometry'; geocode?: string }[];
}

/** Why a town is targeted, in words (the server's resolveTowns). */
const townReason = (t: WarningDetail['resolvedTowns'][number]) =>
  ({
    geocode: L(`区划代码 ${t.geocode} 指定`, `named by code ${t.geocode}`),
    geometry: L('划定区域与其辖区（近似范围）相交', 'the drawn area intersects its (approximate) territory'),
    'geocode+geometry': L(`区划代码 ${t.geocode} 指定，且划定区域与其辖区相交`, `named by code ${t.geocode}, and the area intersects it`),
  })[t.reason];

interface Preview {
  total: number;
  byTown: Record<string, number>;
  recipients: { name: string; role: string; phone: string | null; jurisdictionCode: string; townCode: string }[];
}

export function Detail() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [reason, setReason] = useState<{ action: 'reject' | 'cancel' } | null>(null);
  const [reasonText, setReasonText] = useState('');
  const w = useQuery({ queryKey: ['warnings', id], queryFn: () => api.get<WarningDetail>(`/api/warnings/${id}`) });
  const showPreview = !!w.data && ['draft', 'pending_approval', 'approved', 'rejected'].includes(w.data.status);
  const preview = useQuery({ queryKey: ['warnings', id, 'preview'], queryFn: () => api.get<Preview>(`/api/warnings/${id}/preview`), enabled: showPreview });

  const act = useMutation({
    mutationFn: ({ action, body }: { action: string; body?: unknown }) => api.post(`/api/warnings/${id}/${action}`, body),
    onSuccess: (_r, v) => {
      message.success(
        {
          submit: L('已提交审批', 'Submitted'),
          approve: L('已审批通过', 'Approved'),
          reject: L('已退回', 'Rejected'),
          release: L('已发布，开始叫应', 'Released'),
          cancel: L('已解除', 'Cancelled'),
        }[v.action] ?? L('完成', 'Done'),
      );
      qc.invalidateQueries({ queryKey: ['warnings'] });
      setReason(null);
      setReasonText('');
    },
    onError: (e) => message.error((e as Error).message),
  });

  if (w.error) return <Alert type="error" showIcon message={(w.error as Error).message} />;
  const d = w.data;
  if (!d) return <Card loading />;
  const platform = d.source === 'platform';

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <LevelTag level={d.level} />
            <span>{d.headline}</span>
            <StateTag state={d.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {platform && ['draft', 'rejected'].includes(d.status) && can('warning:write') && (
              <Button type="primary" loading={act.isPending} onClick={() => act.mutate({ action: 'submit' })}>
                {L('提交审批', 'Submit for approval')}
              </Button>
            )}
            {d.status === 'pending_approval' && d.canApprove && !d.isDrafter && (
              <>
                <Button type="primary" loading={act.isPending} onClick={() => act.mutate({ action: 'approve' })}>
                  {L('审批通过', 'Approve')}
                </Button>
                <Button danger onClick={() => setReason({ action: 'reject' })}>
                  {L('退回', 'Reject')}
                </Button>
              </>
            )}
            {d.status === 'pending_approval' && d.isDrafter && (
              <Typography.Text type="secondary">{L('等待他人审批（起草人不能审批）', 'Awaiting approval by someone else')}</Typography.Text>
            )}
            {d.status === 'approved' && can('warning:write') && (
              <Button type="primary" danger loading={act.isPending} onClick={() => act.mutate({ action: 'release' })}>
                {L('发布并叫应', 'Release and call')}
              </Button>
            )}
            {d.status === 'released' && platform && can('warning:write') && (
              <>
                <Button onClick={() => navigate(`/warnings/new?supersedes=${d.id}`)}>{L('更新预警', 'Update')}</Button>
                <Button danger onClick={() => setReason({ action: 'cancel' })}>
                  {L('解除预警', 'Cancel warning')}
                </Button>
              </>
            )}
            {d.status === 'released' && !platform && d.canApprove && (
              <Button danger onClick={() => setReason({ action: 'cancel' })}>
                {L('解除外部预警', 'Cancel external warning')}
              </Button>
            )}
            {platform && ['released', 'superseded', 'cancelled'].includes(d.status) && (
              <Button href={`/api/public/warnings/${d.id}/cap.xml`} target="_blank">
                CAP 1.2
              </Button>
            )}
          </Space>
        }
      >
        {!platform && d.status === 'released' && d.onset && new Date(d.onset) > new Date() && (
          <Alert
            type="info"
            showIcon
            message={L(`将于生效时间 ${fmtTime(d.onset)} 开始叫应`, `Call-response starts at onset, ${fmtTime(d.onset)}`)}
            style={{ marginBottom: 12 }}
          />
        )}
        {d.status === 'expired' && (
          <Alert
            type="warning"
            showIcon
            message={L('接收时已过失效时间，未向任何人叫应', 'Already expired when received; nobody was called')}
            style={{ marginBottom: 12 }}
          />
        )}
        {d.reject_reason && d.status === 'rejected' && (
          <Alert type="warning" showIcon message={`${L('退回意见', 'Rejected')}: ${d.reject_reason}`} style={{ marginBottom: 12 }} />
        )}
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label={L('标识符', 'Identifier')}>
            {d.identifier.startsWith('DRAFT-') ? L('发布时生成', 'Assigned on release') : d.identifier}
          </Descriptions.Item>
          <Descriptions.Item label={L('类型', 'Event')}>{eventLabel(d.event_type) || d.event_name}</Descriptions.Item>
          <Descriptions.Item label={L('发布单位', 'Sender')}>{d.sender_name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={L('消息类型', 'Message type')}>
            {{ Alert: L('首发', 'Alert'), Update: L('更新', 'Update'), Cancel: L('解除', 'Cancel') }[d.msg_type]}
          </Descriptions.Item>
          <Descriptions.Item label={L('区域', 'Area')} span={2}>
            {d.area_desc}
          </Descriptions.Item>
          <Descriptions.Item label={L('目标镇街及依据', 'Towns targeted, and why')} span={2}>
            {d.resolvedTowns.length
              ? d.resolvedTowns.map((t) => (
                  <div key={t.code}>
                    <Tag>{t.name}</Tag>
                    <Typography.Text type="secondary">{townReason(t)}</Typography.Text>
                  </div>
                ))
              : L('无（区域未覆盖任何镇街）', 'None (the area covers no town)')}
          </Descriptions.Item>
          <Descriptions.Item label={L('生效', 'Onset')}>{fmtTime(d.onset)}</Descriptions.Item>
          <Descriptions.Item label={L('失效', 'Expires')}>{fmtTime(d.expires)}</Descriptions.Item>
          <Descriptions.Item label={L('内容', 'Description')} span={2}>
            {d.description}
          </Descriptions.Item>
          {d.instruction && (
            <Descriptions.Item label={L('防御指引', 'Instruction')} span={2}>
              {d.instruction}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={L('起草', 'Drafted by')}>{d.draftedByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={L('审批', 'Approved by')}>{d.approvedByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={L('发布', 'Released')}>
            {fmtTime(d.released_at)} {d.releasedByName ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label={L('关联消息', 'Chain')}>
            {d.chain.length
              ? d.chain.map((c) => (
                  <div key={c.id}>
                    <Link to={`/warnings/${c.id}`}>{c.headline}</Link> <Tag>{c.msg_type}</Tag>
                  </div>
                ))
              : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {showPreview && (
        <Card title={L(`叫应对象预览（${preview.data?.total ?? '…'} 人）`, `Recipients preview (${preview.data?.total ?? '…'})`)} loading={preview.isLoading}>
          <Table
            size="small"
            rowKey={(r) => `${r.name}-${r.jurisdictionCode}-${r.role}`}
            dataSource={preview.data?.recipients}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: L('姓名', 'Name'), dataIndex: 'name' },
              { title: L('角色', 'Role'), dataIndex: 'role', render: roleLabel },
              { title: L('区划代码', 'Code'), dataIndex: 'jurisdictionCode' },
              { title: L('手机', 'Phone'), dataIndex: 'phone' },
            ]}
          />
        </Card>
      )}

      {['released', 'superseded', 'cancelled'].includes(d.status) && d.msg_type !== 'Cancel' && <Board warningId={d.id} live={d.status === 'released'} />}

      <Modal
        open={!!reason}
        title={reason?.action === 'reject' ? L('退回意见', 'Reason for rejection') : L('解除原因', 'Reason for cancelling')}
        onCancel={() => setReason(null)}
        okButtonProps={{ disabled: reasonText.trim().length < 2, loading: act.isPending }}
        onOk={() => reason && act.mutate({ action: reason.action, body: { reason: reasonText.trim() } })}
      >
        <Input.TextArea rows={3} value={reasonText} onChange={(e) => setReasonText(e.target.value)} maxLength={500} aria-label={L('原因', 'Reason')} />
      </Modal>
    </Space>
  );
}
