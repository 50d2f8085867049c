// 监管执法看板: for a year or a quarter, per town: plan completion, findings per inspection, cases by cause,
// fines (decided, paid, outstanding, in yuan) and the average days of each case stage. A district user sees
// every town side by side and can pick one; a town user sees its own. Rates with nothing under them show "—"
// and charts without data say 暂无数据.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Select, Space, Spin, Statistic } from 'antd';
import { useSearchParams } from 'react-router';
import type { EnforcementDashboard, EnforcementTown } from '../../../../shared/cases.dto.ts';
import { api, toQuery } from '../../app/api';
import { useAuth } from '../../app/auth';
import { today, yuan } from '../../app/format';
import { t } from '../../app/i18n';
import { ChartCard } from '../../components/ChartCard';
import { axisGrid, topLegend } from '../../components/charts';
import { PlainTable } from '../../components/FormParts';
import { PageCard } from '../../components/PageCard';
import { usePlaces } from '../../components/places';
import { caseKeys } from './api';
import { stateLabel } from './shared';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const per = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const wan = (fen: number) => Math.round(fen / 100) / 10_000;

/** A bar per town (town names on the axis). */
function townBars(rows: EnforcementTown[], series: object[], opts: { legend?: string[]; unit?: string; max?: number; secondAxis?: object } = {}) {
  const counts = { type: 'value', minInterval: 1, ...(opts.max && { max: opts.max }), ...(opts.unit && { axisLabel: { formatter: `{value}${opts.unit}` } }) };
  return {
    baseOption: {
      tooltip: { trigger: 'axis', ...(opts.unit && { valueFormatter: (v: number) => `${v}${opts.unit}` }) },
      ...(opts.legend && { legend: topLegend(opts.legend) }),
      grid: axisGrid({ legend: !!opts.legend }),
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: rows.length > 4 ? 40 : 0, interval: 0 } },
      yAxis: opts.secondAxis ? [counts, { type: 'value', splitLine: { show: false }, ...opts.secondAxis }] : counts,
      series,
    },
    // On a phone-wide card, 17 town names at 40° run into each other: upright, one a column.
    media: [{ query: { maxWidth: NARROW }, option: { xAxis: { axisLabel: { rotate: rows.length > 6 ? 90 : rows.length > 3 ? 40 : 0 } } } }],
  };
}

/** A chart narrower than this (px) is on a phone. */
const NARROW = 480;

export function Dashboard() {
  const [params, setParams] = useSearchParams();
  const { me } = useAuth();
  const { towns } = usePlaces();
  const thisYear = Number(today().slice(0, 4));
  const year = Number(params.get('year') ?? thisYear);
  const quarter = params.get('quarter') ? Number(params.get('quarter')) : undefined;
  // A town's own user has nothing to pick: the server answers its town alone.
  const ownTown = towns.find((tw) => me?.unitCode.startsWith(tw.code));
  const town = ownTown ? undefined : (params.get('town') ?? undefined);
  const query = { year, quarter, town };
  const q = useQuery({
    queryKey: [...caseKeys.dashboard, query],
    queryFn: () => api.get<EnforcementDashboard>(`/api/cases/dashboard${toQuery(query)}`),
  });
  const set = (k: string, v: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, String(v));
    setParams(next);
  };

  const period = quarter ? t(`${year} 年第 ${quarter} 季度`, `${year} Q${quarter}`) : t(`${year} 年`, `${year}`);
  const controls = (
    <Space wrap>
      <Select
        aria-label={t('年度', 'Year')}
        style={{ width: 100 }}
        value={year}
        onChange={(v) => set('year', v)}
        options={[0, 1, 2, 3, 4].map((i) => ({ value: thisYear - i, label: t(`${thisYear - i} 年`, `${thisYear - i}`) }))}
      />
      <Select
        aria-label={t('季度', 'Quarter')}
        style={{ width: 110 }}
        value={quarter ?? 0}
        onChange={(v) => set('quarter', v || undefined)}
        options={[{ value: 0, label: t('全年', 'Whole year') }, ...[1, 2, 3, 4].map((n) => ({ value: n, label: t(`第 ${n} 季度`, `Q${n}`) }))]}
      />
      {!ownTown && (
        <Select
          aria-label={t('镇街', 'Town')}
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('全部镇街', 'All towns')}
          style={{ width: 150 }}
          value={town}
          onChange={(v) => set('town', v)}
          options={towns.map((tw) => ({ value: tw.code, label: tw.name }))}
        />
      )}
    </Space>
  );

  const d = q.data;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <PageCard title={t(`监管执法看板（${period}）`, `Enforcement dashboard (${period})`)} extra={controls}>
        {q.isLoading && <Spin style={{ display: 'block', margin: 24 }} />}
        {q.error && <Alert type="error" showIcon message={(q.error as Error).message} />}
        {d && <Totals d={d} />}
      </PageCard>
      {d && <Charts d={d} />}
      {d && (
        <Card size="small" title={t('分镇街情况', 'By town')}>
          <PlainTable<EnforcementTown>
            rowKey="code"
            dataSource={d.towns}
            empty={t('暂无数据', 'No data')}
            columns={[
              { title: t('镇街', 'Town'), dataIndex: 'name', fixed: 'left' },
              { title: t('计划完成率', 'Plan completion'), dataIndex: 'planCompletion', render: pct },
              { title: t('已检 / 应检', 'Done / required'), key: 'plan', render: (_: unknown, r) => `${r.planDone} / ${r.planRequired}` },
              { title: t('执法检查', 'Inspections'), dataIndex: 'inspections' },
              { title: t('发现问题', 'Findings'), dataIndex: 'findings' },
              { title: t('每次检查发现', 'Per inspection'), dataIndex: 'findingsPerInspection', render: per },
              { title: t('立案', 'Filed'), dataIndex: 'casesFiled' },
              { title: t('作出决定', 'Decided'), dataIndex: 'casesDecided' },
              { title: t('罚没款', 'Fines'), dataIndex: 'fineDecidedFen', render: yuan },
              { title: t('已缴', 'Paid'), dataIndex: 'finePaidFen', render: yuan },
              { title: t('未缴', 'Outstanding'), dataIndex: 'fineOutstandingFen', render: yuan },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function Totals({ d }: { d: EnforcementDashboard }) {
  const s = d.totals;
  const items: [string, string | number, string?][] = [
    [t('计划完成率', 'Plan completion'), pct(s.planCompletion), t(`已检 ${s.planDone} / 应检 ${s.planRequired}`, `${s.planDone} of ${s.planRequired}`)],
    [t('执法检查（次）', 'Inspections'), s.inspections, t(`发现问题 ${s.findings} 项`, `${s.findings} findings`)],
    [t('每次检查发现问题', 'Findings per inspection'), per(s.findingsPerInspection)],
    [t('立案（件）', 'Cases filed'), s.casesFiled, t(`作出决定 ${s.casesDecided} 件`, `${s.casesDecided} decided`)],
    [t('罚没款（决定）', 'Fines decided'), yuan(s.fineDecidedFen)],
    [t('已缴 / 未缴', 'Paid / outstanding'), yuan(s.finePaidFen), t(`未缴 ${yuan(s.fineOutstandingFen)}`, `Outstanding ${yuan(s.fineOutstandingFen)}`)],
  ];
  return (
    <Row gutter={[16, 12]}>
      {items.map(([title, value, hint]) => (
        <Col key={title} xs={12} md={8} xl={4}>
          <Statistic title={title} value={value} />
          {hint && <div style={{ color: '#888', fontSize: 12 }}>{hint}</div>}
        </Col>
      ))}
    </Row>
  );
}

function Charts({ d }: { d: EnforcementDashboard }) {
  const rows = d.towns;
  const withPlans = rows.filter((r) => r.planRequired > 0);
  const withInspections = rows.filter((r) => r.inspections > 0);
  const withFines = rows.filter((r) => r.fineDecidedFen > 0);
  const stages = d.stages.filter((s) => s.cases > 0);
  const causes = d.byCause.slice(0, 10);
  return (
    <Row gutter={[12, 12]}>
      <ChartCard
        title={t('计划完成率（已检 / 应检，仅有计划的镇街）', 'Plan completion (towns with a plan)')}
        empty={withPlans.length === 0}
        option={townBars(
          withPlans,
          [{ name: t('完成率', 'Completion'), type: 'bar', data: withPlans.map((r) => Math.round((r.planCompletion ?? 0) * 1000) / 10) }],
          {
            unit: '%',
            max: 100,
          },
        )}
      />
      <ChartCard
        title={t('每次执法检查发现问题数（有检查的镇街）', 'Findings per inspection (towns with inspections)')}
        empty={withInspections.length === 0}
        option={townBars(
          withInspections,
          [
            { name: t('检查次数', 'Inspections'), type: 'bar', data: withInspections.map((r) => r.inspections) },
            // A ratio (0.2 findings an inspection) on the count axis (40 inspections) is a flat line at 0: its own axis.
            { name: t('每次发现', 'Per inspection'), type: 'line', yAxisIndex: 1, data: withInspections.map((r) => Number(per(r.findingsPerInspection))) },
          ],
          { legend: [t('检查次数', 'Inspections'), t('每次发现', 'Per inspection')], secondAxis: { name: t('项/次', 'per insp.') } },
        )}
      />
      <ChartCard
        title={t('立案案由（前 10）', 'Cases by cause (top 10)')}
        empty={causes.length === 0}
        height={Math.max(200, causes.length * 32 + 40)}
        option={{
          baseOption: {
            tooltip: { trigger: 'axis' },
            grid: axisGrid(),
            xAxis: { type: 'value', minInterval: 1 },
            yAxis: { type: 'category', inverse: true, data: causes.map((c) => c.cause), axisLabel: { width: 180, overflow: 'break' } },
            series: [{ name: t('案件数', 'Cases'), type: 'bar', data: causes.map((c) => c.cases) }],
          },
          // A phone leaves the bars a third of the card beside 180 px of cause: shorter, cut (the tooltip has it whole).
          media: [{ query: { maxWidth: NARROW }, option: { yAxis: { axisLabel: { width: 120, overflow: 'truncate' } } } }],
        }}
      />
      <ChartCard
        title={t('罚没款（万元）：已缴与未缴', 'Fines (10k yuan): paid and outstanding')}
        empty={withFines.length === 0}
        option={townBars(
          withFines,
          [
            { name: t('已缴', 'Paid'), type: 'bar', stack: 'f', data: withFines.map((r) => wan(r.finePaidFen)), itemStyle: { color: '#389e0d' } },
            { name: t('未缴', 'Outstanding'), type: 'bar', stack: 'f', data: withFines.map((r) => wan(r.fineOutstandingFen)), itemStyle: { color: '#cf1322' } },
          ],
          { legend: [t('已缴', 'Paid'), t('未缴', 'Outstanding')] },
        )}
      />
      <ChartCard
        span={24}
        height={240}
        title={t('各环节平均用时（自然日，本期内离开该环节的案件数）', 'Average days per stage (cases that left it in the period)')}
        empty={stages.length === 0}
        option={{
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => t(`${v} 天`, `${v} days`) },
          grid: axisGrid(),
          xAxis: { type: 'category', data: stages.map((s) => `${stateLabel(s.stage)} (${s.cases})`) },
          yAxis: { type: 'value', axisLabel: { formatter: t('{value} 天', '{value} d') } },
          series: [{ name: t('平均用时', 'Average'), type: 'bar', data: stages.map((s) => s.averageDays), label: { show: true, position: 'top' } }],
        }}
      />
    </Row>
  );
}
