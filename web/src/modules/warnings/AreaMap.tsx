import { Button, InputNumber, Radio, Space, Typography } from 'antd';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { t } from '../../app/i18n';
import { LegendItem, MapView } from '../../components/MapView';

export interface DrawnArea {
  polygons: [number, number][][];
  circles: { lon: number; lat: number; radiusKm: number }[];
}

export function AreaMap({ value, onChange }: { value: DrawnArea; onChange: (v: DrawnArea) => void }) {
  const [map, setMap] = useState<L.Map | null>(null);
  const [layer, setLayer] = useState<L.LayerGroup | null>(null);
  const [mode, setMode] = useState<'polygon' | 'circle'>('polygon');
  const [draft, setDraft] = useState<[number, number][]>([]);
  const [radius, setRadius] = useState(3);
  const state = useRef({ mode, radius, value, draft, onChange });
  state.current = { mode, radius, value, draft, onChange };

  useEffect(() => {
    if (!map) return;
    const g = L.layerGroup().addTo(map);
    setLayer(g);
    map.on('click', (e: L.LeafletMouseEvent) => {
      const s = state.current;
      const pt: [number, number] = [Number(e.latlng.lng.toFixed(5)), Number(e.latlng.lat.toFixed(5))];
      if (s.mode === 'circle') s.onChange({ ...s.value, circles: [...s.value.circles, { lon: pt[0], lat: pt[1], radiusKm: s.radius }] });
      else setDraft([...s.draft, pt]);
    });
    return () => {
      map.off('click');
      g.remove();
      setLayer(null);
    };
  }, [map]);

  useEffect(() => {
    const g = layer;
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
  }, [value, draft, layer]);

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
      <MapView
        testId="area-map"
        height={420}
        onReady={setMap}
        view={{ center: [29.83, 121.43], zoom: 11 }}
        preferCanvas={false}
        legend={
          <>
            <LegendItem color="#cf1322" shape="ring" label={t('已画的预警范围', 'Drawn warning area')} />
            <LegendItem color="#fa8c16" label={t('未闭合的多边形顶点', 'Vertices of the open polygon')} />
          </>
        }
      />
    </div>
  );
}
