// 隐患治理看板: open major hazards (stock vs new), closing rate, overdue and ageing, 动态清零 per town,
// by source and sector. Every chart drills down to the ledger with the matching filters.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Select, Space, Spin, Statistic, Tag } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useNavigate, useSearchParams } from 'react-router';
import { AGEING_BUCKETS } from '../../../../shared/hazards.ts';
import { api, toQuery } from '../../app/api';
import { sectorLabel, sourceLabel } from './shared';
import { t } from '../../app/i18n';
import { PlainTable } from '../../components/FormParts';
import { PageCard } from '../../components/PageCard';
import { usePlaces } from '../../components/places';
import type { DashboardDto } from '../../../../shared/hazards.dto.ts';
import { hazardKeys } from './api';
import { axisGrid, pieSeries, topLegend } from '../../components/charts';

type DashboardData = DashboardDto;

/** A chart in a small card on the dashboard grid; clicks drill down through `onEvents`. */
/** What a click on a chart says: the bar or slice (index, series) and its data. */
type ChartClick = { dataIndex: number; seriesIndex: number; data: { key: string } };

function ChartCard({
  span,
  title,
  option,
  height,
  onClick,
}: {
  span: number;
  title: string;
  option: object;
  height: number;
  onClick: (p: ChartClick) => void;
}) {
  return (
    <Col xs={24} lg={span}>
      <Card size="small" title={title}>
        <ReactECharts option={option} style={{ height }} onEvents={{ click: onClick }} />
      </Card>
    </Col>
  );
}
type TownRow = DashboardDto['towns'][number];

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function Dashboard() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { townOptions } = usePlaces();
  const town = params.get('town') ?? undefined;
  const q = useQuery({ queryKey: hazardKeys.dashboard(town), queryFn: () => api.get<DashboardData>(`/api/hazards/dashboard${toQuery({ town })}`) });
  if (q.isLoading) return <Spin style={{ display: 'block', marginTop: 64 }} />;
  if (q.error || !q.data) return <Alert type="error" showIcon message={(q.error as Error)?.message} />;
  const d = q.data;
  // Beijing 1 January of the dashboard's year, for "this year" drill-downs.
  const yearFrom = new Date(Date.UTC(d.year, 0, 1) - 8 * 3_600_000).toISOString();
  const drill = (f: Record<string, unknown>) => navigate(`/hazards${toQuery({ town, ...f })}`);

  const townNames = d.towns.map((t) => t.name);
  const majorChart = {
    tooltip: { trigger: 'axis' },
    legend: topLegend([t('存量（往年）', 'Stock'), t('今年新增', 'New this year')]),
    grid: axisGrid({ legend: true }),
    xAxis: { type: 'category', data: townNames, axisLabel: { rotate: 40 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('存量（往年）', 'Stock'), type: 'bar', stack: 'm', data: d.towns.map((t) => t.stockMajorOpen), itemStyle: { color: '#cf1322' } },
      { name: t('今年新增', 'New this year'), type: 'bar', stack: 'm', data: d.towns.map((t) => t.newMajorOpen), itemStyle: { color: '#fa8c16' } },
    ],
  };
  const rateChart = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    grid: axisGrid(),
    xAxis: { type: 'category', data: townNames, axisLabel: { rotate: 40 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('整改闭环率', 'Closing rate'),
        type: 'bar',
        data: d.towns.map((t) => (t.closingRate === null ? 0 : Math.round(t.closingRate * 1000) / 10)),
        itemStyle: { color: '#1d5fb0' },
      },
    ],
  };
  const ageingChart = {
    tooltip: { trigger: 'item' },
    series: [
      pieSeries(
        AGEING_BUCKETS.map((b) => ({ name: b.zh, value: d.ageing[b.key] ?? 0 })),
        { donut: true },
      ),
    ],
  };
  const sourceChart = {
    tooltip: { trigger: 'item' },
    series: [pieSeries(d.bySource.map((s) => ({ name: sourceLabel(s.key), value: s.total, key: s.key })))],
  };
  const sectorChart = {
    tooltip: { trigger: 'axis' },
    legend: topLegend([t('今年登记', 'This year'), t('其中未销号', 'Still open')]),
    grid: axisGrid({ legend: true }),
    xAxis: { type: 'category', data: d.bySector.map((s) => sectorLabel(s.key)), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value' },
    series: [
      { name: t('今年登记', 'This year'), type: 'bar', data: d.bySector.map((s) => s.total) },
      { name: t('其中未销号', 'Still open'), type: 'bar', data: d.bySector.map((s) => s.open) },
    ],
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <PageCard
        title={t(`隐患治理看板（${d.year} 年）`, `Hazard dashboard (${d.year})`)}
        extra={
          <Select
            allowClear
            placeholder={t('全部镇街', 'All towns')}
            style={{ width: 160 }}
            value={town}
            onChange={(v) => setParams(v ? { town: v } : {})}
            options={townOptions}
          />
        }
      >
        <Row gutter={[16, 12]}>
          <Col xs={12} md={4}>
            <Statistic title={t('重大隐患存量', 'Major stock (open)')} value={d.totals.stockMajorOpen} valueStyle={{ color: '#cf1322', cursor: 'pointer' }} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('今年新增重大隐患（未销号）', 'New major, open')} value={d.totals.newMajorOpen} suffix={`/ ${d.totals.newMajorTotal}`} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('今年整改闭环率', 'Closing rate this year')} value={pct(d.totals.closingRate)} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('未销号隐患', 'Open hazards')} value={d.totals.openTotal} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('超期未整改', 'Overdue')} value={d.totals.overdue} valueStyle={{ color: d.totals.overdue ? '#cf1322' : undefined }} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('动态清零镇街', 'Towns cleared')} value={d.totals.townsCleared} suffix={`/ ${d.towns.length}`} />
          </Col>
        </Row>
      </PageCard>
      <Row gutter={[12, 12]}>
        <ChartCard
          span={12}
          title={t('未销号重大隐患：存量与今年新增（点击查看清单）', 'Open major hazards: stock vs new (click to drill down)')}
          option={majorChart}
          height={320}
          onClick={(p) =>
            drill({
              town: d.towns[p.dataIndex]?.code,
              level: 'major',
              open: true,
              ...(p.seriesIndex === 0 ? { foundTo: yearFrom } : { foundFrom: yearFrom }),
            })
          }
        />
        <ChartCard
          span={12}
          title={t('今年整改闭环率（已销号 / 今年登记）', 'Closing rate this year')}
          option={rateChart}
          height={320}
          onClick={(p) => drill({ town: d.towns[p.dataIndex]?.code, foundFrom: yearFrom })}
        />
        <ChartCard
          span={8}
          title={t('超期隐患账龄（超期天数）', 'Overdue ageing (days past deadline)')}
          option={ageingChart}
          height={280}
          onClick={() => drill({ open: true, overdue: true })}
        />
        <ChartCard
          span={8}
          title={t('今年隐患来源', 'Sources this year')}
          option={sourceChart}
          height={280}
          onClick={(p) => drill({ source: p.data.key, foundFrom: yearFrom })}
        />
        <ChartCard
          span={8}
          title={t('今年隐患行业领域', 'Sectors this year')}
          option={sectorChart}
          height={280}
          onClick={(p) => drill({ sector: d.bySector[p.dataIndex]?.key, foundFrom: yearFrom, open: p.seriesIndex === 1 || undefined })}
        />
      </Row>
      <Card size="small" title={t('动态清零情况（按镇街）', 'Dynamic clearing by town')}>
        <PlainTable<TownRow>
          rowKey="code"
          dataSource={d.towns}
          onRow={(r) => ({ onClick: () => drill({ town: r.code, level: 'major', open: true }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('镇街', 'Town'), dataIndex: 'name' },
            {
              title: t('状态', 'Status'),
              dataIndex: 'cleared',
              render: (c: boolean) => (c ? <Tag color="green">{t('已清零', 'Cleared')}</Tag> : <Tag color="red">{t('未清零', 'Not cleared')}</Tag>),
            },
            { title: t('重大隐患存量', 'Major stock'), dataIndex: 'stockMajorOpen' },
            { title: t('今年新增重大（未销号）', 'New major open'), dataIndex: 'newMajorOpen' },
            { title: t('未销号隐患', 'Open'), dataIndex: 'openTotal' },
            { title: t('超期', 'Overdue'), dataIndex: 'overdue' },
            { title: t('今年登记', 'This year'), dataIndex: 'yearTotal' },
            { title: t('闭环率', 'Closing rate'), dataIndex: 'closingRate', render: pct },
          ]}
        />
      </Card>
    </Space>
  );
}
