// 预警列表: filters in the URL, paging, acknowledgement progress per warning.
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Progress, Select, Space, Table, Tag } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { WARNING_LEVELS, WARNING_STATES } from '../../../../shared/warnings.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtTime, L, LevelTag, levelLabel, StateTag, stateLabel, toQuery, type WarningListItem } from './shared';

export function List() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const filters = {
    status: params.get('status') ?? undefined,
    level: params.get('level') ?? undefined,
    source: params.get('source') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const query = toQuery({ ...filters, page, pageSize });
  const list = useQuery({
    queryKey: ['warnings', 'list', query],
    queryFn: () => api.get<{ items: WarningListItem[]; total: number }>(`/api/warnings?${query}`),
    placeholderData: keepPreviousData,
  });
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.set('page', '1');
    setParams(next);
  };
  return (
    <Card
      title={L('预警发布与叫应', 'Warnings and call-response')}
      extra={
        can('warning:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/warnings/new')}>
            {L('起草预警', 'Draft a warning')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={L('标题或标识符', 'Headline or identifier')}
          defaultValue={filters.q}
          onSearch={(v) => set('q', v)}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={L('状态', 'Status')}
          value={filters.status}
          onChange={(v) => set('status', v)}
          style={{ width: 140 }}
          options={WARNING_STATES.map((s) => ({ value: s, label: stateLabel(s) }))}
        />
        <Select
          allowClear
          placeholder={L('级别', 'Level')}
          value={filters.level}
          onChange={(v) => set('level', v)}
          style={{ width: 140 }}
          options={WARNING_LEVELS.map((s) => ({ value: s, label: levelLabel(s) }))}
        />
        <Select
          allowClear
          placeholder={L('来源', 'Source')}
          value={filters.source}
          onChange={(v) => set('source', v)}
          style={{ width: 140 }}
          options={[
            { value: 'platform', label: L('本平台发布', 'Issued here') },
            { value: 'external', label: L('外部接入 (CAP)', 'External (CAP)') },
          ]}
        />
      </Space>
      <Table<WarningListItem>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total,
          showTotal: (n) => L(`共 ${n} 条`, `${n} in total`),
          onChange: (p, s) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            next.set('pageSize', String(s));
            setParams(next);
          },
        }}
        columns={[
          { title: L('级别', 'Level'), dataIndex: 'level', width: 100, render: (l) => <LevelTag level={l} /> },
          {
            title: L('标题', 'Headline'),
            dataIndex: 'headline',
            render: (h, r) => (
              <Space>
                <Link to={`/warnings/${r.id}`}>{h}</Link>
                {r.msg_type !== 'Alert' && <Tag>{r.msg_type === 'Update' ? L('更新', 'Update') : L('解除', 'Cancel')}</Tag>}
                {r.source === 'external' && <Tag color="blue">CAP</Tag>}
              </Space>
            ),
          },
          { title: L('区域', 'Area'), dataIndex: 'area_desc', ellipsis: true, width: 220 },
          { title: L('状态', 'Status'), dataIndex: 'status', width: 110, render: (s) => <StateTag state={s} /> },
          {
            title: L('叫应', 'Acknowledged'),
            width: 180,
            render: (_, r) =>
              r.recipients > 0 ? (
                <Progress size="small" percent={Math.round((100 * r.acknowledged) / r.recipients)} format={() => `${r.acknowledged}/${r.recipients}`} />
              ) : (
                '—'
              ),
          },
          { title: L('发布时间', 'Released'), dataIndex: 'released_at', width: 170, render: fmtTime },
        ]}
      />
    </Card>
  );
}
