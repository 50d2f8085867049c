// One plan: its header and lifecycle buttons (exactly the actions the server offers), and then
// - a routine plan: the plan view — counts per status and per town as a chart, progress per town, the 双随机
//   share against its target, and the enterprises (filters, sort, export);
// - a campaign: targets against what the activity records achieved, the records, and the entry form.
import { useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  InputNumber,
  Progress,
  Row,
  Space,
  Statistic,
  Tabs,
  Timeline,
  TreeSelect,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { CAMPAIGN_METRIC_NAMES, PLAN_ACTION_NAMES, PROGRESS_STATUS_NAMES, PROGRESS_STATUSES, type PlanAction } from '../../../../shared/plans.ts';
import type { ActivityDto, PlanDetail as Detail, ProgressRow, ProgressSummary } from '../../../../shared/plans.dto.ts';
import { api } from '../../app/api';
import { fmtDate, fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { axisGrid, pieSeries, topLegend } from '../../components/charts';
import { Field, FieldRow, FormModal, required, TableCard } from '../../components/FormParts';
import { labelOf } from '../../components/LabelTag';
import { ExportButton, type FilterSpec, ListPage, useUrlFilters } from '../../components/ListPage';
import { PageCard, RecordView, useIsPhone } from '../../components/PageCard';
import { PlaceName, usePlaces } from '../../components/places';
import { planKeys, usePlan } from './api';
import { KindTag, pct, periodText, PlanStateTag, StatusTag, statusLabel } from './shared';

const STEP_PATHS: Partial<Record<PlanAction, string>> = { approve: 'approve', activate: 'activate', close: 'close' };
const STATUS_COLORS: Record<string, string> = { never: '#cf1322', due: '#fa8c16', done: '#389e0d', over_cap: '#c41d7f' };

export function PlanDetail() {
  const { id } = useParams() as { id: string };
  const q = usePlan(id);
  return (
    <RecordView query={q} notFound={t('检查计划不存在或不在您的辖区内', 'Plan not found')}>
      {(d) => <PlanPage d={d} />}
    </RecordView>
  );
}

function PlanPage({ d }: { d: Detail }) {
  const p = d.plan;
  const qc = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const [recording, setRecording] = useState(false);
  const step = (action: PlanAction) =>
    modal.confirm({
      title: `${labelOf(PLAN_ACTION_NAMES, action)}：${p.title}`,
      onOk: async () => {
        try {
          await api.post(`/api/plans/${p.id}/${STEP_PATHS[action]}`, {});
          qc.invalidateQueries({ queryKey: planKeys.all });
          message.success(t('已完成', 'Done'));
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });
  const buttons = d.actions
    .filter((a) => STEP_PATHS[a])
    .map((a) => (
      <Button key={a} type={a === 'approve' ? 'primary' : 'default'} onClick={() => step(a)}>
        {labelOf(PLAN_ACTION_NAMES, a)}
      </Button>
    ));
  if (d.actions.includes('record_activity'))
    buttons.push(
      <Button key="record" type="primary" onClick={() => setRecording(true)}>
        {t('填报活动记录', 'Record an activity')}
      </Button>,
    );
  return (
    <PageCard
      title={p.title}
      tags={
        <>
          <KindTag kind={p.kind} campaign={p.campaignKind} />
          <PlanStateTag state={p.state} />
        </>
      }
      extra={buttons}
    >
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 16 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('编号', 'Code')}>{p.code}</Descriptions.Item>
        <Descriptions.Item label={t('编制单位', 'Unit')}>
          <PlaceName code={p.jurisdictionCode} />
        </Descriptions.Item>
        <Descriptions.Item label={t('期间', 'Period')}>{periodText(p)}</Descriptions.Item>
        {p.kind === 'routine' && <Descriptions.Item label={t('双随机抽查占比目标', 'Random-draw target')}>≥ {p.drawSharePct}%</Descriptions.Item>}
        <Descriptions.Item label={t('审批', 'Approved')}>{p.approvedByName ? `${p.approvedByName} ${fmtTime(p.approvedAt)}` : '—'}</Descriptions.Item>
        {p.description && (
          <Descriptions.Item label={t('说明', 'Description')} span={3}>
            {p.description}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Tabs
        items={[
          ...(p.kind === 'routine'
            ? [
                {
                  key: 'progress',
                  label: t('执行情况', 'Progress'),
                  children: d.progress ? (
                    <ProgressView planId={p.id} summary={d.progress} />
                  ) : (
                    <Typography.Text type="secondary">
                      {t('计划审批后按分级分类监管名录生成检查对象与频次', 'Enterprises and frequencies are set when the plan is approved')}
                    </Typography.Text>
                  ),
                },
              ]
            : [{ key: 'campaign', label: t('目标完成情况', 'Targets'), children: <CampaignView d={d} /> }]),
          {
            key: 'timeline',
            label: t('流转记录', 'Timeline'),
            children: (
              <Timeline
                items={d.timeline.map((h) => ({
                  children: (
                    <>
                      <b>{labelOf(PLAN_ACTION_NAMES, h.action, h.action === 'create' ? t('编制', 'Created') : h.action)}</b> {h.actorName ?? ''}{' '}
                      <Typography.Text type="secondary">{fmtTime(h.at)}</Typography.Text>
                      {h.note && <div>{h.note}</div>}
                    </>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
      {recording && <ActivityModal planId={p.id} periodStart={p.periodStart} periodEnd={p.periodEnd} onClose={() => setRecording(false)} />}
    </PageCard>
  );
}

function ProgressView({ planId, summary }: { planId: string; summary: ProgressSummary }) {
  const { name, townOptions } = usePlaces();
  const phone = useIsPhone();
  const towns = summary.towns;
  const statusNames = PROGRESS_STATUSES.map((s) => statusLabel(s));
  const byTown = {
    legend: topLegend(statusNames),
    grid: axisGrid({ legend: true }),
    tooltip: { trigger: 'axis' as const },
    xAxis: { type: 'category' as const, data: towns.map((x) => name(x.townCode)), axisLabel: { rotate: 40, interval: 0 } },
    yAxis: { type: 'value' as const, name: t('企业数', 'Enterprises') },
    series: PROGRESS_STATUSES.map((s) => ({
      type: 'bar' as const,
      stack: 'status',
      name: statusLabel(s),
      itemStyle: { color: STATUS_COLORS[s] },
      data: towns.map((x) => x.counts[s]),
    })),
  };
  const byStatus = {
    tooltip: { trigger: 'item' as const },
    color: PROGRESS_STATUSES.map((s) => STATUS_COLORS[s]),
    series: [
      pieSeries(
        PROGRESS_STATUSES.map((s) => ({ name: statusLabel(s), value: summary.counts[s] })),
        { donut: true },
      ),
    ],
  };
  const drawOk = summary.drawShare * 100 >= summary.drawSharePct;
  const specs: FilterSpec[] = [
    { kind: 'select', key: 'town', placeholder: t('镇街', 'Town'), search: true, options: townOptions },
    {
      kind: 'select',
      key: 'status',
      multiple: true,
      placeholder: t('状态', 'Status'),
      options: PROGRESS_STATUSES.map((s) => ({ value: s, label: `${labelOf(PROGRESS_STATUS_NAMES, s)}（${summary.counts[s]}）` })),
    },
    { kind: 'switch', key: 'keyUnit', label: t('重点执法单位', 'Key units') },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Statistic title={t('检查对象', 'Enterprises')} value={summary.enterprises} suffix={t('家', '')} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('完成率（已达应检次数）', 'Completion')} value={pct(summary.completion)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('应检 / 已检（计入）', 'Required / done')} value={`${summary.required} / ${summary.doneTowardsRequired}`} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t(`双随机占比（目标 ≥ ${summary.drawSharePct}%）`, `Random-draw share (≥ ${summary.drawSharePct}%)`)}
            value={pct(summary.drawShare)}
            valueStyle={{ color: drawOk ? '#389e0d' : '#cf1322' }}
            suffix={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${summary.drawn}/${summary.inspections} ${t('次', '')}`}</Typography.Text>}
          />
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('各镇街检查对象状态', 'Status per town')}>
            <ReactECharts option={byTown} style={{ height: phone ? 260 : 320 }} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('状态分布', 'By status')}>
            <ReactECharts option={byStatus} style={{ height: phone ? 240 : 320 }} />
          </Card>
        </Col>
      </Row>
      <TableCard
        title={t('各镇街进度', 'Progress per town')}
        rowKey="townCode"
        dataSource={towns}
        columns={[
          { title: t('镇街', 'Town'), dataIndex: 'townCode', render: (v) => name(v) },
          { title: t('对象', 'Enterprises'), dataIndex: 'enterprises', width: 80 },
          ...PROGRESS_STATUSES.map((s) => ({ title: statusLabel(s), key: s, width: 90, render: (_: unknown, r: (typeof towns)[number]) => r.counts[s] })),
          {
            title: t('完成率', 'Completion'),
            dataIndex: 'completion',
            width: 160,
            render: (v: number) => <Progress percent={Math.round(v * 1000) / 10} size="small" />,
          },
        ]}
      />
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('检查对象明细', 'Enterprises')}
        </Typography.Title>
        <ExportProgress planId={planId} specs={specs} />
      </Flex>
      <ListPage<ProgressRow>
        bare
        url={`/api/plans/${planId}/progress`}
        queryKey={planKeys.progress(planId)}
        rowKey="enterpriseId"
        settingsKey="plans-progress"
        filters={specs}
        empty={{ text: t('该计划没有检查对象', 'No enterprises in this plan') }}
        total={(n) => t(`共 ${n} 家`, `${n} enterprises`)}
        columns={[
          { title: t('企业名称', 'Enterprise'), dataIndex: 'enterpriseName', card: 'title', hideable: false, ellipsis: true },
          { title: t('统一社会信用代码', 'Credit code'), dataIndex: 'creditCode', width: 190, sortKey: 'creditCode' },
          { title: t('镇街', 'Town'), dataIndex: 'townCode', width: 100, render: (v) => name(v) },
          { title: t('重点', 'Key'), dataIndex: 'keyUnit', width: 60, render: (v) => (v ? t('是', 'Yes') : '') },
          { title: t('应检', 'Required'), dataIndex: 'required', width: 70 },
          { title: t('上限', 'Cap'), dataIndex: 'cap', width: 70 },
          { title: t('已检', 'Done'), dataIndex: 'done', width: 70, sortKey: 'done' },
          { title: t('双随机', 'Drawn'), dataIndex: 'drawn', width: 70 },
          { title: t('最近检查', 'Last'), dataIndex: 'lastInspectedAt', width: 110, sortKey: 'lastInspectedAt', render: fmtDate },
          { title: t('状态', 'Status'), dataIndex: 'status', width: 110, render: (v) => <StatusTag status={v} /> },
        ]}
      />
    </Space>
  );
}

/** The export with the filters the list shows (they live in the URL). */
function ExportProgress({ planId, specs }: { planId: string; specs: readonly FilterSpec[] }) {
  const { filters } = useUrlFilters(specs);
  return <ExportButton url={`/api/plans/${planId}/progress/export.xlsx`} filters={filters} fileName="计划执行情况.xlsx" />;
}

function CampaignView({ d }: { d: Detail }) {
  const c = d.campaign;
  const { name } = usePlaces();
  if (!c) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Row gutter={[12, 12]}>
        {c.metrics.map((m) => {
          const label = CAMPAIGN_METRIC_NAMES[m.metric];
          const percent = m.target ? Math.min(100, Math.round((m.achieved / m.target) * 1000) / 10) : undefined;
          return (
            <Col key={m.metric} xs={12} md={8} xl={6}>
              <Card size="small" data-testid={`metric-${m.metric}`}>
                <Statistic
                  title={labelOf(CAMPAIGN_METRIC_NAMES, m.metric)}
                  value={m.achieved}
                  suffix={m.target !== null ? ` / ${m.target} ${label.unit}` : label.unit}
                />
                {percent !== undefined && <Progress percent={percent} size="small" status={m.achieved >= (m.target ?? 0) ? 'success' : 'active'} />}
              </Card>
            </Col>
          );
        })}
      </Row>
      {c.metrics.length === 0 && <Typography.Text type="secondary">{t('还没有目标和活动记录', 'No targets or activities yet')}</Typography.Text>}
      <ListPage<ActivityDto>
        bare
        url={`/api/plans/${d.plan.id}/activities`}
        queryKey={planKeys.activities(d.plan.id)}
        settingsKey="plans-activities"
        defaultPageSize={50}
        empty={{ text: t('还没有活动记录：专项执行中点“填报活动记录”', 'No activities yet') }}
        total={(n) => t(`共 ${n} 条活动记录（合计 ${c.activities} 条）`, `${n} activities`)}
        columns={[
          { title: t('日期', 'Day'), dataIndex: 'day', width: 110, card: 'title' },
          { title: t('督查组', 'Group'), dataIndex: 'groupName', width: 140 },
          { title: t('卡点', 'Checkpoint'), dataIndex: 'checkpoint', ellipsis: true },
          { title: t('地点', 'Place'), dataIndex: 'jurisdictionCode', width: 110, render: (v) => name(v) },
          { title: t('人次', 'Person-times'), dataIndex: 'personTimes', width: 80 },
          { title: t('园区/企业', 'Parks / enterprises'), key: 'covered', width: 110, render: (_, r) => `${r.parkIds.length} / ${r.enterprisesChecked}` },
          { title: t('隐患 发现/整改', 'Hazards'), key: 'hz', width: 120, render: (_, r) => `${r.hazardsFound} / ${r.hazardsRectified}` },
          { title: t('情况', 'Note'), dataIndex: 'note', ellipsis: true },
        ]}
      />
    </Space>
  );
}

interface ActivityValues {
  day: Dayjs;
  jurisdictionCode?: string;
  groupName: string;
  checkpoint?: string;
  personTimes: number;
  enterprisesChecked?: number;
  hazardsFound?: number;
  hazardsRectified?: number;
  note?: string;
}

function ActivityModal({ planId, periodStart, periodEnd, onClose }: { planId: string; periodStart: string; periodEnd: string; onClose: () => void }) {
  const qc = useQueryClient();
  const { jurisdictionOptions } = usePlaces();
  const last = dayjs().format('YYYY-MM-DD') < periodEnd ? dayjs() : dayjs(periodEnd);
  return (
    <FormModal<ActivityValues>
      title={t('填报专项活动记录', 'Record an activity')}
      width={720}
      onClose={onClose}
      initialValues={{ day: last, personTimes: 0, hazardsFound: 0, hazardsRectified: 0 }}
      onSubmit={async (v) => {
        await api.post(`/api/plans/${planId}/activities`, {
          day: v.day.format('YYYY-MM-DD'),
          groupName: v.groupName,
          personTimes: v.personTimes,
          ...(v.jurisdictionCode && { jurisdictionCode: v.jurisdictionCode }),
          ...(v.checkpoint?.trim() && { checkpoint: v.checkpoint.trim() }),
          ...(typeof v.enterprisesChecked === 'number' && { enterprisesChecked: v.enterprisesChecked }),
          hazardsFound: v.hazardsFound ?? 0,
          hazardsRectified: v.hazardsRectified ?? 0,
          ...(v.note?.trim() && { note: v.note.trim() }),
        });
        qc.invalidateQueries({ queryKey: planKeys.all });
      }}
    >
      <FieldRow>
        <Field span={8} name="day" label={t('日期', 'Day')} rules={[required(true)]}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.format('YYYY-MM-DD') < periodStart || d.format('YYYY-MM-DD') > periodEnd || d.isAfter(dayjs(), 'day')}
          />
        </Field>
        <Field span={8} name="groupName" label={t('督查组', 'Supervision group')} rules={[required()]}>
          <Input maxLength={60} placeholder={t('如：第1督查组', 'e.g. group 1')} />
        </Field>
        <Field span={8} name="checkpoint" label={t('检查卡点', 'Checkpoint')}>
          <Input maxLength={100} />
        </Field>
        <Field span={12} name="jurisdictionCode" label={t('地点（镇街/村社区）', 'Place')}>
          <TreeSelect allowClear showSearch treeNodeFilterProp="title" treeData={jurisdictionOptions} />
        </Field>
        <Field span={6} name="personTimes" label={t('出动人次', 'Person-times')} rules={[required()]}>
          <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
        </Field>
        <Field span={6} name="enterprisesChecked" label={t('检查企业数', 'Enterprises checked')}>
          <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
        </Field>
        <Field span={6} name="hazardsFound" label={t('发现隐患数', 'Hazards found')}>
          <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
        </Field>
        <Field span={6} name="hazardsRectified" label={t('整改隐患数', 'Hazards rectified')}>
          <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
        </Field>
        <Field name="note" label={t('工作情况', 'Note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Field>
      </FieldRow>
    </FormModal>
  );
}
