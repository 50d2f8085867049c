// A chart in a small card of a dashboard grid. With nothing to count it shows 暂无数据 instead of the chart,
// so an empty period never looks like a flat row of zeros (or a 0 % that reads as "nothing done").
import { Card, Col, Empty } from 'antd';
import ReactECharts from 'echarts-for-react';
import { t } from '../app/i18n';

export function ChartCard({
  title,
  option,
  empty,
  height = 300,
  span = 12,
}: {
  title: string;
  /** The ECharts option (built with ./charts.ts's helpers). */
  option: object;
  /** Nothing to show: the card says so. */
  empty: boolean;
  height?: number;
  /** Columns of 24 from the lg breakpoint up (full width below). */
  span?: number;
}) {
  return (
    <Col xs={24} lg={span}>
      <Card size="small" title={title}>
        {empty ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无数据', 'No data')} style={{ height, alignContent: 'center', margin: 0 }} />
        ) : (
          <ReactECharts option={option} style={{ height }} notMerge />
        )}
      </Card>
    </Col>
  );
}
