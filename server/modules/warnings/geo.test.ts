// The approximate town territories (Voronoi cells of the town centroids) and the area/territory test.
import { describe, expect, it } from 'vitest';
import { DISTRICT_BOX, geometryIntersects, TOWN_CENTROIDS, townTerritories } from './geo.ts';

const cells = townTerritories(TOWN_CENTROIDS);
const empty = { polygons: [], circles: [], geocodes: [] };
const ringAround = (lon: number, lat: number, d: number): [number, number][] => [
  [lon - d, lat - d],
  [lon + d, lat - d],
  [lon + d, lat + d],
  [lon - d, lat + d],
  [lon - d, lat - d],
];

describe('town territories', () => {
  it('give every town a cell holding its own centroid, and cover the district box without overlap', () => {
    expect([...cells.keys()].sort()).toEqual(Object.keys(TOWN_CENTROIDS).sort());
    // A grid of points over the box: each lies in exactly one cell (tiny areas around the point).
    const [[x0, y0], , [x1, y1]] = DISTRICT_BOX;
    for (let i = 1; i < 20; i++) {
      for (let j = 1; j < 20; j++) {
        const lon = x0 + ((x1 - x0) * i) / 20 + 0.00037;
        const lat = y0 + ((y1 - y0) * j) / 20 + 0.00041;
        const hits = [...cells].filter(([, cell]) => geometryIntersects({ ...empty, circles: [{ lon, lat, radiusKm: 0.001 }] }, cell));
        expect(hits.length, `${lon},${lat}`).toBe(1);
      }
    }
    for (const [code, [lon, lat]] of Object.entries(TOWN_CENTROIDS)) {
      expect(geometryIntersects({ ...empty, circles: [{ lon, lat, radiusKm: 0.01 }] }, cells.get(code) ?? [])).toBe(true);
    }
  });

  it('intersect polygons and circles that only touch a part of the territory', () => {
    const zhangshui = cells.get('330203106') ?? [];
    expect(geometryIntersects({ ...empty, polygons: [ringAround(121.21, 29.79, 0.01)] }, zhangshui)).toBe(true);
    expect(geometryIntersects({ ...empty, polygons: [ringAround(121.55, 29.87, 0.005)] }, zhangshui)).toBe(false);
    // A circle centred outside the cell whose rim reaches into it.
    const nanmen = cells.get('330203001') ?? [];
    expect(geometryIntersects({ ...empty, circles: [{ lon: 121.53, lat: 29.82, radiusKm: 1 }] }, nanmen)).toBe(false);
    expect(geometryIntersects({ ...empty, circles: [{ lon: 121.53, lat: 29.82, radiusKm: 5 }] }, nanmen)).toBe(true);
  });
});
