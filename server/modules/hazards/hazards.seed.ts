// Demo data: a few thousand hazards over the last ~2.5 years across towns, sources and states, a few
// dozen major ones with plans (some under 挂牌督办), some overdue, and public reports. Runs after the
// registry seed and attaches hazards to its enterprises when there are any. Seeded PRNG: same data each run.
import { randomBytes } from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import { v7 } from 'uuid';
import { HAZARD_SECTORS, type HazardSource, type HazardState, TRACKING_ALPHABET, TRACKING_CODE_LENGTH } from '../../../shared/hazards.ts';
import { type Deps, systemCtx, withTx } from '../../platform/context.ts';
import { insertHistory } from '../../platform/history.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import type { HazardNotificationsTable, HazardPlansTable, HazardReportsTable, HazardSupervisionsTable, HazardsTable } from './hazards.tables.ts';
import { seedSample } from '../registry/api.ts';

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

/** `hours` after midnight (Asia/Shanghai) of the day `at` falls on, never later than `latest`: people work by day. */
function onLocalDay(at: number, hours: number, latest: number): Date {
  const midnight = Math.floor((at + SHANGHAI) / DAY) * DAY - SHANGHAI;
  return new Date(Math.min(latest, midnight + hours * 3_600_000));
}
const localYear = (d: Date) => new Date(d.getTime() + SHANGHAI).getUTCFullYear();

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAZARDS: { title: string; desc: string; sector: string; clause?: string }[] = [
  { title: '消防通道堵塞', desc: '厂区东侧消防车通道被成品货物占用，宽度不足 4 米。', sector: 'fire' },
  { title: '安全出口锁闭', desc: '车间北侧安全出口上锁，夜班期间无法开启。', sector: 'fire' },
  { title: '灭火器压力不足', desc: '二楼仓库 3 具干粉灭火器压力指针位于红区。', sector: 'fire' },
  { title: '配电箱未可靠接地', desc: '冲压车间配电箱 PE 线松脱，箱门无警示标识。', sector: 'machinery' },
  { title: '冲床光电保护失效', desc: '2 号冲床光电保护装置被短接，双手按钮被改为单手。', sector: 'machinery' },
  { title: '粉尘清扫不及时', desc: '打磨工位积尘厚度超过 1 毫米，除尘器灰斗未按时清灰。', sector: 'light_industry', clause: 'S-dust' },
  { title: '有限空间作业未审批', desc: '污水池清淤作业未办理审批，未进行气体检测，无监护人。', sector: 'light_industry', clause: 'S-confined_space' },
  { title: '液氨管道腐蚀', desc: '冷库机房液氨管道保温层破损，局部锈蚀，未设置泄漏报警。', sector: 'light_industry', clause: 'S-ammonia' },
  { title: '特种作业人员无证上岗', desc: '焊工 2 名未取得特种作业操作证从事电焊作业。', sector: 'machinery', clause: 'M-2' },
  { title: '承租单位安全管理缺失', desc: '出租方未与承租企业签订安全生产管理协议，未定期开展安全检查。', sector: 'other', clause: 'M-1' },
  { title: '危化品混存', desc: '油漆稀释剂与氧化剂同库存放，未分区分类。', sector: 'hazardous_chemicals' },
  { title: '燃气管道私接', desc: '食堂燃气软管超长且穿墙敷设，未安装燃气泄漏报警装置。', sector: 'gas' },
  { title: '脚手架连墙件缺失', desc: '外架 3 至 5 层连墙件缺失，剪刀撑不连续。', sector: 'construction' },
  { title: '排水沟堵塞', desc: '地下车库入口截水沟被垃圾堵塞，挡水板未配备。', sector: 'flood' },
  { title: '防汛物资不足', desc: '沙袋、抽水泵等防汛物资数量不足，台账与实物不符。', sector: 'flood' },
  { title: '纺机传动部位无防护罩', desc: '织布车间 5 台织机皮带传动部位防护罩缺失。', sector: 'textiles' },
  { title: '窑炉区域人员聚集', desc: '窑炉周边设置临时休息点，存在高温灼烫风险。', sector: 'building_materials' },
];

const SOURCES: [HazardSource, number][] = [
  ['self_inspection', 0.42],
  ['inspection', 0.3],
  ['public_report', 0.06],
  ['iot_alarm', 0.08],
  ['flood_local', 0.08],
  ['flood_sector', 0.04],
  ['flood_district', 0.02],
];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

function weighted<T>(r: () => number, items: [T, number][]): T {
  let x = r();
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1][0];
}

export async function seedHazards(deps: Deps, progress: (done: number, total: number) => void, opts: { count?: number } = {}) {
  const db = deps.db;
  const already = await db.selectFrom('hazards').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(already.n) > 0) return;
  const total = opts.count ?? 3000;
  const r = prng(20260601);
  const now = deps.clock.now();
  const { enterprises } = await seedSample(db, { enterprises: 3000, parks: 0 });
  const villages = await db.selectFrom('org_units').select(['code', 'name', 'lon', 'lat']).where('kind', '=', 'village').orderBy('code').execute();
  const clauses = new Map((await db.selectFrom('hazard_clauses').select(['id', 'number']).execute()).map((c) => [c.number, c.id]));
  const townName = new Map((await db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').execute()).map((t) => [t.code, t.name]));
  const year = new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();

  type Row = Insertable<HazardsTable>;
  const hazards: Row[] = [];
  const events: Parameters<typeof insertHistory>[1] = [];
  const plans: Insertable<HazardPlansTable>[] = [];
  const supervisions: Insertable<HazardSupervisionsTable>[] = [];
  const notifications: Insertable<HazardNotificationsTable>[] = [];
  const jobs: { id: string; deadline: Date }[] = [];
  const people = ['张伟', '王芳', '李娜', '刘强', '陈杰', '杨洋', '黄磊', '周敏', '吴刚', '徐静'];
  let majors = 0;
  let supervisionNo = 0;

  for (let i = 0; i < total; i++) {
    const id = v7();
    const tpl = pick(r, HAZARDS);
    const source = weighted(r, SOURCES);
    const ageDays = Math.floor(r() ** 1.6 * 900);
    // Found in working hours (08:30–17:30) at least 5 days ago, so that its later steps (graded a day after, planned
    // two, supervised five) are in the past; numbered later in the order found (see below).
    const foundAt = onLocalDay(now.getTime() - (ageDays + 6) * DAY, 8.5 + r() * 9, now.getTime());
    const ent = enterprises.length && r() < 0.85 ? pick(r, enterprises) : undefined;
    const village = pick(r, villages);
    const jurisdiction = ent?.jurisdiction_code ?? village.code;
    const town = jurisdiction.slice(0, 9);
    // A few dozen major hazards: those whose template cites a clause, now and then.
    const major = !!tpl.clause && clauses.has(tpl.clause) && majors < 45 && r() < 0.35;
    if (major) majors++;
    // Older hazards are mostly closed; recent ones are still moving through the loop.
    let state: HazardState;
    const x = r();
    if (ageDays > 120) state = x < 0.93 ? 'closed' : x < 0.96 ? 'rectifying' : x < 0.98 ? 'cancelled' : 'verified';
    else if (ageDays > 30) state = x < 0.55 ? 'closed' : x < 0.8 ? 'rectifying' : x < 0.9 ? 'acceptance_requested' : x < 0.95 ? 'graded' : 'verified';
    else state = x < 0.2 ? 'reported' : x < 0.35 ? 'graded' : x < 0.75 ? 'rectifying' : x < 0.85 ? 'acceptance_requested' : 'closed';
    if (major && ageDays > 120 && r() < 0.5) state = 'rectifying'; // some of the stock stays open
    const graded = state !== 'reported' && !(state === 'cancelled' && r() < 0.5);
    const planned = ['rectifying', 'acceptance_requested', 'verified', 'closed'].includes(state);
    const deadline = planned || state === 'graded' ? new Date(foundAt.getTime() + (major ? 60 : 15 + Math.floor(r() * 30)) * DAY) : null;
    const open = ['reported', 'graded', 'rectifying', 'acceptance_requested'].includes(state);
    const overdue = !!deadline && ['graded', 'rectifying'].includes(state) && deadline.getTime() < now.getTime();
    const closedAt = state === 'closed' ? new Date(Math.min(now.getTime() - DAY, (deadline ?? foundAt).getTime() - Math.floor(r() * 5) * DAY)) : null;
    hazards.push({
      id,
      code: `YH${year}${String(i + 1).padStart(7, '0')}`,
      enterprise_id: ent?.id ?? null,
      park_id: null,
      jurisdiction_code: jurisdiction,
      town_code: town,
      location: ent?.address ?? `${townName.get(town) ?? ''}${village.name}`,
      lon: ent?.lon ?? village.lon ?? 121.5 + r() * 0.15,
      lat: ent?.lat ?? village.lat ?? 29.82 + r() * 0.1,
      title: tpl.title,
      description: tpl.desc,
      source,
      sector: tpl.sector === 'other' ? pick(r, HAZARD_SECTORS) : tpl.sector,
      finder_name: source === 'public_report' ? '群众举报' : source === 'iot_alarm' ? '物联感知' : pick(r, people),
      found_at: foundAt,
      level: graded ? (major ? 'major' : 'general') : null,
      clause_id: graded && major ? (clauses.get(tpl.clause as string) as string) : null,
      state,
      deadline,
      overdue,
      overdue_since: overdue ? deadline : null,
      escalation_level: overdue ? (now.getTime() - (deadline as Date).getTime() > 7 * DAY ? 2 : 1) : 0,
      photo_ids: [],
      closed_at: closedAt,
      cancel_reason: state === 'cancelled' ? '经复核不属于安全隐患' : null,
      created_at: foundAt,
      updated_at: closedAt ?? foundAt,
    });
    const ev = (action: string, from: string | null, to: string | null, at: Date, note: string | null = null) =>
      events.push({ aggregate: 'hazard', aggregateId: id, action, from, to, actor: { id: null, name: pick(r, people) }, note, at });
    ev('create', null, 'reported', foundAt);
    if (graded) ev('grade', 'reported', 'graded', new Date(foundAt.getTime() + DAY));
    if (planned && deadline) {
      plans.push({
        id: v7(),
        hazard_id: id,
        measures: `针对“${tpl.title}”制定整改措施：立即整改，落实专人负责，整改完成后组织复查。`,
        funds_fen: (major ? 50_000 + Math.floor(r() * 300_000) : 500 + Math.floor(r() * 20_000)) * 100,
        deadline,
        responsible_person: pick(r, people),
        responsible_phone: `13${Math.floor(100000000 + r() * 899999999)}`,
        interim_measures: '整改期间设置警戒区域和警示标志，安排专人值守，制定应急处置措施。',
        created_by: null,
        created_at: new Date(foundAt.getTime() + 2 * DAY),
      });
      ev('plan', 'graded', 'rectifying', new Date(foundAt.getTime() + 2 * DAY));
    }
    if (['acceptance_requested', 'verified', 'closed'].includes(state))
      ev('request_acceptance', 'rectifying', 'acceptance_requested', new Date((closedAt ?? now).getTime() - 3 * DAY), '已按方案完成整改');
    if (['verified', 'closed'].includes(state)) ev('verify', 'acceptance_requested', 'verified', new Date((closedAt ?? now).getTime() - DAY));
    if (state === 'closed' && closedAt) ev('close', 'verified', 'closed', closedAt);
    if (state === 'cancelled') ev('cancel', graded ? 'graded' : 'reported', 'cancelled', new Date(foundAt.getTime() + 3 * DAY), '经复核不属于安全隐患');
    if (overdue && deadline) {
      ev('overdue', state, state, deadline, '超期未整改');
      notifications.push({
        id: v7(),
        hazard_id: id,
        kind: 'overdue',
        target_unit_code: town,
        jurisdiction_code: jurisdiction,
        message: `隐患 ${tpl.title} 已超过整改期限，已推送镇街应急消防管理站`,
        created_at: deadline,
        read_at: null,
      });
    }
    if (deadline && open && !overdue && state !== 'acceptance_requested') jobs.push({ id, deadline });
    // Some open major hazards are under government supervision; a few closed ones were (withdrawn).
    if (major && graded && (open || state === 'closed') && r() < 0.45) {
      supervisionNo++;
      const level = r() < 0.4 ? 'district' : 'town';
      const published = new Date(foundAt.getTime() + 5 * DAY);
      supervisions.push({
        id: v7(),
        hazard_id: id,
        notice_no: `海应急督〔${new Date(published.getTime() + 8 * 3_600_000).getUTCFullYear()}〕${supervisionNo}号`,
        issuer: level === 'district' ? '宁波市海曙区应急管理局' : `${townName.get(town) ?? ''}应急消防管理站`,
        level,
        deadline: new Date(foundAt.getTime() + 90 * DAY),
        published_at: published,
        withdrawn_at: state === 'closed' ? closedAt : null,
        withdraw_reason: state === 'closed' ? '隐患已销号，自动摘牌' : null,
        stop_production: r() < 0.3,
        stop_order_no: null,
        created_by: null,
        created_at: published,
      });
    }
  }
  for (const s of supervisions)
    if (s.stop_production) s.stop_order_no = `海应急责停〔${s.notice_no.match(/〔(\d{4})〕/)?.[1] ?? year}〕${s.notice_no.match(/(\d+)号$/)?.[1] ?? '1'}号`;

  const reports: Insertable<HazardReportsTable>[] = [];
  for (let i = 0; i < 40; i++) {
    const village = pick(r, villages);
    const status = i < 15 ? 'submitted' : i < 32 ? 'accepted' : 'rejected';
    const tpl = pick(r, HAZARDS);
    let code = '';
    const bytes = randomBytes(TRACKING_CODE_LENGTH);
    for (const b of bytes) code += TRACKING_ALPHABET[b % TRACKING_ALPHABET.length];
    reports.push({
      id: v7(),
      tracking_code: code,
      description: `${village.name}附近发现：${tpl.desc}`,
      address: `${townName.get(village.code.slice(0, 9)) ?? ''}${village.name}`,
      lon: village.lon,
      lat: village.lat,
      jurisdiction_code: village.code.slice(0, 9),
      photo_ids: [],
      contact_name: r() < 0.5 ? pick(r, people) : null,
      contact_phone: r() < 0.5 ? `139${Math.floor(10000000 + r() * 89999999)}` : null,
      wants_reward: r() < 0.3,
      ip: null,
      device_id: null,
      status: status as 'submitted' | 'accepted' | 'rejected',
      reject_reason: status === 'rejected' ? '经现场核实，未发现举报所述情况' : null,
      hazard_id: null,
      // The public writes in from early morning to late evening.
      created_at: onLocalDay(now.getTime() - Math.floor(r() * 60) * DAY, 7 + r() * 15, now.getTime() - 5 * 60_000),
    });
  }
  // Accepted reports point at a hazard that came from a public report, and back.
  const fromReports = hazards.filter((h) => h.source === 'public_report');
  for (const rep of reports.filter((x) => x.status === 'accepted')) {
    const h = fromReports.pop();
    if (!h) break;
    rep.hazard_id = h.id;
    h.report_id = rep.id;
  }
  // Hazard numbers run in the order the hazards were found and carry the year they were found in (one sequence,
  // as nextHazardCode: hazard_code_seq continues after the last one).
  [...hazards]
    .sort((a, b) => (a.created_at as Date).getTime() - (b.created_at as Date).getTime())
    .forEach((h, n) => {
      h.code = `YH${localYear(h.created_at as Date)}${String(n + 1).padStart(7, '0')}`;
    });
  const chunk = 400;
  const steps = Math.ceil(hazards.length / chunk) + 2;
  await withTx(systemCtx(deps), async (c) => {
    for (let i = 0; i < hazards.length; i += chunk) {
      await c.db
        .insertInto('hazards')
        .values(hazards.slice(i, i + chunk))
        .execute();
      progress(i / chunk + 1, steps);
    }
    await insertHistory(c.db, events);
    for (let i = 0; i < plans.length; i += 1000)
      await c.db
        .insertInto('hazard_plans')
        .values(plans.slice(i, i + 1000))
        .execute();
    if (supervisions.length) await c.db.insertInto('hazard_supervisions').values(supervisions).execute();
    for (let i = 0; i < notifications.length; i += 1000)
      await c.db
        .insertInto('hazard_notifications')
        .values(notifications.slice(i, i + 1000))
        .execute();
    await sql`select setval('hazard_code_seq', ${hazards.length})`.execute(c.db);
    // Live deadlines get their durable jobs like any hazard planned through the API.
    for (const j of jobs) {
      const remind = new Date(j.deadline.getTime() - 3 * DAY);
      if (remind > now)
        await enqueueJob(c.db, {
          kind: 'hazard.reminder',
          runAt: remind,
          payload: { hazardId: j.id, deadline: j.deadline.toISOString() },
          dedupKey: `hazard:${j.id}:reminder`,
        });
      await enqueueJob(c.db, {
        kind: 'hazard.overdue',
        runAt: j.deadline,
        payload: { hazardId: j.id, deadline: j.deadline.toISOString() },
        dedupKey: `hazard:${j.id}:overdue`,
      });
    }
    progress(steps - 1, steps);
    await c.db.insertInto('hazard_reports').values(reports).execute();
  });
  progress(steps, steps);
}
