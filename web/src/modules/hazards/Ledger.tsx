// 隐患台账: filters in the URL (so dashboard drill-downs land here), paging, export to Excel.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Switch, Table, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { HAZARD_SECTORS, HAZARD_SOURCES, HAZARD_STATES } from '../../../../shared/hazards.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtDate, type HazardListItem, L, LevelTag, levelLabel, sectorLabel, sourceLabel, StateTag, stateLabel, toQuery, useTowns } from './shared';

const FILTER_KEYS = ['q', 'state', 'open', 'level', 'source', 'sector', 'town', 'overdue', 'supervised', 'foundFrom', 'foundTo', 'enterpriseId'] as const;

export function Ledger() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const towns = useTowns();
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const filters: Record<string, unknown> = {};
  for (const k of FILTER_KEYS) {
    const all = params.getAll(k);
    if (all.length) filters[k] = k === 'state' ? all : all[0];
  }
  const query = toQuery({ ...filters, page, pageSize });
  const list = useQuery({
    queryKey: ['hazards', 'ledger', query],
    queryFn: () => api.get<{ items: HazardListItem[]; total: number; totalCapped: boolean }>(`/api/hazards?${query}`),
    placeholderData: keepPreviousData,
  });

  const set = (k: string, v: unknown) => {
    const next = new URLSearchParams(params);
    next.delete(k);
    if (Array.isArray(v)) for (const x of v) next.append(k, String(x));
    else if (v !== undefined && v !== '' && v !== null && v !== false) next.set(k, String(v));
    next.set('page', '1');
    setParams(next);
  };

  return (
    <Card
      title={L('隐患台账', 'Hazard ledger')}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} href={`/api/hazards/export.xlsx?${toQuery(filters)}`}>
            {L('导出 Excel', 'Export Excel')}
          </Button>
          {can('hazard:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/hazards/new')}>
              {L('登记隐患', 'Record a hazard')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={L('编号或名称', 'Code or title')}
          defaultValue={params.get('q') ?? ''}
          onSearch={(v) => set('q', v)}
          style={{ width: 200 }}
          aria-label={L('搜索', 'Search')}
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={L('状态', 'State')}
          value={params.getAll('state')}
          onChange={(v) => set('state', v)}
          style={{ minWidth: 160 }}
          options={HAZARD_STATES.map((s) => ({ value: s, label: stateLabel(s) }))}
        />
        <Select
          allowClear
          placeholder={L('等级', 'Level')}
          value={params.get('level') ?? undefined}
          onChange={(v) => set('level', v)}
          style={{ width: 140 }}
          options={['general', 'major', 'ungraded'].map((l) => ({ value: l, label: l === 'ungraded' ? L('未定级', 'Ungraded') : levelLabel(l) }))}
        />
        <Select
          allowClear
          placeholder={L('来源', 'Source')}
          value={params.get('source') ?? undefined}
          onChange={(v) => set('source', v)}
          style={{ width: 130 }}
          options={HAZARD_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) }))}
        />
        <Select
          allowClear
          placeholder={L('行业领域', 'Sector')}
          value={params.get('sector') ?? undefined}
          onChange={(v) => set('sector', v)}
          style={{ width: 130 }}
          options={HAZARD_SECTORS.map((s) => ({ value: s, label: sectorLabel(s) }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={L('镇街', 'Town')}
          value={params.get('town') ?? undefined}
          onChange={(v) => set('town', v)}
          style={{ width: 140 }}
          options={(towns.data?.items ?? []).map((t) => ({ value: t.code, label: t.name }))}
        />
        <Space size={4}>
          <Switch size="small" checked={params.get('open') === 'true'} onChange={(v) => set('open', v ? 'true' : undefined)} />
          {L('仅未销号', 'Open only')}
        </Space>
        <Space size={4}>
          <Switch size="small" checked={params.get('overdue') === 'true'} onChange={(v) => set('overdue', v ? 'true' : undefined)} />
          {L('仅超期', 'Overdue only')}
        </Space>
        <Space size={4}>
          <Switch size="small" checked={params.get('supervised') === 'true'} onChange={(v) => set('supervised', v ? 'true' : undefined)} />
          {L('挂牌督办', 'Supervised')}
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon message={(list.error as Error).message} style={{ marginBottom: 12 }} />}
      <Table<HazardListItem>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total,
          showSizeChanger: true,
          showTotal: (n) => (list.data?.totalCapped ? L(`超过 ${n} 条`, `More than ${n}`) : L(`共 ${n} 条`, `${n} in total`)),
          onChange: (p, s) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            next.set('pageSize', String(s));
            setParams(next);
          },
        }}
        columns={[
          { title: L('编号', 'Code'), dataIndex: 'code', width: 140, render: (v, r) => <Link to={`/hazards/${r.id}`}>{v}</Link> },
          { title: L('隐患名称', 'Title'), dataIndex: 'title', ellipsis: true },
          { title: L('单位/地点', 'Unit / place'), dataIndex: 'unitName', ellipsis: true },
          { title: L('镇街', 'Town'), dataIndex: 'townName', width: 100 },
          { title: L('来源', 'Source'), dataIndex: 'source', width: 100, render: sourceLabel },
          { title: L('等级', 'Level'), dataIndex: 'level', width: 120, render: (v) => <LevelTag level={v} /> },
          { title: L('状态', 'State'), dataIndex: 'state', width: 150, render: (v, r) => <StateTag state={v} overdue={r.overdue} /> },
          { title: L('发现日期', 'Found'), dataIndex: 'foundAt', width: 110, render: fmtDate },
          {
            title: L('整改期限', 'Deadline'),
            dataIndex: 'deadline',
            width: 110,
            render: (v, r) => <Typography.Text type={r.overdue ? 'danger' : undefined}>{fmtDate(v)}</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}
