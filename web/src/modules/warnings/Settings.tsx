// 叫应策略与接入: deadlines and reached roles per level (policy data), channel modes, registered CAP senders
// and the external CAP feeds pulled on their behalf.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { CHANNELS, PERSON_ROLES, WARNING_LEVELS, type WarningPolicy } from '../../../../shared/warnings.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { Senders } from './Senders';
import { channelLabel, LevelTag, roleLabel } from './shared';
import { formErrorMessage } from '../../components/formErrors';
import { InlineForm, PlainTable } from '../../components/FormParts';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { type ChannelsDto, type FeedDto as Feed, type SenderDto as CapSender, warningKeys } from './api';

export function Settings() {
  const { can } = useAuth();
  const editable = can('warning:approve');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<WarningPolicy>();
  const [feedForm] = Form.useForm<{ name: string; url: string; pollMinutes?: number; senderId: string }>();
  const senders = useQuery({ queryKey: ['warnings', 'senders'], queryFn: () => api.get<CapSender[]>('/api/warnings/senders'), enabled: editable });
  const policy = useQuery({ queryKey: ['warnings', 'policy'], queryFn: () => api.get<WarningPolicy>('/api/warnings/policy') });
  const channels = useQuery({
    queryKey: warningKeys.channels,
    queryFn: () => api.get<ChannelsDto>('/api/warnings/channels'),
  });
  const feeds = useQuery({ queryKey: warningKeys.feeds, queryFn: () => api.get<Feed[]>('/api/warnings/feeds') });
  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);

  const savePolicy = useMutation({
    mutationFn: (v: WarningPolicy) => api.put('/api/warnings/policy', { ...policy.data, ...v, levels: { ...policy.data?.levels, ...v.levels } }),
    onSuccess: () => {
      message.success(t('策略已保存，对之后发布的预警生效', 'Policy saved; applies to warnings released from now on'));
      qc.invalidateQueries({ queryKey: warningKeys.policy });
    },
    onError: (e) => message.error(formErrorMessage(form, e)),
  });
  const addFeed = useMutation({
    mutationFn: (v: { name: string; url: string; pollMinutes?: number; senderId: string }) => api.post('/api/warnings/feeds', v),
    onSuccess: () => qc.invalidateQueries({ queryKey: warningKeys.feeds }),
  });

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('叫应策略（按预警级别）', 'Call-response policy by level')} loading={policy.isLoading}>
        <Form form={form} onFinish={(v) => savePolicy.mutate(v)} disabled={!editable}>
          <Table
            size="small"
            pagination={false}
            rowKey={(l) => l}
            dataSource={[...WARNING_LEVELS]}
            columns={[
              { title: t('级别', 'Level'), render: (l) => <LevelTag level={l} /> },
              {
                title: t('确认时限（分钟）', 'Minutes to acknowledge'),
                render: (l) => (
                  <Form.Item name={['levels', l, 'ackMinutes']} noStyle>
                    <InputNumber min={1} max={1440} aria-label={`${l} ackMinutes`} />
                  </Form.Item>
                ),
              },
              {
                title: t('换渠道重试间隔（分钟）', 'Minutes between channels'),
                render: (l) => (
                  <Form.Item name={['levels', l, 'retryMinutes']} noStyle>
                    <InputNumber min={1} max={1440} />
                  </Form.Item>
                ),
              },
              {
                title: t('叫应角色', 'Roles reached'),
                width: '45%',
                render: (l) => (
                  <Form.Item name={['levels', l, 'roles']} noStyle>
                    <Select mode="multiple" style={{ width: '100%' }} options={PERSON_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
                  </Form.Item>
                ),
              },
              {
                title: t('含企业安全管理员', 'Enterprises'),
                render: (l) => (
                  <Form.Item name={['levels', l, 'enterprises']} valuePropName="checked" noStyle>
                    <Switch />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Space wrap style={{ marginTop: 12 }}>
            <Form.Item name="defaultLadder" label={t('默认渠道顺序', 'Default ladder')} style={{ minWidth: 360 }}>
              <Select mode="multiple" options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))} />
            </Form.Item>
            <Form.Item name="linkTtlHours" label={t('确认链接有效期（小时）', 'Link lifetime (hours)')}>
              <InputNumber min={1} max={168} />
            </Form.Item>
          </Space>
          {editable && (
            <Button type="primary" htmlType="submit" loading={savePolicy.isPending}>
              {t('保存策略', 'Save policy')}
            </Button>
          )}
        </Form>
      </Card>

      <Card title={t('送达渠道', 'Delivery channels')} loading={channels.isLoading}>
        <Space wrap>
          {CHANNELS.map((c) => {
            const ch = channels.data?.channels[c];
            return (
              <Tag key={c} color={ch?.mode === 'live' ? 'green' : 'default'}>
                {channelLabel(c)}：{ch?.mode === 'live' ? t('真实发送', 'live') : t('发件箱（仅记录）', 'outbox (recorded only)')}
              </Tag>
            );
          })}
        </Space>
        <Typography.Paragraph type={channels.data?.publicBaseUrl ? 'secondary' : 'danger'} style={{ marginTop: 12, marginBottom: 0 }}>
          {channels.data?.publicBaseUrl
            ? t(`叫应链接地址：${channels.data.publicBaseUrl}/ack/…`, `Acknowledgement links: ${channels.data.publicBaseUrl}/ack/…`)
            : t(
                '未配置公网地址（ANLAN_PUBLIC_URL）：叫应链接是相对地址，真实通道拒绝发送，发件箱记录会标为“相对链接”。',
                'No public address (ANLAN_PUBLIC_URL): links are relative; live channels refuse to send them and outbox rows are marked relative.',
              )}
        </Typography.Paragraph>
      </Card>

      {editable && <Senders />}

      <Card title={t('外部 CAP 预警订阅（拉取）', 'External CAP feeds (pulled)')}>
        {editable && (
          <InlineForm form={feedForm} onSubmit={(v) => addFeed.mutateAsync(v)} submitText={t('添加订阅', 'Add feed')}>
            <Form.Item name="name" rules={[{ required: true }]}>
              <Input placeholder={t('名称，如 宁波市气象台', 'Name')} />
            </Form.Item>
            <Form.Item name="url" rules={[{ required: true }]}>
              <Input placeholder="https://…" style={{ width: 360 }} />
            </Form.Item>
            <Form.Item name="pollMinutes">
              <InputNumber min={1} max={1440} placeholder={t('间隔(分)', 'Every (min)')} />
            </Form.Item>
            <Form.Item name="senderId" rules={[{ required: true, message: t('请选择该订阅代表的发送方', 'Pick the sender this feed speaks for') }]}>
              <Select
                style={{ width: 220 }}
                placeholder={t('代表的 CAP 发送方', 'CAP sender')}
                options={(senders.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.sender}）` }))}
              />
            </Form.Item>
          </InlineForm>
        )}
        <PlainTable<Feed>
          dataSource={feeds.data}
          columns={[
            { title: t('名称', 'Name'), dataIndex: 'name' },
            { title: 'URL', dataIndex: 'url', ellipsis: true },
            {
              title: t('代表的发送方', 'Sender'),
              render: (_, f) => f.senderName ?? <Tag color="red">{t('未绑定，不导入', 'none: imports nothing')}</Tag>,
            },
            { title: t('间隔(分)', 'Every (min)'), dataIndex: 'pollMinutes' },
            { title: t('上次拉取', 'Last poll'), dataIndex: 'lastPolledAt', render: fmtTime },
            {
              title: t('状态', 'Status'),
              render: (_, f) => (f.lastStatus ? <Tag color={f.lastStatus === 'ok' ? 'green' : 'red'}>{f.lastStatus}</Tag> : '—'),
            },
            { title: t('已导入', 'Imported'), dataIndex: 'importedCount' },
            { title: t('错误', 'Error'), dataIndex: 'lastError', ellipsis: true },
          ]}
        />
      </Card>
    </Space>
  );
}
