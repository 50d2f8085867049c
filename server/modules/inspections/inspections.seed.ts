// Demo data: the 2024 summary's park inspections (every park checked at least once that year: 568 with the
// registry's seed), a week of park safety staff's daily patrols (most parks, not all: the completion view has
// someone to chase), monthly joint checks, principals leading a check this quarter (about two thirds), and a
// couple of hundred officers' inspections with failed items. Deterministic: the same rows each run. Runs after
// the plans' seed: each completed officers' inspection is counted on the plans through recordInspectionDone,
// the call a signed inspection makes, so the plan view has one source.
import { type Insertable, sql } from 'kysely';
import { v7 } from 'uuid';
import { type InspectionKind, type InspectionState, KIND_TEMPLATES, type TemplateItem } from '../../../shared/inspections.ts';
import { type Deps, systemCtx } from '../../platform/context.ts';
import { insertHistory } from '../../platform/history.ts';
import { recordInspectionDone } from '../plans/api.ts';
import { seedSample } from '../registry/api.ts';
import type { InspectionItemsTable, InspectionsTable } from './inspections.tables.ts';

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;
/** A stable pseudo-random fraction for (i, salt). */
const frac = (i: number, salt: number) => (((i + 1) * 2654435761 + salt * 40503) >>> 0) / 4294967296;

const T = KIND_TEMPLATES;
const FINDINGS = ['安全出口被货物堵塞', '2 具灭火器压力不足', '配电箱门缺失、线路裸露', '培训记录缺少 3 名新员工', '焊工证已过期'];

export async function seedInspections(deps: Deps, progress: (done: number, total: number) => void) {
  const db = deps.db;
  const already = await db.selectFrom('inspections').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(already.n) > 0) return;
  const { enterprises, parks } = await seedSample(db, { enterprises: 2000, parks: 1000 });
  if (enterprises.length === 0 && parks.length === 0) return;
  const officers = await db
    .selectFrom('enforcement_licences')
    .innerJoin('users', 'users.id', 'enforcement_licences.user_id')
    .select(['users.id', 'users.display_name', 'enforcement_licences.unit_code', 'enforcement_licences.number'])
    .where('enforcement_licences.revoked_at', 'is', null)
    .execute();
  const pair = (i: number) =>
    officers.length >= 2
      ? [officers[i % officers.length], officers[(i + 1) % officers.length]].map((o) => ({
          userId: o.id,
          name: o.display_name,
          unitCode: o.unit_code,
          licenceNumber: o.number,
        }))
      : [
          { userId: v7(), name: '王建国', unitCode: '330203', licenceNumber: '浙甬海执 0203001' },
          { userId: v7(), name: '陈海波', unitCode: '330203', licenceNumber: '浙甬海执 0203002' },
        ];
  const now = deps.clock.now().getTime();
  const localMidnight = Math.floor((now + SHANGHAI) / DAY) * DAY - SHANGHAI;
  const year = new Date(now + SHANGHAI).getUTCFullYear();
  let n = 0;
  const rows: Insertable<InspectionsTable>[] = [];
  const items: Insertable<InspectionItemsTable>[] = [];
  const history: Parameters<typeof insertHistory>[1] = [];

  const add = (o: {
    kind: InspectionKind;
    at: number;
    place: { id: string; name: string; jurisdiction_code: string; lon: number | null; lat: number | null };
    enterpriseId: string | null;
    parkId: string | null;
    list: readonly TemplateItem[];
    failed?: number[];
    officers?: ReturnType<typeof pair>;
    leader?: string | null;
    state?: InspectionState;
  }) => {
    const id = v7();
    const at = new Date(Math.min(o.at, now));
    const state = o.state ?? 'completed';
    const done = state === 'completed' ? new Date(Math.min(at.getTime() + 50 * 60_000, now)) : null;
    const failed = new Set(o.failed ?? []);
    o.list.forEach((it, k) => {
      items.push({
        id: v7(),
        inspection_id: id,
        seq: k + 1,
        source: 'free',
        source_id: null,
        content: it.content,
        basis: it.basis ?? null,
        method: it.method ?? '现场查看',
        major: it.major ?? false,
        result: state === 'draft' ? null : failed.has(k) ? 'fail' : 'pass',
        note: failed.has(k) ? FINDINGS[k % FINDINGS.length] : null,
        answered_at: state === 'draft' ? null : at,
      });
    });
    const localYear = new Date(at.getTime() + SHANGHAI).getUTCFullYear();
    rows.push({
      id,
      code: `JC${localYear}${String(++n).padStart(6, '0')}`,
      kind: o.kind,
      title: `${o.place.name}${{ enforcement: '执法检查', park_daily: '日常巡查', park_monthly: '月度联合检查', quarterly_report: '季度报告', principal_led: '主要负责人带队检查', all_staff: '全员自查' }[o.kind]}`,
      enterprise_id: o.enterpriseId,
      park_id: o.parkId,
      jurisdiction_code: o.place.jurisdiction_code,
      town_code: o.place.jurisdiction_code.slice(0, 9),
      state,
      officers: JSON.stringify(o.officers ?? []),
      confirmations: JSON.stringify((o.officers ?? []).map((x) => ({ userId: x.userId, name: x.name, at: at.toISOString(), by: x.userId }))),
      leader_name: o.leader ?? null,
      representative_name: o.kind === 'enforcement' ? '企业负责人' : null,
      signer_name: o.kind === 'enforcement' && done ? '企业负责人' : null,
      signed_at: o.kind === 'enforcement' ? done : null,
      lon: o.place.lon,
      lat: o.place.lat,
      items_total: o.list.length,
      items_failed: failed.size,
      rectify_deadline: o.kind === 'enforcement' && failed.size ? new Date(at.getTime() + 15 * DAY + SHANGHAI).toISOString().slice(0, 10) : null,
      started_at: state === 'draft' ? null : at,
      completed_at: done,
      created_by_name: o.officers?.[0]?.name ?? '园区安全员',
      created_at: at,
      updated_at: done ?? at,
    });
    history.push({ aggregate: 'inspection', aggregateId: id, action: 'create', to: 'draft', actor: { id: null, name: '系统' }, at });
    if (done)
      history.push({
        aggregate: 'inspection',
        aggregateId: id,
        action: 'seed',
        from: 'draft',
        to: 'completed',
        note: '演示数据',
        actor: { id: null, name: '系统' },
        at: done,
      });
  };

  // 2024: every park checked at least once (the annual summary's 568), most by a monthly joint check.
  parks.forEach((p, i) => {
    const at = Date.UTC(2024, Math.floor(frac(i, 1) * 12), 1 + Math.floor(frac(i, 2) * 27), 1 + Math.floor(frac(i, 3) * 7));
    add({ kind: 'park_monthly', at, place: p, enterpriseId: p.landlord_id, parkId: p.id, list: T.park_monthly, failed: frac(i, 4) < 0.2 ? [1] : [] });
  });
  // The last 7 days (today included): daily patrols by the park's safety staff, about 85 % of parks a day.
  for (let d = 6; d >= 0; d--)
    parks.forEach((p, i) => {
      if (frac(i, 10 + d) > 0.85) return;
      const at = localMidnight - d * DAY + (8.5 + frac(i, 20 + d) * 2) * 3_600_000;
      if (at > now) return;
      add({ kind: 'park_daily', at, place: p, enterpriseId: p.landlord_id, parkId: p.id, list: T.park_daily, failed: frac(i, 30 + d) < 0.05 ? [0] : [] });
    });
  // This month: monthly joint checks in about 60 % of parks.
  parks.forEach((p, i) => {
    if (frac(i, 40) > 0.6) return;
    const monthStart = Date.UTC(new Date(now + SHANGHAI).getUTCFullYear(), new Date(now + SHANGHAI).getUTCMonth(), 1) - SHANGHAI;
    add({ kind: 'park_monthly', at: monthStart + frac(i, 41) * (now - monthStart), place: p, enterpriseId: p.landlord_id, parkId: p.id, list: T.park_monthly });
  });
  // This quarter: principals leading a major-hazard check (about two thirds of enterprises) and all-staff self-inspections.
  const quarterStart = Date.UTC(year, Math.floor(new Date(now + SHANGHAI).getUTCMonth() / 3) * 3, 1) - SHANGHAI;
  const quarterCheck = (e: (typeof enterprises)[number], kind: 'principal_led' | 'all_staff', f: number, extra: { leader?: string; failed?: number[] }) =>
    add({ kind, at: quarterStart + f * (now - quarterStart), place: e, enterpriseId: e.id, parkId: null, list: T[kind], ...extra });
  enterprises.slice(0, 800).forEach((e, i) => {
    if (frac(i, 50) < 0.66) quarterCheck(e, 'principal_led', frac(i, 51), { leader: e.principal_name ?? '主要负责人' });
    if (frac(i, 52) < 0.5) quarterCheck(e, 'all_staff', frac(i, 53), { failed: frac(i, 54) < 0.1 ? [2] : [] });
  });
  // Officers' inspections over the last year, a fifth of them with findings.
  enterprises.slice(0, 240).forEach((e, i) => {
    const at = now - Math.floor(frac(i, 60) * 365) * DAY;
    const list = T.enforcement.slice(0, 4 + Math.floor(frac(i, 61) * 4));
    add({
      kind: 'enforcement',
      at: Math.floor((at + SHANGHAI) / DAY) * DAY - SHANGHAI + 9.5 * 3_600_000,
      place: e,
      enterpriseId: e.id,
      parkId: null,
      list,
      failed: frac(i, 62) < 0.2 ? [Math.floor(frac(i, 63) * list.length)] : [],
      officers: pair(i),
      state: i < 6 ? 'draft' : 'completed',
    });
  });

  const total = rows.length;
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('inspections')
      .values(rows.slice(i, i + 1000))
      .execute();
    progress(Math.min(i + 1000, total), total);
  }
  for (let i = 0; i < items.length; i += 2000)
    await db
      .insertInto('inspection_items')
      .values(items.slice(i, i + 2000))
      .execute();
  await insertHistory(db, history);
  await sql`select setval('inspection_code_seq', ${n})`.execute(db);
  const ctx = systemCtx(deps);
  for (const r of rows)
    if (r.kind === 'enforcement' && r.enterprise_id && r.completed_at)
      await recordInspectionDone(ctx, { inspectionId: r.id, enterpriseId: r.enterprise_id, at: r.completed_at as Date, kind: 'routine' });
}
