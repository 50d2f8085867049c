// The public one-tap acknowledgement page (/ack/:token, no sign-in): what the warning says, one button to
// confirm, then a short measures report with photos. Reopened later, the link still takes (and corrects) the
// report until the warning ends; after that it shows the record read-only.
import { CameraOutlined, CheckCircleTwoTone } from '@ant-design/icons';
import { QueryClient, QueryClientProvider, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Result, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { LevelTag } from './shared';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import type { LinkAck, LinkView } from './api';

// Its own query cache: the shell clears the shared one when it finds nobody signed in (a 401 from
// /api/auth/me), which would otherwise drop this page's request in flight.
const ackQueries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

export default function AckPageRoot() {
  return (
    <QueryClientProvider client={ackQueries}>
      <AckPage />
    </QueryClientProvider>
  );
}

function AckPage() {
  const { token = '' } = useParams();
  const [reported, setReported] = useState(false);
  const view = useQuery({ queryKey: ['ack', token], queryFn: () => api.get<LinkView>(`/api/public/ack/${token}`), retry: false });
  const ack = useMutation({
    mutationFn: () => api.post<LinkAck>(`/api/public/ack/${token}`),
    // The answer is the link's view after the acknowledgement (with the measures token).
    onSuccess: (r) => ackQueries.setQueryData(['ack', token], r),
  });
  const v = view.data;
  // Reopened after the acknowledgement, the link hands out the measures token again while the warning is in force.
  const measuresToken = v?.measuresToken ?? undefined;
  const report = useMutation({
    mutationFn: (x: { measures: string; peopleMoved?: number }) => api.post(`/api/public/ack-measures/${measuresToken}`, x),
    onSuccess: () => {
      setReported(true);
      ackQueries.invalidateQueries({ queryKey: ['ack', token] });
    },
  });

  const err = (view.error ?? ack.error) as ApiError | null;
  const acked = !!v?.ackedAt;
  const photosLeft = Math.max(0, 3 - (v?.photoCount ?? 0));
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12, boxSizing: 'border-box', width: '100%' }}>
      <Typography.Title level={4} style={{ textAlign: 'center' }}>
        {t('安澜 · 预警叫应', 'Anlan · Warning acknowledgement')}
      </Typography.Title>
      {view.isLoading && <Card loading />}
      {err && <Alert type="error" showIcon message={err.message} style={{ marginBottom: 12 }} />}
      {v && (
        <Card
          title={
            <Space wrap>
              <LevelTag level={v.warning.level} />
              <span style={{ whiteSpace: 'normal' }}>{v.warning.headline}</span>
            </Space>
          }
        >
          <Typography.Paragraph>
            {v.name}
            {t('，您好：', ', ')}
            {v.warning.description}
          </Typography.Paragraph>
          {v.warning.instruction && <Typography.Paragraph type="secondary">{v.warning.instruction}</Typography.Paragraph>}
          <Typography.Paragraph type="secondary">
            {t('区域', 'Area')}：{v.warning.areaDesc}
          </Typography.Paragraph>
          {!acked && v.open && (
            <>
              <Typography.Paragraph>{t(`请在 ${fmtTime(v.deadlineAt)} 前确认`, `Please acknowledge by ${fmtTime(v.deadlineAt)}`)}</Typography.Paragraph>
              <Button type="primary" size="large" block loading={ack.isPending} onClick={() => ack.mutate()}>
                {t('确认收到', 'I acknowledge')}
              </Button>
            </>
          )}
          {!acked && !v.open && (
            <Result
              status="info"
              title={
                v.warning.status === 'released' && v.state === 'closed'
                  ? t('无需确认：被叫应人已确认', 'Nothing to do: the person you were asked to reach has acknowledged')
                  : t('此预警已结束，无需确认', 'This warning has ended; nothing to acknowledge')
              }
            />
          )}
          {acked && (
            <Result
              icon={<CheckCircleTwoTone twoToneColor="#52c41a" />}
              title={t('已确认收到', 'Acknowledged')}
              subTitle={v.ackedAt ? t(`确认时间 ${fmtTime(v.ackedAt)}`, `at ${fmtTime(v.ackedAt)}`) : undefined}
              style={{ padding: '16px 0' }}
            />
          )}
          {acked && v.measuresAt && (
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} data-testid="measures-record">
              <Descriptions.Item label={t('已反馈措施', 'Measures reported')}>{v.measures}</Descriptions.Item>
              {v.peopleMoved != null && <Descriptions.Item label={t('转移人数', 'People moved')}>{v.peopleMoved}</Descriptions.Item>}
              <Descriptions.Item label={t('反馈时间', 'Reported at')}>{fmtTime(v.measuresAt)}</Descriptions.Item>
              {v.photoCount > 0 && <Descriptions.Item label={t('现场照片', 'Photos')}>{t(`${v.photoCount} 张`, `${v.photoCount}`)}</Descriptions.Item>}
            </Descriptions>
          )}
          {acked && !measuresToken && (
            <Alert type="info" showIcon message={t('此预警已结束，以上记录只读', 'This warning has ended; the record is read-only')} />
          )}
          {acked && measuresToken && reported && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              message={t('措施已反馈，谢谢。预警结束前可继续补充或修改。', 'Thank you. You can add to or correct it until the warning ends.')}
            />
          )}
          {acked && measuresToken && (
            <Form
              layout="vertical"
              onFinish={(x) => report.mutate(x)}
              initialValues={{ measures: v.measures ?? undefined, peopleMoved: v.peopleMoved ?? undefined }}
              data-testid="measures-form"
            >
              {report.error && <Alert type="error" showIcon message={(report.error as Error).message} style={{ marginBottom: 12 }} />}
              <Form.Item
                name="measures"
                label={v.measuresAt ? t('补充或修改措施', 'Add to or correct the measures') : t('请反馈已采取的措施', 'Measures taken')}
                rules={[{ required: true, min: 2, message: t('请填写措施', 'Describe the measures') }]}
              >
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Form.Item name="peopleMoved" label={t('转移人数', 'People moved')}>
                <InputNumber min={0} max={100000} style={{ width: '100%' }} />
              </Form.Item>
              {photosLeft > 0 && (
                <Form.Item label={t(`现场照片（可选，还可添加 ${photosLeft} 张）`, `Photos (optional, ${photosLeft} more)`)} htmlFor="ack-photos">
                  <Upload
                    id="ack-photos"
                    accept="image/*"
                    listType="picture"
                    maxCount={photosLeft}
                    customRequest={({ file, onSuccess, onError }) => {
                      const body = new FormData();
                      body.append('photo', file as Blob);
                      // No cookie: the signed link is the only credential here.
                      fetch(`/api/public/ack-photo/${measuresToken}`, { method: 'POST', body, credentials: 'omit' })
                        .then(async (res) => {
                          const data = await res.json().catch(() => ({}));
                          if (res.ok) onSuccess?.(data);
                          else onError?.(new Error(data?.error?.message ?? `HTTP ${res.status}`));
                        })
                        .catch((e) => onError?.(e));
                    }}
                  >
                    <Button icon={<CameraOutlined />}>{t('拍照或选择照片', 'Take or choose a photo')}</Button>
                  </Upload>
                </Form.Item>
              )}
              <Button htmlType="submit" type="primary" size="large" block loading={report.isPending}>
                {t('提交反馈', 'Submit')}
              </Button>
            </Form>
          )}
        </Card>
      )}
    </div>
  );
}
