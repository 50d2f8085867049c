// Reads: the ledger, one record with its items, hazards, allowed actions and timeline, and the self-inspection
// completion view (who has not patrolled today, which principals have not led a check this quarter).
import type { Static } from 'typebox';
import type { CompletionDto, InspectionDetail } from '../../../shared/inspections.dto.ts';
import { fmtDate } from '../../../shared/time.ts';
import { assertInScope, requirePermission } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { historyEntry, readHistory } from '../../platform/history.ts';
import { allowedActions } from '../../platform/lifecycle.ts';
import { pageOf } from '../../platform/pagination.ts';
import { hazardSummaries } from '../hazards/api.ts';
import { enterprisesUnder, parksUnder, withOwnerNames } from '../registry/api.ts';
import { inspectionDto, itemDto } from './inspections.presenters.ts';
import { doneSince, findInspection, itemsOf, type LedgerFilter, ledgerPage } from './inspections.repo.ts';
import { asOfficer } from './inspections.officers.ts';
import type * as S from './inspections.schema.ts';
import { inspectionMachine, inspectionNotFound } from './inspections.service.ts';

export type LedgerQuery = Static<typeof S.LedgerQuery>;

export function ledgerFilter(q: Omit<LedgerQuery, 'page' | 'pageSize' | 'sort'>): LedgerFilter {
  return { ...q, q: q.q || undefined, from: q.from ? beijingDayStart(q.from) : undefined, to: q.to ? beijingDayStart(q.to, 1) : undefined };
}

export async function listInspections(ctx: Ctx, { page, pageSize, sort, ...q }: LedgerQuery) {
  requirePermission(ctx, 'inspection:read');
  const p = await ledgerPage(ctx, ledgerFilter(q), page, pageSize, sort);
  const rows = await withOwnerNames(ctx.db, p.rows);
  return pageOf(p.count, rows.map(inspectionDto), { page, pageSize });
}

export async function getInspection(caller: Ctx, id: string): Promise<InspectionDetail> {
  requirePermission(caller, 'inspection:read');
  const ctx = await asOfficer(caller, id);
  const r = await findInspection(ctx, id);
  assertInScope(ctx, r, inspectionNotFound);
  const [[named], items, history] = await Promise.all([withOwnerNames(ctx.db, [r]), itemsOf(ctx, id), readHistory(ctx.db, 'inspection', id)]);
  const hazards = await hazardSummaries(
    ctx,
    items.flatMap((i) => (i.hazard_id ? [i.hazard_id] : [])),
  );
  return {
    inspection: inspectionDto(named),
    items: items.map(itemDto),
    hazards,
    actions: await allowedActions(ctx, inspectionMachine, r),
    timeline: history.map(historyEntry),
  };
}

// ── completion ───────────────────────────────────────────────────────────────────────────────────────

const BEIJING_MS = 8 * 3_600_000;
/** The first instant of a Beijing calendar day (YYYY-MM-DD), `plusDays` later. */
export function beijingDayStart(day: string, plusDays = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + plusDays) - BEIJING_MS);
}
const monthStart = (day: string, plus = 0) => {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + plus, 1) - BEIJING_MS);
};
const quarterOf = (day: string) => Math.floor((Number(day.slice(5, 7)) - 1) / 3);

export async function completion(ctx: Ctx, q: { town?: string; day?: string }): Promise<CompletionDto> {
  requirePermission(ctx, 'inspection:read');
  const day = q.day ?? fmtDate(ctx.deps.clock.now());
  const prefix = q.town ?? ctx.actor.jurisdictions[0] ?? '';
  const year = Number(day.slice(0, 4));
  const qi = quarterOf(day);
  const qStart = new Date(Date.UTC(year, qi * 3, 1) - BEIJING_MS);
  const qEnd = new Date(Date.UTC(year, qi * 3 + 3, 1) - BEIJING_MS);
  const [parks, enterprises, today, month, quarter, year_] = await Promise.all([
    parksUnder(ctx, prefix),
    enterprisesUnder(ctx, prefix),
    doneSince(ctx, ['park_daily'], prefix, beijingDayStart(day), beijingDayStart(day, 1)),
    doneSince(ctx, ['park_monthly'], prefix, monthStart(day), monthStart(day, 1)),
    doneSince(ctx, ['quarterly_report', 'principal_led', 'all_staff'], prefix, qStart, qEnd),
    doneSince(
      ctx,
      ['enforcement', 'park_daily', 'park_monthly', 'quarterly_report'],
      prefix,
      new Date(Date.UTC(year, 0, 1) - BEIJING_MS),
      beijingDayStart(day, 1),
    ),
  ]);
  const parkSet = (rows: { park_id: string | null }[]) => new Set(rows.flatMap((r) => (r.park_id ? [r.park_id] : [])));
  const patrolled = parkSet(today);
  const monthly = parkSet(month);
  const quarterly = parkSet(quarter.filter((r) => r.kind === 'quarterly_report'));
  // A park counts as inspected this year by any check on it; an enforcement inspection of its operator counts too.
  const inspected = parkSet(year_);
  const operatorsInspected = new Set(year_.filter((r) => r.kind === 'enforcement' && r.enterprise_id).map((r) => r.enterprise_id));
  for (const p of parks) if (p.landlord_id && operatorsInspected.has(p.landlord_id)) inspected.add(p.id);
  const led = new Set(quarter.filter((r) => r.kind === 'principal_led' && r.enterprise_id).map((r) => r.enterprise_id as string));
  const allStaff = new Set(quarter.filter((r) => r.kind === 'all_staff' && r.enterprise_id).map((r) => r.enterprise_id as string));

  const towns = new Map<string, { parks: number; patrolled: number; enterprises: number; principalLed: number }>();
  const town = (code: string) => {
    const key = code.slice(0, 9);
    const t = towns.get(key) ?? { parks: 0, patrolled: 0, enterprises: 0, principalLed: 0 };
    towns.set(key, t);
    return t;
  };
  for (const p of parks) {
    const t = town(p.jurisdiction_code);
    t.parks++;
    if (patrolled.has(p.id)) t.patrolled++;
  }
  for (const e of enterprises) {
    const t = town(e.jurisdiction_code);
    t.enterprises++;
    if (led.has(e.id)) t.principalLed++;
  }
  const names = towns.size
    ? await ctx.db
        .selectFrom('org_units')
        .select(['code', 'name'])
        .where('code', 'in', [...towns.keys()])
        .execute()
    : [];
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  const LIST_MAX = 200;
  return {
    day,
    quarter: `${year}Q${qi + 1}`,
    prefix,
    parks: {
      total: parks.length,
      patrolledToday: parks.filter((p) => patrolled.has(p.id)).length,
      monthlyDone: parks.filter((p) => monthly.has(p.id)).length,
      quarterlyDone: parks.filter((p) => quarterly.has(p.id)).length,
      inspectedThisYear: parks.filter((p) => inspected.has(p.id)).length,
    },
    enterprises: {
      total: enterprises.length,
      principalLedThisQuarter: enterprises.filter((e) => led.has(e.id)).length,
      allStaffThisQuarter: enterprises.filter((e) => allStaff.has(e.id)).length,
    },
    notPatrolled: parks
      .filter((p) => !patrolled.has(p.id))
      .slice(0, LIST_MAX)
      .map((p) => ({ parkId: p.id, name: p.name, jurisdictionCode: p.jurisdiction_code })),
    principalsMissing: enterprises
      .filter((e) => !led.has(e.id))
      .slice(0, LIST_MAX)
      .map((e) => ({ enterpriseId: e.id, name: e.name, principalName: e.principal_name, jurisdictionCode: e.jurisdiction_code })),
    byTown: [...towns].sort(([a], [b]) => a.localeCompare(b)).map(([code, t]) => ({ townCode: code, townName: nameOf.get(code) ?? code, ...t })),
  };
}
