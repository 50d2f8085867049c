// 告警列表与详情: filter and page through alarms; triage, dispatch, handle, close, convert to a hazard.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Timeline, Typography, message } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ALARM_STATE_LABELS, ALARM_STATES, SEVERITIES, SEVERITY_LABELS } from '../../../../shared/monitoring.ts';
import { ApiError, api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { Trend } from './Live';
import { type Alarm, fmt, type Page, SeverityTag, StateTag } from './shared';

export function AlarmList() {
  const [status, setStatus] = useState<string>('open');
  const [severity, setSeverity] = useState<string>();
  const [page, setPage] = useState(1);
  const qs = new URLSearchParams({ page: String(page), pageSize: '20', ...(status ? { status } : {}), ...(severity ? { severity } : {}) });
  const q = useQuery({ queryKey: ['monitoring', 'alarms', qs.toString()], queryFn: () => api.get<Page<Alarm>>(`/api/monitoring/alarms?${qs}`) });
  return (
    <Card size="small">
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: 'open', label: '未关闭' },
            { value: '', label: '全部状态' },
            ...ALARM_STATES.map((s) => ({ value: s, label: ALARM_STATE_LABELS[s] })),
          ]}
        />
        <Select
          allowClear
          placeholder="全部级别"
          style={{ width: 140 }}
          value={severity}
          onChange={(v) => {
            setSeverity(v);
            setPage(1);
          }}
          options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
        />
      </Space>
      <Table<Alarm>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items}
        pagination={{ current: page, total: q.data?.total, pageSize: 20, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
        columns={[
          { title: '级别', dataIndex: 'severity', width: 90, render: (s) => <SeverityTag s={s} /> },
          { title: '设备', dataIndex: 'device_name', render: (n, a) => <Link to={`/monitoring/alarms/${a.id}`}>{n}</Link> },
          { title: '告警内容', dataIndex: 'message' },
          { title: '次数', dataIndex: 'count', width: 60 },
          { title: '首次告警', dataIndex: 'raised_at', width: 170, render: fmt },
          { title: '状态', dataIndex: 'status', width: 90, render: (s) => <StateTag s={s} /> },
          { title: '升级', dataIndex: 'escalation_level', width: 70, render: (l: number) => (l ? `第 ${l} 级` : '—') },
        ]}
      />
    </Card>
  );
}

interface Detail extends Alarm {
  timeline: { id: number; at: string; action: string; actor_name: string | null; detail: Record<string, unknown> | null }[];
}
const ACTION_LABELS: Record<string, string> = {
  raised: '告警产生',
  repeated: '再次触发',
  triage: '研判',
  dispatch: '派发',
  handle: '开始处置',
  close: '关闭',
  escalated: '超时升级',
  to_hazard: '转为隐患',
};

export function AlarmDetail() {
  const { id } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { can } = useAuth();
  const [form] = Form.useForm();
  const [action, setAction] = useState<'triage' | 'dispatch' | 'handle' | 'close' | null>(null);
  const q = useQuery({ queryKey: ['monitoring', 'alarms', 'one', id], queryFn: () => api.get<Detail>(`/api/monitoring/alarms/${id}`) });
  const towns = useQuery({
    queryKey: ['org', 'towns'],
    queryFn: () => api.get<{ code: string; name: string; kind: string; children?: { code: string; name: string; kind: string }[] }[]>('/api/orgs/tree'),
    enabled: action === 'dispatch',
  });
  const act = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post(`/api/monitoring/alarms/${id}/${action}`, { version: q.data?.version, ...body }),
    onSuccess: () => {
      message.success('已提交');
      setAction(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['monitoring', 'alarms'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })));
      else message.error((e as Error).message);
    },
  });
  const toHazard = useMutation({
    mutationFn: () => api.post<{ hazardId: string }>(`/api/monitoring/alarms/${id}/hazard`, {}),
    onSuccess: (r) => {
      message.success('已转为隐患');
      void qc.invalidateQueries({ queryKey: ['monitoring', 'alarms'] });
      navigate(`/hazards/${r.hazardId}`);
    },
    onError: (e) => message.error((e as Error).message),
  });
  if (q.error) return <Alert type="error" showIcon title="加载失败" description={(q.error as Error).message} />;
  const a = q.data;
  if (!a) return <Card loading />;
  const writable = can('monitoring:write');
  const units = [...(towns.data ?? []).flatMap((d) => (d.children ?? []).filter((c) => c.kind !== 'village'))].map((u) => ({ value: u.code, label: u.name }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space>
            <SeverityTag s={a.severity} />
            {a.device_name}
            <StateTag s={a.status} />
          </Space>
        }
        extra={
          writable && (
            <Space>
              {a.status === 'raised' && (
                <Button type="primary" onClick={() => setAction('triage')}>
                  研判
                </Button>
              )}
              {a.status === 'triaged' && (
                <Button type="primary" onClick={() => setAction('dispatch')}>
                  派发
                </Button>
              )}
              {a.status === 'dispatched' && (
                <Button type="primary" onClick={() => setAction('handle')}>
                  开始处置
                </Button>
              )}
              {a.status !== 'closed' && <Button onClick={() => setAction('close')}>关闭</Button>}
              {!a.hazard_id && can('hazard:write') && a.verdict !== 'false_alarm' && (
                <Button danger loading={toHazard.isPending} onClick={() => toHazard.mutate()}>
                  转为隐患
                </Button>
              )}
            </Space>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="告警内容" span={2}>
            {a.message}
          </Descriptions.Item>
          <Descriptions.Item label="设备编号">{a.device_id}</Descriptions.Item>
          <Descriptions.Item label="触发次数">{a.count}</Descriptions.Item>
          <Descriptions.Item label="首值 / 最新值">
            {a.first_value ?? '—'} / {a.last_value ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="首次告警">{fmt(a.raised_at)}</Descriptions.Item>
          <Descriptions.Item label="最近触发">{fmt(a.last_at)}</Descriptions.Item>
          <Descriptions.Item label="恢复正常">{a.cleared_at ? fmt(a.cleared_at) : '尚未恢复'}</Descriptions.Item>
          <Descriptions.Item label="研判结论">{a.verdict === 'true_alarm' ? '真实告警' : a.verdict === 'false_alarm' ? '误报' : '—'}</Descriptions.Item>
          <Descriptions.Item label="派发至">{a.dispatch_to ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="关联隐患">{a.hazard_id ? <Link to={`/hazards/${a.hazard_id}`}>查看隐患</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label="超时升级">{a.escalation_level ? `第 ${a.escalation_level} 级` : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="处置过程">
        <Timeline
          items={a.timeline.map((e) => ({
            key: e.id,
            content: (
              <>
                <Typography.Text strong>{ACTION_LABELS[e.action] ?? e.action}</Typography.Text> {e.actor_name ?? ''}{' '}
                <Typography.Text type="secondary">{fmt(e.at)}</Typography.Text>
                {typeof e.detail?.note === 'string' && <div>{e.detail.note}</div>}
              </>
            ),
          }))}
        />
      </Card>
      <Card size="small" title="设备趋势">
        <Trend deviceId={a.device_id} />
      </Card>
      <Modal
        open={!!action}
        title={{ triage: '告警研判', dispatch: '派发处置', handle: '开始处置', close: '关闭告警' }[action ?? 'triage']}
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        confirmLoading={act.isPending}
        okText="提交"
        cancelText="取消"
      >
        <Form form={form} layout="vertical" onFinish={(v) => act.mutate(v)}>
          {action === 'triage' && (
            <Form.Item name="verdict" label="研判结论" rules={[{ required: true, message: '请选择研判结论' }]}>
              <Radio.Group>
                <Radio value="true_alarm">真实告警</Radio>
                <Radio value="false_alarm">误报（直接关闭）</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          {action === 'dispatch' && (
            <>
              <Form.Item name="toKind" label="派发对象类型" initialValue="town" rules={[{ required: true }]}>
                <Radio.Group>
                  <Radio value="town">镇街</Radio>
                  <Radio value="department">部门</Radio>
                  <Radio value="person">个人</Radio>
                </Radio.Group>
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() =>
                  form.getFieldValue('toKind') === 'person' ? (
                    <Form.Item name="to" label="处置人" rules={[{ required: true, message: '请填写处置人' }]}>
                      <Input />
                    </Form.Item>
                  ) : (
                    <Form.Item name="to" label="处置单位" rules={[{ required: true, message: '请选择处置单位' }]}>
                      <Select showSearch optionFilterProp="label" options={units} loading={towns.isLoading} />
                    </Form.Item>
                  )
                }
              </Form.Item>
            </>
          )}
          <Form.Item name="note" label="说明">
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
