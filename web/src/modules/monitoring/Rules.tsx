// 告警规则: the rules per device type (and per-device overrides), with a form to add one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, message } from 'antd';
import { useState } from 'react';
import {
  DEVICE_TYPE_LABELS,
  DEVICE_TYPES,
  type DeviceType,
  RULE_KIND_LABELS,
  RULE_KINDS,
  RULE_OP_LABELS,
  RULE_OPS,
  type RuleKind,
  type RuleOp,
  SEVERITIES,
  SEVERITY_LABELS,
} from '../../../../shared/monitoring.ts';
import { ApiError, api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { SeverityTag } from './shared';

interface Rule {
  id: string;
  name: string;
  device_type: DeviceType | null;
  device_id: string | null;
  metric: string | null;
  kind: RuleKind;
  op: RuleOp | null;
  threshold: number | null;
  threshold2: number | null;
  hysteresis: number;
  duration_s: number | null;
  rate_per_min: number | null;
  offline_minutes: number | null;
  severity: 'low' | 'medium' | 'high' | 'critical';
  enabled: boolean;
}

function condition(r: Rule) {
  switch (r.kind) {
    case 'offline':
      return `${r.offline_minutes} 分钟无数据`;
    case 'rate':
      return `${r.metric} 每分钟变化超过 ${r.rate_per_min}`;
    default: {
      const c = r.op === 'between' ? `介于 ${r.threshold}–${r.threshold2}` : `${RULE_OP_LABELS[r.op as RuleOp]} ${r.threshold}`;
      return `${r.metric} ${c}${r.kind === 'duration' ? ` 持续 ${r.duration_s} 秒` : ''}${r.hysteresis ? `（回差 ${r.hysteresis}）` : ''}`;
    }
  }
}

export function RuleList() {
  const { can } = useAuth();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const q = useQuery({ queryKey: ['monitoring', 'rules'], queryFn: () => api.get<Rule[]>('/api/monitoring/rules') });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post('/api/monitoring/rules', v),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['monitoring', 'rules'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })));
      else message.error((e as Error).message);
    },
  });
  return (
    <Card
      size="small"
      extra={
        can('monitoring:write') && (
          <Button type="primary" onClick={() => setOpen(true)}>
            新增规则
          </Button>
        )
      }
    >
      <Table<Rule>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data}
        pagination={false}
        columns={[
          { title: '规则', dataIndex: 'name' },
          { title: '适用', render: (_, r) => (r.device_type ? `${DEVICE_TYPE_LABELS[r.device_type]}（全部）` : `设备 ${r.device_id}`) },
          { title: '类型', dataIndex: 'kind', render: (k: RuleKind) => RULE_KIND_LABELS[k] },
          { title: '条件', render: (_, r) => condition(r) },
          { title: '级别', dataIndex: 'severity', render: (s) => <SeverityTag s={s} /> },
          { title: '启用', dataIndex: 'enabled', render: (e) => (e ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
        ]}
      />
      <Modal
        open={open}
        title="新增规则"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okText="保存"
        cancelText="取消"
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'threshold', op: 'gt', severity: 'medium', hysteresis: 0 }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="name" label="规则名称" rules={[{ required: true, message: '请填写规则名称' }]}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="deviceType" label="设备类型">
              <Select allowClear style={{ width: 150 }} options={DEVICE_TYPES.map((t) => ({ value: t, label: DEVICE_TYPE_LABELS[t] }))} />
            </Form.Item>
            <Form.Item name="deviceId" label="或指定设备编号">
              <Input style={{ width: 180 }} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="kind" label="规则类型">
              <Select style={{ width: 130 }} options={RULE_KINDS.map((k) => ({ value: k, label: RULE_KIND_LABELS[k] }))} />
            </Form.Item>
            <Form.Item name="metric" label="指标">
              <Input style={{ width: 120 }} placeholder="如 lel" />
            </Form.Item>
            <Form.Item name="op" label="比较">
              <Select style={{ width: 100 }} options={RULE_OPS.map((o) => ({ value: o, label: RULE_OP_LABELS[o] }))} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="threshold" label="阈值">
              <InputNumber />
            </Form.Item>
            <Form.Item name="threshold2" label="上限（介于）">
              <InputNumber />
            </Form.Item>
            <Form.Item name="hysteresis" label="回差">
              <InputNumber min={0} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="durationS" label="持续秒数">
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="ratePerMin" label="每分钟变化">
              <InputNumber />
            </Form.Item>
            <Form.Item name="offlineMinutes" label="离线分钟">
              <InputNumber min={1} />
            </Form.Item>
          </Space>
          <Form.Item name="severity" label="级别">
            <Select options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
