// 企业名录: filters (kept in the URL), overview charts, the paged list, export and a jump to the map.
import { DownloadOutlined, EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { Link, useNavigate } from 'react-router';
import { INDUSTRY_MAJORS, RISK_GRADE_LABELS, RISK_GRADES, SPECIAL_CATEGORIES, STANDARDIZATION_LABELS, categoryLabel } from '../../../../shared/registry.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { download, ENTERPRISE_FILTER_KEYS, type Enterprise, GradeTag, L, type Page, qs, usePlaces, useUrlFilters } from './shared';

interface Stats {
  total: number;
  keyUnits: number;
  sixKinds: number;
  standardized: number;
  dishonest: number;
  byGrade: Record<string, number>;
  byTown: { code: string; name: string; count: number }[];
}

const boolOptions = () => [
  { value: 'true', label: L('是', 'Yes') },
  { value: 'false', label: L('否', 'No') },
];

export function EnterpriseFilters() {
  const { filters, set } = useUrlFilters(ENTERPRISE_FILTER_KEYS);
  const { towns } = usePlaces();
  return (
    <Space wrap>
      <Input.Search
        key={filters.q ?? ''}
        allowClear
        placeholder={L('企业名称（模糊）或信用代码', 'Name (fuzzy) or credit code')}
        defaultValue={filters.q}
        onSearch={(v) => set({ q: v.trim() || undefined })}
        style={{ width: 260 }}
        aria-label={L('搜索企业', 'Search enterprises')}
      />
      <Select
        allowClear
        placeholder={L('镇（乡、街道）', 'Town')}
        value={filters.town}
        onChange={(v) => set({ town: v })}
        style={{ width: 130 }}
        options={towns.map((t) => ({ value: t.code, label: t.name }))}
      />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={L('行业（GB/T 4754）', 'Industry')}
        value={filters.industry}
        onChange={(v) => set({ industry: v })}
        style={{ width: 200 }}
        options={Object.entries(INDUSTRY_MAJORS).map(([code, m]) => ({ value: code, label: `${code} ${m.name}` }))}
      />
      <Select
        allowClear
        placeholder={L('特殊类别', 'Category')}
        value={filters.category}
        onChange={(v) => set({ category: v })}
        style={{ width: 140 }}
        options={SPECIAL_CATEGORIES.map((c) => ({ value: c.key, label: c.zh }))}
      />
      <Select
        allowClear
        placeholder={L('风险等级', 'Risk grade')}
        value={filters.riskGrade}
        onChange={(v) => set({ riskGrade: v })}
        style={{ width: 120 }}
        options={[...RISK_GRADES.map((g) => ({ value: g, label: RISK_GRADE_LABELS[g].zh })), { value: 'none', label: L('未评定', 'Not graded') }]}
      />
      <Select
        allowClear
        placeholder={L('“六类”企业', 'Six kinds')}
        value={filters.sixKinds}
        onChange={(v) => set({ sixKinds: v })}
        style={{ width: 120 }}
        options={boolOptions()}
      />
      <Select
        allowClear
        placeholder={L('重点执法单位', 'Key unit')}
        value={filters.keyUnit}
        onChange={(v) => set({ keyUnit: v })}
        style={{ width: 130 }}
        options={boolOptions()}
      />
      <Select
        allowClear
        placeholder={L('严重失信', 'Dishonest')}
        value={filters.dishonest}
        onChange={(v) => set({ dishonest: v })}
        style={{ width: 110 }}
        options={boolOptions()}
      />
      <Select
        allowClear
        placeholder={L('标准化达标', 'Standardized')}
        value={filters.standardized}
        onChange={(v) => set({ standardized: v })}
        style={{ width: 120 }}
        options={boolOptions()}
      />
      {filters.parkId && (
        <Tag closable onClose={() => set({ parkId: undefined })}>
          {L('限定园区', 'In park')}
        </Tag>
      )}
    </Space>
  );
}

function Overview() {
  const stats = useQuery({ queryKey: ['registry', 'stats'], queryFn: () => api.get<Stats>('/api/registry/enterprises/stats') });
  const s = stats.data;
  if (!s) return null;
  const pie = {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        data: [
          ...RISK_GRADES.map((g) => ({ name: RISK_GRADE_LABELS[g].zh, value: s.byGrade[g] ?? 0, itemStyle: { color: RISK_GRADE_LABELS[g].color } })),
          { name: '未评定', value: s.byGrade.none ?? 0, itemStyle: { color: '#bfbfbf' } },
        ],
      },
    ],
  };
  const bar = {
    tooltip: {},
    grid: { left: 40, right: 10, top: 10, bottom: 60 },
    xAxis: { type: 'category', data: s.byTown.map((t) => t.name), axisLabel: { rotate: 45, fontSize: 11 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: s.byTown.map((t) => t.count), itemStyle: { color: '#1d5fb0' } }],
  };
  return (
    <Row gutter={12}>
      <Col span={6}>
        <Card size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Statistic title={L('企业总数', 'Enterprises')} value={s.total} />
            <Space size="large">
              <Statistic title={L('区级重点执法单位', 'Key units')} value={s.keyUnits} />
              <Statistic title={L('“六类”企业', 'Six kinds')} value={s.sixKinds} />
            </Space>
            <Space size="large">
              <Statistic title={L('标准化达标', 'Standardized')} value={s.standardized} />
              <Statistic title={L('严重失信', 'Dishonest')} value={s.dishonest} />
            </Space>
          </Space>
        </Card>
      </Col>
      <Col span={6}>
        <Card size="small" title={L('风险等级分布', 'By risk grade')}>
          <ReactECharts option={pie} style={{ height: 190 }} />
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" title={L('各镇街企业数', 'By town')}>
          <ReactECharts option={bar} style={{ height: 190 }} />
        </Card>
      </Col>
    </Row>
  );
}

export function EnterpriseList() {
  const { filters, page, set, search } = useUrlFilters(ENTERPRISE_FILTER_KEYS);
  const { name } = usePlaces();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const pageSize = 20;
  const list = useQuery({
    queryKey: ['registry', 'enterprises', filters, page],
    queryFn: () => api.get<Page<Enterprise>>(`/api/registry/enterprises${qs({ ...filters, page, pageSize })}`),
    placeholderData: (prev) => prev,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Overview />
      <Card
        title={L('企业名录', 'Enterprises')}
        extra={
          <Space>
            <Button icon={<EnvironmentOutlined />} onClick={() => navigate(`/registry/map?${search}`)}>
              {L('在地图中查看', 'Show on map')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => download(`/api/registry/enterprises/export${qs(filters)}`, '企业名录.xlsx').catch((e) => message.error(e.message))}
            >
              {L('导出 Excel', 'Export')}
            </Button>
            {can('registry:write') && (
              <Link to="/registry/enterprises/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {L('登记企业', 'New enterprise')}
                </Button>
              </Link>
            )}
          </Space>
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <EnterpriseFilters />
          <Table<Enterprise>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total,
              showSizeChanger: false,
              showTotal: (t) =>
                list.data?.totalCapped ? L(`超过 ${t} 家，请用筛选缩小范围`, `More than ${t}; narrow the filters`) : L(`共 ${t} 家`, `${t} in total`),
              onChange: (p) => set({ page: p }),
            }}
            columns={[
              { title: L('企业名称', 'Name'), dataIndex: 'name', render: (v, r) => <Link to={`/registry/enterprises/${r.id}`}>{v}</Link> },
              { title: L('统一社会信用代码', 'Credit code'), dataIndex: 'creditCode', width: 190, render: (v) => <Typography.Text code>{v}</Typography.Text> },
              { title: L('镇街', 'Town'), dataIndex: 'townCode', width: 100, render: (v) => name(v) },
              { title: L('行业', 'Industry'), dataIndex: 'industryName', width: 170, ellipsis: true },
              {
                title: L('特殊类别', 'Categories'),
                dataIndex: 'categories',
                width: 160,
                render: (cs: string[]) => cs.map((c) => <Tag key={c}>{categoryLabel(c)}</Tag>),
              },
              { title: L('风险等级', 'Grade'), dataIndex: 'riskGrade', width: 100, render: (g) => <GradeTag grade={g} /> },
              {
                title: L('标准化', 'Standardization'),
                dataIndex: 'standardizationLevel',
                width: 80,
                render: (v: keyof typeof STANDARDIZATION_LABELS) => STANDARDIZATION_LABELS[v],
              },
              {
                title: L('标记', 'Flags'),
                width: 140,
                render: (_, r) => (
                  <Space size={2}>
                    {r.keyUnit && <Tag color="purple">{L('重点', 'Key')}</Tag>}
                    {r.dishonestFrom && (!r.dishonestUntil || r.dishonestUntil >= new Date().toISOString().slice(0, 10)) && (
                      <Tag color="red">{L('失信', 'Dishonest')}</Tag>
                    )}
                    {r.status !== 'active' && <Tag>{r.status === 'suspended' ? L('停产', 'Suspended') : L('关闭', 'Closed')}</Tag>}
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      </Card>
    </Space>
  );
}
