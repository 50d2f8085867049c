// A device's readings as a chart that never hides a peak: each bucket's mean is the line and its min–max the
// band around it (the server keeps both), the rule's threshold is a horizontal line, the alarm's moment a
// vertical one, and the highest value in view is written out under the chart (for people and tests alike).
import { useQuery } from '@tanstack/react-query';
import { Empty, Spin, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { api } from '../../app/api';
import { fmtMinute, fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import type { AlarmTrend, DeviceTrend } from './api';
import { axisGrid, topLegend } from '../../components/charts';

const round = (v: number) => Math.round(v * 100) / 100;

export interface TrendMarks {
  threshold?: number | null;
  threshold2?: number | null;
  /** the alarm's moment */
  at?: string | null;
  /** only this metric (an alarm's) */
  metric?: string | null;
}

/** The highest bucket maximum of a metric in the data (what the chart draws as the top of its band). */
export function chartMax(data: DeviceTrend, metric: string): { t: string; value: number } | null {
  let best: { t: string; value: number } | null = null;
  for (const p of data.points) {
    const v = p.max?.[metric] ?? p.metrics[metric];
    if (v !== undefined && (!best || v > best.value)) best = { t: p.t, value: v };
  }
  return best;
}

export function TrendChart({ data, marks = {}, height = 300 }: { data: DeviceTrend; marks?: TrendMarks; height?: number }) {
  const metrics = data.device.metrics.filter((m) => !marks.metric || m.name === marks.metric);
  if (data.points.length === 0) return <Empty description={t('该时段没有数据', 'No readings in this window')} />;
  const label = (m: { label: string; unit: string }) => `${m.label}${m.unit ? `(${m.unit})` : ''}`;
  const series = metrics.flatMap((m, i) => {
    const pts = data.points.filter((p) => p.metrics?.[m.name] !== undefined);
    const lo = pts.map((p) => [p.t, round(p.min?.[m.name] ?? p.metrics[m.name])]);
    const span = pts.map((p) => [p.t, round((p.max?.[m.name] ?? p.metrics[m.name]) - (p.min?.[m.name] ?? p.metrics[m.name]))]);
    const name = label(m);
    const markLine =
      i === 0
        ? {
            symbol: 'none',
            silent: true,
            data: [
              ...(marks.threshold != null
                ? [
                    {
                      yAxis: marks.threshold,
                      name: t('阈值', 'Threshold'),
                      lineStyle: { color: '#cf1322', type: 'dashed' },
                      label: { formatter: `${t('阈值', 'Threshold')} {c}` },
                    },
                  ]
                : []),
              ...(marks.threshold2 != null ? [{ yAxis: marks.threshold2, lineStyle: { color: '#cf1322', type: 'dashed' }, label: { formatter: '{c}' } }] : []),
              ...(marks.at ? [{ xAxis: marks.at, lineStyle: { color: '#fa541c' }, label: { formatter: t('告警', 'Alarm') } }] : []),
            ],
          }
        : undefined;
    const top = chartMax({ ...data, points: pts }, m.name);
    return [
      { name, type: 'line', showSymbol: false, data: pts.map((p) => [p.t, round(p.metrics[m.name])]), z: 3, markLine },
      // The band: min as an invisible base, max − min stacked on it.
      { name: `${name}·min`, type: 'line', data: lo, stack: `band-${m.name}`, lineStyle: { opacity: 0 }, showSymbol: false, tooltip: { show: false } },
      {
        name: `${name}·max`,
        type: 'line',
        data: span,
        stack: `band-${m.name}`,
        lineStyle: { opacity: 0 },
        areaStyle: { opacity: 0.25 },
        showSymbol: false,
        tooltip: { show: false },
        markPoint: top ? { symbolSize: 40, data: [{ coord: [top.t, top.value], value: round(top.value), name: t('峰值', 'Peak') }] } : undefined,
      },
    ];
  });
  return (
    <>
      <ReactECharts
        style={{ height }}
        notMerge
        option={{
          // Times on the axis and in the tooltip in TIME_ZONE (ECharts itself would use the browser's zone).
          tooltip: {
            trigger: 'axis',
            formatter: (ps: { value: [string, number]; seriesName: string; marker: string }[]) =>
              [fmtTime(ps[0]?.value[0]), ...ps.filter((p) => !/·(min|max)$/.test(p.seriesName)).map((p) => `${p.marker}${p.seriesName}：${p.value[1]}`)].join(
                '<br/>',
              ),
          },
          legend: topLegend(metrics.map(label)),
          grid: axisGrid({ legend: true, right: 40 }),
          xAxis: { type: 'time', axisLabel: { formatter: (v: number) => fmtMinute(new Date(v).toISOString()).slice(5), hideOverlap: true } },
          yAxis: { type: 'value', scale: true },
          series,
        }}
      />
      <Typography.Paragraph type="secondary" data-testid="trend-summary" style={{ marginBottom: 0 }}>
        {metrics.map((m) => {
          const top = chartMax(data, m.name);
          return top ? (
            <span key={m.name} style={{ marginRight: 16 }}>
              {t(`${m.label}最高 `, `${m.label} max `)}
              <b data-testid={`trend-max-${m.name}`}>{round(top.value)}</b>
              {m.unit}（{fmtTime(top.t)}）
            </span>
          ) : null;
        })}
        {t(`每点 ${data.bucketSec} 秒，阴影为区间最小—最大值`, `${data.bucketSec} s per point; the band is each bucket's min–max`)}
      </Typography.Paragraph>
    </>
  );
}

/** The readings around one alarm, with its rule's threshold, its moment and its peak. */
export function AlarmTrendChart({ alarmId }: { alarmId: string }) {
  const q = useQuery({ queryKey: ['monitoring', 'alarm-trend', alarmId], queryFn: () => api.get<AlarmTrend>(`/api/monitoring/alarms/${alarmId}/trend`) });
  if (!q.data) return <Spin />;
  const d = q.data;
  return (
    <>
      <TrendChart data={d} marks={{ threshold: d.threshold, threshold2: d.threshold2, at: d.raisedAt, metric: d.metric }} />
      {d.peak && (
        <Typography.Text data-testid="alarm-peak">
          {t('告警时段峰值', 'Peak around the alarm')} {round(d.peak.value)}（{fmtTime(d.peak.t)}）
          {d.threshold != null && t(`，阈值 ${d.threshold}`, `, threshold ${d.threshold}`)}
        </Typography.Text>
      )}
    </>
  );
}
