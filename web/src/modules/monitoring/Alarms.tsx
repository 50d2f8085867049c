// 告警列表与详情: filter and page through alarms; triage, dispatch, handle, close, convert to a hazard.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Radio, Select, Space, Timeline, Typography, message } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ALARM_STATE_LABELS, ALARM_STATES, type AlarmAction, SEVERITIES, SEVERITY_LABELS } from '../../../../shared/monitoring.ts';
import { api } from '../../app/api';
import { pick, t } from '../../app/i18n';
import { applyFieldErrors } from '../../components/formErrors';
import { labelOf } from '../../components/LabelTag';
import { ListPage } from '../../components/ListPage';
import { PlaceName, usePlaces } from '../../components/places';
import { useAuth } from '../../app/auth';
import { Trend } from './Live';
import { SeverityTag, StateTag } from './shared';
import { fmtTime } from '../../app/format';
import { type Alarm, type AlarmDetail as Detail, monitoringKeys } from './api';

export function AlarmList() {
  return (
    <ListPage<Alarm>
      bare
      filters={[
        {
          kind: 'select',
          key: 'status',
          placeholder: t('状态', 'Status'),
          defaultValue: 'open',
          options: [
            { value: 'open', label: t('未关闭', 'Open') },
            { value: 'all', label: t('全部状态', 'All states') },
            ...ALARM_STATES.map((s) => ({ value: s, label: labelOf(ALARM_STATE_LABELS, s) })),
          ],
        },
        {
          kind: 'select',
          key: 'severity',
          placeholder: t('全部级别', 'All levels'),
          options: SEVERITIES.map((s) => ({ value: s, label: labelOf(SEVERITY_LABELS, s) })),
        },
      ]}
      apiParams={(f) => ({ ...f, status: f.status === 'all' ? undefined : f.status })}
      url="/api/monitoring/alarms"
      queryKey={monitoringKeys.alarms}
      rowKey="id"
      size="small"
      empty={{ text: t('没有未关闭的告警', 'No open alarms') }}
      columns={[
        { title: t('级别', 'Level'), dataIndex: 'severity', width: 90, render: (s) => <SeverityTag s={s} /> },
        { title: t('设备', 'Device'), dataIndex: 'deviceName', render: (n, a) => <Link to={`/monitoring/alarms/${a.id}`}>{n}</Link> },
        { title: t('告警内容', 'Message'), dataIndex: 'message' },
        { title: t('次数', 'Count'), dataIndex: 'count', width: 60 },
        { title: t('首次告警', 'Raised'), dataIndex: 'raisedAt', width: 170, render: fmtTime },
        { title: t('状态', 'State'), dataIndex: 'status', width: 90, render: (s) => <StateTag s={s} /> },
        { title: t('升级', 'Escalation'), dataIndex: 'escalationLevel', width: 70, render: (l: number) => (l ? t(`第 ${l} 级`, `level ${l}`) : '—') },
      ]}
    />
  );
}

const ACTION_LABELS: Record<string, { zh: string; en: string }> = {
  raised: { zh: '告警产生', en: 'Raised' },
  repeated: { zh: '再次触发', en: 'Repeated' },
  triage: { zh: '研判', en: 'Triage' },
  dispatch: { zh: '派发', en: 'Dispatch' },
  handle: { zh: '开始处置', en: 'Handling' },
  close: { zh: '关闭', en: 'Close' },
  escalated: { zh: '超时升级', en: 'Escalated' },
  to_hazard: { zh: '转为隐患', en: 'To hazard' },
};

export function AlarmDetail() {
  const { id } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { can } = useAuth();
  const [form] = Form.useForm();
  const [action, setAction] = useState<AlarmAction | null>(null);
  const q = useQuery({ queryKey: monitoringKeys.alarm(id), queryFn: () => api.get<Detail>(`/api/monitoring/alarms/${id}`) });
  const places = usePlaces();
  const act = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post(`/api/monitoring/alarms/${id}/${action}`, { version: q.data?.version, ...body }),
    onSuccess: () => {
      message.success(t('已提交', 'Submitted'));
      setAction(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: monitoringKeys.alarms });
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e);
      if (rest) message.error(rest);
    },
  });
  const toHazard = useMutation({
    mutationFn: () => api.post<{ hazardId: string }>(`/api/monitoring/alarms/${id}/hazard`, {}),
    onSuccess: (r) => {
      message.success(t('已转为隐患', 'Hazard recorded'));
      void qc.invalidateQueries({ queryKey: monitoringKeys.alarms });
      navigate(`/hazards/${r.hazardId}`);
    },
    onError: (e) => message.error((e as Error).message),
  });
  if (q.error) return <Alert type="error" showIcon title={t('加载失败', 'Failed to load')} description={(q.error as Error).message} />;
  const a = q.data;
  if (!a) return <Card loading />;
  const writable = can('monitoring:write');
  const units = [...places.towns, ...places.departments].map((u) => ({ value: u.code, label: u.name }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space>
            <SeverityTag s={a.severity} />
            {a.deviceName}
            <StateTag s={a.status} />
          </Space>
        }
        extra={
          writable && (
            <Space>
              {a.actions.includes('triage') && (
                <Button type="primary" onClick={() => setAction('triage')}>
                  {t('研判', 'Triage')}
                </Button>
              )}
              {a.actions.includes('dispatch') && (
                <Button type="primary" onClick={() => setAction('dispatch')}>
                  {t('派发', 'Dispatch')}
                </Button>
              )}
              {a.actions.includes('handle') && (
                <Button type="primary" onClick={() => setAction('handle')}>
                  {t('开始处置', 'Start handling')}
                </Button>
              )}
              {a.actions.includes('close') && <Button onClick={() => setAction('close')}>{t('关闭', 'Close')}</Button>}
              {!a.hazardId && can('hazard:write') && a.verdict !== 'false_alarm' && (
                <Button danger loading={toHazard.isPending} onClick={() => toHazard.mutate()}>
                  {t('转为隐患', 'Record as hazard')}
                </Button>
              )}
            </Space>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('告警内容', 'Message')} span={2}>
            {a.message}
          </Descriptions.Item>
          <Descriptions.Item label={t('设备编号', 'Device ID')}>{a.deviceId}</Descriptions.Item>
          <Descriptions.Item label={t('触发次数', 'Count')}>{a.count}</Descriptions.Item>
          <Descriptions.Item label={t('首值 / 最新值', 'First / latest value')}>
            {a.firstValue ?? '—'} / {a.lastValue ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('首次告警', 'Raised')}>{fmtTime(a.raisedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('最近触发', 'Last triggered')}>{fmtTime(a.lastAt)}</Descriptions.Item>
          <Descriptions.Item label={t('恢复正常', 'Cleared')}>{a.clearedAt ? fmtTime(a.clearedAt) : t('尚未恢复', 'Not yet')}</Descriptions.Item>
          <Descriptions.Item label={t('研判结论', 'Verdict')}>
            {a.verdict === 'true_alarm' ? t('真实告警', 'True alarm') : a.verdict === 'false_alarm' ? t('误报', 'False alarm') : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('派发至', 'Dispatched to')}>
            {a.dispatchToKind === 'person' ? (a.dispatchTo ?? '—') : <PlaceName code={a.dispatchTo} />}
          </Descriptions.Item>
          <Descriptions.Item label={t('关联隐患', 'Hazard')}>
            {a.hazardId ? <Link to={`/hazards/${a.hazardId}`}>{t('查看隐患', 'Open the hazard')}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('超时升级', 'Escalation')}>
            {a.escalationLevel ? t(`第 ${a.escalationLevel} 级`, `level ${a.escalationLevel}`) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('处置过程', 'Handling')}>
        <Timeline
          items={a.timeline.map((e) => ({
            key: e.id,
            content: (
              <>
                <Typography.Text strong>{pick(ACTION_LABELS[e.action], e.action)}</Typography.Text> {e.actorName ?? ''}{' '}
                <Typography.Text type="secondary">{fmtTime(e.at)}</Typography.Text>
                {typeof e.detail?.note === 'string' && <div>{e.detail.note}</div>}
              </>
            ),
          }))}
        />
      </Card>
      <Card size="small" title={t('设备趋势', 'Device trend')}>
        <Trend deviceId={a.deviceId} />
      </Card>
      <Modal
        open={!!action}
        title={
          {
            triage: t('告警研判', 'Triage the alarm'),
            dispatch: t('派发处置', 'Dispatch'),
            handle: t('开始处置', 'Start handling'),
            close: t('关闭告警', 'Close the alarm'),
          }[action ?? 'triage']
        }
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        confirmLoading={act.isPending}
        okText={t('提交', 'Submit')}
        cancelText={t('取消', 'Cancel')}
      >
        <Form form={form} layout="vertical" onFinish={(v) => act.mutate(v)}>
          {action === 'triage' && (
            <Form.Item name="verdict" label={t('研判结论', 'Verdict')} rules={[{ required: true, message: t('请选择研判结论', 'Choose a verdict') }]}>
              <Radio.Group>
                <Radio value="true_alarm">{t('真实告警', 'True alarm')}</Radio>
                <Radio value="false_alarm">{t('误报（直接关闭）', 'False alarm (closes it)')}</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          {action === 'dispatch' && (
            <>
              <Form.Item name="toKind" label={t('派发对象类型', 'Dispatch to')} initialValue="town" rules={[{ required: true }]}>
                <Radio.Group>
                  <Radio value="town">{t('镇街', 'Town')}</Radio>
                  <Radio value="department">{t('部门', 'Department')}</Radio>
                  <Radio value="person">{t('个人', 'Person')}</Radio>
                </Radio.Group>
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() =>
                  form.getFieldValue('toKind') === 'person' ? (
                    <Form.Item name="to" label={t('处置人', 'Handler')} rules={[{ required: true, message: t('请填写处置人', 'Name the handler') }]}>
                      <Input />
                    </Form.Item>
                  ) : (
                    <Form.Item name="to" label={t('处置单位', 'Unit')} rules={[{ required: true, message: t('请选择处置单位', 'Choose the unit') }]}>
                      <Select showSearch optionFilterProp="label" options={units} loading={places.isLoading} />
                    </Form.Item>
                  )
                }
              </Form.Item>
            </>
          )}
          <Form.Item name="note" label={t('说明', 'Note')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
