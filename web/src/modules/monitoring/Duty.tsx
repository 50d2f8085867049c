// 值班值守: the week's roster (officer + leader on duty), handover with the open alarms acknowledged by the
// incoming shift, the duty log, and the accident-reporting clocks (493号令) as live countdowns.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, List, Modal, Row, Select, Space, Steps, Tag, TreeSelect, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { DUTY_LOG_KIND_LABELS, DUTY_LOG_KINDS, type DutyLogKind, REPORT_STEPS } from '../../../../shared/monitoring.ts';
import { api } from '../../app/api';
import { t } from '../../app/i18n';
import { FormModal, PlainTable } from '../../components/FormParts';
import { labelOf, labelOptions } from '../../components/LabelTag';
import { usePlaces } from '../../components/places';
import { type Accident, type DutyLog as LogEntry, type DutyPerson, type Handover, monitoringKeys, type Shift } from './api';
import { useAuth } from '../../app/auth';
import { SeverityTag } from './shared';
import { fmtMinute, fmtTime } from '../../app/format';

const UNIT = '330203D01'; // the bureau's duty room (区应急管理局总值班室)

function useNow(ms = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

function countdown(due: string, now: number) {
  const left = new Date(due).getTime() - now;
  const abs = Math.abs(left);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const ss = String(s).padStart(2, '0');
  const txt = t(`${h > 0 ? `${h} 小时 ` : ''}${m} 分 ${ss} 秒`, `${h > 0 ? `${h} h ` : ''}${m} min ${ss} s`);
  return left >= 0 ? { text: t(`剩余 ${txt}`, `${txt} left`), late: false } : { text: t(`已超时 ${txt}`, `${txt} late`), late: true };
}

interface ShiftValues {
  range: [Dayjs, Dayjs];
  officerId: string;
  leaderId: string;
}

function Roster() {
  const { me, can } = useAuth();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [handover, setHandover] = useState<Handover | null>(null);
  const from = dayjs().startOf('day').subtract(1, 'day');
  const to = from.add(8, 'day');
  const shifts = useQuery({
    queryKey: [...monitoringKeys.duty, 'shifts'],
    queryFn: () => api.get<Shift[]>(`/api/monitoring/duty/shifts?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`),
  });
  const people = useQuery({
    queryKey: [...monitoringKeys.duty, 'people'],
    queryFn: () => api.get<DutyPerson[]>('/api/monitoring/duty/people'),
    enabled: adding,
  });
  const add = useMutation({
    mutationFn: (v: ShiftValues) =>
      api.post('/api/monitoring/duty/shifts', {
        unitCode: UNIT,
        startsAt: v.range[0].toISOString(),
        endsAt: v.range[1].toISOString(),
        officerId: v.officerId,
        leaderId: v.leaderId,
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: monitoringKeys.duty }),
  });
  const handOver = useMutation({
    mutationFn: (toShiftId: string) => api.post<{ id: string }>('/api/monitoring/duty/handovers', { toShiftId }),
    onSuccess: async (r) => {
      void qc.invalidateQueries({ queryKey: monitoringKeys.duty });
      setHandover(await api.get<Handover>(`/api/monitoring/duty/handovers/${r.id}`));
    },
    onError: (e) => message.error((e as Error).message),
  });
  const ack = useMutation({
    mutationFn: (id: string) => api.post(`/api/monitoring/duty/handovers/${id}/ack`),
    onSuccess: () => {
      message.success(t('已确认接班', 'Shift taken over'));
      setHandover(null);
      void qc.invalidateQueries({ queryKey: monitoringKeys.duty });
    },
    onError: (e) => message.error((e as Error).message),
  });
  const now = Date.now();
  const options = (role: string) => (people.data ?? []).filter((p) => p.roles.includes(role)).map((p) => ({ value: p.id, label: p.displayName }));
  return (
    <Card
      size="small"
      title={t('值班表（区应急管理局总值班室）', "Duty roster (the bureau's duty room)")}
      extra={can('duty:write') && <Button onClick={() => setAdding(true)}>{t('新增班次', 'Add a shift')}</Button>}
    >
      <PlainTable<Shift>
        query={shifts}
        rowClassName={(s) => (new Date(s.startsAt).getTime() <= now && new Date(s.endsAt).getTime() > now ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('班次', 'Shift'), render: (_, s) => `${fmtMinute(s.startsAt).slice(5)} — ${fmtMinute(s.endsAt).slice(5)}` },
          { title: t('值班员', 'Duty officer'), dataIndex: 'officerName' },
          { title: t('带班领导', 'Leader on duty'), dataIndex: 'leaderName' },
          {
            title: t('交接', 'Handover'),
            render: (_, s) =>
              s.handoverId ? (
                <Space>
                  {s.acknowledgedAt ? <Tag color="green">{t('已接班', 'Taken over')}</Tag> : <Tag color="orange">{t('待确认', 'Awaiting')}</Tag>}
                  <Typography.Link onClick={async () => setHandover(await api.get<Handover>(`/api/monitoring/duty/handovers/${s.handoverId}`))}>
                    {t('查看', 'View')}
                  </Typography.Link>
                </Space>
              ) : can('duty:write') && new Date(s.startsAt).getTime() > now - 86_400_000 ? (
                <Button size="small" loading={handOver.isPending} onClick={() => handOver.mutate(s.id)}>
                  {t('交班给此班次', 'Hand over to this shift')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <FormModal<ShiftValues> open={adding} title={t('新增班次', 'Add a shift')} onClose={() => setAdding(false)} onSubmit={(v) => add.mutateAsync(v)}>
        <Form.Item name="range" label={t('起止时间', 'From – to')} rules={[{ required: true, message: t('请选择起止时间', 'Choose the times') }]}>
          <DatePicker.RangePicker showTime format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="officerId" label={t('值班员', 'Duty officer')} rules={[{ required: true, message: t('请选择值班员', 'Choose the officer') }]}>
          <Select options={options('duty_officer')} loading={people.isLoading} />
        </Form.Item>
        <Form.Item name="leaderId" label={t('带班领导', 'Leader on duty')} rules={[{ required: true, message: t('请选择带班领导', 'Choose the leader') }]}>
          <Select options={options('duty_leader')} loading={people.isLoading} />
        </Form.Item>
      </FormModal>
      <Modal
        open={!!handover}
        title={t('交接班', 'Handover')}
        onCancel={() => setHandover(null)}
        footer={
          handover && !handover.acknowledgedAt
            ? [
                <Button key="ack" type="primary" loading={ack.isPending} onClick={() => ack.mutate(handover.id)}>
                  {t(`确认接班（${me?.displayName}）`, `Take over (${me?.displayName})`)}
                </Button>,
              ]
            : null
        }
      >
        {handover && (
          <>
            <Typography.Paragraph>
              {t('交班时间', 'Handed over')} {fmtTime(handover.handedOverAt)}
              {handover.note ? t(`；交班说明：${handover.note}`, `; note: ${handover.note}`) : ''}
              {handover.acknowledgedAt ? t(`；已于 ${fmtTime(handover.acknowledgedAt)} 确认接班`, `; taken over at ${fmtTime(handover.acknowledgedAt)}`) : ''}
            </Typography.Paragraph>
            <Typography.Text strong>{t(`未关闭告警 ${handover.openItems.length} 条`, `${handover.openItems.length} open alarms`)}</Typography.Text>
            <List
              size="small"
              dataSource={handover.openItems}
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
    queryKey: [...monitoringKeys.duty, 'log'],
    queryFn: () => api.get<LogEntry[]>('/api/monitoring/duty/log?limit=50'),
  });
  const add = useMutation({
    mutationFn: (v: { kind: DutyLogKind; content: string }) => api.post('/api/monitoring/duty/log', { unitCode: UNIT, ...v }),
    onSuccess: () => {
      form.resetFields(['content']);
      void qc.invalidateQueries({ queryKey: [...monitoringKeys.duty, 'log'] });
    },
    onError: (e) => message.error((e as Error).message),
  });
  return (
    <Card size="small" title={t('值班日志', 'Duty log')}>
      {can('duty:write') && (
        <Form form={form} layout="inline" initialValues={{ kind: 'note' }} onFinish={(v) => add.mutate(v)} style={{ marginBottom: 12 }}>
          <Form.Item name="kind">
            <Select style={{ width: 110 }} options={labelOptions(DUTY_LOG_KINDS, DUTY_LOG_KIND_LABELS)} />
          </Form.Item>
          <Form.Item name="content" rules={[{ required: true, message: t('请填写内容', 'Write something') }]} style={{ flex: 1 }}>
            <Input placeholder={t('记录来电、报送、领导批示等', 'Calls, reports, instructions…')} aria-label={t('日志内容', 'Log entry')} />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending}>
            {t('记录', 'Log')}
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
              <Tag>{labelOf(DUTY_LOG_KIND_LABELS, e.kind)}</Tag>
              <span>
                {e.content}
                <br />
                <Typography.Text type="secondary">
                  {e.authorName} · {fmtTime(e.at)}
                </Typography.Text>
              </span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

const stepLabel = (step: string, label: string) => {
  const s = REPORT_STEPS.find((x) => x.key === step);
  return s ? t(s.label, s.labelEn) : label;
};

interface AccidentValues {
  title: string;
  occurredAt: Dayjs;
  knownAt: Dayjs;
  jurisdictionCode: string;
}

function AccidentClocks() {
  const { me, can } = useAuth();
  const { jurisdictionOptions } = usePlaces();
  const qc = useQueryClient();
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const list = useQuery({ queryKey: [...monitoringKeys.duty, 'accidents'], queryFn: () => api.get<Accident[]>('/api/monitoring/duty/accidents') });
  const report = useMutation({
    mutationFn: (v: { id: string; step: string }) => api.post(`/api/monitoring/duty/accidents/${v.id}/report`, { step: v.step }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: [...monitoringKeys.duty, 'accidents'] }),
    onError: (e) => message.error((e as Error).message),
  });
  const add = useMutation({
    mutationFn: (v: AccidentValues) =>
      api.post('/api/monitoring/duty/accidents', {
        title: v.title,
        occurredAt: v.occurredAt.toISOString(),
        knownAt: v.knownAt.toISOString(),
        jurisdictionCode: v.jurisdictionCode,
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: [...monitoringKeys.duty, 'accidents'] }),
  });
  return (
    <Card
      size="small"
      title={t(
        '事故信息报送时限（493号令：单位 1 小时内报县级，逐级上报各 2 小时）',
        'Accident reporting deadlines (Decree 493: county within 1 h, each level up within 2 h)',
      )}
      extra={can('duty:write') && <Button onClick={() => setAdding(true)}>{t('登记事故信息', 'Record an accident')}</Button>}
    >
      <List
        dataSource={list.data}
        loading={list.isLoading}
        locale={{ emptyText: t('暂无需要报送的事故信息', 'No accidents to report') }}
        renderItem={(a) => {
          const next = a.clocks.find((c) => !c.reportedAt);
          return (
            <List.Item key={a.id}>
              <div style={{ width: '100%' }}>
                <Typography.Text strong>{a.title}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {t(`发生 ${fmtTime(a.occurredAt)}，获知 ${fmtTime(a.knownAt)}`, `occurred ${fmtTime(a.occurredAt)}, known ${fmtTime(a.knownAt)}`)}
                </Typography.Text>
                <Steps
                  size="small"
                  style={{ marginTop: 8 }}
                  current={next ? a.clocks.indexOf(next) : a.clocks.length}
                  items={a.clocks.map((c) => {
                    const cd = countdown(c.due, now);
                    return {
                      title: stepLabel(c.step, c.label),
                      status: c.reportedAt ? (c.late ? 'error' : 'finish') : c === next ? (cd.late ? 'error' : 'process') : 'wait',
                      content: c.reportedAt ? (
                        `${fmtTime(c.reportedAt)} ${t('已报', 'reported')}${c.late ? t('（超时）', ' (late)') : ''}`
                      ) : (
                        <>
                          <div>
                            {t('时限', 'Due')} {fmtTime(c.due).slice(11, 16)}
                          </div>
                          {c === next && <Typography.Text type={cd.late ? 'danger' : 'warning'}>{cd.text}</Typography.Text>}
                          {c === next && can('duty:write') && (
                            <div>
                              <Button size="small" type="link" onClick={() => report.mutate({ id: a.id, step: c.step })}>
                                {t('标记已报送', 'Mark reported')}
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
      <FormModal<AccidentValues>
        open={adding}
        title={t('登记事故信息', 'Record an accident')}
        onClose={() => setAdding(false)}
        initialValues={{ jurisdictionCode: (me?.unitCode ?? '330203').replace(/D\d+$/, '') }}
        onSubmit={(v) => add.mutateAsync(v)}
      >
        <Form.Item name="title" label={t('事故简况', 'Summary')} rules={[{ required: true, message: t('请填写事故简况', 'Describe the accident') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('发生时间', 'Occurred at')} rules={[{ required: true, message: t('请选择发生时间', 'Choose when it happened') }]}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item
          name="knownAt"
          label={t('单位负责人获知时间', 'Known to the unit head at')}
          rules={[{ required: true, message: t('请选择获知时间', 'Choose when it became known') }]}
        >
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="jurisdictionCode" label={t('发生地', 'Where')} rules={[{ required: true }]}>
          <TreeSelect showSearch treeNodeFilterProp="title" treeData={jurisdictionOptions} />
        </Form.Item>
      </FormModal>
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
