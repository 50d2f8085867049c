// 我的叫应: the signed-in responsible person's warnings — acknowledge in the app, then report measures.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, InputNumber, List, Space, Typography } from 'antd';
import { api } from '../../app/api';
import { LevelTag, RecipientTag } from './shared';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { type MineItem, warningKeys } from './api';

export function Mine() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const mine = useQuery({ queryKey: warningKeys.mine, queryFn: () => api.get<MineItem[]>('/api/warnings/mine'), refetchInterval: 30_000 });
  const done = () => qc.invalidateQueries({ queryKey: warningKeys.mine });
  const ack = useMutation({
    mutationFn: (id: string) => api.post(`/api/warnings/recipients/${id}/ack`),
    onSuccess: done,
    onError: (e) => message.error((e as Error).message),
  });
  const measures = useMutation({
    mutationFn: ({ id, v }: { id: string; v: { measures: string; peopleMoved?: number } }) => api.post(`/api/warnings/recipients/${id}/measures`, v),
    onSuccess: () => {
      message.success(t('措施已反馈', 'Measures reported'));
      done();
    },
    onError: (e) => message.error((e as Error).message),
  });
  return (
    <Card title={t('我的叫应', 'My warnings')} loading={mine.isLoading}>
      {mine.data?.length === 0 && <Empty description={t('暂无需要确认的预警', 'Nothing to acknowledge')} />}
      <List
        dataSource={mine.data ?? []}
        renderItem={(m) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <LevelTag level={m.level} />
                <Typography.Text strong>{m.headline}</Typography.Text>
                <RecipientTag state={m.state} />
                <Typography.Text type="secondary">{m.areaDesc}</Typography.Text>
              </Space>
              {m.state === 'pending' || m.state === 'not_reached' ? (
                <Space>
                  <Typography.Text type="secondary">{t(`请于 ${fmtTime(m.deadlineAt)} 前确认`, `Acknowledge by ${fmtTime(m.deadlineAt)}`)}</Typography.Text>
                  <Button type="primary" loading={ack.isPending} onClick={() => ack.mutate(m.id)}>
                    {t('确认收到', 'Acknowledge')}
                  </Button>
                </Space>
              ) : m.ackedAt && !m.measures ? (
                <Form layout="inline" onFinish={(v) => measures.mutate({ id: m.id, v })}>
                  <Form.Item name="measures" rules={[{ required: true, min: 2, message: t('请填写采取的措施', 'Describe the measures') }]}>
                    <Input placeholder={t('已采取的措施', 'Measures taken')} style={{ width: 360 }} />
                  </Form.Item>
                  <Form.Item name="peopleMoved">
                    <InputNumber min={0} placeholder={t('转移人数', 'People moved')} />
                  </Form.Item>
                  <Button htmlType="submit">{t('反馈措施', 'Report')}</Button>
                </Form>
              ) : (
                m.measures && <Typography.Text>{`${t('已反馈', 'Reported')}：${m.measures}`}</Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
