// 实时监测大屏: map of devices and active alarms, the live alarm feed (Server-Sent Events), a beep for new
// high-severity alarms, online rate per town, and a device's trend chart over a chosen window.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Card, Col, Drawer, List, Radio, Row, Space, Switch, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import type L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { DEVICE_TYPE_NAMES, type DeviceType, isLoud, SEVERITIES, SEVERITY_LABELS } from '../../../../shared/monitoring.ts';
import { api } from '../../app/api';
import { SeverityTag, StateTag, beep } from './shared';
import { fmtTime } from '../../app/format';
import { pick, t } from '../../app/i18n';
import { type Alarm, type AlarmList, type Device, type DevicePoint as Point, type DeviceTrend, type LiveAlarm, monitoringKeys, type TownOnline } from './api';
import { clusterDot, LegendItem, MapView, useClusterLayer } from '../../components/MapView';
import { AlarmGroups } from './Alarms';
import { TrendChart } from './TrendChart';
import { axisGrid } from '../../components/charts';

const ONLINE = '#52c41a';
const OFFLINE = '#8c8c8c';

function DeviceMap({ points, alarms, onPick }: { points: Point[]; alarms: Alarm[]; onPick: (id: string) => void }) {
  const [map, setMap] = useState<L.Map | null>(null);
  const layers = useMemo(() => {
    const alarmed = new Map(alarms.map((a) => [a.deviceId, a]));
    const out: L.Layer[] = [];
    for (const p of points) {
      if (p.lon == null || p.lat == null) continue;
      const a = alarmed.get(p.id);
      const color = a ? SEVERITY_LABELS[a.severity].color : p.online ? ONLINE : OFFLINE;
      // Alarmed devices outrank the rest (by severity), online ones outrank offline ones.
      const rank = a ? 2 + SEVERITIES.indexOf(a.severity) : p.online ? 1 : 0;
      out.push(
        clusterDot([p.lat, p.lon], color, rank, { radius: a ? 8 : 4, weight: a ? 2 : 1 })
          .bindTooltip(`${p.name}（${pick(DEVICE_TYPE_NAMES[p.type], p.type)}）${a ? `：${a.message}` : p.online ? '' : `：${t('离线', 'offline')}`}`)
          .on('click', () => onPick(p.id)),
      );
    }
    return out;
  }, [points, alarms, onPick]);
  useClusterLayer(map, layers);
  const legend = (
    <>
      {[...SEVERITIES].reverse().map((s) => (
        <LegendItem key={s} color={SEVERITY_LABELS[s].color} label={t(`告警：${SEVERITY_LABELS[s].zh}`, `Alarm: ${SEVERITY_LABELS[s].en}`)} />
      ))}
      <LegendItem color={ONLINE} label={t('在线', 'Online')} />
      <LegendItem color={OFFLINE} label={t('离线', 'Offline')} />
      <LegendItem color="#595959" shape="ring" label={t('数字：聚合的设备数（取最严重的颜色）', 'Number: devices merged (worst colour)')} />
    </>
  );
  return <MapView testId="monitoring-map" height={460} onReady={setMap} legend={legend} view={{ center: [29.86, 121.45], zoom: 11 }} />;
}

function OnlineChart() {
  const q = useQuery({
    queryKey: ['monitoring', 'online'],
    queryFn: () => api.get<TownOnline[]>('/api/monitoring/stats/online'),
    refetchInterval: 30_000,
  });
  const rows = q.data ?? [];
  return (
    <ReactECharts
      style={{ height: Math.max(260, rows.length * 22 + 40) }}
      option={{
        grid: axisGrid({ right: 30 }),
        tooltip: {
          formatter: (p: { name: string; value: number; dataIndex: number }) =>
            `${p.name}：${p.value}%（${rows[p.dataIndex].online}/${rows[p.dataIndex].total}）`,
        },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, axisLabel: { interval: 0 } },
        series: [{ type: 'bar', data: rows.map((r) => (r.total ? Math.round((r.online / r.total) * 1000) / 10 : 0)), itemStyle: { color: '#1677ff' } }],
      }}
    />
  );
}

export function Trend({ deviceId }: { deviceId: string }) {
  const [win, setWin] = useState<'1h' | '6h' | '24h' | '7d'>('24h');
  const q = useQuery({
    queryKey: monitoringKeys.trend(deviceId, win),
    queryFn: () => api.get<DeviceTrend>(`/api/monitoring/devices/${encodeURIComponent(deviceId)}/trend?window=${win}`),
    refetchInterval: 30_000,
  });
  return (
    <>
      <Radio.Group value={win} onChange={(e) => setWin(e.target.value)} optionType="button" size="small" style={{ marginBottom: 8 }}>
        <Radio.Button value="1h">{t('1 小时', '1 h')}</Radio.Button>
        <Radio.Button value="6h">{t('6 小时', '6 h')}</Radio.Button>
        <Radio.Button value="24h">{t('24 小时', '24 h')}</Radio.Button>
        <Radio.Button value="7d">{t('7 天', '7 days')}</Radio.Button>
      </Radio.Group>
      {q.data && <TrendChart data={q.data} />}
    </>
  );
}

/** An alarm's level and its device, linking to the alarm. */
const AlarmTitle = ({ a }: { a: { id: string; severity: LiveAlarm['severity']; deviceName: string } }) => (
  <Space>
    <SeverityTag s={a.severity} />
    <Link to={`/monitoring/alarms/${a.id}`}>{a.deviceName}</Link>
  </Space>
);

export function LiveScreen() {
  const qc = useQueryClient();
  const [feed, setFeed] = useState<LiveAlarm[]>([]);
  const [connected, setConnected] = useState(false);
  const [sound, setSound] = useState(true);
  const [picked, setPicked] = useState<string | null>(null);
  const soundRef = useRef(sound);
  soundRef.current = sound;
  const points = useQuery({ queryKey: ['monitoring', 'points'], queryFn: () => api.get<Point[]>('/api/monitoring/devices/points'), refetchInterval: 60_000 });
  const open = useQuery({
    queryKey: [...monitoringKeys.alarms, 'open'],
    queryFn: () => api.get<AlarmList>('/api/monitoring/alarms?status=open&pageSize=200'),
  });
  const device = useQuery({
    queryKey: ['monitoring', 'device', picked],
    queryFn: () => api.get<Device>(`/api/monitoring/devices/${encodeURIComponent(picked as string)}`),
    enabled: !!picked,
  });

  useEffect(() => {
    const es = new EventSource('/api/monitoring/live');
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.addEventListener('alarm', (ev) => {
      const a = JSON.parse((ev as MessageEvent).data) as LiveAlarm;
      setFeed((f) => [a, ...f.filter((x) => x.id !== a.id)].slice(0, 100));
      if (a.isNew && isLoud(a.severity) && soundRef.current) beep();
      void qc.invalidateQueries({ queryKey: monitoringKeys.alarms });
    });
    return () => es.close();
  }, [qc]);

  // Most severe first, then newest.
  const openAlarms = [...(open.data?.items ?? [])].sort(
    (a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || b.raisedAt.localeCompare(a.raisedAt),
  );
  const online = (points.data ?? []).filter((p) => p.online).length;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={16}>
        <Card
          size="small"
          title={t('设备与告警分布', 'Devices and alarms')}
          extra={
            <Typography.Text type="secondary">
              {t(
                `设备 ${points.data?.length ?? '…'} 台，在线 ${online} 台，未关闭告警 ${open.data?.total ?? '…'} 条`,
                `${points.data?.length ?? '…'} devices, ${online} online, ${open.data?.total ?? '…'} open alarms`,
              )}
            </Typography.Text>
          }
        >
          <DeviceMap points={points.data ?? []} alarms={openAlarms} onPick={setPicked} />
        </Card>
        <Card size="small" title={t('各镇街设备在线率', 'Devices online by town')} style={{ marginTop: 12 }}>
          <OnlineChart />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card
          size="small"
          title={
            <Space>
              {t('实时告警', 'Live alarms')}
              <Badge status={connected ? 'processing' : 'default'} text={connected ? t('已连接', 'Connected') : t('连接中…', 'Connecting…')} />
            </Space>
          }
          extra={
            <Space>
              {t('声音', 'Sound')}
              <Switch size="small" checked={sound} onChange={setSound} aria-label={t('声音', 'Sound')} />
            </Space>
          }
        >
          <List
            data-testid="live-feed"
            locale={{ emptyText: t('连接后新告警会实时出现在这里', 'New alarms appear here as they happen') }}
            dataSource={feed}
            style={{ maxHeight: 300, overflow: 'auto' }}
            renderItem={(a) => (
              <List.Item key={`${a.id}-${a.count}`}>
                <List.Item.Meta
                  title={<AlarmTitle a={a} />}
                  description={
                    <>
                      {a.message}
                      <br />
                      <Typography.Text type="secondary">
                        {fmtTime(a.raisedAt)} {a.count > 1 ? t(`· 第 ${a.count} 次`, `· ${a.count} times`) : ''}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
        <div style={{ marginTop: 12 }}>
          <AlarmGroups compact />
        </div>
        <Card size="small" title={t('未关闭告警（按级别）', 'Open alarms (most severe first)')} data-testid="live-open">
          <List
            dataSource={openAlarms.slice(0, 30)}
            style={{ maxHeight: 420, overflow: 'auto' }}
            renderItem={(a) => (
              <List.Item key={a.id} actions={[<StateTag key="s" s={a.status} />]}>
                <List.Item.Meta title={<AlarmTitle a={a} />} description={a.message} />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Drawer
        open={!!picked}
        onClose={() => setPicked(null)}
        size="large"
        title={device.data ? `${device.data.name}（${device.data.id}）` : t('设备', 'Device')}
      >
        {device.data && (
          <>
            <Typography.Paragraph>
              {pick(DEVICE_TYPE_NAMES[device.data.type as DeviceType], device.data.type)} · {device.data.online ? t('在线', 'Online') : t('离线', 'Offline')} ·{' '}
              {t('最后上报', 'Last report')} {fmtTime(device.data.lastSeenAt)}
            </Typography.Paragraph>
            {picked && <Trend deviceId={picked} />}
          </>
        )}
      </Drawer>
    </Row>
  );
}
