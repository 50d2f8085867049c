// 告警规则: the rules per device type (and per-device overrides), with a form to add one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import {
  DEVICE_TYPE_NAMES,
  DEVICE_TYPES,
  RULE_KIND_LABELS,
  RULE_KINDS,
  RULE_OP_LABELS,
  RULE_OPS,
  type RuleKind,
  SEVERITIES,
  SEVERITY_LABELS,
} from '../../../../shared/monitoring.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { t } from '../../app/i18n';
import { FormModal, PlainTable } from '../../components/FormParts';
import { labelOf, labelOptions } from '../../components/LabelTag';
import { monitoringKeys, type Rule } from './api';
import { SeverityTag } from './shared';

function condition(r: Rule) {
  switch (r.kind) {
    case 'offline':
      return t(`${r.offlineMinutes} 分钟无数据`, `no data for ${r.offlineMinutes} min`);
    case 'rate':
      return t(`${r.metric} 每分钟变化超过 ${r.ratePerMin}`, `${r.metric} changes more than ${r.ratePerMin} per minute`);
    default: {
      const c =
        r.op === 'between'
          ? t(`介于 ${r.threshold}–${r.threshold2}`, `between ${r.threshold}–${r.threshold2}`)
          : `${labelOf(RULE_OP_LABELS, r.op)} ${r.threshold}`;
      const lasting = r.kind === 'duration' ? t(` 持续 ${r.durationS} 秒`, ` for ${r.durationS} s`) : '';
      return `${r.metric} ${c}${lasting}${r.hysteresis ? t(`（回差 ${r.hysteresis}）`, ` (hysteresis ${r.hysteresis})`) : ''}`;
    }
  }
}

/** The numbers of a rule, two rows of `[name, label, min?]`: the threshold's, then the other kinds'. */
const numberRows = (): [string, string, number?][][] => [
  [
    ['threshold', t('阈值', 'Threshold')],
    ['threshold2', t('上限（介于）', 'Upper bound (between)')],
    ['hysteresis', t('回差', 'Hysteresis'), 0],
  ],
  [
    ['durationS', t('持续秒数', 'Seconds sustained'), 1],
    ['ratePerMin', t('每分钟变化', 'Change per minute')],
    ['offlineMinutes', t('离线分钟', 'Minutes offline'), 1],
  ],
];

export function RuleList() {
  const { can } = useAuth();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const q = useQuery({ queryKey: ['monitoring', 'rules'], queryFn: () => api.get<Rule[]>('/api/monitoring/rules') });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post('/api/monitoring/rules', v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: monitoringKeys.rules }),
  });
  return (
    <Card
      size="small"
      extra={
        can('monitoring:write') && (
          <Button type="primary" onClick={() => setOpen(true)}>
            {t('新增规则', 'Add a rule')}
          </Button>
        )
      }
    >
      <PlainTable<Rule>
        query={q}
        sticky
        empty={t('还没有告警规则：新增一条，设备读数超限时才会告警', 'No rules yet: add one, or readings never raise alarms')}
        columns={[
          { title: t('规则', 'Rule'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
          {
            title: t('适用', 'Applies to'),
            render: (_, r) =>
              r.deviceType
                ? t(`${labelOf(DEVICE_TYPE_NAMES, r.deviceType)}（全部）`, `all ${labelOf(DEVICE_TYPE_NAMES, r.deviceType)}`)
                : t(`设备 ${r.deviceId}`, `device ${r.deviceId}`),
          },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: RuleKind) => labelOf(RULE_KIND_LABELS, k) },
          { title: t('条件', 'Condition'), render: (_, r) => condition(r) },
          {
            title: t('级别', 'Level'),
            dataIndex: 'severity',
            sorter: (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
            render: (s) => <SeverityTag s={s} />,
          },
          {
            title: t('启用', 'Enabled'),
            dataIndex: 'enabled',
            render: (e) => (e ? <Tag color="green">{t('启用', 'On')}</Tag> : <Tag>{t('停用', 'Off')}</Tag>),
          },
        ]}
      />
      <FormModal<Record<string, unknown>>
        open={open}
        title={t('新增规则', 'Add a rule')}
        onClose={() => setOpen(false)}
        initialValues={{ kind: 'threshold', op: 'gt', severity: 'medium', hysteresis: 0 }}
        onSubmit={(v) => create.mutateAsync(v)}
      >
        <Form.Item name="name" label={t('规则名称', 'Rule name')} rules={[{ required: true, message: t('请填写规则名称', 'Name the rule') }]}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="deviceType" label={t('设备类型', 'Device type')}>
            <Select allowClear style={{ width: 150 }} options={labelOptions(DEVICE_TYPES, DEVICE_TYPE_NAMES)} />
          </Form.Item>
          <Form.Item name="deviceId" label={t('或指定设备编号', 'Or one device ID')}>
            <Input style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="kind" label={t('规则类型', 'Kind')}>
            <Select style={{ width: 130 }} options={labelOptions(RULE_KINDS, RULE_KIND_LABELS)} />
          </Form.Item>
          <Form.Item name="metric" label={t('指标', 'Metric')}>
            <Input style={{ width: 120 }} placeholder={t('如 lel', 'e.g. lel')} />
          </Form.Item>
          <Form.Item name="op" label={t('比较', 'Comparison')}>
            <Select style={{ width: 100 }} options={labelOptions(RULE_OPS, RULE_OP_LABELS)} />
          </Form.Item>
        </Space>
        {numberRows().map((row) => (
          <Space wrap key={row[0][0]}>
            {row.map(([name, label, min]) => (
              <Form.Item key={name} name={name} label={label}>
                <InputNumber min={min} />
              </Form.Item>
            ))}
          </Space>
        ))}
        <Form.Item name="severity" label={t('级别', 'Level')}>
          <Select options={labelOptions(SEVERITIES, SEVERITY_LABELS)} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
