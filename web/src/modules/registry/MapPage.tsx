// 地图: enterprises and parks coloured by risk grade, and the four-colour risk map of risk points. The
// enterprise filters are the list's (same URL parameters). Tiles come from the configured URL; with no
// network the towns still show as labelled points (approximate centres shipped with the app).
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Checkbox, Space, Typography } from 'antd';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { HAISHU_TOWN_POINTS, RISK_GRADE_LABELS, RISK_GRADES, type RiskGrade } from '../../../../shared/registry.ts';
import { api, toQuery } from '../../app/api';
import { t } from '../../app/i18n';
import { useUrlFilters } from '../../components/ListPage';
import type { EnterprisePoints, ParkPoints, RiskMapPoints } from '../../../../shared/registry.dto.ts';
import { registryKeys } from './api';
import { EnterpriseFilters } from './Enterprises';
import { enterpriseFilters } from './shared';
import { useMapConfig } from '../../components/mapConfig';
import { labelOf } from '../../components/LabelTag';

const color = (g: RiskGrade | null) => (g ? RISK_GRADE_LABELS[g].color : '#8c8c8c');

export function MapPage() {
  const filters = useUrlFilters(enterpriseFilters([])).filters as Record<string, string>;
  const navigate = useNavigate();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map>(null);
  const layers = useRef<{ e: L.LayerGroup; p: L.LayerGroup; r: L.LayerGroup }>(null);
  const [show, setShow] = useState({ e: true, p: true, r: false });
  const [tilesFailed, setTilesFailed] = useState(false);
  const cfg = useMapConfig();
  const town = filters.town;
  const ent = useQuery({
    queryKey: [...registryKeys.map, 'e', filters],
    queryFn: () => api.get<EnterprisePoints>(`/api/registry/map/enterprises${toQuery(filters)}`),
  });
  const parks = useQuery({ queryKey: [...registryKeys.map, 'p', town], queryFn: () => api.get<ParkPoints>(`/api/registry/map/parks${toQuery({ town })}`) });
  const risks = useQuery({
    queryKey: [...registryKeys.map, 'r', town, filters.riskGrade],
    queryFn: () =>
      api.get<RiskMapPoints>(`/api/registry/map/risk-points${toQuery({ town, grade: filters.riskGrade !== 'none' ? filters.riskGrade : undefined })}`),
    enabled: show.r,
  });

  useEffect(() => {
    if (!el.current || map.current) return;
    const m = L.map(el.current, { center: [29.84, 121.42], zoom: 11, zoomSnap: 0.25, preferCanvas: true });
    map.current = m;
    const towns = L.geoJSON(HAISHU_TOWN_POINTS, {
      pointToLayer: (f, latlng) =>
        L.circleMarker(latlng, { radius: 3, color: '#16407a', weight: 1 }).bindTooltip(`${f.properties.name}`, {
          permanent: true,
          direction: 'right',
          className: 'anlan-town-label',
          opacity: 0.7,
        }),
    }).addTo(m);
    // Frame the district once the container has its final size.
    setTimeout(() => {
      m.invalidateSize();
      m.fitBounds(towns.getBounds().pad(0.15));
    }, 0);
    layers.current = { e: L.layerGroup().addTo(m), p: L.layerGroup().addTo(m), r: L.layerGroup() };
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    if (!map.current || !cfg.data?.tileUrl) return;
    const tiles = L.tileLayer(cfg.data.tileUrl, { maxZoom: 18, attribution: '© OpenStreetMap' });
    tiles.on('tileerror', () => setTilesFailed(true));
    tiles.addTo(map.current).bringToBack();
    return () => {
      tiles.remove();
    };
  }, [cfg.data?.tileUrl]);

  useEffect(() => {
    const g = layers.current?.e;
    if (!g) return;
    g.clearLayers();
    for (const p of ent.data?.points ?? []) {
      L.circleMarker([p.lat, p.lon], {
        radius: p.keyUnit ? 6 : 4,
        color: color(p.grade),
        fillColor: color(p.grade),
        fillOpacity: 0.8,
        weight: p.keyUnit ? 2 : 1,
      })
        .bindTooltip(p.name)
        .on('click', () => navigate(`/registry/enterprises/${p.id}`))
        .addTo(g);
    }
  }, [ent.data, navigate]);

  useEffect(() => {
    const g = layers.current?.p;
    if (!g) return;
    g.clearLayers();
    for (const p of parks.data?.points ?? []) {
      const c = color(p.grade);
      L.marker([p.lat, p.lon], {
        icon: L.divIcon({
          className: '',
          html: `<div style="width:12px;height:12px;background:${c};border:2px solid ${p.standardized ? '#fff' : '#000'};transform:rotate(45deg)"></div>`,
          iconSize: [12, 12],
        }),
      })
        .bindTooltip(`${p.name}${p.standardized ? '' : '（未达标）'}`)
        .on('click', () => navigate(`/registry/parks/${p.id}`))
        .addTo(g);
    }
  }, [parks.data, navigate]);

  useEffect(() => {
    const g = layers.current?.r;
    if (!g) return;
    g.clearLayers();
    for (const p of risks.data?.points ?? []) {
      // Several points of one enterprise share its position; a small deterministic offset keeps them apart.
      const jitter = (parseInt(p.id.slice(-4), 16) / 65535 - 0.5) * 0.0008;
      L.circle([p.lat + jitter, p.lon - jitter], { radius: 60, color: color(p.grade), fillColor: color(p.grade), fillOpacity: 0.55, weight: 1 })
        .bindTooltip(`${p.enterpriseName} · ${p.name}（D=${p.lecD}）`)
        .on('click', () => navigate(`/registry/risk-points/${p.id}`))
        .addTo(g);
    }
  }, [risks.data, navigate]);

  useEffect(() => {
    const m = map.current;
    const l = layers.current;
    if (!m || !l) return;
    for (const k of ['e', 'p', 'r'] as const) {
      if (show[k]) l[k].addTo(m);
      else l[k].remove();
    }
  }, [show]);

  const truncated = ent.data?.truncated || risks.data?.truncated;
  return (
    <Card title={t('风险分布图', 'Risk map')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <EnterpriseFilters />
        <Space wrap>
          <Checkbox checked={show.e} onChange={(e) => setShow({ ...show, e: e.target.checked })}>
            {t(`企业（${ent.data?.points.length ?? 0}）`, `Enterprises (${ent.data?.points.length ?? 0})`)}
          </Checkbox>
          <Checkbox checked={show.p} onChange={(e) => setShow({ ...show, p: e.target.checked })}>
            {t(`园区（${parks.data?.points.length ?? 0}，◆ 黑边为未达标）`, `Parks (${parks.data?.points.length ?? 0})`)}
          </Checkbox>
          <Checkbox checked={show.r} onChange={(e) => setShow({ ...show, r: e.target.checked })}>
            {t('四色风险图（风险点）', 'Four-colour risk map')}
          </Checkbox>
          {RISK_GRADES.map((g) => (
            <Space key={g} size={4}>
              <span style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 6, background: RISK_GRADE_LABELS[g].color }} />
              <Typography.Text>{labelOf(RISK_GRADE_LABELS, g)}</Typography.Text>
            </Space>
          ))}
        </Space>
        {truncated && (
          <Alert
            type="info"
            showIcon
            message={t('点位较多，仅显示风险最高的前 5000 个；请用筛选缩小范围。', 'Showing the 5,000 highest-risk points; narrow the filters.')}
          />
        )}
        {tilesFailed && (
          <Alert
            type="warning"
            showIcon
            message={t('底图瓦片无法加载（离线？），已显示镇街位置作为参照。', 'Map tiles unavailable (offline?); town points shown instead.')}
          />
        )}
        <div ref={el} data-testid="registry-map" style={{ height: 620, width: '100%', background: '#eef2f6' }} />
      </Space>
    </Card>
  );
}
