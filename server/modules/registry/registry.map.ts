// The registry's map layers: enterprises, parks and the four-colour risk map, each capped at MAP_LIMIT points.
import type { EnterprisePoints, ParkPoints, RiskMapPoints } from '../../../shared/registry.dto.ts';
import { RISK_GRADES } from '../../../shared/registry.ts';
import { requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { today } from './registry.common.ts';
import * as repo from './registry.repo.ts';
import type { EnterpriseFilters, ParkFilters, RiskPointFilters } from './registry.schema.ts';

const MAP_LIMIT = 5000;

export async function enterpriseMap(ctx: Ctx, filters: EnterpriseFilters): Promise<EnterprisePoints> {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.enterprisePoints(ctx, filters, today(ctx), MAP_LIMIT);
  const points = rows
    .slice(0, MAP_LIMIT)
    .flatMap((r) =>
      r.lon === null || r.lat === null
        ? []
        : [{ id: r.id, name: r.name, lon: r.lon, lat: r.lat, grade: r.risk_grade, keyUnit: r.key_unit, categories: r.categories }],
    );
  return { truncated: rows.length > MAP_LIMIT, points };
}

export async function parkMap(ctx: Ctx, filters: ParkFilters): Promise<ParkPoints> {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.parkPoints(ctx, filters, MAP_LIMIT);
  const points = rows
    .slice(0, MAP_LIMIT)
    .flatMap((r) =>
      r.lon === null || r.lat === null
        ? []
        : [{ id: r.id, name: r.name, lon: r.lon, lat: r.lat, standardized: r.standardized, grade: r.worst ? RISK_GRADES[Number(r.worst) - 1] : null }],
    );
  return { truncated: rows.length > MAP_LIMIT, points };
}

/** Active risk points; one without its own position sits at its enterprise's. */
export async function riskPointMap(ctx: Ctx, filters: RiskPointFilters): Promise<RiskMapPoints> {
  requirePermission(ctx, 'registry:read');
  const rows = await repo.allRiskPoints(ctx, { status: 'active', ...filters }, today(ctx), MAP_LIMIT + 1);
  const points = rows.flatMap((r) => {
    const lon = r.lon ?? r.e_lon;
    const lat = r.lat ?? r.e_lat;
    if (lon === null || lat === null) return [];
    return [{ id: r.id, name: r.name, enterpriseName: r.enterprise_name, area: r.area, grade: r.grade, lecD: Number(r.lec_d), lon, lat }];
  });
  return { truncated: rows.length > MAP_LIMIT, points: points.slice(0, MAP_LIMIT) };
}
