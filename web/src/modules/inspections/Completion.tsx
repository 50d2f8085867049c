// 自查完成情况: per town (or park/enterprise for their own accounts) — who has not patrolled today, which
// principals have not led a major-hazard check this quarter; a chart per town and the two lists.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Select, Space, Spin, Statistic } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useSearchParams } from 'react-router';
import { api, toQuery } from '../../app/api';
import { t } from '../../app/i18n';
import { axisGrid, topLegend } from '../../components/charts';
import { TableCard } from '../../components/FormParts';
import { PlaceName, usePlaces } from '../../components/places';
import { type CompletionDto, inspectionKeys } from './api';

const placeColumn = { title: t('属地', 'Place'), dataIndex: 'jurisdictionCode', render: (v: string) => <PlaceName code={v} /> };

export function Completion() {
  const [params, setParams] = useSearchParams();
  const { townOptions } = usePlaces();
  const town = params.get('town') ?? undefined;
  const q = useQuery({
    queryKey: inspectionKeys.completion(town, undefined),
    queryFn: () => api.get<CompletionDto>(`/api/inspections/completion${toQuery({ town })}`),
  });
  if (q.isLoading) return <Spin style={{ display: 'block', marginTop: 64 }} />;
  if (q.error || !q.data) return <Alert type="error" showIcon message={(q.error as Error)?.message} />;
  const d = q.data;
  const names = d.byTown.map((x) => x.townName);
  const chart = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    legend: topLegend([t('今日已巡查园区', 'Parks patrolled today'), t('本季度负责人已带队', 'Principal-led this quarter')]),
    grid: axisGrid({ legend: true }),
    xAxis: { type: 'category', data: names, axisLabel: { rotate: 40 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: t('今日已巡查园区', 'Parks patrolled today'), type: 'bar', data: d.byTown.map((x) => (x.parks ? Math.round((x.patrolled / x.parks) * 100) : 0)) },
      {
        name: t('本季度负责人已带队', 'Principal-led this quarter'),
        type: 'bar',
        data: d.byTown.map((x) => (x.enterprises ? Math.round((x.principalLed / x.enterprises) * 100) : 0)),
      },
    ],
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          showSearch
          style={{ width: 200 }}
          aria-label={t('镇街', 'Town')}
          placeholder={t('全部镇街', 'All towns')}
          value={town}
          options={townOptions}
          onChange={(v) => setParams(v ? { town: v } : {})}
        />
        <span>
          {d.day} · {d.quarter}
        </span>
      </Space>
      <Row gutter={[12, 12]}>
        {[
          [t('今日已巡查园区', 'Patrolled today'), d.parks.patrolledToday, d.parks.total],
          [t('本月联合检查', 'Joint checks this month'), d.parks.monthlyDone, d.parks.total],
          [t('本季度报告', 'Quarterly reports'), d.parks.quarterlyDone, d.parks.total],
          [t('今年已检查园区', 'Parks inspected this year'), d.parks.inspectedThisYear, d.parks.total],
          [t('负责人带队检查（本季度）', 'Principal-led (quarter)'), d.enterprises.principalLedThisQuarter, d.enterprises.total],
          [t('全员自查（本季度）', 'All-staff (quarter)'), d.enterprises.allStaffThisQuarter, d.enterprises.total],
        ].map(([label, done, total]) => (
          <Col xs={12} md={8} xl={4} key={String(label)}>
            <Card size="small">
              <Statistic title={label} value={Number(done)} suffix={`/ ${total}`} />
            </Card>
          </Col>
        ))}
      </Row>
      {d.byTown.length > 1 && (
        <Card size="small" title={t('各镇街完成率', 'Completion by town')}>
          <ReactECharts option={chart} style={{ height: 300 }} />
        </Card>
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <TableCard
            title={`${t('今日未巡查的园区', 'Parks not patrolled today')}（${d.parks.total - d.parks.patrolledToday}）`}
            rowKey="parkId"
            pagination={{ pageSize: 10 }}
            dataSource={d.notPatrolled}
            empty={t('今天所有园区均已巡查', 'Every park patrolled today')}
            columns={[{ title: t('园区', 'Park'), dataIndex: 'name' }, placeColumn]}
          />
        </Col>
        <Col xs={24} lg={12}>
          <TableCard
            title={`${t('本季度负责人未带队检查', 'Principals without a led check this quarter')}（${d.enterprises.total - d.enterprises.principalLedThisQuarter}）`}
            rowKey="enterpriseId"
            pagination={{ pageSize: 10 }}
            dataSource={d.principalsMissing}
            empty={t('本季度所有负责人均已带队检查', 'Every principal has led a check')}
            columns={[
              { title: t('企业', 'Enterprise'), dataIndex: 'name' },
              { title: t('主要负责人', 'Principal'), dataIndex: 'principalName', render: (v) => v ?? '—' },
              placeColumn,
            ]}
          />
        </Col>
      </Row>
    </Space>
  );
}
