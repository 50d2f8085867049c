// Recording a hazard (state "reported"): where it belongs (enterprise, park or a place in a jurisdiction
// the caller may file under), then one insert with its history and audit rows.
import { v7 } from 'uuid';
import type { HazardDto } from '../../../shared/hazards.dto.ts';
import type { HazardSource } from '../../../shared/hazards.ts';
import { requireAllVisible, requireJurisdiction, requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { fieldError } from '../../platform/errors.ts';
import { writeHistory } from '../../platform/history.ts';
import { refuseFuture } from '../../platform/validation.ts';
import { parseDate } from './hazards.deadlines.ts';
import { toDto } from './hazards.presenters.ts';
import { requireAlarm } from '../monitoring/api.ts';
import { enterpriseInPark, findEnterprise, findPark, requireEnterprise, requirePark } from '../registry/api.ts';
import { hazardForAlarm, hazardForInspectionItem, insertHazardRow, nextHazardCode } from './hazards.repo.ts';

export interface CreateHazardInput {
  enterpriseId?: string;
  parkId?: string;
  /** Required when neither an enterprise nor a park applies (a place with coordinates). */
  jurisdictionCode?: string;
  location?: string;
  lon?: number;
  lat?: number;
  title: string;
  description: string;
  source: HazardSource;
  sector?: string;
  finderName?: string;
  foundAt?: string | Date;
  photoIds?: string[];
  /** Link to the monitoring module's alarm (source 'iot_alarm'); one hazard per alarm. */
  alarmId?: string;
  /** Link to the inspections module's item it was found in (a failed checklist item); one hazard per item. */
  inspectionId?: string;
  inspectionItemId?: string;
}

export interface Place {
  jurisdiction: string;
  location: string | null;
  lon: number | null;
  lat: number | null;
}

export const townOf = (code: string) => (code.length >= 9 ? code.slice(0, 9) : code);

/** Resolve where a new hazard belongs and check the caller may put it there. */
async function placeOf(ctx: Ctx, input: CreateHazardInput): Promise<Place> {
  // An enterprise-confined reporter files under its own enterprise: a park, even its landlord's, is not its record.
  if (input.parkId && ctx.actor.enterpriseId) throw fieldError('body.parkId', '园区不存在或不在您的管辖范围内', 'no such park in your scope');
  const park = input.parkId ? await requirePark(ctx, input.parkId, 'body.parkId') : undefined;
  if (input.enterpriseId) {
    await requireEnterprise(ctx, input.enterpriseId, 'body.enterpriseId');
    if (park && !(await enterpriseInPark(ctx.db, park.id, input.enterpriseId)))
      throw fieldError('body.parkId', '该企业不是此园区的出租方或租户', 'the enterprise is neither the landlord nor a tenant of this park');
    const e = await findEnterprise(ctx, input.enterpriseId);
    if (!e) throw fieldError('body.enterpriseId', '企业不存在或不在您的管辖范围内', 'no such enterprise in your scope');
    return { jurisdiction: e.jurisdiction_code, location: input.location ?? e.address, lon: input.lon ?? e.lon, lat: input.lat ?? e.lat };
  }
  if (park) {
    const p = await findPark(ctx, park.id);
    if (!p) throw fieldError('body.parkId', '园区不存在或不在您的管辖范围内', 'no such park in your scope');
    return { jurisdiction: p.jurisdiction_code, location: input.location ?? p.address, lon: input.lon ?? p.lon, lat: input.lat ?? p.lat };
  }
  if (ctx.actor.enterpriseId) throw fieldError('body.enterpriseId', '为必填项', 'is required');
  if (!input.jurisdictionCode)
    throw fieldError('body.jurisdictionCode', '未关联企业或园区时必须指定所属辖区', 'is required when no enterprise or park applies');
  await requireJurisdiction(ctx, input.jurisdictionCode, 'body.jurisdictionCode');
  if (!input.location && (input.lon === undefined || input.lat === undefined)) {
    throw fieldError('body.location', '未关联企业或园区时必须填写地点或坐标', 'a location or coordinates are required when no enterprise or park applies');
  }
  return { jurisdiction: input.jurisdictionCode, location: input.location ?? null, lon: input.lon ?? null, lat: input.lat ?? null };
}

/** Insert a hazard in ctx's transaction (public reports reuse this when accepted). */
export async function insertHazard(ctx: Ctx, input: CreateHazardInput, place: Place, extra: { reportId?: string } = {}) {
  const now = ctx.deps.clock.now();
  const foundAt = parseDate(input.foundAt, 'body.foundAt') ?? now;
  refuseFuture('body.foundAt', foundAt, now);
  const trx = ctx.db;
  await requireAllVisible(ctx, 'files', input.photoIds ?? [], 'body.photoIds');
  const id = v7();
  const inserted = await insertHazardRow(trx, {
    id,
    code: await nextHazardCode(trx, now.getUTCFullYear()),
    enterprise_id: input.enterpriseId ?? null,
    park_id: input.parkId ?? null,
    jurisdiction_code: place.jurisdiction,
    town_code: townOf(place.jurisdiction),
    location: place.location ?? null,
    lon: place.lon ?? null,
    lat: place.lat ?? null,
    title: input.title,
    description: input.description,
    source: input.source,
    sector: input.sector ?? 'other',
    finder_name: input.finderName ?? ctx.actor.displayName,
    found_at: foundAt,
    state: 'reported',
    alarm_id: input.alarmId ?? null,
    report_id: extra.reportId ?? null,
    inspection_id: input.inspectionId ?? null,
    inspection_item_id: input.inspectionItemId ?? null,
    photo_ids: input.photoIds ?? [],
    created_by: ctx.actor.id,
    created_at: now,
    updated_at: now,
  });
  await writeHistory(ctx, {
    aggregate: 'hazard',
    aggregateId: id,
    action: 'create',
    to: 'reported',
    data: { source: input.source, alarmId: input.alarmId, reportId: extra.reportId, inspectionId: input.inspectionId },
  });
  await audit(trx, ctx, { action: 'hazard.create', resourceType: 'hazard', resourceId: id, after: toDto(inserted) });
  return inserted;
}

/**
 * Record a new hazard (state "reported"). Other modules call this too: the monitoring module converts an
 * IoT alarm with `{ source: 'iot_alarm', alarmId }` — calling again with the same alarmId returns the
 * hazard already made for it instead of a second one. The inspections module turns a failed item into a hazard
 * with `{ source: 'inspection' | 'self_inspection', inspectionId, inspectionItemId }`, once per item likewise.
 */
export async function createHazard(ctx: Ctx, input: CreateHazardInput): Promise<HazardDto> {
  requirePermission(ctx, 'hazard:write');
  if (input.alarmId && input.source !== 'iot_alarm') throw fieldError('body.alarmId', '仅物联感知告警来源可关联告警', 'only for source iot_alarm');
  if (input.alarmId) {
    await requireAlarm(ctx, input.alarmId, 'body.alarmId');
    const existing = await hazardForAlarm(ctx, input.alarmId);
    if (existing) return toDto(existing);
  }
  if (input.inspectionItemId) {
    const existing = await hazardForInspectionItem(ctx, input.inspectionItemId);
    if (existing) return toDto(existing);
  }
  const place = await placeOf(ctx, input);
  const row = await withTx(ctx, (c) => insertHazard(c, input, place));
  return toDto(row);
}
