// 地图: enterprises and parks coloured by risk grade, and the four-colour risk map of risk points. The
// enterprise filters are the list's (same URL parameters). The shared MapView draws the tiles (or says it is
// offline, the towns still shown as labelled points), the legend, and clusters the points at low zoom.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Checkbox, Space } from 'antd';
import L from 'leaflet';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { RISK_GRADE_LABELS, RISK_GRADES, type RiskGrade } from '../../../../shared/registry.ts';
import { api, toQuery } from '../../app/api';
import { t } from '../../app/i18n';
import { useUrlFilters } from '../../components/ListPage';
import type { EnterprisePoints, ParkPoints, RiskMapPoints } from '../../../../shared/registry.dto.ts';
import { registryKeys } from './api';
import { EnterpriseFilters } from './Enterprises';
import { enterpriseFilters } from './shared';
import { clusterDot, LegendItem, MapView, ranked, useClusterLayer } from '../../components/MapView';
import { labelOf } from '../../components/LabelTag';

const color = (g: RiskGrade | null) => (g ? RISK_GRADE_LABELS[g].color : '#8c8c8c');
/** Red first: the higher the rank, the more severe (a cluster takes its worst member's colour). */
const rank = (g: RiskGrade | null) => (g ? RISK_GRADES.length - RISK_GRADES.indexOf(g) : 0);

export function MapPage() {
  const filters = useUrlFilters(enterpriseFilters([])).filters as Record<string, string>;
  const navigate = useNavigate();
  const [map, setMap] = useState<L.Map | null>(null);
  const [show, setShow] = useState({ e: true, p: true, r: false });
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

  const entLayers = useMemo(
    () =>
      (ent.data?.points ?? []).map((p) =>
        clusterDot([p.lat, p.lon], color(p.grade), rank(p.grade), { radius: p.keyUnit ? 6 : 4, weight: p.keyUnit ? 2 : 1 })
          .bindTooltip(p.name)
          .on('click', () => navigate(`/registry/enterprises/${p.id}`)),
      ),
    [ent.data, navigate],
  );
  const parkLayers = useMemo(
    () =>
      (parks.data?.points ?? []).map((p) => {
        const c = color(p.grade);
        return ranked(
          L.marker([p.lat, p.lon], {
            icon: L.divIcon({
              className: '',
              html: `<div style="width:12px;height:12px;background:${c};border:2px solid ${p.standardized ? '#fff' : '#000'};transform:rotate(45deg)"></div>`,
              iconSize: [12, 12],
            }),
          })
            .bindTooltip(`${p.name}${p.standardized ? '' : '（未达标）'}`)
            .on('click', () => navigate(`/registry/parks/${p.id}`)),
          c,
          rank(p.grade),
        );
      }),
    [parks.data, navigate],
  );
  const riskLayers = useMemo(
    () =>
      (risks.data?.points ?? []).map((p) => {
        // Several points of one enterprise share its position; a small deterministic offset keeps them apart.
        const jitter = (parseInt(p.id.slice(-4), 16) / 65535 - 0.5) * 0.0008;
        return clusterDot([p.lat + jitter, p.lon - jitter], color(p.grade), rank(p.grade), { radius: 6, fillOpacity: 0.55 })
          .bindTooltip(`${p.enterpriseName} · ${p.name}（D=${p.lecD}）`)
          .on('click', () => navigate(`/registry/risk-points/${p.id}`));
      }),
    [risks.data, navigate],
  );
  useClusterLayer(map, entLayers, show.e);
  useClusterLayer(map, parkLayers, show.p);
  useClusterLayer(map, riskLayers, show.r);

  const truncated = ent.data?.truncated || risks.data?.truncated;
  const legend = (
    <>
      {RISK_GRADES.map((g) => (
        <LegendItem key={g} color={RISK_GRADE_LABELS[g].color} label={labelOf(RISK_GRADE_LABELS, g)} />
      ))}
      <LegendItem color="#8c8c8c" label={t('未评级', 'Not graded')} />
      <LegendItem color="#595959" shape="diamond" label={t('园区（黑边为未达标）', 'Park (black edge: not standardised)')} />
      <LegendItem color="#595959" shape="ring" label={t('数字：聚合的点数，放大后展开', 'Number: points merged, zoom in to expand')} />
    </>
  );
  return (
    <Card title={t('风险分布图', 'Risk map')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <EnterpriseFilters />
        <Space wrap>
          <Checkbox checked={show.e} onChange={(e) => setShow({ ...show, e: e.target.checked })}>
            {t(`企业（${ent.data?.points.length ?? 0}）`, `Enterprises (${ent.data?.points.length ?? 0})`)}
          </Checkbox>
          <Checkbox checked={show.p} onChange={(e) => setShow({ ...show, p: e.target.checked })}>
            {t(`园区（${parks.data?.points.length ?? 0}）`, `Parks (${parks.data?.points.length ?? 0})`)}
          </Checkbox>
          <Checkbox checked={show.r} onChange={(e) => setShow({ ...show, r: e.target.checked })}>
            {t('四色风险图（风险点）', 'Four-colour risk map')}
          </Checkbox>
        </Space>
        {truncated && (
          <Alert
            type="info"
            showIcon
            message={t('点位较多，仅显示风险最高的前 5000 个；请用筛选缩小范围。', 'Showing the 5,000 highest-risk points; narrow the filters.')}
          />
        )}
        <MapView testId="registry-map" height={620} onReady={setMap} legend={legend} />
      </Space>
    </Card>
  );
}
