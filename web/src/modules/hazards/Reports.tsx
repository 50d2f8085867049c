// 举报核实: the queue of public reports; verify into a hazard or reject with a reason; reward decision.
// Reporter identity is shown only when the server sends it (hazard:reporter).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Drawer, Form, Image, Input, InputNumber, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { HAZARD_SECTORS, REPORT_STATUS_LABELS, type ReportStatus } from '../../../../shared/hazards.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { applyFieldErrors, fmtTime, L, sectorLabel, toQuery, yuan } from './shared';

interface Report {
  id: string;
  trackingCode: string;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  photoIds: string[];
  wantsReward: boolean;
  status: ReportStatus;
  rejectReason: string | null;
  hazardId: string | null;
  rewardStatus: 'none' | 'granted' | 'denied';
  rewardFen: number | null;
  rewardNote: string | null;
  createdAt: string;
  reporter: { contactName: string | null; contactPhone: string | null; ip: string | null; deviceId: string | null } | null;
}

const statusColor: Record<ReportStatus, string> = { submitted: 'blue', accepted: 'green', rejected: 'default' };

export function Reports() {
  const [status, setStatus] = useState<string | undefined>('submitted');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const query = toQuery({ status, page, pageSize: 20 });
  const list = useQuery({
    queryKey: ['hazards', 'reports', query],
    queryFn: () => api.get<{ items: Report[]; total: number }>(`/api/hazard-reports?${query}`),
    placeholderData: keepPreviousData,
  });
  return (
    <Card
      title={L('群众举报核实', 'Public reports')}
      extra={
        <Select
          allowClear
          placeholder={L('全部状态', 'All')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          style={{ width: 160 }}
          options={(['submitted', 'accepted', 'rejected'] as const).map((s) => ({
            value: s,
            label: L(REPORT_STATUS_LABELS[s].zh, REPORT_STATUS_LABELS[s].en),
          }))}
        />
      }
    >
      <Table<Report>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: L('提交时间', 'Submitted'), dataIndex: 'createdAt', width: 170, render: fmtTime },
          { title: L('举报内容', 'Report'), dataIndex: 'description', ellipsis: true },
          { title: L('地点', 'Place'), dataIndex: 'address', ellipsis: true, width: 200 },
          { title: L('照片', 'Photos'), dataIndex: 'photoIds', width: 70, render: (p: string[]) => p.length },
          { title: L('申请奖励', 'Reward'), dataIndex: 'wantsReward', width: 90, render: (w: boolean) => (w ? L('是', 'Yes') : L('否', 'No')) },
          {
            title: L('状态', 'Status'),
            dataIndex: 'status',
            width: 160,
            render: (s: ReportStatus) => <Tag color={statusColor[s]}>{L(REPORT_STATUS_LABELS[s].zh, REPORT_STATUS_LABELS[s].en)}</Tag>,
          },
        ]}
      />
      {open && <ReportDrawer id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function ReportDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['hazards', 'report', id], queryFn: () => api.get<Report>(`/api/hazard-reports/${id}`) });
  const [verify] = Form.useForm<{ accept: boolean; title?: string; sector?: string; reason?: string }>();
  const [reward] = Form.useForm<{ granted: boolean; amountYuan?: number; note?: string }>();
  const accept = Form.useWatch('accept', verify);
  const granted = Form.useWatch('granted', reward);
  const r = q.data;
  const done = () => qc.invalidateQueries({ queryKey: ['hazards'] });

  return (
    <Drawer open width={560} title={L('举报详情', 'Report')} onClose={onClose} loading={q.isLoading}>
      {r && (
        <Space direction="vertical" style={{ width: '100%' }} size={16}>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={L('提交时间', 'Submitted')}>{fmtTime(r.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={L('举报内容', 'Report')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{r.description}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={L('地点', 'Place')}>
              {r.address ?? '—'}
              {r.lon !== null && ` (${r.lon.toFixed(5)}, ${r.lat?.toFixed(5)})`}
            </Descriptions.Item>
            <Descriptions.Item label={L('状态', 'Status')}>
              {L(REPORT_STATUS_LABELS[r.status].zh, REPORT_STATUS_LABELS[r.status].en)}
              {r.rejectReason && `：${r.rejectReason}`}
              {r.hazardId && (
                <>
                  {' '}
                  <Link to={`/hazards/${r.hazardId}`}>{L('查看隐患', 'Open hazard')}</Link>
                </>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={L('奖励', 'Reward')}>
              {r.wantsReward ? L('举报人申请奖励', 'Requested') : L('未申请', 'Not requested')}
              {r.rewardStatus !== 'none' && ` · ${r.rewardStatus === 'granted' ? `${L('已批准', 'Granted')} ${yuan(r.rewardFen)}` : L('不予奖励', 'Denied')}`}
            </Descriptions.Item>
            <Descriptions.Item label={L('举报人信息', 'Reporter')}>
              {r.reporter ? (
                <>
                  {r.reporter.contactName ?? '—'} {r.reporter.contactPhone ?? ''}
                  <br />
                  <Typography.Text type="secondary">
                    IP {r.reporter.ip ?? '—'} · {L('设备', 'device')} {r.reporter.deviceId ?? '—'}
                  </Typography.Text>
                </>
              ) : (
                <Typography.Text type="secondary">{L('受保护（需要举报人信息查看权限）', 'Protected (needs the reporter permission)')}</Typography.Text>
              )}
            </Descriptions.Item>
          </Descriptions>
          {r.photoIds.length > 0 && (
            <Image.PreviewGroup>
              <Space wrap>
                {r.photoIds.map((p) => (
                  <Image key={p} width={96} height={96} style={{ objectFit: 'cover' }} src={`/api/files/${p}`} alt={L('举报照片', 'Report photo')} />
                ))}
              </Space>
            </Image.PreviewGroup>
          )}
          {r.status === 'submitted' && can('hazard:approve') && (
            <Card size="small" title={L('核实', 'Verify')}>
              <Form
                form={verify}
                layout="vertical"
                initialValues={{ accept: true, sector: 'other' }}
                onFinish={async (v) => {
                  try {
                    await api.post(
                      `/api/hazard-reports/${id}/verify`,
                      v.accept ? { accept: true, title: v.title, sector: v.sector } : { accept: false, reason: v.reason },
                    );
                    message.success(L('已核实', 'Verified'));
                    done();
                  } catch (e) {
                    message.error(applyFieldErrors(verify, e));
                  }
                }}
              >
                <Form.Item name="accept">
                  <Radio.Group>
                    <Radio value={true}>{L('属实，转为隐患', 'True: make it a hazard')}</Radio>
                    <Radio value={false}>{L('不予采纳', 'Reject')}</Radio>
                  </Radio.Group>
                </Form.Item>
                {accept ? (
                  <>
                    <Form.Item name="title" label={L('隐患名称', 'Hazard title')} rules={[{ required: true, min: 2, max: 100 }]}>
                      <Input />
                    </Form.Item>
                    <Form.Item name="sector" label={L('行业领域', 'Sector')}>
                      <Select options={HAZARD_SECTORS.map((s) => ({ value: s, label: sectorLabel(s) }))} />
                    </Form.Item>
                  </>
                ) : (
                  <Form.Item name="reason" label={L('不予采纳理由', 'Reason')} rules={[{ required: true }]}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                )}
                <Button type="primary" htmlType="submit">
                  {L('提交核实结果', 'Submit')}
                </Button>
              </Form>
            </Card>
          )}
          {r.status === 'accepted' && r.rewardStatus === 'none' && can('hazard:approve') && (
            <Card size="small" title={L('奖励决定', 'Reward decision')}>
              <Form
                form={reward}
                layout="vertical"
                initialValues={{ granted: true }}
                onFinish={async (v) => {
                  try {
                    await api.post(`/api/hazard-reports/${id}/reward`, {
                      granted: v.granted,
                      amountFen: v.granted ? Math.round((v.amountYuan ?? 0) * 100) : undefined,
                      note: v.note || undefined,
                    });
                    message.success(L('已记录奖励决定', 'Saved'));
                    done();
                  } catch (e) {
                    message.error(applyFieldErrors(reward, e));
                  }
                }}
              >
                <Form.Item name="granted">
                  <Radio.Group>
                    <Radio value={true}>{L('给予奖励', 'Grant')}</Radio>
                    <Radio value={false}>{L('不予奖励', 'Deny')}</Radio>
                  </Radio.Group>
                </Form.Item>
                {granted && (
                  <Form.Item name="amountYuan" label={L('奖励金额（元）', 'Amount (yuan)')} rules={[{ required: true }]}>
                    <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
                  </Form.Item>
                )}
                <Form.Item name="note" label={L('说明', 'Note')}>
                  <Input />
                </Form.Item>
                <Button type="primary" htmlType="submit">
                  {L('保存', 'Save')}
                </Button>
              </Form>
            </Card>
          )}
        </Space>
      )}
    </Drawer>
  );
}
