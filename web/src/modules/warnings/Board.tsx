// 叫应看板: per town how far the messages got (recorded in the outbox only / in-app / handed to a gateway /
// gateway receipt) and acknowledged / overdue / not reached, live over server-sent events; a banner when
// channels are in outbox mode; click a town (bar or row) to see names; the 未叫醒 list; export to Excel.
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Drawer, Row, Segmented, Space, Statistic, Table, Tag } from 'antd';
import ReactECharts from 'echarts-for-react';
import { type ReactNode, useEffect, useState } from 'react';
import { api, toQuery } from '../../app/api';
import { PlainTable } from '../../components/FormParts';
import { PlaceName, usePlaces } from '../../components/places';
import { channelLabel, DeliveryBanner, DeliveryTag, RecipientTag, roleLabel } from './shared';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { type BoardDto, type BoardTown, type RecipientDto, warningKeys } from './api';
import { axisGrid, topLegend } from '../../components/charts';

const FILTERS = [
  { value: '', label: t('全部', 'All') },
  { value: 'acknowledged', label: t('已确认', 'Acknowledged') },
  { value: 'overdue', label: t('超时未确认', 'Overdue') },
  { value: 'not_reached', label: t('未叫醒', 'Not reached') },
  { value: 'unreached', label: t('未发送', 'Nothing sent') },
];

export function Board({ warningId, live, banner = true }: { warningId: string; live: boolean; banner?: boolean }) {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  const [town, setTown] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);
  const board = useQuery({
    queryKey: warningKeys.board(warningId),
    queryFn: () => api.get<BoardDto>(`/api/warnings/${warningId}/board`),
  });

  useEffect(() => {
    if (!live) return;
    const es = new EventSource(`/api/warnings/${warningId}/stream`);
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.addEventListener('board', (e) => {
      qc.setQueryData(warningKeys.board(warningId), JSON.parse((e as MessageEvent).data));
      qc.invalidateQueries({ queryKey: warningKeys.recipients(warningId) });
    });
    return () => es.close();
  }, [warningId, live, qc]);

  const towns = board.data?.towns ?? [];
  const sum = (k: keyof BoardTown) => towns.reduce((a, t) => a + Number(t[k]), 0);
  const total = sum('total');
  const places = usePlaces();
  const name = (r: BoardTown) => r.townName ?? (r.townCode === '330203' ? t('区级', 'District') : places.name(r.townCode));
  const waiting = (t: BoardTown) => t.total - t.acknowledged - t.overdue - t.notReached;

  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: topLegend(),
    grid: axisGrid({ legend: true, right: 20 }),
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: towns.map(name), inverse: true },
    series: [
      { name: t('已确认', 'Acknowledged'), key: 'acknowledged', color: '#52c41a', data: towns.map((t) => t.acknowledged) },
      { name: t('待确认', 'Waiting'), key: 'waiting', color: '#d9d9d9', data: towns.map(waiting) },
      { name: t('超时未确认', 'Overdue'), key: 'overdue', color: '#fa8c16', data: towns.map((t) => t.overdue) },
      { name: t('未叫醒', 'Not reached'), key: 'notReached', color: '#cf1322', data: towns.map((t) => t.notReached) },
    ].map((s) => ({ ...s, type: 'bar', stack: 'all', barMaxWidth: 24 })),
  };

  const query = toQuery({ town: town ?? undefined, state: filter || undefined, page, pageSize: 50 });
  const recipients = useQuery({
    queryKey: [...warningKeys.recipients(warningId), query],
    queryFn: () => api.get<{ items: RecipientDto[]; total: number }>(`/api/warnings/${warningId}/recipients${query}`),
    enabled: town !== null,
    placeholderData: keepPreviousData,
  });

  const open = (code: string, f = '') => {
    setTown(code);
    setFilter(f);
    setPage(1);
  };
  /** A count (or the town's name) that opens the town's recipients, filtered by `f`; a zero stays plain text. */
  const townLink = (r: BoardTown, text: ReactNode, f = '') =>
    text ? (
      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(r.townCode, f)}>
        {text}
      </Button>
    ) : (
      text
    );

  return (
    <Card
      title={
        <Space>
          {t('叫应看板', 'Call-response board')}
          {live && <Badge status={connected ? 'processing' : 'default'} text={connected ? t('实时', 'Live') : t('连接中', 'Connecting')} />}
        </Space>
      }
      extra={
        <Button icon={<DownloadOutlined />} href={`/api/warnings/${warningId}/board.xlsx`}>
          {t('导出 Excel', 'Export Excel')}
        </Button>
      }
    >
      {banner && <DeliveryBanner delivery={board.data?.delivery} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} sm={8} md={3}>
          <Statistic title={t('应叫应', 'Recipients')} value={total} />
        </Col>
        <Col xs={12} sm={8} md={3}>
          <Statistic
            title={<span title={t('只记录在发件箱，没有发出', 'Recorded only, nothing sent')}>{t('已写入发件箱', 'In outbox')}</span>}
            value={sum('outbox')}
            valueStyle={sum('outbox') ? { color: '#8c8c8c' } : undefined}
          />
        </Col>
        <Col xs={12} sm={8} md={3}>
          <Statistic title={t('站内消息', 'In-app')} value={sum('inapp')} />
        </Col>
        <Col xs={12} sm={8} md={3}>
          <Statistic title={t('已提交网关', 'Handed to gateway')} value={sum('gateway')} />
        </Col>
        <Col xs={12} sm={8} md={3}>
          <Statistic title={t('网关回执已送达', 'Delivered (receipt)')} value={sum('delivered')} />
        </Col>
        <Col xs={12} sm={8} md={3}>
          <Statistic title={t('已确认', 'Acknowledged')} value={sum('acknowledged')} valueStyle={{ color: '#389e0d' }} />
          <span style={{ color: '#8c8c8c', fontSize: 12 }}>
            {t('确认率', 'Rate')} {total ? Math.round((1000 * sum('acknowledged')) / total) / 10 : 0}%
          </span>
        </Col>
        <Col xs={12} sm={8} md={3}>
          <Statistic title={t('超时未确认', 'Overdue')} value={sum('overdue')} valueStyle={{ color: '#d46b08' }} />
        </Col>
        <Col xs={12} sm={8} md={3}>
          <Statistic title={t('未叫醒', 'Not reached')} value={sum('notReached')} valueStyle={{ color: '#cf1322' }} />
        </Col>
      </Row>
      <ReactECharts
        option={option}
        style={{ height: Math.max(160, towns.length * 36 + 60) }}
        notMerge
        onEvents={{ click: (p: { dataIndex: number }) => towns[p.dataIndex] && open(towns[p.dataIndex].townCode) }}
      />
      <PlainTable<BoardTown>
        rowKey="townCode"
        dataSource={towns}
        data-testid="board-table"
        columns={[
          { title: t('镇街', 'Town'), render: (_, r) => townLink(r, name(r)) },
          { title: t('应叫应', 'Recipients'), dataIndex: 'total' },
          { title: t('已写入发件箱', 'In outbox'), dataIndex: 'outbox' },
          { title: t('站内消息', 'In-app'), dataIndex: 'inapp' },
          { title: t('已提交网关', 'Handed to gateway'), dataIndex: 'gateway' },
          { title: t('网关回执已送达', 'Delivered (receipt)'), dataIndex: 'delivered' },
          { title: t('已确认', 'Acknowledged'), dataIndex: 'acknowledged', render: (v) => <span data-testid="acked">{v}</span> },
          { title: t('超时未确认', 'Overdue'), dataIndex: 'overdue', render: (v, r) => townLink(r, v, 'overdue') },
          { title: t('未叫醒', 'Not reached'), dataIndex: 'notReached', render: (v, r) => townLink(r, v, 'not_reached') },
          { title: t('升级叫应', 'Escalations'), dataIndex: 'escalations' },
        ]}
      />
      <Drawer
        open={town !== null}
        width={980}
        onClose={() => setTown(null)}
        title={`${towns.find((r) => r.townCode === town) ? name(towns.find((r) => r.townCode === town) as BoardTown) : ''} ${t('叫应名单', 'recipients')}`}
      >
        <Segmented
          options={FILTERS}
          value={filter}
          onChange={(v) => {
            setFilter(String(v));
            setPage(1);
          }}
          style={{ marginBottom: 12 }}
        />
        <Table<RecipientDto>
          size="small"
          rowKey="id"
          loading={recipients.isFetching}
          scroll={{ x: 'max-content' }}
          dataSource={recipients.data?.items}
          pagination={{ current: page, pageSize: 50, total: recipients.data?.total, onChange: setPage }}
          columns={[
            {
              title: t('姓名', 'Name'),
              render: (_, r) => (
                <Space>
                  {r.name}
                  {r.kind === 'escalation' && (
                    <Tag color="purple">{t(`升级：叫应 ${r.escalatedFromName ?? ''}`, `Escalation for ${r.escalatedFromName ?? ''}`)}</Tag>
                  )}
                </Space>
              ),
            },
            { title: t('角色', 'Role'), dataIndex: 'role', render: roleLabel },
            { title: t('手机', 'Phone'), dataIndex: 'phone' },
            { title: t('所在地', 'Place'), dataIndex: 'jurisdictionCode', render: (c: string) => <PlaceName code={c} /> },
            { title: t('状态', 'State'), render: (_, r) => <RecipientTag state={r.state} overdue={new Date(r.deadlineAt) < new Date() && !r.ackedAt} /> },
            { title: t('发送情况', 'Delivery'), dataIndex: 'delivery', render: (d: string | null) => <DeliveryTag delivery={d} /> },
            {
              title: t('渠道进度', 'Channels'),
              render: (_, r) =>
                r.channels.map((c, i) => (
                  <Tag key={c} color={i <= r.step ? 'blue' : undefined}>
                    {channelLabel(c)}
                  </Tag>
                )),
            },
            { title: t('确认时间', 'Acknowledged'), dataIndex: 'ackedAt', render: fmtTime },
            {
              title: t('措施反馈', 'Measures'),
              render: (_, r) =>
                r.measures ? (
                  <Space wrap size={4}>
                    {`${r.measures}${r.peopleMoved ? t(`（转移 ${r.peopleMoved} 人）`, ` (${r.peopleMoved} moved)`) : ''}`}
                    {r.measuresPhotoIds.map((id, i) => (
                      <a key={id} href={`/api/files/${id}`} target="_blank" rel="noreferrer">
                        {t(`照片${i + 1}`, `photo ${i + 1}`)}
                      </a>
                    ))}
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Drawer>
    </Card>
  );
}
