import { Button, InputNumber, Radio, Space, Typography } from 'antd';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { TOWN_CENTROIDS } from '../../../../shared/warnings.ts';
import { t } from '../../app/i18n';
import { useMapConfig } from '../../components/mapConfig';

export interface DrawnArea {
  polygons: [number, number][][];
  circles: { lon: number; lat: number; radiusKm: number }[];
}

export function AreaMap({ value, onChange, townNames }: { value: DrawnArea; onChange: (v: DrawnArea) => void; townNames: Record<string, string> }) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map>(null);
  const layer = useRef<L.LayerGroup>(null);
  const [mode, setMode] = useState<'polygon' | 'circle'>('polygon');
  const [draft, setDraft] = useState<[number, number][]>([]);
  const [radius, setRadius] = useState(3);
  const cfg = useMapConfig();
  const state = useRef({ mode, radius, value, draft });
  state.current = { mode, radius, value, draft };

  useEffect(() => {
    if (!el.current || map.current) return;
    const m = L.map(el.current, { center: [29.83, 121.43], zoom: 11 });
    map.current = m;
    layer.current = L.layerGroup().addTo(m);
    for (const [code, [lon, lat]] of Object.entries(TOWN_CENTROIDS)) {
      L.circleMarker([lat, lon], { radius: 4, color: '#16407a' })
        .bindTooltip(townNames[code] ?? code, { permanent: true, direction: 'right', className: 'anlan-town-label' })
        .addTo(m);
    }
    m.on('click', (e: L.LeafletMouseEvent) => {
      const s = state.current;
      const pt: [number, number] = [Number(e.latlng.lng.toFixed(5)), Number(e.latlng.lat.toFixed(5))];
      if (s.mode === 'circle') onChange({ ...s.value, circles: [...s.value.circles, { lon: pt[0], lat: pt[1], radiusKm: s.radius }] });
      else setDraft([...s.draft, pt]);
    });
    return () => {
      m.remove();
      map.current = null;
    };
  }, [onChange, townNames]);

  useEffect(() => {
    if (map.current && cfg.data?.tileUrl) L.tileLayer(cfg.data.tileUrl, { maxZoom: 18, attribution: '© OpenStreetMap' }).addTo(map.current);
  }, [cfg.data?.tileUrl]);

  useEffect(() => {
    const g = layer.current;
    if (!g) return;
    g.clearLayers();
    for (const ring of value.polygons)
      L.polygon(
        ring.map(([lon, lat]) => [lat, lon] as [number, number]),
        { color: '#cf1322' },
      ).addTo(g);
    for (const c of value.circles) L.circle([c.lat, c.lon], { radius: c.radiusKm * 1000, color: '#cf1322' }).addTo(g);
    if (draft.length)
      L.polyline(
        draft.map(([lon, lat]) => [lat, lon] as [number, number]),
        { color: '#fa8c16', dashArray: '4' },
      ).addTo(g);
    for (const [lon, lat] of draft) L.circleMarker([lat, lon], { radius: 3, color: '#fa8c16' }).addTo(g);
  }, [value, draft]);

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Radio.Group
          value={mode}
          onChange={(e) => setMode(e.target.value)}
          options={[
            { value: 'polygon', label: t('多边形', 'Polygon') },
            { value: 'circle', label: t('圆形', 'Circle') },
          ]}
          optionType="button"
        />
        {mode === 'circle' ? (
          <Space>
            {t('半径', 'Radius')}
            <InputNumber min={0.5} max={50} step={0.5} value={radius} onChange={(v) => setRadius(v ?? 3)} addonAfter="km" aria-label={t('半径', 'Radius')} />
          </Space>
        ) : (
          <Button
            disabled={draft.length < 3}
            onClick={() => {
              onChange({ ...value, polygons: [...value.polygons, [...draft, draft[0]]] });
              setDraft([]);
            }}
          >
            {t('完成多边形', 'Close polygon')}
          </Button>
        )}
        <Button
          onClick={() => {
            setDraft([]);
            onChange({ polygons: [], circles: [] });
          }}
        >
          {t('清除', 'Clear')}
        </Button>
        <Typography.Text type="secondary">
          {mode === 'polygon'
            ? t('在地图上依次点击顶点，至少3个', 'Click at least 3 vertices on the map')
            : t('点击地图放置圆心', 'Click the map to place the centre')}
        </Typography.Text>
      </Space>
      <div ref={el} style={{ height: 420, border: '1px solid #d9d9d9', borderRadius: 4 }} data-testid="area-map" />
    </div>
  );
}
