// Where one enterprise or park is: a small map centred on its coordinates (the shared MapView, so the
// offline notice and the towns for reference come with it), or a line saying none are recorded.
import { Typography } from 'antd';
import L from 'leaflet';
import { useEffect, useState } from 'react';
import { t } from '../../app/i18n';
import { MapView } from '../../components/MapView';

export function PositionMap({ lon, lat, name }: { lon: number | null; lat: number | null; name: string }) {
  const [map, setMap] = useState<L.Map | null>(null);
  useEffect(() => {
    if (!map || lon === null || lat === null) return;
    const marker = L.circleMarker([lat, lon], { radius: 8, color: '#cf1322', fillColor: '#cf1322', fillOpacity: 0.9, weight: 2 })
      .bindTooltip(name, { permanent: true, direction: 'top', offset: [0, -8] })
      .addTo(map);
    return () => {
      marker.remove();
    };
  }, [map, lon, lat, name]);
  if (lon === null || lat === null) return <Typography.Text type="secondary">{t('未登记坐标，无法在地图上标注', 'No coordinates recorded')}</Typography.Text>;
  return <MapView testId="position-map" height={260} view={{ center: [lat, lon], zoom: 14 }} onReady={setMap} />;
}
