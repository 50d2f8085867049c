// 告警列表与详情: filter and page through alarms; triage, dispatch, handle, close, convert to a hazard.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Descriptions, Form, Input, List, Radio, Select, Space, Statistic, Tag, Timeline, Typography, message } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  ALARM_STATE_LABELS,
  ALARM_STATES,
  type AlarmAction,
  DEVICE_TYPE_NAMES,
  DEVICE_TYPES,
  hazardFromAlarm,
  SEVERITIES,
  SEVERITY_LABELS,
} from '../../../../shared/monitoring.ts';
import { api, toQuery } from '../../app/api';
import { pick, t } from '../../app/i18n';
import { FormModal } from '../../components/FormParts';
import { LabelTag, labelOf, labelOptions } from '../../components/LabelTag';
import { type FilterSpec, ListPage, useUrlFilters } from '../../components/ListPage';
import { PlaceName, usePlaces } from '../../components/places';
import { useAuth } from '../../app/auth';
import { AlarmTrendChart } from './TrendChart';
import { SeverityTag, StateTag } from './shared';
import { fmtTime } from '../../app/format';
import { type Alarm, type AlarmCounts, type AlarmDetail as Detail, type AlarmGroup, type BatchResult, monitoringKeys } from './api';

const STATUS_OPTIONS = () => [
  { value: 'open', label: t('未关闭', 'Open') },
  { value: 'all', label: t('全部状态', 'All states') },
  ...labelOptions(ALARM_STATES, ALARM_STATE_LABELS),
];

/** Filters of the alarm list (kept in the URL; the header counts and the groups use the same ones). */
function useAlarmFilters(): FilterSpec[] {
  const places = usePlaces();
  return [
    { kind: 'select', key: 'status', placeholder: t('状态', 'Status'), defaultValue: 'open', options: STATUS_OPTIONS() },
    { kind: 'select', key: 'severity', placeholder: t('全部级别', 'All levels'), options: labelOptions(SEVERITIES, SEVERITY_LABELS) },
    { kind: 'select', key: 'town', placeholder: t('全部镇街', 'All towns'), options: places.townOptions, search: true, width: 160 },
    {
      kind: 'select',
      key: 'deviceType',
      placeholder: t('全部设备类型', 'All device types'),
      options: DEVICE_TYPES.map((d) => ({ value: d, label: pick(DEVICE_TYPE_NAMES[d], d) })),
      width: 150,
    },
    { kind: 'range', key: 'from', to: 'to', showTime: true },
  ];
}

const apiFilters = (f: Record<string, string | string[]>) => ({ ...f, status: f.status === 'all' ? undefined : f.status });

/** The header: open alarms by level under the current filters, and the group alarms. */
function LevelCounts({ filters }: { filters: Record<string, string | string[]> }) {
  const query = toQuery({ ...apiFilters(filters), severity: undefined });
  const q = useQuery({ queryKey: [...monitoringKeys.counts, query], queryFn: () => api.get<AlarmCounts>(`/api/monitoring/alarms/counts${query}`) });
  const c = q.data;
  return (
    <Space wrap size="large" style={{ marginBottom: 12 }} data-testid="alarm-counts">
      {[...SEVERITIES].reverse().map((s) => (
        <Statistic
          key={s}
          title={labelOf(SEVERITY_LABELS, s)}
          value={c?.bySeverity[s] ?? '…'}
          styles={{ content: { color: SEVERITY_LABELS[s].color } }}
          data-testid={`count-${s}`}
        />
      ))}
      <Statistic title={t('聚合告警', 'Group alarms')} value={c?.groups ?? '…'} />
    </Space>
  );
}

const GROUP_STATUS: Record<AlarmGroup['status'], { zh: string; en: string; color: string }> = {
  open: { zh: '设备离线中', en: 'Devices silent', color: 'red' },
  cleared: { zh: '已全部恢复', en: 'All back', color: 'green' },
  closed: { zh: '已关闭', en: 'Closed', color: 'default' },
};
const PLACE_KIND: Record<AlarmGroup['placeKind'], { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  park: { zh: '园区', en: 'Park' },
  town: { zh: '镇街', en: 'Town' },
};

/** Group alarms: many devices offline at one place, one row each, with the devices listed. */
export function AlarmGroups({ town, compact }: { town?: string; compact?: boolean }) {
  const { can } = useAuth();
  const [closing, setClosing] = useState<AlarmGroup | null>(null);
  const q = useQuery({
    queryKey: [...monitoringKeys.groups, town ?? ''],
    queryFn: () => api.get<AlarmGroup[]>(`/api/monitoring/alarm-groups${toQuery({ town })}`),
    refetchInterval: 60_000,
  });
  const groups = q.data ?? [];
  if (!groups.length) return null;
  return (
    <Card size="small" title={t(`聚合告警（${groups.length}）`, `Group alarms (${groups.length})`)} style={{ marginBottom: 12 }} data-testid="alarm-groups">
      <List
        dataSource={groups}
        renderItem={(g) => (
          <List.Item
            key={g.id}
            actions={
              can('monitoring:write') && g.members.some((m) => m.status !== 'closed')
                ? [
                    <Button key="close" size="small" onClick={() => setClosing(g)}>
                      {t('一键关闭', 'Close all')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <SeverityTag s={g.severity} />
                  <span data-testid="group-title">
                    {pick(PLACE_KIND[g.placeKind], g.placeKind)} {g.placeName ?? g.placeKey}：
                    {t(`${g.memberCount} 台设备离线`, `${g.memberCount} devices offline`)}
                  </span>
                  <LabelTag labels={GROUP_STATUS} value={g.status} />
                  {g.activeCount < g.memberCount && g.status === 'open' && (
                    <Typography.Text type="secondary">
                      {t(`已恢复 ${g.memberCount - g.activeCount} 台`, `${g.memberCount - g.activeCount} back`)}
                    </Typography.Text>
                  )}
                </Space>
              }
              description={
                <>
                  <PlaceName code={g.jurisdictionCode} /> · {t('首台离线', 'First silent')} {fmtTime(g.raisedAt)}
                  <Collapse
                    ghost
                    size="small"
                    defaultActiveKey={compact ? [] : undefined}
                    items={[
                      {
                        key: 'devices',
                        label: t('查看设备', 'Devices'),
                        children: (
                          <Space wrap>
                            {g.members.map((m) => (
                              <Tag key={m.alarmId} color={m.clearedAt || m.online ? 'green' : 'default'}>
                                <Link to={`/monitoring/alarms/${m.alarmId}`}>{m.deviceName}</Link>
                                {m.clearedAt ? t('（已恢复）', ' (back)') : ''}
                              </Tag>
                            ))}
                          </Space>
                        ),
                      },
                    ]}
                  />
                </>
              }
            />
          </List.Item>
        )}
      />
      <BatchModal
        action={closing ? 'close' : null}
        items={(closing?.members ?? []).filter((m) => m.status !== 'closed').map((m) => ({ id: m.alarmId, version: m.version }))}
        onDone={() => setClosing(null)}
      />
    </Card>
  );
}

/** The triage verdict (a false alarm closes it). */
const VerdictItem = () => (
  <Form.Item name="verdict" label={t('研判结论', 'Verdict')} rules={[{ required: true, message: t('请选择研判结论', 'Choose a verdict') }]}>
    <Radio.Group>
      <Radio value="true_alarm">{t('真实告警', 'True alarm')}</Radio>
      <Radio value="false_alarm">{t('误报（直接关闭）', 'False alarm (closes it)')}</Radio>
    </Radio.Group>
  </Form.Item>
);

/** Triage or close many alarms with one reason (one request; the server runs each through the lifecycle). */
function BatchModal({ action, items, onDone }: { action: 'triage' | 'close' | null; items: { id: string; version: number }[]; onDone: (ok: boolean) => void }) {
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: (v: { note: string; verdict?: string }) => api.post<BatchResult>('/api/monitoring/alarms/batch', { action, items, ...v }),
    onSuccess: (r) => {
      if (r.failed)
        message.warning(
          t(`已处理 ${r.done} 条，${r.failed} 条未处理（已被他人处理或不在辖区）`, `${r.done} done, ${r.failed} not (changed meanwhile or not yours)`),
        );
      else message.success(t(`已处理 ${r.done} 条`, `${r.done} done`));
      void qc.invalidateQueries({ queryKey: monitoringKeys.alarms });
      onDone(true);
    },
  });
  return (
    <FormModal<{ note: string; verdict?: string }>
      open={!!action}
      title={
        action === 'triage'
          ? t(`批量研判 ${items.length} 条告警`, `Triage ${items.length} alarms`)
          : t(`批量关闭 ${items.length} 条告警`, `Close ${items.length} alarms`)
      }
      onClose={() => onDone(false)}
      okText={t('提交', 'Submit')}
      onSubmit={(v) => run.mutateAsync(v)}
    >
      {action === 'triage' && <VerdictItem />}
      <Form.Item
        name="note"
        label={t('原因（每条告警都记下）', 'Reason (recorded on each alarm)')}
        rules={[{ required: true, message: t('请填写原因', 'Give a reason') }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

export function AlarmList() {
  const specs = useAlarmFilters();
  const state = useUrlFilters(specs);
  const { can } = useAuth();
  const [selected, setSelected] = useState<Alarm[]>([]);
  const [batch, setBatch] = useState<'triage' | 'close' | null>(null);
  const writable = can('monitoring:write');
  return (
    <>
      <LevelCounts filters={state.filters} />
      <AlarmGroups town={state.values.town as string | undefined} />
      <ListPage<Alarm>
        bare
        filters={specs}
        apiParams={apiFilters}
        url="/api/monitoring/alarms"
        queryKey={monitoringKeys.alarms}
        size="small"
        empty={{ text: t('没有未关闭的告警', 'No open alarms') }}
        rowSelection={
          writable
            ? {
                selectedRowKeys: selected.map((a) => a.id),
                onChange: (_k, rows) => setSelected(rows),
                getCheckboxProps: (a) => ({ disabled: a.status === 'closed' }),
              }
            : undefined
        }
        columns={[
          { title: t('级别', 'Level'), dataIndex: 'severity', width: 90, sortKey: 'severity', render: (s) => <SeverityTag s={s} /> },
          { title: t('设备', 'Device'), dataIndex: 'deviceName', render: (n, a) => <Link to={`/monitoring/alarms/${a.id}`}>{n}</Link> },
          { title: t('告警内容', 'Message'), dataIndex: 'message' },
          { title: t('镇街', 'Town'), dataIndex: 'jurisdictionCode', width: 110, render: (c: string) => <PlaceName code={c.slice(0, 9)} /> },
          { title: t('次数', 'Count'), dataIndex: 'count', width: 60 },
          { title: t('首次告警', 'Raised'), dataIndex: 'raisedAt', width: 170, sortKey: 'raisedAt', render: fmtTime },
          { title: t('状态', 'State'), dataIndex: 'status', width: 90, render: (s) => <StateTag s={s} /> },
          { title: t('升级', 'Escalation'), dataIndex: 'escalationLevel', width: 70, render: (l: number) => (l ? t(`第 ${l} 级`, `level ${l}`) : '—') },
        ]}
      >
        {writable && (
          <Space style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{t(`已选 ${selected.length} 条`, `${selected.length} selected`)}</Typography.Text>
            <Button size="small" disabled={!selected.some((a) => a.status === 'raised')} onClick={() => setBatch('triage')}>
              {t('批量研判', 'Triage selected')}
            </Button>
            <Button size="small" disabled={!selected.length} onClick={() => setBatch('close')}>
              {t('批量关闭', 'Close selected')}
            </Button>
          </Space>
        )}
      </ListPage>
      <BatchModal
        action={batch}
        items={selected.filter((a) => (batch === 'triage' ? a.status === 'raised' : a.status !== 'closed')).map((a) => ({ id: a.id, version: a.version }))}
        onDone={(ok) => {
          setBatch(null);
          if (ok) setSelected([]);
        }}
      />
    </>
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
  grouped: { zh: '并入聚合告警', en: 'Folded into a group alarm' },
};

export function AlarmDetail() {
  const { id } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { can } = useAuth();
  const [form] = Form.useForm();
  const toKind = Form.useWatch('toKind', form);
  const [action, setAction] = useState<AlarmAction | null>(null);
  const { modal } = App.useApp();
  const q = useQuery({ queryKey: monitoringKeys.alarm(id), queryFn: () => api.get<Detail>(`/api/monitoring/alarms/${id}`) });
  const places = usePlaces();
  const act = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post(`/api/monitoring/alarms/${id}/${action}`, { version: q.data?.version, ...body }),
    onSuccess: () => {
      message.success(t('已提交', 'Submitted'));
      void qc.invalidateQueries({ queryKey: monitoringKeys.alarms });
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
  // Recording a hazard is not undone: say what will be recorded, in words, and ask first.
  const confirmToHazard = (al: Detail) => {
    const words = hazardFromAlarm({ deviceName: al.deviceName, message: al.message, severity: al.severity, raisedAt: al.raisedAt });
    modal.confirm({
      title: t('将此告警转为隐患？', 'Record this alarm as a hazard?'),
      content: (
        <Space orientation="vertical" size={4}>
          <Typography.Text strong>{words.title}</Typography.Text>
          <Typography.Text type="secondary">{words.description}</Typography.Text>
          <Typography.Text type="secondary">{t('隐患将链接回本告警，之后可在隐患页定级、整改。', 'The hazard links back to this alarm.')}</Typography.Text>
        </Space>
      ),
      okText: t('转为隐患', 'Record as hazard'),
      cancelText: t('取消', 'Cancel'),
      onOk: () => toHazard.mutateAsync(),
    });
  };
  if (q.error) return <Alert type="error" showIcon title={t('加载失败', 'Failed to load')} description={(q.error as Error).message} />;
  const a = q.data;
  if (!a) return <Card loading />;
  const writable = can('monitoring:write');
  const units = [...places.towns, ...places.departments].map((u) => ({ value: u.code, label: <span title={u.code}>{u.name}</span>, name: u.name }));
  // Dispatch goes to the device's own town unless the officer picks otherwise.
  const townOfAlarm = a.jurisdictionCode.slice(0, 9);
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
                <Button danger loading={toHazard.isPending} onClick={() => confirmToHazard(a)}>
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
      <Card size="small" title={t('告警前后趋势', 'Readings around the alarm')}>
        <AlarmTrendChart alarmId={a.id} />
      </Card>
      <FormModal<Record<string, unknown>>
        open={!!action}
        title={
          {
            triage: t('告警研判', 'Triage the alarm'),
            dispatch: t('派发处置', 'Dispatch'),
            handle: t('开始处置', 'Start handling'),
            close: t('关闭告警', 'Close the alarm'),
          }[action ?? 'triage']
        }
        onClose={() => setAction(null)}
        okText={t('提交', 'Submit')}
        form={form}
        onSubmit={(v) => act.mutateAsync(v)}
      >
        {action === 'triage' && <VerdictItem />}
        {action === 'dispatch' && (
          <>
            <Form.Item name="toKind" label={t('派发对象类型', 'Dispatch to')} initialValue="town" rules={[{ required: true }]}>
              <Radio.Group onChange={(e) => form.setFieldValue('to', e.target.value === 'town' ? townOfAlarm : undefined)}>
                <Radio value="town">{t('镇街', 'Town')}</Radio>
                <Radio value="department">{t('部门', 'Department')}</Radio>
                <Radio value="person">{t('个人', 'Person')}</Radio>
              </Radio.Group>
            </Form.Item>
            {toKind === 'person' ? (
              <Form.Item name="to" label={t('处置人', 'Handler')} rules={[{ required: true, message: t('请填写处置人', 'Name the handler') }]}>
                <Input />
              </Form.Item>
            ) : (
              <Form.Item
                name="to"
                label={t('处置单位', 'Unit')}
                initialValue={townOfAlarm}
                rules={[{ required: true, message: t('请选择处置单位', 'Choose the unit') }]}
              >
                <Select showSearch={{ optionFilterProp: 'name' }} options={units} loading={places.isLoading} />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="note" label={t('说明', 'Note')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </FormModal>
    </Space>
  );
}
