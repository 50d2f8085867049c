// The public one-tap acknowledgement page (/ack/:token, no sign-in): what the warning says, one button to
// confirm, then a short measures report.
import { CameraOutlined, CheckCircleTwoTone } from '@ant-design/icons';
import { QueryClient, QueryClientProvider, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Result, Space, Typography, Upload } from 'antd';
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
  const [measuresToken, setMeasuresToken] = useState<string>();
  const [reported, setReported] = useState(false);
  const view = useQuery({ queryKey: ['ack', token], queryFn: () => api.get<LinkView>(`/api/public/ack/${token}`), retry: false });
  const ack = useMutation({
    mutationFn: () => api.post<LinkAck>(`/api/public/ack/${token}`),
    onSuccess: (r) => setMeasuresToken(r.measuresToken),
  });
  const report = useMutation({
    mutationFn: (v: { measures: string; peopleMoved?: number }) => api.post(`/api/public/ack-measures/${measuresToken}`, v),
    onSuccess: () => setReported(true),
  });

  const v = view.data;
  const err = (view.error ?? ack.error) as ApiError | null;
  const acked = !!measuresToken || !!v?.ackedAt;
  return (
    <div style={{ maxWidth: 560, margin: '24px auto', padding: 12 }}>
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
              {v.warning.headline}
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
          {!acked && (
            <>
              <Typography.Paragraph>{t(`请在 ${fmtTime(v.deadlineAt)} 前确认`, `Please acknowledge by ${fmtTime(v.deadlineAt)}`)}</Typography.Paragraph>
              <Button type="primary" size="large" block loading={ack.isPending} onClick={() => ack.mutate()} disabled={v.warning.status !== 'released'}>
                {t('确认收到', 'I acknowledge')}
              </Button>
            </>
          )}
          {acked && !reported && (
            <>
              <Result
                icon={<CheckCircleTwoTone twoToneColor="#52c41a" />}
                title={t('已确认收到', 'Acknowledged')}
                subTitle={
                  measuresToken
                    ? t('请反馈已采取的措施', 'Please report the measures you have taken')
                    : t('此预警您已确认过', 'You already acknowledged this warning')
                }
              />
              {measuresToken && (
                <Form layout="vertical" onFinish={(x) => report.mutate(x)}>
                  {report.error && <Alert type="error" showIcon message={(report.error as Error).message} style={{ marginBottom: 12 }} />}
                  <Form.Item
                    name="measures"
                    label={t('已采取的措施', 'Measures taken')}
                    rules={[{ required: true, min: 2, message: t('请填写措施', 'Describe the measures') }]}
                  >
                    <Input.TextArea rows={3} maxLength={2000} />
                  </Form.Item>
                  <Form.Item name="peopleMoved" label={t('转移人数', 'People moved')}>
                    <InputNumber min={0} max={100000} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item label={t('现场照片（可选，最多3张）', 'Photos (optional, up to 3)')}>
                    <Upload
                      accept="image/*"
                      listType="picture"
                      maxCount={3}
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
                  <Button htmlType="submit" type="primary" block loading={report.isPending}>
                    {t('提交反馈', 'Submit')}
                  </Button>
                </Form>
              )}
            </>
          )}
          {reported && <Result status="success" title={t('措施已反馈，谢谢', 'Thank you, measures reported')} />}
        </Card>
      )}
    </div>
  );
}
