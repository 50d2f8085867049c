// Where people are, for geometry targeting. A person's own coordinates win; then their village's and
// town's org_units coordinates; then these town centroids. The centroids are APPROXIMATE (read off a map
// to about 1 km, WGS-84) — good enough to decide which towns a drawn polygon covers, not for navigation.
import * as turf from '@turf/turf';
import type { WarningArea } from './warnings.tables.ts';

export const TOWN_CENTROIDS: Record<string, [number, number]> = {
  '330203001': [121.548, 29.862], // 南门街道
  '330203002': [121.556, 29.871], // 江厦街道
  '330203003': [121.536, 29.874], // 西门街道
  '330203004': [121.541, 29.867], // 月湖街道
  '330203005': [121.549, 29.876], // 鼓楼街道
  '330203006': [121.522, 29.863], // 白云街道
  '330203007': [121.53, 29.848], // 段塘街道
  '330203008': [121.5, 29.882], // 望春街道
  '330203009': [121.5, 29.815], // 石碶街道
  '330203100': [121.462, 29.887], // 高桥镇
  '330203101': [121.398, 29.872], // 横街镇
  '330203102': [121.44, 29.851], // 集士港镇
  '330203103': [121.452, 29.815], // 古林镇
  '330203104': [121.43, 29.762], // 洞桥镇
  '330203105': [121.352, 29.78], // 鄞江镇
  '330203106': [121.27, 29.801], // 章水镇
  '330203200': [121.3, 29.752], // 龙观乡
};

export const townOf = (code: string) => (code.length >= 9 ? code.slice(0, 9) : code);

/** Is the point inside any polygon or circle of the area? */
export function inGeometry(area: WarningArea, lon: number, lat: number): boolean {
  const pt = turf.point([lon, lat]);
  for (const ring of area.polygons) if (turf.booleanPointInPolygon(pt, turf.polygon([ring]))) return true;
  for (const c of area.circles) if (turf.distance(pt, turf.point([c.lon, c.lat]), { units: 'kilometers' }) <= c.radiusKm) return true;
  return false;
}

export const hasGeometry = (area: WarningArea) => area.polygons.length > 0 || area.circles.length > 0;

/** Does the area cover a jurisdiction code (by geocode prefix) or its coordinates (by geometry)? */
export function areaCovers(area: WarningArea, code: string, coords: [number, number] | null): boolean {
  if (area.geocodes.some((g) => code.startsWith(g))) return true;
  return !!coords && hasGeometry(area) && inGeometry(area, coords[0], coords[1]);
}
