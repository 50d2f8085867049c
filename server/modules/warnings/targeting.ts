// Who a warning reaches: responsible persons whose role the level reaches (policy), inside the area
// (geocode prefix, or coordinates inside a polygon/circle), within the issuing jurisdiction; plus the
// safety managers of active enterprises in the area when the level says so.
import { prefixLike } from '../../platform/sql.ts';
import type { Channel, WarningLevel, WarningPolicy } from '../../../shared/warnings.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { areaCovers, hasGeometry, TOWN_CENTROIDS, townOf } from './geo.ts';
import type { WarningArea } from './warnings.tables.ts';

export interface Candidate {
  personId: string | null;
  enterpriseId: string | null;
  name: string;
  role: string;
  phone: string | null;
  email: string | null;
  userId: string | null;
  jurisdictionCode: string;
  channels: Channel[];
}

export interface TargetSpec {
  level: WarningLevel;
  area: WarningArea;
  /** Only people under this code are reached (the issuer's jurisdiction). */
  jurisdictionCode: string;
}

/** Coordinates of every org unit that has them, falling back to the town centroids. */
async function unitCoords(db: Tx): Promise<Map<string, [number, number]>> {
  const rows = await db.selectFrom('org_units').select(['code', 'lon', 'lat']).where('lon', 'is not', null).where('lat', 'is not', null).execute();
  const out = new Map<string, [number, number]>(Object.entries(TOWN_CENTROIDS));
  for (const r of rows) out.set(r.code, [r.lon as number, r.lat as number]);
  return out;
}

function coordsOf(units: Map<string, [number, number]>, code: string, lon: number | null, lat: number | null): [number, number] | null {
  if (lon !== null && lat !== null) return [lon, lat];
  return units.get(code) ?? units.get(townOf(code)) ?? null;
}

export async function resolveTargets(db: Tx, spec: TargetSpec, policy: WarningPolicy): Promise<Candidate[]> {
  const lp = policy.levels[spec.level];
  const geometry = hasGeometry(spec.area);
  const units = geometry ? await unitCoords(db) : new Map<string, [number, number]>();
  const prefixes = geometry
    ? [spec.jurisdictionCode]
    : spec.area.geocodes.filter((g) => g.startsWith(spec.jurisdictionCode) || spec.jurisdictionCode.startsWith(g));
  if (prefixes.length === 0 || lp.roles.length === 0) return [];
  const within = (code: string) => code.startsWith(spec.jurisdictionCode) && areaCovers(spec.area, code, null);

  const persons = await db
    .selectFrom('responsible_persons')
    .select(['id', 'name', 'role', 'phone', 'email', 'user_id', 'jurisdiction_code', 'channels', 'lon', 'lat'])
    .where('active', '=', true)
    .where('role', 'in', lp.roles)
    .where((eb) => eb.or(prefixes.map((p) => eb('jurisdiction_code', 'like', prefixLike(p)))))
    .orderBy('jurisdiction_code')
    .orderBy('name')
    .execute();
  const out: Candidate[] = [];
  for (const p of persons) {
    if (!p.jurisdiction_code.startsWith(spec.jurisdictionCode)) continue;
    const hit = within(p.jurisdiction_code) || (geometry && areaCovers(spec.area, p.jurisdiction_code, coordsOf(units, p.jurisdiction_code, p.lon, p.lat)));
    if (!hit) continue;
    out.push({
      personId: p.id,
      enterpriseId: null,
      name: p.name,
      role: p.role,
      phone: p.phone,
      email: p.email,
      userId: p.user_id,
      jurisdictionCode: p.jurisdiction_code,
      channels: p.channels,
    });
  }

  if (lp.enterprises) {
    const firms = await db
      .selectFrom('enterprises')
      .select(['id', 'name', 'safety_manager_name', 'safety_manager_phone', 'jurisdiction_code', 'lon', 'lat'])
      .where('status', '=', 'active')
      .where('safety_manager_phone', 'is not', null)
      .where((eb) => eb.or(prefixes.map((p) => eb('jurisdiction_code', 'like', prefixLike(p)))))
      .orderBy('jurisdiction_code')
      .execute();
    for (const e of firms) {
      if (!e.jurisdiction_code.startsWith(spec.jurisdictionCode)) continue;
      const hit = within(e.jurisdiction_code) || (geometry && areaCovers(spec.area, e.jurisdiction_code, coordsOf(units, e.jurisdiction_code, e.lon, e.lat)));
      if (!hit) continue;
      out.push({
        personId: null,
        enterpriseId: e.id,
        name: `${e.safety_manager_name ?? '安全管理员'}（${e.name}）`,
        role: 'enterprise_safety_manager',
        phone: e.safety_manager_phone,
        email: null,
        userId: null,
        jurisdictionCode: e.jurisdiction_code,
        channels: [],
      });
    }
  }
  return out;
}

/** The towns an area touches (geocodes, and town centroids inside the geometry), within a jurisdiction. */
export async function townsOfArea(db: Tx, area: WarningArea, jurisdictionCode: string): Promise<string[]> {
  const towns = await db
    .selectFrom('org_units')
    .select(['code', 'lon', 'lat'])
    .where('kind', '=', 'town')
    .where('code', 'like', prefixLike(jurisdictionCode.slice(0, 9)))
    .execute();
  const out = new Set<string>();
  for (const t of towns) {
    const coords: [number, number] | null = t.lon !== null && t.lat !== null ? [t.lon, t.lat] : (TOWN_CENTROIDS[t.code] ?? null);
    if (area.geocodes.some((g) => t.code.startsWith(g) || g.startsWith(t.code)) || areaCovers(area, t.code, coords)) out.add(t.code);
  }
  return [...out].sort();
}
