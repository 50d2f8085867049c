// 举报: public reports without an account. The reporter gets an unguessable tracking code; staff verify
// (→ a linked hazard, or rejected with a reason) and decide a reward. Reporter identity (contact, network
// address, device) is returned only to holders of hazard:reporter.
import { randomInt } from 'node:crypto';
import type { Selectable } from 'kysely';
import { v7 } from 'uuid';
import { REPORT_STATUS_LABELS, STATE_LABELS, TRACKING_ALPHABET, TRACKING_CODE_LENGTH } from '../../../shared/hazards.ts';
import { HAISHU_BBOX } from '../../../shared/registry.ts';
import { assertInScope, hasPermission, requirePermission } from '../../platform/access.ts';
import { audit, writeAudit } from '../../platform/audit.ts';
import { type Ctx, type Deps, withTx } from '../../platform/context.ts';
import { conflict, fieldError, notFound, ValidationError } from '../../platform/errors.ts';
import { filesMeta, insertFile, sniff, type UploadedPart } from '../../platform/files/files.service.ts';
import { DISTRICT_CODE } from '../../platform/orgs/orgs.service.ts';
import type { HazardReportsTable } from './hazards.tables.ts';
import { findEnterprise, requireEnterprise } from '../registry/api.ts';
import { notify } from './hazards.repo.ts';
import {
  findReport,
  findTown,
  hazardCodeAndState,
  insertReport,
  lockReport,
  reportByTrackingCode,
  reportsPage,
  setHazardPhotos,
  updateReport,
} from './hazards.reports.repo.ts';
import { insertHazard } from './hazards.create.ts';
import { iso } from '../../platform/sql.ts';

type ReportRow = Selectable<HazardReportsTable>;
const reportNotFound = () => notFound('举报', 'Report');

export const MAX_REPORT_PHOTOS = 6;

export function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return s;
}

export const TRACKING_RE = new RegExp(`^[${TRACKING_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`);

const ALLOWED_FIELDS = new Set(['description', 'address', 'lon', 'lat', 'townCode', 'contactName', 'contactPhone', 'wantsReward']);

/** Check the multipart text fields of a public report; collects every problem, names each field. */
function validateReport(f: Record<string, string>) {
  const issues: { field: string; message: string; messageEn: string }[] = [];
  const bad = (field: string, message: string, messageEn: string) => issues.push({ field: `body.${field}`, message, messageEn });
  for (const k of Object.keys(f)) if (!ALLOWED_FIELDS.has(k)) bad(k, '不是可接受的字段', 'is not an accepted field');
  const description = (f.description ?? '').trim();
  if (description.length < 5) bad('description', '请至少用 5 个字描述隐患情况', 'must be at least 5 characters');
  if (description.length > 2000) bad('description', '长度不能超过 2000', 'must be at most 2000 characters');
  const address = f.address?.trim() || undefined;
  if (address && address.length > 200) bad('address', '长度不能超过 200', 'must be at most 200 characters');
  const num = (k: 'lon' | 'lat', min: number, max: number) => {
    const v = f[k]?.trim();
    if (!v) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max)
      bad(k, `不在海曙区范围内：应为 ${min} 到 ${max} 之间的数字（WGS-84）`, `is outside Haishu: must be a number between ${min} and ${max}`);
    return n;
  };
  const lon = num('lon', HAISHU_BBOX.minLon, HAISHU_BBOX.maxLon);
  const lat = num('lat', HAISHU_BBOX.minLat, HAISHU_BBOX.maxLat);
  if ((lon === undefined) !== (lat === undefined)) bad(lon === undefined ? 'lon' : 'lat', '经纬度需同时填写', 'longitude and latitude go together');
  if (!address && lon === undefined) bad('address', '请填写地址或在地图上定位', 'an address or a position is required');
  const townCode = f.townCode?.trim() || undefined;
  if (townCode && !/^\d{9}$/.test(townCode)) bad('townCode', '格式不正确', 'has an invalid format');
  const contactName = f.contactName?.trim() || undefined;
  if (contactName && contactName.length > 50) bad('contactName', '长度不能超过 50', 'must be at most 50 characters');
  const contactPhone = f.contactPhone?.trim() || undefined;
  if (contactPhone && !/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(contactPhone)) bad('contactPhone', '请填写有效的手机号或固定电话', 'must be a valid phone number');
  const wantsReward = f.wantsReward === 'true' || f.wantsReward === '1';
  if (f.wantsReward && !['true', 'false', '1', '0'].includes(f.wantsReward)) bad('wantsReward', '不是允许的取值', 'is not an allowed value');
  if (wantsReward && !contactPhone) bad('contactPhone', '申请奖励需留下联系电话', 'is required to claim a reward');
  if (issues.length) throw new ValidationError(issues);
  return { description, address, lon, lat, townCode, contactName, contactPhone, wantsReward };
}

/** A public submission: all-or-nothing (photos and report in one transaction). */
export async function submitReport(deps: Deps, input: { fields: Record<string, string>; files: UploadedPart[]; ip: string | null; deviceId: string | null }) {
  const v = validateReport(input.fields);
  const photos = input.files.filter((p) => p.field === 'photos');
  const stray = input.files.find((p) => p.field !== 'photos');
  if (stray) throw fieldError(`body.${stray.field}`, '不是可接受的字段', 'is not an accepted field');
  if (photos.length > MAX_REPORT_PHOTOS) throw fieldError('body.photos', `最多 ${MAX_REPORT_PHOTOS} 张照片`, `at most ${MAX_REPORT_PHOTOS} photos`);
  const mimes: string[] = [];
  for (const p of photos) mimes.push(await sniff({ ...p, field: 'body.photos' }, 'image'));
  let jurisdiction = DISTRICT_CODE;
  if (v.townCode) {
    const town = await findTown(deps.db, v.townCode);
    if (!town) throw fieldError('body.townCode', '镇街不存在', 'no such town');
    jurisdiction = town.code;
  }
  const now = deps.clock.now();
  const trackingCode = newTrackingCode();
  const id = v7();
  await deps.db.transaction().execute(async (trx) => {
    const photoIds: string[] = [];
    for (const [i, p] of photos.entries()) {
      const f = await insertFile(trx, { filename: p.filename, mime: mimes[i], data: p.data, uploadedBy: null, jurisdictionCode: jurisdiction, at: now });
      photoIds.push(f.id);
    }
    await insertReport(trx, {
      id,
      tracking_code: trackingCode,
      description: v.description,
      address: v.address ?? null,
      lon: v.lon ?? null,
      lat: v.lat ?? null,
      jurisdiction_code: jurisdiction,
      photo_ids: photoIds,
      contact_name: v.contactName ?? null,
      contact_phone: v.contactPhone ?? null,
      wants_reward: v.wantsReward,
      ip: input.ip,
      device_id: input.deviceId,
      created_at: now,
    });
    await notify(trx, {
      hazard: { id: null, jurisdiction_code: jurisdiction },
      kind: 'report_received',
      target: jurisdiction,
      at: now,
      message: `收到群众举报（${trackingCode.slice(0, 4)}…），请及时核实`,
    });
    await writeAudit(trx, {
      at: now,
      actor: null,
      ip: input.ip,
      action: 'hazard.report.submit',
      resourceType: 'hazard_report',
      resourceId: id,
      after: { jurisdiction, photos: photoIds.length },
    });
  });
  return { trackingCode, createdAt: now.toISOString() };
}

/** What the reporter sees by code: status, outcome, reward — never staff names or other reports. */
export async function trackReport(deps: Deps, code: string) {
  if (!TRACKING_RE.test(code)) throw fieldError('params.code', '查询码格式不正确', 'has an invalid format');
  const r = await reportByTrackingCode(deps.db, code);
  if (!r) throw reportNotFound();
  const hazard = r.hazard_id ? await hazardCodeAndState(deps.db, r.hazard_id) : undefined;
  return {
    trackingCode: r.tracking_code,
    status: r.status,
    statusLabel: REPORT_STATUS_LABELS[r.status].zh,
    submittedAt: iso(r.created_at),
    verifiedAt: iso(r.verified_at),
    rejectReason: r.reject_reason,
    hazard: hazard ? { code: hazard.code, state: hazard.state, stateLabel: STATE_LABELS[hazard.state].zh } : null,
    reward: { status: r.reward_status, amountFen: r.reward_fen === null ? null : Number(r.reward_fen) },
  };
}

function reportDto(ctx: Ctx, r: ReportRow) {
  const identity = hasPermission(ctx, 'hazard:reporter');
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    description: r.description,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    jurisdictionCode: r.jurisdiction_code,
    photoIds: r.photo_ids,
    wantsReward: r.wants_reward,
    status: r.status,
    rejectReason: r.reject_reason,
    hazardId: r.hazard_id,
    rewardStatus: r.reward_status,
    rewardFen: r.reward_fen === null ? null : Number(r.reward_fen),
    rewardNote: r.reward_note,
    verifiedAt: iso(r.verified_at),
    createdAt: iso(r.created_at),
    // Identity only with the specific permission; otherwise not even whether a contact was left.
    reporter: identity ? { contactName: r.contact_name, contactPhone: r.contact_phone, ip: r.ip, deviceId: r.device_id } : null,
  };
}

export async function listReports(ctx: Ctx, q: { status?: string; page: number; pageSize: number }) {
  requirePermission(ctx, 'hazard:read');
  const { rows, total, totalCapped } = await reportsPage(ctx, q.status, q.page, q.pageSize);
  return { items: rows.map((r) => reportDto(ctx, r)), total, totalCapped, page: q.page, pageSize: q.pageSize };
}

async function loadReport(ctx: Ctx, id: string) {
  const r = await findReport(ctx, id);
  assertInScope(ctx, r, reportNotFound);
  return r;
}

export async function getReport(ctx: Ctx, id: string) {
  requirePermission(ctx, 'hazard:read');
  const r = await loadReport(ctx, id);
  if (hasPermission(ctx, 'hazard:reporter')) {
    await withTx(ctx, (c) => audit(c.db, c, { action: 'hazard.report.identity_viewed', resourceType: 'hazard_report', resourceId: id }));
  }
  return { ...reportDto(ctx, r), photos: await filesMeta(ctx, r.photo_ids) };
}

export interface VerifyReportInput {
  accept: boolean;
  reason?: string;
  title?: string;
  sector?: string;
  enterpriseId?: string;
}

export async function verifyReport(ctx: Ctx, id: string, input: VerifyReportInput) {
  requirePermission(ctx, 'hazard:approve');
  const r = await loadReport(ctx, id);
  if (r.status !== 'submitted') throw conflict('REPORT_ALREADY_VERIFIED', '该举报已核实处理', 'This report was already verified');
  if (!input.accept && !input.reason?.trim()) throw fieldError('body.reason', '不予采纳时必须说明理由', 'is required when rejecting');
  if (input.accept && !input.title?.trim()) throw fieldError('body.title', '为必填项', 'is required');
  let place: { jurisdiction: string; location: string | null; lon: number | null; lat: number | null } = {
    jurisdiction: r.jurisdiction_code,
    location: r.address,
    lon: r.lon,
    lat: r.lat,
  };
  if (input.accept && input.enterpriseId) {
    // The reporter may have picked the wrong town: the enterprise, visible to the verifier, decides where the hazard is filed.
    await requireEnterprise(ctx, input.enterpriseId, 'body.enterpriseId');
    const e = await findEnterprise(ctx, input.enterpriseId);
    if (!e) throw fieldError('body.enterpriseId', '企业不存在或不在您的管辖范围内', 'no such enterprise in your scope');
    place = { jurisdiction: e.jurisdiction_code, location: r.address ?? e.address, lon: r.lon ?? e.lon, lat: r.lat ?? e.lat };
  }
  const now = ctx.deps.clock.now();
  return withTx(ctx, async (c) => {
    const trx = c.db;
    const locked = await lockReport(trx, id);
    if (locked.status !== 'submitted') throw conflict('REPORT_ALREADY_VERIFIED', '该举报已核实处理', 'This report was already verified');
    let hazardId: string | null = null;
    if (input.accept) {
      const h = await insertHazard(
        c,
        {
          title: input.title as string,
          description: r.description,
          source: 'public_report',
          sector: input.sector,
          enterpriseId: input.enterpriseId,
          finderName: '群众举报',
          foundAt: r.created_at,
          photoIds: [],
        },
        place,
        { reportId: id },
      );
      // The report's photos become the hazard's photos (same files, readable in the hazard's scope).
      await setHazardPhotos(trx, h.id, r.photo_ids);
      hazardId = h.id;
    }
    await updateReport(trx, id, {
      status: input.accept ? 'accepted' : 'rejected',
      reject_reason: input.accept ? null : (input.reason as string),
      hazard_id: hazardId,
      verified_by: ctx.actor.id,
      verified_at: now,
    });
    await audit(trx, c, {
      action: `hazard.report.${input.accept ? 'accept' : 'reject'}`,
      resourceType: 'hazard_report',
      resourceId: id,
      after: { hazardId, reason: input.reason },
    });
    return { id, status: input.accept ? ('accepted' as const) : ('rejected' as const), hazardId };
  });
}

export async function decideReward(ctx: Ctx, id: string, input: { granted: boolean; amountFen?: number; note?: string }) {
  requirePermission(ctx, 'hazard:approve');
  const r = await loadReport(ctx, id);
  if (r.status !== 'accepted') throw conflict('REPORT_NOT_ACCEPTED', '只有核实属实的举报才能决定奖励', 'Only accepted reports can be rewarded');
  if (input.granted && !input.amountFen) throw fieldError('body.amountFen', '批准奖励时必须填写金额', 'is required when granting');
  await withTx(ctx, async (c) => {
    await updateReport(c.db, id, {
      reward_status: input.granted ? 'granted' : 'denied',
      reward_fen: input.granted ? (input.amountFen as number) : null,
      reward_note: input.note ?? null,
    });
    await audit(c.db, c, {
      action: 'hazard.report.reward',
      resourceType: 'hazard_report',
      resourceId: id,
      before: { rewardStatus: r.reward_status, rewardFen: r.reward_fen },
      after: { rewardStatus: input.granted ? 'granted' : 'denied', rewardFen: input.amountFen ?? null },
    });
  });
  return { id, rewardStatus: input.granted ? ('granted' as const) : ('denied' as const) };
}
