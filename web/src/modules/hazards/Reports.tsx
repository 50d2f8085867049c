// 举报核实: the queue of public reports; verify into a hazard or reject with a reason; reward decision.
// Reporter identity is shown only when the server sends it (hazard:reporter).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Drawer, Form, type FormInstance, Image, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { HAZARD_SECTORS, REPORT_STATUS_LABELS, type ReportStatus } from '../../../../shared/hazards.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtTime, yuan } from '../../app/format';
import { t } from '../../app/i18n';
import { formErrorMessage } from '../../components/formErrors';
import { LabelTag, labelOptions } from '../../components/LabelTag';
import { ListPage } from '../../components/ListPage';
import { useIsPhone } from '../../components/PageCard';
import type { ReportDetailDto, ReportDto } from '../../../../shared/hazards.dto.ts';
import { hazardKeys } from './api';
import { sectorLabel } from './shared';

type Report = ReportDto;

export function Reports() {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <ListPage<Report>
        title={t('群众举报核实', 'Public reports')}
        filters={[
          {
            kind: 'select',
            key: 'status',
            placeholder: t('状态', 'Status'),
            defaultValue: 'submitted',
            width: 160,
            options: [...labelOptions(['submitted', 'accepted', 'rejected'], REPORT_STATUS_LABELS), { value: 'all', label: t('全部状态', 'All') }],
          },
        ]}
        apiParams={(f) => ({ ...f, status: f.status === 'all' ? undefined : f.status })}
        url="/api/hazards/reports"
        queryKey={hazardKeys.reports}
        empty={{
          text: t('没有待核实的群众举报：市民在“我要举报”页面提交后会出现在这里', 'No public reports to verify: reports from the public page appear here'),
        }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('提交时间', 'Submitted'), dataIndex: 'createdAt', width: 170, render: fmtTime },
          { title: t('举报内容', 'Report'), dataIndex: 'description', ellipsis: true },
          { title: t('地点', 'Place'), dataIndex: 'address', ellipsis: true, width: 200 },
          { title: t('照片', 'Photos'), dataIndex: 'photoIds', width: 70, render: (p: string[]) => p.length },
          { title: t('申请奖励', 'Reward'), dataIndex: 'wantsReward', width: 90, render: (w: boolean) => (w ? t('是', 'Yes') : t('否', 'No')) },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            width: 160,
            render: (s: ReportStatus) => <LabelTag labels={REPORT_STATUS_LABELS} value={s} />,
          },
        ]}
      />
      {open && <ReportDrawer id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function ReportDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: hazardKeys.report(id), queryFn: () => api.get<ReportDetailDto>(`/api/hazards/reports/${id}`) });
  const [verify] = Form.useForm<{ accept: boolean; title?: string; sector?: string; reason?: string }>();
  const [reward] = Form.useForm<{ granted: boolean; amountYuan?: number; note?: string }>();
  const accept = Form.useWatch('accept', verify);
  const granted = Form.useWatch('granted', reward);
  const r = q.data;
  const phone = useIsPhone();
  const done = () => qc.invalidateQueries({ queryKey: hazardKeys.all });

  return (
    <Drawer open size={phone ? '100%' : 560} title={t('举报详情', 'Report')} onClose={onClose} loading={q.isLoading}>
      {r && (
        <Space direction="vertical" style={{ width: '100%' }} size={16}>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('提交时间', 'Submitted')}>{fmtTime(r.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('举报内容', 'Report')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{r.description}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('地点', 'Place')}>
              {r.address ?? '—'}
              {r.lon !== null && ` (${r.lon.toFixed(5)}, ${r.lat?.toFixed(5)})`}
            </Descriptions.Item>
            <Descriptions.Item label={t('状态', 'Status')}>
              {t(REPORT_STATUS_LABELS[r.status].zh, REPORT_STATUS_LABELS[r.status].en)}
              {r.rejectReason && `：${r.rejectReason}`}
              {r.hazardId && (
                <>
                  {' '}
                  <Link to={`/hazards/${r.hazardId}`}>{t('查看隐患', 'Open hazard')}</Link>
                </>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('奖励', 'Reward')}>
              {r.wantsReward ? t('举报人申请奖励', 'Requested') : t('未申请', 'Not requested')}
              {r.rewardStatus !== 'none' && ` · ${r.rewardStatus === 'granted' ? `${t('已批准', 'Granted')} ${yuan(r.rewardFen)}` : t('不予奖励', 'Denied')}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('举报人信息', 'Reporter')}>
              {r.reporter ? (
                <>
                  {r.reporter.contactName ?? '—'} {r.reporter.contactPhone ?? ''}
                  <br />
                  <Typography.Text type="secondary">
                    IP {r.reporter.ip ?? '—'} · {t('设备', 'device')} {r.reporter.deviceId ?? '—'}
                  </Typography.Text>
                </>
              ) : (
                <Typography.Text type="secondary">{t('受保护（需要举报人信息查看权限）', 'Protected (needs the reporter permission)')}</Typography.Text>
              )}
            </Descriptions.Item>
          </Descriptions>
          {r.photoIds.length > 0 && (
            <Image.PreviewGroup>
              <Space wrap>
                {r.photoIds.map((p) => (
                  <Image key={p} width={96} height={96} style={{ objectFit: 'cover' }} src={`/api/files/${p}`} alt={t('举报照片', 'Report photo')} />
                ))}
              </Space>
            </Image.PreviewGroup>
          )}
          {r.status === 'submitted' && can('hazard:approve') && (
            <Decision
              form={verify}
              title={t('核实', 'Verify')}
              name="accept"
              yes={t('属实，转为隐患', 'True: make it a hazard')}
              no={t('不予采纳', 'Reject')}
              initialValues={{ accept: true, sector: 'other' }}
              submitText={t('提交核实结果', 'Submit')}
              onSubmit={async (v) => {
                await api.post(
                  `/api/hazards/reports/${id}/verify`,
                  v.accept ? { accept: true, title: v.title, sector: v.sector } : { accept: false, reason: v.reason },
                );
                message.success(t('已核实', 'Verified'));
                done();
              }}
            >
              {accept ? (
                <>
                  <Form.Item name="title" label={t('隐患名称', 'Hazard title')} rules={[{ required: true, min: 2, max: 100 }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="sector" label={t('行业领域', 'Sector')}>
                    <Select options={HAZARD_SECTORS.map((s) => ({ value: s, label: sectorLabel(s) }))} />
                  </Form.Item>
                </>
              ) : (
                <Form.Item name="reason" label={t('不予采纳理由', 'Reason')} rules={[{ required: true }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              )}
            </Decision>
          )}
          {r.status === 'accepted' && r.rewardStatus === 'none' && can('hazard:approve') && (
            <Decision
              form={reward}
              title={t('奖励决定', 'Reward decision')}
              name="granted"
              yes={t('给予奖励', 'Grant')}
              no={t('不予奖励', 'Deny')}
              initialValues={{ granted: true }}
              submitText={t('保存', 'Save')}
              onSubmit={async (v) => {
                await api.post(`/api/hazards/reports/${id}/reward`, {
                  granted: v.granted,
                  amountFen: v.granted ? Math.round((v.amountYuan ?? 0) * 100) : undefined,
                  note: v.note || undefined,
                });
                message.success(t('已记录奖励决定', 'Saved'));
                done();
              }}
            >
              {granted && (
                <Form.Item name="amountYuan" label={t('奖励金额（元）', 'Amount (yuan)')} rules={[{ required: true }]}>
                  <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              )}
              <Form.Item name="note" label={t('说明', 'Note')}>
                <Input />
              </Form.Item>
            </Decision>
          )}
        </Space>
      )}
    </Drawer>
  );
}

/** A yes/no decision on a report (verify, reward): the choice, what it needs, and one submit button. */
function Decision<V extends object>({
  form,
  title,
  name,
  yes,
  no,
  initialValues,
  submitText,
  onSubmit,
  children,
}: {
  form: FormInstance<V>;
  title: string;
  name: string;
  yes: string;
  no: string;
  initialValues: Partial<V>;
  submitText: string;
  onSubmit: (v: V) => Promise<void>;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  return (
    <Card size="small" title={title}>
      <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => onSubmit(v).catch((e) => message.error(formErrorMessage(form, e)))}>
        <Form.Item name={name as never}>
          <Radio.Group>
            <Radio value={true}>{yes}</Radio>
            <Radio value={false}>{no}</Radio>
          </Radio.Group>
        </Form.Item>
        {children}
        <Button type="primary" htmlType="submit">
          {submitText}
        </Button>
      </Form>
    </Card>
  );
}
