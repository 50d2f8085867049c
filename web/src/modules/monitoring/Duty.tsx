// 值班值守: the week's roster (officer + leader on duty), handover with the open alarms acknowledged by the
// incoming shift, the duty log, and the accident-reporting clocks (493号令) as live countdowns.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, List, Modal, Row, Select, Space, Steps, Table, Tag, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { DUTY_LOG_KIND_LABELS, DUTY_LOG_KINDS, type DutyLogKind, type Severity } from '../../../../shared/monitoring.ts';
import { ApiError, api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmt, SeverityTag } from './shared';

const UNIT = '330203D01'; // the bureau's duty room (区应急管理局总值班室)

interface Shift {
  id: string;
  unit_code: string;
  starts_at: string;
  ends_at: string;
  officer_id: string;
  leader_id: string;
  officer_name: string;
  leader_name: string;
  handover_id: string | null;
  acknowledged_at: string | null;
}
interface Handover {
  id: string;
  to_shift_id: string;
  note: string | null;
  handed_over_at: string;
  open_items: { id: string; message: string; severity: Severity; status: string }[];
  acknowledged_at: string | null;
}
interface Accident {
  id: string;
  title: string;
  occurred_at: string;
  known_at: string;
  clocks: { step: 'county' | 'city' | 'province'; label: string; due: string; reportedAt: string | null; late: boolean | null }[];
}

function useNow(ms = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function countdown(due: string, now: number) {
  const left = new Date(due).getTime() - now;
  const abs = Math.abs(left);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const txt = `${h > 0 ? `${h} 小时 ` : ''}${m} 分 ${String(s).padStart(2, '0')} 秒`;
  return left >= 0 ? { text: `剩余 ${txt}`, late: false } : { text: `已超时 ${txt}`, late: true };
}

function Roster() {
  const { me, can } = useAuth();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [handover, setHandover] = useState<Handover | null>(null);
  const [form] = Form.useForm();
  const from = dayjs().startOf('day').subtract(1, 'day');
  const to = from.add(8, 'day');
  const shifts = useQuery({
    queryKey: ['monitoring', 'duty', 'shifts'],
    queryFn: () => api.get<Shift[]>(`/api/monitoring/duty/shifts?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`),
  });
  const people = useQuery({
    queryKey: ['monitoring', 'duty', 'people'],
    queryFn: () => api.get<{ id: string; display_name: string; roles: string[] }[]>('/api/monitoring/duty/people'),
    enabled: adding,
  });
  const onError = (e: unknown) => {
    if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })));
    else message.error((e as Error).message);
  };
  const add = useMutation({
    mutationFn: (v: { range: [Dayjs, Dayjs]; officerId: string; leaderId: string }) =>
      api.post('/api/monitoring/duty/shifts', {
        unitCode: UNIT,
        startsAt: v.range[0].toISOString(),
        endsAt: v.range[1].toISOString(),
        officerId: v.officerId,
        leaderId: v.leaderId,
      }),
    onSuccess: () => {
      setAdding(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['monitoring', 'duty'] });
    },
    onError,
  });
  const handOver = useMutation({
    mutationFn: (toShiftId: string) => api.post<{ id: string }>('/api/monitoring/duty/handovers', { toShiftId }),
    onSuccess: async (r) => {
      void qc.invalidateQueries({ queryKey: ['monitoring', 'duty'] });
      setHandover(await api.get<Handover>(`/api/monitoring/duty/handovers/${r.id}`));
    },
    onError: (e) => message.error((e as Error).message),
  });
  const ack = useMutation({
    mutationFn: (id: string) => api.post(`/api/monitoring/duty/handovers/${id}/ack`),
    onSuccess: () => {
      message.success('已确认接班');
      setHandover(null);
      void qc.invalidateQueries({ queryKey: ['monitoring', 'duty'] });
    },
    onError: (e) => message.error((e as Error).message),
  });
  const now = Date.now();
  const options = (role: string) => (people.data ?? []).filter((p) => p.roles.includes(role)).map((p) => ({ value: p.id, label: p.display_name }));
  return (
    <Card size="small" title="值班表（区应急管理局总值班室）" extra={can('duty:write') && <Button onClick={() => setAdding(true)}>新增班次</Button>}>
      <Table<Shift>
        rowKey="id"
        size="small"
        pagination={false}
        loading={shifts.isLoading}
        dataSource={shifts.data}
        rowClassName={(s) => (new Date(s.starts_at).getTime() <= now && new Date(s.ends_at).getTime() > now ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '班次', render: (_, s) => `${dayjs(s.starts_at).format('MM-DD HH:mm')} — ${dayjs(s.ends_at).format('MM-DD HH:mm')}` },
          { title: '值班员', dataIndex: 'officer_name' },
          { title: '带班领导', dataIndex: 'leader_name' },
          {
            title: '交接',
            render: (_, s) =>
              s.handover_id ? (
                <Space>
                  {s.acknowledged_at ? <Tag color="green">已接班</Tag> : <Tag color="orange">待确认</Tag>}
                  <Typography.Link onClick={async () => setHandover(await api.get<Handover>(`/api/monitoring/duty/handovers/${s.handover_id}`))}>
                    查看
                  </Typography.Link>
                </Space>
              ) : can('duty:write') && new Date(s.starts_at).getTime() > now - 86_400_000 ? (
                <Button size="small" loading={handOver.isPending} onClick={() => handOver.mutate(s.id)}>
                  交班给此班次
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <Modal
        open={adding}
        title="新增班次"
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={add.isPending}
        okText="保存"
        cancelText="取消"
      >
        <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
          <Form.Item name="range" label="起止时间" rules={[{ required: true, message: '请选择起止时间' }]}>
            <DatePicker.RangePicker showTime format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="officerId" label="值班员" rules={[{ required: true, message: '请选择值班员' }]}>
            <Select options={options('duty_officer')} loading={people.isLoading} />
          </Form.Item>
          <Form.Item name="leaderId" label="带班领导" rules={[{ required: true, message: '请选择带班领导' }]}>
            <Select options={options('duty_leader')} loading={people.isLoading} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!handover}
        title="交接班"
        onCancel={() => setHandover(null)}
        footer={
          handover && !handover.acknowledged_at
            ? [
                <Button key="ack" type="primary" loading={ack.isPending} onClick={() => ack.mutate(handover.id)}>
                  确认接班（{me?.displayName}）
                </Button>,
              ]
            : null
        }
      >
        {handover && (
          <>
            <Typography.Paragraph>
              交班时间 {fmt(handover.handed_over_at)}
              {handover.note ? `；交班说明：${handover.note}` : ''}
              {handover.acknowledged_at ? `；已于 ${fmt(handover.acknowledged_at)} 确认接班` : ''}
            </Typography.Paragraph>
            <Typography.Text strong>未关闭告警 {handover.open_items.length} 条</Typography.Text>
            <List
              size="small"
              dataSource={handover.open_items}
              style={{ maxHeight: 320, overflow: 'auto' }}
              renderItem={(i) => (
                <List.Item key={i.id}>
                  <SeverityTag s={i.severity} /> {i.message}
                </List.Item>
              )}
            />
          </>
        )}
      </Modal>
    </Card>
  );
}

function DutyLog() {
  const { can } = useAuth();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const log = useQuery({
    queryKey: ['monitoring', 'duty', 'log'],
    queryFn: () => api.get<{ id: string; at: string; kind: DutyLogKind; content: string; author_name: string }[]>('/api/monitoring/duty/log?limit=50'),
  });
  const add = useMutation({
    mutationFn: (v: { kind: DutyLogKind; content: string }) => api.post('/api/monitoring/duty/log', { unitCode: UNIT, ...v }),
    onSuccess: () => {
      form.resetFields(['content']);
      void qc.invalidateQueries({ queryKey: ['monitoring', 'duty', 'log'] });
    },
    onError: (e) => message.error((e as Error).message),
  });
  return (
    <Card size="small" title="值班日志">
      {can('duty:write') && (
        <Form form={form} layout="inline" initialValues={{ kind: 'note' }} onFinish={(v) => add.mutate(v)} style={{ marginBottom: 12 }}>
          <Form.Item name="kind">
            <Select style={{ width: 110 }} options={DUTY_LOG_KINDS.map((k) => ({ value: k, label: DUTY_LOG_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="content" rules={[{ required: true, message: '请填写内容' }]} style={{ flex: 1 }}>
            <Input placeholder="记录来电、报送、领导批示等" />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending}>
            记录
          </Button>
        </Form>
      )}
      <List
        size="small"
        dataSource={log.data}
        loading={log.isLoading}
        style={{ maxHeight: 360, overflow: 'auto' }}
        renderItem={(e) => (
          <List.Item key={e.id}>
            <Space align="start">
              <Tag>{DUTY_LOG_KIND_LABELS[e.kind]}</Tag>
              <span>
                {e.content}
                <br />
                <Typography.Text type="secondary">
                  {e.author_name} · {fmt(e.at)}
                </Typography.Text>
              </span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function AccidentClocks() {
  const { me, can } = useAuth();
  const qc = useQueryClient();
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ['monitoring', 'duty', 'accidents'], queryFn: () => api.get<Accident[]>('/api/monitoring/duty/accidents') });
  const report = useMutation({
    mutationFn: (v: { id: string; step: string }) => api.post(`/api/monitoring/duty/accidents/${v.id}/report`, { step: v.step }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['monitoring', 'duty', 'accidents'] }),
    onError: (e) => message.error((e as Error).message),
  });
  const add = useMutation({
    mutationFn: (v: { title: string; occurredAt: Dayjs; knownAt: Dayjs; jurisdictionCode: string }) =>
      api.post('/api/monitoring/duty/accidents', {
        title: v.title,
        occurredAt: v.occurredAt.toISOString(),
        knownAt: v.knownAt.toISOString(),
        jurisdictionCode: v.jurisdictionCode,
      }),
    onSuccess: () => {
      setAdding(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['monitoring', 'duty', 'accidents'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })));
      else message.error((e as Error).message);
    },
  });
  return (
    <Card
      size="small"
      title="事故信息报送时限（493号令：单位 1 小时内报县级，逐级上报各 2 小时）"
      extra={can('duty:write') && <Button onClick={() => setAdding(true)}>登记事故信息</Button>}
    >
      <List
        dataSource={list.data}
        loading={list.isLoading}
        locale={{ emptyText: '暂无需要报送的事故信息' }}
        renderItem={(a) => {
          const next = a.clocks.find((c) => !c.reportedAt);
          return (
            <List.Item key={a.id}>
              <div style={{ width: '100%' }}>
                <Typography.Text strong>{a.title}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  发生 {fmt(a.occurred_at)}，获知 {fmt(a.known_at)}
                </Typography.Text>
                <Steps
                  size="small"
                  style={{ marginTop: 8 }}
                  current={next ? a.clocks.indexOf(next) : a.clocks.length}
                  items={a.clocks.map((c) => {
                    const cd = countdown(c.due, now);
                    return {
                      title: c.label,
                      status: c.reportedAt ? (c.late ? 'error' : 'finish') : c === next ? (cd.late ? 'error' : 'process') : 'wait',
                      content: c.reportedAt ? (
                        `${fmt(c.reportedAt)} 已报${c.late ? '（超时）' : ''}`
                      ) : (
                        <>
                          <div>时限 {dayjs(c.due).format('HH:mm')}</div>
                          {c === next && <Typography.Text type={cd.late ? 'danger' : 'warning'}>{cd.text}</Typography.Text>}
                          {c === next && can('duty:write') && (
                            <div>
                              <Button size="small" type="link" onClick={() => report.mutate({ id: a.id, step: c.step })}>
                                标记已报送
                              </Button>
                            </div>
                          )}
                        </>
                      ),
                    };
                  })}
                />
              </div>
            </List.Item>
          );
        }}
      />
      <Modal
        open={adding}
        title="登记事故信息"
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={add.isPending}
        okText="保存"
        cancelText="取消"
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ jurisdictionCode: (me?.unitCode ?? '330203').replace(/D\d+$/, '') }}
          onFinish={(v) => add.mutate(v)}
        >
          <Form.Item name="title" label="事故简况" rules={[{ required: true, message: '请填写事故简况' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="occurredAt" label="发生时间" rules={[{ required: true, message: '请选择发生时间' }]}>
            <DatePicker showTime />
          </Form.Item>
          <Form.Item name="knownAt" label="单位负责人获知时间" rules={[{ required: true, message: '请选择获知时间' }]}>
            <DatePicker showTime />
          </Form.Item>
          <Form.Item name="jurisdictionCode" label="发生地行政区划代码" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export function DutyPage() {
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={14}>
        <Roster />
      </Col>
      <Col xs={24} xl={10}>
        <AccidentClocks />
      </Col>
      <Col xs={24}>
        <DutyLog />
      </Col>
    </Row>
  );
}
