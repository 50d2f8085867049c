// The one map of the app: a Leaflet map with the configured tile URL (GET /api/system/config), the towns as
// labelled reference points, a notice when the tiles cannot be loaded (offline, or no tile server
// configured), a legend over the map's corner, labels that never overlap (a label that would cover one drawn
// before it is hidden until the user zooms in), and clustered marker layers (`useClusterLayer`:
// leaflet.markercluster; a cluster takes the colour of its most severe member).
import { Alert } from 'antd';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { HAISHU_TOWN_POINTS } from '../../../shared/registry.ts';
import { t } from '../app/i18n';
import { visibleLabels } from './mapLabels';
import { useMapConfig } from './mapConfig';

/** The class of every permanent label the map declutters. */
export const MAP_LABEL_CLASS = 'anlan-map-label';

/** Hides each permanent label that overlaps one kept before it (earlier labels win). */
export function declutterLabels(container: HTMLElement) {
  const labels = Array.from(container.querySelectorAll<HTMLElement>(`.${MAP_LABEL_CLASS}`));
  for (const el of labels) el.style.visibility = '';
  const shown = visibleLabels(labels.map((el) => el.getBoundingClientRect()));
  labels.forEach((el, i) => {
    if (!shown[i]) el.style.visibility = 'hidden';
  });
}

// How severe a marker is, for its cluster's colour (the most severe member's colour wins).
const ranks = new WeakMap<L.Layer, { rank: number; color: string }>();

/** A circle marker that clusters with the colour `color`; `rank` orders severity (higher = worse). */
export function clusterDot(latlng: L.LatLngExpression, color: string, rank: number, options: L.CircleMarkerOptions = {}) {
  const m = L.circleMarker(latlng, { radius: 5, color, fillColor: color, fillOpacity: 0.8, weight: 1, ...options });
  ranks.set(m, { rank, color });
  return m;
}

/** Marks any layer (a divIcon marker, a circle) with its severity for the cluster colour. */
export function ranked<T extends L.Layer>(layer: T, color: string, rank: number): T {
  ranks.set(layer, { rank, color });
  return layer;
}

function clusterIcon(cluster: L.MarkerCluster) {
  let worst = { rank: -1, color: '#1677ff' };
  for (const m of cluster.getAllChildMarkers()) {
    const r = ranks.get(m);
    if (r && r.rank > worst.rank) worst = r;
  }
  const n = cluster.getChildCount();
  const size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 46;
  return L.divIcon({
    className: 'anlan-cluster',
    html: `<div style="width:${size}px;height:${size}px;line-height:${size}px;border-radius:50%;background:${worst.color};opacity:.85;color:#fff;font-weight:600;font-size:12px;text-align:center;border:2px solid #fff;box-shadow:0 0 0 1px rgba(0,0,0,.25)">${n}</div>`,
    iconSize: [size, size],
  });
}

/**
 * A clustered layer on `map` holding `layers` (rebuilt when they change), shown while `visible`. Below zoom 16
 * near points merge into one numbered bubble; at zoom 16 and above every point is drawn.
 */
export function useClusterLayer(map: L.Map | null, layers: L.Layer[], visible = true) {
  const [group, setGroup] = useState<L.MarkerClusterGroup | null>(null);
  useEffect(() => {
    if (!map) return;
    const g = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      disableClusteringAtZoom: 16,
      maxClusterRadius: 45,
      spiderfyOnMaxZoom: false,
      iconCreateFunction: clusterIcon,
    });
    setGroup(g);
    return () => {
      g.remove();
      setGroup(null);
    };
  }, [map]);
  useEffect(() => {
    if (!group) return;
    group.clearLayers();
    group.addLayers(layers);
  }, [layers, group]);
  useEffect(() => {
    if (!group || !map) return;
    if (visible) group.addTo(map);
    else group.remove();
  }, [visible, map, group]);
}

/** A legend entry: a coloured dot (or diamond) and its words. */
export function LegendItem({ color, label, shape = 'dot' }: { color: string; label: ReactNode; shape?: 'dot' | 'diamond' | 'ring' }) {
  const mark =
    shape === 'diamond'
      ? { width: 9, height: 9, background: color, transform: 'rotate(45deg)', margin: '0 2px' }
      : shape === 'ring'
        ? { width: 12, height: 12, borderRadius: 6, border: `2px solid ${color}` }
        : { width: 12, height: 12, borderRadius: 6, background: color };
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 6, lineHeight: '18px', whiteSpace: 'nowrap' }}>
      <span style={{ display: 'inline-block', flex: 'none', ...mark }} />
      <span>{label}</span>
    </div>
  );
}

export interface MapViewProps {
  /** data-testid of the map's container. */
  testId: string;
  height: number;
  /** What the colours mean, drawn in the map's lower-left corner. */
  legend?: ReactNode;
  /** Called once with the map when it is created (and with null when it goes). */
  onReady?: (map: L.Map | null) => void;
  /** Where the map starts; without it the map frames the district's towns. */
  view?: { center: L.LatLngExpression; zoom: number };
  /** Draw the towns as labelled reference points (default true). */
  towns?: boolean;
  preferCanvas?: boolean;
}

export function MapView({ testId, height, legend, onReady, view, towns = true, preferCanvas = true }: MapViewProps) {
  const el = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const [tiles, setTiles] = useState({ loaded: 0, failed: 0 });
  const cfg = useMapConfig();
  const ready = useRef(onReady);
  ready.current = onReady;
  const start = useRef({ view, towns, preferCanvas });

  useEffect(() => {
    if (!el.current) return;
    const s = start.current;
    const m = L.map(el.current, {
      center: s.view?.center ?? [29.84, 121.42],
      zoom: s.view?.zoom ?? 11,
      // The cluster layer needs the zoom range before any tile layer (which would give it) is added.
      minZoom: 8,
      maxZoom: 18,
      zoomSnap: 0.25,
      preferCanvas: s.preferCanvas,
    });
    const container = el.current;
    const declutter = () => declutterLabels(container);
    m.on('zoomend moveend resize', declutter);
    let frame: ReturnType<typeof setTimeout> | undefined;
    if (s.towns) {
      const layer = L.geoJSON(HAISHU_TOWN_POINTS, {
        pointToLayer: (f, latlng) =>
          L.circleMarker(latlng, { radius: 3, color: '#16407a', weight: 1, interactive: false }).bindTooltip(`${f.properties.name}`, {
            permanent: true,
            direction: 'right',
            className: `anlan-town-label ${MAP_LABEL_CLASS}`,
            opacity: 0.75,
          }),
      }).addTo(m);
      // Frame the district once the container has its final size.
      frame = setTimeout(() => {
        m.invalidateSize();
        if (!s.view) m.fitBounds(layer.getBounds().pad(0.15));
        declutter();
      }, 0);
    }
    setMap(m);
    ready.current?.(m);
    return () => {
      clearTimeout(frame);
      ready.current?.(null);
      setMap(null);
      m.remove();
    };
  }, []);

  const tileUrl = cfg.data?.tileUrl;
  useEffect(() => {
    if (!map || !tileUrl) return;
    setTiles({ loaded: 0, failed: 0 });
    const layer = L.tileLayer(tileUrl, { maxZoom: 18, attribution: '© OpenStreetMap' });
    layer.on('tileerror', () => setTiles((s) => ({ ...s, failed: s.failed + 1 })));
    layer.on('tileload', () => setTiles((s) => ({ ...s, loaded: s.loaded + 1 })));
    layer.addTo(map).bringToBack();
    return () => {
      layer.remove();
    };
  }, [map, tileUrl]);

  // Offline: no tile server configured, the configuration could not be read, or tiles fail and none loaded.
  const offline = (cfg.isSuccess && !tileUrl) || cfg.isError || (tiles.failed > 0 && tiles.loaded === 0);
  return (
    <div>
      {offline && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid={`${testId}-offline`}
          message={t('底图瓦片无法加载（离线？），已显示镇街位置作为参照。', 'Map tiles unavailable (offline?); town points shown instead.')}
        />
      )}
      <div style={{ position: 'relative' }}>
        <div ref={el} data-testid={testId} style={{ height, width: '100%', background: '#eef2f6', borderRadius: 6 }} />
        {legend && (
          <div
            data-testid={`${testId}-legend`}
            style={{
              position: 'absolute',
              left: 8,
              bottom: 20,
              zIndex: 1000,
              background: 'rgba(255,255,255,0.92)',
              padding: '6px 10px',
              borderRadius: 4,
              boxShadow: '0 1px 4px rgba(0,0,0,0.2)',
              fontSize: 12,
              display: 'flex',
              flexWrap: 'wrap',
              columnGap: 12,
              maxWidth: 'min(460px, calc(100% - 16px))',
              pointerEvents: 'auto',
            }}
          >
            {legend}
          </div>
        )}
      </div>
    </div>
  );
}
