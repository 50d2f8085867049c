// Who a warning reaches: responsible persons whose role the level reaches (policy), in the towns the area
// targets (resolveTowns: listed geocodes are authoritative, geometry narrows), under a listed geocode, and —
// where their own coordinates are known — inside the geometry; within the issuing jurisdiction. Plus the
// safety managers of active enterprises in the area when the level says so.
import type { Channel, WarningLevel, WarningPolicy } from '../../../shared/warnings.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { geometryIntersects, hasGeometry, inGeometry, TOWN_CENTROIDS, townOf, townTerritories } from './geo.ts';
import { activePersonsInRoles, type PersonContact } from './persons.repo.ts';
import type { WarningArea } from './warnings.tables.ts';
import { townsUnder } from './warnings.repo.ts';
import { enterpriseSafetyContacts } from '../registry/api.ts';

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

/** A responsible person's row as a candidate to reach (targeting, and the superior an escalation reaches). */
export function personCandidate(p: PersonContact): Candidate {
  return {
    personId: p.id,
    enterpriseId: null,
    name: p.name,
    role: p.role,
    phone: p.phone,
    email: p.email,
    userId: p.user_id,
    jurisdictionCode: p.jurisdiction_code,
    channels: p.channels,
  };
}

export interface TargetSpec {
  level: WarningLevel;
  area: WarningArea;
  /** Only people under this code are reached (the issuer's jurisdiction). */
  jurisdictionCode: string;
}

export type TownReason = 'geocode' | 'geometry' | 'geocode+geometry';
export interface ResolvedTown {
  code: string;
  name: string;
  reason: TownReason;
  /** The listed code that names the town (for 'geocode' reasons). */
  geocode?: string;
}

/**
 * The towns an area targets, with why. Listed geocodes are authoritative: only the divisions they name
 * (the district names all its towns; a village names its town) can be targeted, and a polygon or circle
 * only narrows within them to the towns whose territory it intersects. Without geocodes the geometry alone
 * decides. Territories are approximate (see geo.ts).
 */
export async function resolveTowns(db: Tx, area: WarningArea, jurisdictionCode: string): Promise<ResolvedTown[]> {
  const towns = await townsUnder(db, jurisdictionCode);
  const geometry = hasGeometry(area);
  const cells = geometry
    ? townTerritories(
        Object.fromEntries(towns.map((t) => [t.code, t.lon !== null && t.lat !== null ? [t.lon, t.lat] : TOWN_CENTROIDS[t.code]]).filter((e) => e[1])),
      )
    : new Map<string, [number, number][]>();
  const out: ResolvedTown[] = [];
  for (const t of towns) {
    const named = area.geocodes.find((g) => t.code.startsWith(g) || g.startsWith(t.code));
    const cell = cells.get(t.code);
    const hit = geometry && !!cell && geometryIntersects(area, cell);
    if (area.geocodes.length ? named && (!geometry || hit) : hit) {
      out.push({ code: t.code, name: t.name, reason: named ? (geometry ? 'geocode+geometry' : 'geocode') : 'geometry', geocode: named });
    }
  }
  return out;
}

/** Just the codes of resolveTowns. */
export async function townsOfArea(db: Tx, area: WarningArea, jurisdictionCode: string): Promise<string[]> {
  return (await resolveTowns(db, area, jurisdictionCode)).map((t) => t.code);
}

export async function resolveTargets(db: Tx, spec: TargetSpec, policy: WarningPolicy): Promise<Candidate[]> {
  const lp = policy.levels[spec.level];
  if (lp.roles.length === 0) return [];
  const { area, jurisdictionCode } = spec;
  const geometry = hasGeometry(area);
  const towns = new Set(await townsOfArea(db, area, jurisdictionCode));
  // A unit above town level (the district's own people) is reached only when a geocode names it.
  const reached = (code: string, lon: number | null, lat: number | null) => {
    if (!code.startsWith(jurisdictionCode)) return false;
    if (code.length < 9) return area.geocodes.some((g) => code.startsWith(g));
    if (area.geocodes.length && !area.geocodes.some((g) => code.startsWith(g))) return false;
    // Where we know where someone is, the geometry decides; otherwise their town must be targeted.
    if (geometry && lon !== null && lat !== null) return inGeometry(area, lon, lat);
    return towns.has(townOf(code));
  };

  const persons = await activePersonsInRoles(db, lp.roles, jurisdictionCode);
  const out: Candidate[] = [];
  for (const p of persons) {
    if (!reached(p.jurisdiction_code, p.lon, p.lat)) continue;
    out.push(personCandidate(p));
  }

  if (lp.enterprises) {
    const firms = await enterpriseSafetyContacts(db, jurisdictionCode);
    for (const e of firms) {
      if (!reached(e.jurisdiction_code, e.lon, e.lat)) continue;
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
