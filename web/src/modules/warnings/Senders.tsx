// Registered CAP senders (外部预警发送方): the only callers that may push CAP alerts, each with its own
// credential (shown once), bound to a CAP sender id and the divisions it may warn, with its release policy.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { InlineForm, PlainTable } from '../../components/FormParts';
import { usePlaces } from '../../components/places';
import type { SenderDto as CapSender } from './api';

interface SenderForm {
  name: string;
  sender: string;
  areaCodes: string[];
  release: 'draft' | 'release';
}

const releaseOptions = () => [
  { value: 'draft', label: t('进入审批（推荐）', 'Wait for approval (recommended)') },
  { value: 'release', label: t('直接发布并叫应', 'Release and call at once') },
];

export function Senders() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const places = usePlaces();
  const [form] = Form.useForm<SenderForm>();
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const senders = useQuery({ queryKey: ['warnings', 'senders'], queryFn: () => api.get<CapSender[]>('/api/warnings/senders') });
  const done = () => qc.invalidateQueries({ queryKey: ['warnings', 'senders'] });

  const create = useMutation({
    mutationFn: (v: SenderForm) => api.post<CapSender & { token: string }>('/api/warnings/senders', v),
    onSuccess: (s) => {
      setShown({ name: s.name, token: s.token });
      done();
    },
  });
  const update = useMutation({
    mutationFn: (s: CapSender) => api.put(`/api/warnings/senders/${s.id}`, { name: s.name, areaCodes: s.areaCodes, release: s.release, enabled: s.enabled }),
    onSuccess: done,
    onError: (e) => message.error((e as Error).message),
  });
  const rotate = useMutation({
    mutationFn: (s: CapSender) => api.post<{ token: string }>(`/api/warnings/senders/${s.id}/token`).then((r) => ({ name: s.name, token: r.token })),
    onSuccess: setShown,
    onError: (e) => message.error((e as Error).message),
  });

  return (
    <Card title={t('CAP 预警发送方（推送接入）', 'Registered CAP senders (push)')}>
      <Typography.Paragraph type="secondary">
        {t(
          '只有在此登记的发送方可以向 POST /api/warnings/cap 推送 CAP 预警，使用各自的凭据（Authorization: Bearer …）。文档中的 sender 必须与登记的一致，预警区域限制在其可发布的区划内。',
          'Only senders registered here may push CAP alerts to POST /api/warnings/cap, each with its own credential (Authorization: Bearer …). The document’s sender must match, and the area is clipped to the divisions it may warn.',
        )}
      </Typography.Paragraph>
      <InlineForm<SenderForm>
        form={form}
        initialValues={{ release: 'draft' }}
        onSubmit={(v) => create.mutateAsync(v)}
        submitText={t('登记发送方', 'Register sender')}
      >
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('名称，如 宁波市气象台', 'Name')} />
        </Form.Item>
        <Form.Item name="sender" rules={[{ required: true }]}>
          <Input placeholder={t('CAP sender，如 qxj@nbqx.gov.cn', 'CAP sender id')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="areaCodes" rules={[{ required: true, message: t('请选择可发布的区划', 'Pick the divisions') }]}>
          <TreeSelect
            multiple
            treeCheckable
            showCheckedStrategy={TreeSelect.SHOW_PARENT}
            treeData={places.jurisdictionOptions}
            placeholder={t('可发布的区划', 'Divisions it may warn')}
            style={{ width: 260 }}
            aria-label={t('可发布的区划', 'Divisions')}
          />
        </Form.Item>
        <Form.Item name="release">
          <Select style={{ width: 200 }} options={releaseOptions()} aria-label={t('发布方式', 'Release policy')} />
        </Form.Item>
      </InlineForm>
      <PlainTable<CapSender>
        query={senders}
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name' },
          { title: 'sender', dataIndex: 'sender' },
          { title: t('可发布区划', 'Divisions'), dataIndex: 'areaCodes', render: (codes: string[]) => codes.map((c) => <Tag key={c}>{c}</Tag>) },
          {
            title: t('发布方式', 'Release'),
            render: (_, s) => (
              <Select
                size="small"
                value={s.release}
                style={{ width: 180 }}
                options={releaseOptions()}
                onChange={(release) => update.mutate({ ...s, release })}
              />
            ),
          },
          {
            title: t('启用', 'Enabled'),
            render: (_, s) => <Switch size="small" checked={s.enabled} onChange={(enabled) => update.mutate({ ...s, enabled })} />,
          },
          { title: t('最近推送', 'Last used'), dataIndex: 'lastUsedAt', render: fmtTime },
          {
            title: '',
            render: (_, s) => (
              <Button size="small" onClick={() => rotate.mutate(s)}>
                {t('更换凭据', 'New credential')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!shown}
        title={t(`${shown?.name ?? ''} 的推送凭据`, `Credential for ${shown?.name ?? ''}`)}
        onOk={() => setShown(null)}
        onCancel={() => setShown(null)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            type="warning"
            showIcon
            message={t('凭据只显示这一次，请立即交给发送方妥善保存；旧凭据已失效。', 'Shown only once; any earlier credential no longer works.')}
          />
          <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
            {shown?.token}
          </Typography.Paragraph>
        </Space>
      </Modal>
    </Card>
  );
}
