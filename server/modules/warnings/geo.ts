// Where people are, for geometry targeting. A person's own coordinates win; then their village's and
// town's org_units coordinates; then the approximate town centroids (shared/warnings.ts).
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/distance';
import { point, polygon } from '@turf/helpers';
import { TOWN_CENTROIDS } from '../../../shared/warnings.ts';
import type { WarningArea } from './warnings.tables.ts';

export { TOWN_CENTROIDS };

export const townOf = (code: string) => (code.length >= 9 ? code.slice(0, 9) : code);

/** Is the point inside any polygon or circle of the area? */
export function inGeometry(area: WarningArea, lon: number, lat: number): boolean {
  const pt = point([lon, lat]);
  for (const ring of area.polygons) if (booleanPointInPolygon(pt, polygon([ring]))) return true;
  for (const c of area.circles) if (distance(pt, point([c.lon, c.lat]), { units: 'kilometers' }) <= c.radiusKm) return true;
  return false;
}

export const hasGeometry = (area: WarningArea) => area.polygons.length > 0 || area.circles.length > 0;

/** Does the area cover a jurisdiction code (by geocode prefix) or its coordinates (by geometry)? */
export function areaCovers(area: WarningArea, code: string, coords: [number, number] | null): boolean {
  if (area.geocodes.some((g) => code.startsWith(g))) return true;
  return !!coords && hasGeometry(area) && inGeometry(area, coords[0], coords[1]);
}
