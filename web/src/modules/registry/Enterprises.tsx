// 企业名录: filters (kept in the URL), overview charts, the paged list, export and a jump to the map.
import { EnvironmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { Link, useNavigate } from 'react-router';
import { categoryLabel, RISK_GRADE_LABELS, RISK_GRADES, type STANDARDIZATION_LABELS, STANDARDIZATION_NAMES } from '../../../../shared/registry.ts';
import { api, toQuery } from '../../app/api';
import { useAuth } from '../../app/auth';
import { today } from '../../app/format';
import { t } from '../../app/i18n';
import { AddButton } from '../../components/FormParts';
import { FilterBar, linkColumn, ListPage, useUrlFilters } from '../../components/ListPage';
import { usePlaces } from '../../components/places';
import type { Enterprise, EnterpriseStats } from '../../../../shared/registry.dto.ts';
import { registryKeys } from './api';
import { enterpriseFilters, GradeTag } from './shared';
import { labelOf } from '../../components/LabelTag';
import { axisGrid, pieSeries } from '../../components/charts';

/** The list's filters, bound to the URL (the map shows them too). */
export function EnterpriseFilters() {
  const { townOptions } = usePlaces();
  const specs = enterpriseFilters(townOptions);
  return <FilterBar specs={specs} state={useUrlFilters(specs)} />;
}

function Overview() {
  const stats = useQuery({ queryKey: registryKeys.enterpriseStats, queryFn: () => api.get<EnterpriseStats>('/api/registry/enterprises/stats') });
  const s = stats.data;
  if (!s) return null;
  const pie = {
    tooltip: { trigger: 'item' },
    series: [
      pieSeries(
        [
          ...RISK_GRADES.map((g) => ({ name: labelOf(RISK_GRADE_LABELS, g), value: s.byGrade[g] ?? 0, itemStyle: { color: RISK_GRADE_LABELS[g].color } })),
          { name: t('未评定', 'Not graded'), value: s.byGrade.none ?? 0, itemStyle: { color: '#bfbfbf' } },
        ],
        { donut: true },
      ),
    ],
  };
  const bar = {
    tooltip: {},
    grid: axisGrid(),
    xAxis: { type: 'category', data: s.byTown.map((t) => t.name), axisLabel: { rotate: 45, fontSize: 11 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: s.byTown.map((t) => t.count), itemStyle: { color: '#1d5fb0' } }],
  };
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} md={12} xl={6}>
        <Card size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Statistic title={t('企业总数', 'Enterprises')} value={s.total} />
            <Space size="large" wrap>
              <Statistic title={t('区级重点执法单位', 'Key units')} value={s.keyUnits} />
              <Statistic title={t('“六类”企业', 'Six kinds')} value={s.sixKinds} />
            </Space>
            <Space size="large" wrap>
              <Statistic title={t('标准化达标', 'Standardized')} value={s.standardized} />
              <Statistic title={t('严重失信', 'Dishonest')} value={s.dishonest} />
            </Space>
          </Space>
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card size="small" title={t('风险等级分布', 'By risk grade')}>
          <ReactECharts option={pie} style={{ height: 190 }} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('各镇街企业数', 'By town')}>
          <ReactECharts option={bar} style={{ height: 190 }} />
        </Card>
      </Col>
    </Row>
  );
}

export function EnterpriseList() {
  const { name, townOptions } = usePlaces();
  const { can } = useAuth();
  const navigate = useNavigate();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Overview />
      <ListPage<Enterprise>
        title={t('企业名录', 'Enterprises')}
        exportTo={{ url: '/api/registry/enterprises/export', fileName: '企业名录.xlsx' }}
        extra={({ filters }) => (
          <>
            <Button icon={<EnvironmentOutlined />} onClick={() => navigate(`/registry/map${toQuery(filters)}`)}>
              {t('在地图中查看', 'Show on map')}
            </Button>
            <AddButton show={can('registry:write')} to="/registry/enterprises/new">
              {t('登记企业', 'New enterprise')}
            </AddButton>
          </>
        )}
        filters={enterpriseFilters(townOptions)}
        url="/api/registry/enterprises"
        queryKey={registryKeys.enterprises}
        total={(n) => t(`共 ${n} 家`, `${n} in total`)}
        empty={{
          text: t('暂无企业，可通过“登记企业”逐家添加，或通过“导入”批量添加', 'No enterprises yet: register them one by one or import a spreadsheet'),
          action: can('registry:write') && (
            <Space>
              <Link to="/registry/enterprises/new">
                <Button type="primary">{t('登记第一家企业', 'Register the first one')}</Button>
              </Link>
              <Link to="/registry/import">
                <Button>{t('批量导入', 'Import')}</Button>
              </Link>
            </Space>
          ),
        }}
        columns={[
          linkColumn(t('企业名称', 'Name'), 'name', (r) => `/registry/enterprises/${r.id}`, { sortKey: 'name' }),
          { title: t('统一社会信用代码', 'Credit code'), dataIndex: 'creditCode', width: 190, render: (v) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('镇街', 'Town'), dataIndex: 'townCode', width: 100, render: (v) => <span title={v}>{name(v)}</span> },
          { title: t('行业', 'Industry'), dataIndex: 'industryName', width: 170, ellipsis: true },
          {
            title: t('特殊类别', 'Categories'),
            dataIndex: 'categories',
            width: 160,
            render: (cs: string[]) => cs.map((c) => <Tag key={c}>{categoryLabel(c)}</Tag>),
          },
          { title: t('风险等级', 'Grade'), dataIndex: 'riskGrade', width: 100, sortKey: 'riskGrade', render: (g) => <GradeTag grade={g} /> },
          {
            title: t('标准化', 'Standardization'),
            dataIndex: 'standardizationLevel',
            width: 80,
            render: (v: keyof typeof STANDARDIZATION_LABELS) => labelOf(STANDARDIZATION_NAMES, v),
          },
          {
            title: t('标记', 'Flags'),
            width: 140,
            render: (_, r) => (
              <Space size={2}>
                {r.keyUnit && <Tag color="purple">{t('重点', 'Key')}</Tag>}
                {r.dishonestFrom && (!r.dishonestUntil || r.dishonestUntil >= today()) && <Tag color="red">{t('失信', 'Dishonest')}</Tag>}
                {r.status !== 'active' && <Tag>{r.status === 'suspended' ? t('停产', 'Suspended') : t('关闭', 'Closed')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
