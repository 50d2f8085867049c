// One warning: its content and CAP chain, the approval/release actions, the recipient preview before
// release, and after release the live call-response board.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { Board } from './Board';
import { DeliveryBanner, eventLabel, LevelTag, roleLabel, StateTag } from './shared';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { type BoardDto, type Preview, type WarningDetail, warningKeys } from './api';
import { PlaceName } from '../../components/places';
import { PageNote } from '../../components/PageCard';

/** Why a town is targeted, in words (the server's resolveTowns). */
const townReason = (town: WarningDetail['resolvedTowns'][number]) =>
  ({
    geocode: t(`区划代码 ${town.geocode} 指定`, `named by code ${town.geocode}`),
    geometry: t('划定区域与其辖区（近似范围）相交', 'the drawn area intersects its (approximate) territory'),
    'geocode+geometry': t(`区划代码 ${town.geocode} 指定，且划定区域与其辖区相交`, `named by code ${town.geocode}, and the area intersects it`),
  })[town.reason];

export function Detail() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [reason, setReason] = useState<{ action: 'reject' | 'cancel' } | null>(null);
  const [reasonText, setReasonText] = useState('');
  const w = useQuery({ queryKey: warningKeys.one(id), queryFn: () => api.get<WarningDetail>(`/api/warnings/${id}`) });
  const showPreview = !!w.data && ['draft', 'pending_approval', 'approved', 'rejected'].includes(w.data.status);
  // The same query as the board's: how the channels send now (the outbox-mode banner).
  const board = useQuery({ queryKey: warningKeys.board(id), queryFn: () => api.get<BoardDto>(`/api/warnings/${id}/board`), enabled: !!w.data });
  const preview = useQuery({
    queryKey: [...warningKeys.one(id), 'preview'],
    queryFn: () => api.get<Preview>(`/api/warnings/${id}/preview`),
    enabled: showPreview,
  });

  const act = useMutation({
    mutationFn: ({ action, body }: { action: string; body?: unknown }) => api.post(`/api/warnings/${id}/${action}`, body),
    onSuccess: (_r, v) => {
      message.success(
        {
          submit: t('已提交审批', 'Submitted'),
          approve: t('已审批通过', 'Approved'),
          reject: t('已退回', 'Rejected'),
          release: t('已发布，开始叫应', 'Released'),
          cancel: t('已解除', 'Cancelled'),
        }[v.action] ?? t('完成', 'Done'),
      );
      qc.invalidateQueries({ queryKey: warningKeys.all });
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
      {['draft', 'pending_approval', 'approved', 'rejected', 'released'].includes(d.status) && <DeliveryBanner delivery={board.data?.delivery} />}
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
            {d.actions.includes('submit') && (
              <Button type="primary" loading={act.isPending} onClick={() => act.mutate({ action: 'submit' })}>
                {t('提交审批', 'Submit for approval')}
              </Button>
            )}
            {d.actions.includes('approve') && (
              <Button type="primary" loading={act.isPending} onClick={() => act.mutate({ action: 'approve' })}>
                {t('审批通过', 'Approve')}
              </Button>
            )}
            {d.actions.includes('reject') && (
              <Button danger onClick={() => setReason({ action: 'reject' })}>
                {t('退回', 'Reject')}
              </Button>
            )}
            {can('warning:write') &&
              ['released', 'superseded', 'cancelled', 'expired'].includes(d.status) &&
              (board.data?.delivery.outboxChannels.length ?? 0) > 0 && <Link to={`/warnings/outbox?warningId=${d.id}`}>{t('发件箱', 'Outbox')}</Link>}
            {d.status === 'pending_approval' && d.isDrafter && (
              <Typography.Text type="secondary">{t('等待他人审批（起草人不能审批）', 'Awaiting approval by someone else')}</Typography.Text>
            )}
            {d.actions.includes('release') && (
              <Button type="primary" danger loading={act.isPending} onClick={() => act.mutate({ action: 'release' })}>
                {t('发布并叫应', 'Release and call')}
              </Button>
            )}
            {d.status === 'released' && platform && can('warning:write') && (
              <Button onClick={() => navigate(`/warnings/new?supersedes=${d.id}`)}>{t('更新预警', 'Update')}</Button>
            )}
            {d.actions.includes('cancel') && (
              <Button danger onClick={() => setReason({ action: 'cancel' })}>
                {d.status !== 'released' ? t('作废', 'Discard') : platform ? t('解除预警', 'Cancel warning') : t('解除外部预警', 'Cancel external warning')}
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
          <PageNote>{t(`将于生效时间 ${fmtTime(d.onset)} 开始叫应`, `Call-response starts at onset, ${fmtTime(d.onset)}`)}</PageNote>
        )}
        {d.status === 'expired' && (
          <Alert
            type="warning"
            showIcon
            message={t('接收时已过失效时间，未向任何人叫应', 'Already expired when received; nobody was called')}
            style={{ marginBottom: 12 }}
          />
        )}
        {d.rejectReason && d.status === 'rejected' && (
          <Alert type="warning" showIcon message={`${t('退回意见', 'Rejected')}: ${d.rejectReason}`} style={{ marginBottom: 12 }} />
        )}
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('标识符', 'Identifier')}>
            {d.identifier.startsWith('DRAFT-') ? t('发布时生成', 'Assigned on release') : d.identifier}
          </Descriptions.Item>
          <Descriptions.Item label={t('类型', 'Event')}>{eventLabel(d.eventType) || d.eventName}</Descriptions.Item>
          <Descriptions.Item label={t('发布单位', 'Sender')}>{d.senderName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('消息类型', 'Message type')}>
            {{ Alert: t('首发', 'Alert'), Update: t('更新', 'Update'), Cancel: t('解除', 'Cancel') }[d.msgType]}
          </Descriptions.Item>
          <Descriptions.Item label={t('区域', 'Area')} span={2}>
            {d.areaDesc}
          </Descriptions.Item>
          <Descriptions.Item label={t('目标镇街及依据', 'Towns targeted, and why')} span={2}>
            {d.resolvedTowns.length
              ? d.resolvedTowns.map((town) => (
                  <div key={town.code}>
                    <Tag>{town.name}</Tag>
                    <Typography.Text type="secondary">{townReason(town)}</Typography.Text>
                  </div>
                ))
              : t('无（区域未覆盖任何镇街）', 'None (the area covers no town)')}
          </Descriptions.Item>
          <Descriptions.Item label={t('生效', 'Onset')}>{fmtTime(d.onset)}</Descriptions.Item>
          <Descriptions.Item label={t('失效', 'Expires')}>{fmtTime(d.expires)}</Descriptions.Item>
          <Descriptions.Item label={t('内容', 'Description')} span={2}>
            {d.description}
          </Descriptions.Item>
          {d.instruction && (
            <Descriptions.Item label={t('防御指引', 'Instruction')} span={2}>
              {d.instruction}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('起草', 'Drafted by')}>{d.draftedByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('审批', 'Approved by')}>{d.approvedByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('发布', 'Released')}>
            {fmtTime(d.releasedAt)} {d.releasedByName ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('关联消息', 'Chain')}>
            {d.chain.length
              ? d.chain.map((c) => (
                  <div key={c.id}>
                    <Link to={`/warnings/${c.id}`}>{c.headline}</Link> <Tag>{c.msgType}</Tag>
                  </div>
                ))
              : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {showPreview && (
        <Card title={t(`叫应对象预览（${preview.data?.total ?? '…'} 人）`, `Recipients preview (${preview.data?.total ?? '…'})`)} loading={preview.isLoading}>
          <Space wrap style={{ marginBottom: 8 }} data-testid="preview-towns">
            {Object.entries(preview.data?.byTown ?? {}).map(([code, n]) => (
              <Tag key={code}>
                <PlaceName code={code} /> {n}
              </Tag>
            ))}
          </Space>
          <Table
            size="small"
            rowKey={(r) => `${r.name}-${r.jurisdictionCode}-${r.role}`}
            dataSource={preview.data?.recipients}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('姓名', 'Name'), dataIndex: 'name' },
              { title: t('角色', 'Role'), dataIndex: 'role', render: roleLabel },
              { title: t('所在地', 'Place'), dataIndex: 'jurisdictionCode', render: (c: string) => <PlaceName code={c} /> },
              { title: t('手机', 'Phone'), dataIndex: 'phone' },
            ]}
          />
        </Card>
      )}

      {['released', 'superseded', 'cancelled'].includes(d.status) && d.msgType !== 'Cancel' && (
        <Board warningId={d.id} live={d.status === 'released'} banner={false} />
      )}

      <Modal
        open={!!reason}
        title={reason?.action === 'reject' ? t('退回意见', 'Reason for rejection') : t('解除原因', 'Reason for cancelling')}
        onCancel={() => setReason(null)}
        okButtonProps={{ disabled: reasonText.trim().length < 2, loading: act.isPending }}
        onOk={() => reason && act.mutate({ action: reason.action, body: { reason: reasonText.trim() } })}
      >
        <Input.TextArea rows={3} value={reasonText} onChange={(e) => setReasonText(e.target.value)} maxLength={500} aria-label={t('原因', 'Reason')} />
      </Modal>
    </Space>
  );
}
