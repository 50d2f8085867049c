// Shared test factories: one valid row of each common record, located where the test says, with unique
// names and codes. Each takes the database (or a transaction) and returns the new id; fields a test cares
// about are overrides. Rows are written directly (like a migration or an import would), so a factory works
// for any actor, in any state, without the module's permission checks; use the module's service when the
// test is about the service.
import { v7 as uuidv7 } from 'uuid';
import { creditCodeCheckChar } from '../../shared/registry.ts';
import type { Channel, PersonRole, WarningLevel } from '../../shared/warnings.ts';
import type { Insertable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Deps } from '../platform/context.ts';
import { systemCtx, withTx } from '../platform/context.ts';
import { insertFile } from '../platform/files/files.service.ts';
import type { Tx } from '../platform/jobs/jobs.ts';
import { insertHazard } from '../modules/hazards/hazards.create.ts';

/** Well-known places of the real Haishu tree. */
export const DISTRICT = '330203';
export const TOWN_A = '330203009'; // 石碶街道
export const TOWN_B = '330203100'; // 高桥镇

let seq = 0;
/** A number unique in this process (and unlikely to collide with another worker's on PostgreSQL). */
export const uniq = () => `${process.pid % 1000}${++seq}`;

/** A valid unified social credit code (GB 32100 check character), unique per call. */
export function creditCode(n = ++seq + Math.floor(Math.random() * 1e6)): string {
  const first17 = `91330203${String(n).padStart(8, '0')}X`.slice(0, 17);
  return first17 + creditCodeCheckChar(first17);
}

type Over<T extends keyof DB> = Partial<Insertable<DB[T]>>;

export async function enterprise(db: Tx, code = TOWN_A, over: Over<'enterprises'> = {}): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('enterprises')
    .values({ id, credit_code: creditCode(), name: `测试企业${uniq()}`, jurisdiction_code: code, ...over })
    .execute();
  return id;
}

export async function park(db: Tx, code = TOWN_A, over: Over<'parks'> = {}): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('parks')
    .values({ id, name: `测试园区${uniq()}`, jurisdiction_code: code, ...over })
    .execute();
  return id;
}

/** A risk point of a new enterprise in the same place (unless `enterprise_id` is given). */
export async function riskPoint(db: Tx, code = TOWN_A, over: Over<'risk_points'> = {}): Promise<string> {
  const id = uuidv7();
  const enterpriseId = over.enterprise_id ?? (await enterprise(db, code));
  await db
    .insertInto('risk_points')
    .values({
      id,
      enterprise_id: enterpriseId,
      jurisdiction_code: code,
      name: '配电房',
      area: '配电房',
      accident_type: '触电',
      lec_l: 1,
      lec_e: 6,
      lec_c: 7,
      lec_d: 42,
      grade: 'blue',
      policy_version: 1,
      control_tier: 'post',
      owner_name: '王芳',
      review_cycle_days: 365,
      next_review_on: '2027-01-01',
      ...over,
    })
    .execute();
  return id;
}

/** A reported hazard, through the hazards module's own insert path (code numbering, town, counters). */
export async function hazard(deps: Deps, code = TOWN_A, over: { title?: string; enterpriseId?: string } = {}): Promise<string> {
  const row = await withTx(systemCtx(deps), (c) =>
    insertHazard(
      c,
      { title: over.title ?? '测试隐患', description: '测试隐患描述', source: 'inspection', enterpriseId: over.enterpriseId },
      { jurisdiction: code, location: '测试地点', lon: null, lat: null },
    ),
  );
  return row.id;
}

/** A public hazard report (举报) not yet handled. */
export async function hazardReport(deps: Deps, code = TOWN_A): Promise<string> {
  const id = uuidv7();
  await deps.db
    .insertInto('hazard_reports')
    .values({
      id,
      tracking_code: `T${uniq()}${Math.random().toString(36).slice(2, 8)}`.toUpperCase(),
      description: '测试举报',
      address: '测试',
      jurisdiction_code: code,
      created_at: deps.clock.now(),
    })
    .execute();
  return id;
}

export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A stored file (a 1-pixel PNG) filed under a jurisdiction. */
export async function storedFile(deps: Deps, code = TOWN_A): Promise<string> {
  return (await insertFile(deps.db, { filename: 'p.png', mime: 'image/png', data: PNG_1PX, uploadedBy: null, jurisdictionCode: code, at: deps.clock.now() }))
    .id;
}

/** A monitoring device at a place (a gas detector unless `type` says otherwise). */
/** `n` gas devices at one place in 石碶街道, ids `<prefix>-0`, `<prefix>-1`…, in one insert (load and crash runs). */
export async function gasDevices(db: Tx, n: number, prefix: string, name: string, place: string) {
  await db
    .insertInto('monitoring_devices')
    .values(
      Array.from({ length: n }, (_, i) => ({
        id: `${prefix}-${i}`,
        name: `${name} ${i}`,
        type: 'gas' as const,
        owner_kind: 'place' as const,
        place_name: place,
        jurisdiction_code: TOWN_A,
        metrics: '[]',
      })),
    )
    .execute();
}

export async function device(db: Tx, code = TOWN_A, over: Over<'monitoring_devices'> = {}): Promise<string> {
  const id = over.id ?? `T-${uniq()}-${Math.random().toString(36).slice(2, 6)}`;
  await db
    .insertInto('monitoring_devices')
    .values({ id, name: `测试设备${uniq()}`, type: 'gas', owner_kind: 'place', place_name: '测试', jurisdiction_code: code, metrics: '[]', ...over })
    .execute();
  return id;
}

/** A monitoring rule for gas detectors (threshold: LEL above 25). */
export async function rule(db: Tx, over: Over<'monitoring_rules'> = {}): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('monitoring_rules')
    .values({ id, name: `测试规则${uniq()}`, device_type: 'gas', metric: 'lel', kind: 'threshold', op: 'gt', threshold: 25, severity: 'high', ...over })
    .execute();
  return id;
}

/** An open alarm of a new device at this place (the device and rule are made too unless given). */
export async function alarm(deps: Deps, code = TOWN_A, over: Over<'monitoring_alarms'> = {}): Promise<string> {
  const id = uuidv7();
  const now = deps.clock.now();
  const deviceId = over.device_id ?? (await device(deps.db, code));
  const ruleId = over.rule_id ?? (await rule(deps.db));
  await deps.db
    .insertInto('monitoring_alarms')
    .values({ id, device_id: deviceId, rule_id: ruleId, jurisdiction_code: code, severity: 'high', message: '测试告警', raised_at: now, last_at: now, ...over })
    .execute();
  return id;
}

/** A draft platform warning issued at a place, its area being that place's town. */
export async function warning(deps: Deps, code = TOWN_A, over: Over<'warnings'> & { level?: WarningLevel } = {}): Promise<string> {
  const id = uuidv7();
  await deps.db
    .insertInto('warnings')
    .values({
      id,
      identifier: `TEST-${id}`,
      sender: 'test@anlan',
      source: 'platform',
      msg_type: 'Alert',
      refs: [],
      status: 'draft',
      event_type: 'rainstorm',
      event_name: '暴雨',
      level: 'blue',
      headline: '测试预警',
      description: '测试预警内容',
      area: JSON.stringify({ polygons: [], circles: [], geocodes: [code] }),
      area_desc: '测试区域',
      jurisdiction_code: code,
      town_codes: [code.slice(0, 9)],
      ...over,
    })
    .execute();
  return id;
}

export interface PersonSpec {
  name: string;
  role: PersonRole;
  code: string;
  phone?: string | null;
  /** Name of an earlier person of the same call. */
  superior?: string;
  channels?: Channel[];
  lon?: number;
  lat?: number;
  userId?: string;
}

let phoneSeq = 0;
/** Responsible persons (a tree: `superior` names an earlier spec); returns ids by name. */
export async function persons(db: Tx, specs: PersonSpec[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const s of specs) {
    const id = uuidv7();
    ids[s.name] = id;
    await db
      .insertInto('responsible_persons')
      .values({
        id,
        name: s.name,
        role: s.role,
        jurisdiction_code: s.code,
        phone:
          s.phone === undefined
            ? `1000${String(++phoneSeq + process.pid * 100)
                .slice(-7)
                .padStart(7, '0')}`
            : s.phone,
        channels: s.channels ?? ['sms', 'voice'],
        superior_id: s.superior ? ids[s.superior] : null,
        user_id: s.userId ?? null,
        lon: s.lon ?? null,
        lat: s.lat ?? null,
      })
      .execute();
  }
  return ids;
}

/** One responsible person at a place. */
export async function person(db: Tx, code = TOWN_A, over: Partial<PersonSpec> = {}): Promise<string> {
  const name = over.name ?? `测试责任人${uniq()}`;
  return (await persons(db, [{ role: 'grid_worker', code, ...over, name }]))[name];
}

/** The first villages of a town, from the real org tree. */
export async function villagesOf(db: Tx, town: string, n = 2): Promise<string[]> {
  const rows = await db.selectFrom('org_units').select('code').where('parent_code', '=', town).orderBy('code').limit(n).execute();
  return rows.map((r) => r.code);
}

/** A row of the graded supervision list (分级分类) for an enterprise located in `code`, in the given version. */
export async function supervisionGrade(db: Tx, versionId: string, code = TOWN_A): Promise<string> {
  const enterpriseId = await enterprise(db, code);
  const id = uuidv7();
  await db
    .insertInto('supervision_grades')
    .values({
      id,
      version_id: versionId,
      enterprise_id: enterpriseId,
      jurisdiction_code: code,
      level: 'town',
      sector: 'other',
      standardization: 'none',
      credit: 'B',
      annual_cap: 6,
    })
    .execute();
  return id;
}

/** An enforcement case (立案审批中 unless `state` says otherwise) with one unit party, filed at `code`. */
export async function enforcementCase(db: Tx, code = TOWN_A, over: Over<'cases'> = {}): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('cases')
    .values({
      id,
      code: `AJT${uniq()}`,
      title: `测试案件${uniq()}`,
      cause: '未采取措施消除事故隐患',
      source: 'inspection',
      state: 'filing',
      jurisdiction_code: code,
      unit_code: code.length >= 9 ? code.slice(0, 9) : DISTRICT,
      officer_ids: [],
      officer_names: ['甲（浙甬海1）', '乙（浙甬海2）'],
      filed_at: new Date(),
      ...over,
    })
    .execute();
  await db
    .insertInto('case_parties')
    .values({
      id: uuidv7(),
      case_id: id,
      sort: 0,
      kind: 'unit',
      name: `测试企业${uniq()}`,
      violation: '未采取措施消除事故隐患',
      article: '安全生产法第四十一条',
      penalty_article: '安全生产法第一百零二条',
      level: 'general',
      penalty_kind: 'fine',
      fine_fen: 2_000_000,
    })
    .execute();
  return id;
}

/** An inspection plan (a draft campaign) filed under `code`. */
export async function plan(db: Tx, code = TOWN_A, over: Over<'plans'> = {}): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('plans')
    .values({
      id,
      code: `ZX2026${uniq()}`,
      kind: 'campaign',
      campaign_kind: 'other',
      title: `测试专项${uniq()}`,
      jurisdiction_code: code,
      supervising_level: code.length === 6 ? 'district' : 'town',
      year: 2026,
      period_start: '2026-01-01',
      period_end: '2026-12-31',
      ...over,
    })
    .execute();
  return id;
}

/** A prepared 双随机 draw filed under `code` (its unit), drawing from every enterprise there. */
export async function draw(db: Tx, code = TOWN_A): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('draws')
    .values({
      id,
      code: `SJ-2026-${String(100000 + (++seq % 900000)).slice(-6)}`,
      title: '测试抽查',
      jurisdiction_code: code,
      inspector_unit: code,
      filter: JSON.stringify({}),
      params: JSON.stringify({ entityCount: 1, inspectorsPerEntity: 2, crossArea: false, recusalWindowDays: 365, dueDate: '2099-12-31' }),
    })
    .execute();
  return id;
}

/** An enforcement inspection (draft unless `state` says otherwise) filed at `code`, with two officers' snapshots. */
export async function inspection(db: Tx, code = TOWN_A, over: Over<'inspections'> = {}): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('inspections')
    .values({
      id,
      code: `JCT${uniq()}`,
      kind: 'enforcement',
      title: `测试检查${uniq()}`,
      jurisdiction_code: code,
      town_code: code.slice(0, 9),
      officers: JSON.stringify([
        { userId: uuidv7(), name: '甲', unitCode: code, licenceNumber: '浙甬海1' },
        { userId: uuidv7(), name: '乙', unitCode: code, licenceNumber: '浙甬海2' },
      ]),
      ...over,
    })
    .execute();
  return id;
}

/** A 乡呼县应 request (待区级响应 unless `state` says otherwise) on a new case filed at `code`. */
export async function assist(db: Tx, code = TOWN_A, over: Over<'assist_requests'> = {}): Promise<string> {
  const caseId = await enforcementCase(db, code);
  const id = uuidv7();
  await db
    .insertInto('assist_requests')
    .values({
      id,
      code: `XHT${uniq()}`,
      jurisdiction_code: code,
      town_code: code.slice(0, 9),
      subject_kind: 'case',
      case_id: caseId,
      subject_label: '测试案件',
      kind: 'expertise',
      reason: '需要区级专业支援',
      requested_by_name: '镇街',
      requested_at: new Date(),
      response_due_day: '2099-12-31',
      response_due_at: new Date('2099-12-31T15:59:59Z'),
      ...over,
    })
    .execute();
  return id;
}

/** A 行政执法证 valid 2025–2029 for `userId`, enforcing for `unit` (the district or a town). */
export async function licence(db: Tx, userId: string, unit = TOWN_A): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('enforcement_licences')
    .values({
      id,
      user_id: userId,
      number: `浙甬海F${uniq()}`,
      issuer: '宁波市海曙区人民政府',
      unit_code: unit,
      valid_from: '2025-01-01',
      valid_until: '2029-12-31',
    })
    .execute();
  return id;
}
