// Demo data: responsible persons for Haishu's real towns and villages (generated names, clearly fake
// phone numbers 100-0xxx-xxxx that no carrier issues), superiors chained village → town → district, and
// one past red rainstorm warning with the acknowledgement outcomes such a night typically has. Seeded
// generator: the same data every time.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_POLICY, type PersonRole, quarterOf } from '../../../shared/warnings.ts';
import { type Deps, systemCtx, withTx } from '../../platform/context.ts';
import { writeAudit } from '../../platform/audit.ts';
import { gbIdentifier } from './cap.ts';
import { TOWN_CENTROIDS } from './geo.ts';
import { addRecipients, recomputeStats } from './ladder.ts';
import { getPolicy, getSettings } from './policy.ts';
import { resolveTargets } from './targeting.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢傅钟'.split('');
const GIVEN = '建国海波秀英伟军丽华志强明辉静芳立新国平晓东海燕春梅桂兰金龙永康玉珍文杰红霞德明振华小军美玲晨阳雪梅宏伟佳慧'.match(/../g) as string[];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DISTRICT = '330203';
const MIN = 60_000;

/** 02:10 China time on the day 20 days before `now`, or on 12 September of the last rainy season (May–October). */
export function lastRainstormNight(now: Date): Date {
  const DAY = 86_400_000;
  const SHANGHAI = 8 * 3_600_000;
  const local = new Date(Math.floor((now.getTime() - 20 * DAY + SHANGHAI) / DAY) * DAY); // that day, as a UTC date
  const month = local.getUTCMonth(); // 0 = January
  const day = month >= 4 && month <= 9 ? local : new Date(Date.UTC(local.getUTCFullYear() - (month >= 10 ? 0 : 1), 8, 12));
  return new Date(day.getTime() - SHANGHAI + (2 * 60 + 10) * MIN);
}

export async function seedWarnings(deps: Deps, progress: (done: number, total: number) => void = () => {}) {
  const { db, clock } = deps;
  const already = await db.selectFrom('responsible_persons').select('id').limit(1).executeTakeFirst();
  if (already) return;
  const rand = rng(20240611);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  let phoneSeq = 0;
  const phone = () => `1000${String(++phoneSeq).padStart(7, '0')}`;
  const name = () => pick(SURNAMES) + pick(GIVEN);

  // Approximate town centroids (see geo.ts) where the org tree has none.
  for (const [code, [lon, lat]] of Object.entries(TOWN_CENTROIDS)) {
    await db.updateTable('org_units').set({ lon, lat }).where('code', '=', code).where('lon', 'is', null).execute();
  }

  const towns = await db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').orderBy('code').execute();
  const villages = await db.selectFrom('org_units').select(['code', 'name', 'parent_code']).where('kind', '=', 'village').orderBy('code').execute();
  type Row = {
    id: string;
    name: string;
    role: PersonRole;
    jurisdiction_code: string;
    unit_name: string;
    grid: string | null;
    phone: string;
    channels: ('inapp' | 'sms' | 'voice')[];
    superior_id: string | null;
    households: number | null;
  };
  const rows: Row[] = [];
  const district: Row = {
    id: uuidv7(),
    name: name(),
    role: 'flood_chief',
    jurisdiction_code: DISTRICT,
    unit_name: '海曙区防汛防台抗旱指挥部 副指挥',
    grid: null,
    phone: phone(),
    channels: ['sms', 'voice'],
    superior_id: null,
    households: null,
  };
  rows.push(district);
  const townChief = new Map<string, string>();
  for (const t of towns) {
    const id = uuidv7();
    townChief.set(t.code, id);
    rows.push({
      id,
      name: name(),
      role: 'flood_chief',
      jurisdiction_code: t.code,
      unit_name: `${t.name}防汛防台指挥部 指挥`,
      grid: null,
      phone: phone(),
      channels: ['sms', 'voice'],
      superior_id: district.id,
      households: null,
    });
  }
  const villageRoles: PersonRole[] = ['flash_flood_warner', 'grid_worker', 'cadre', 'works_patroller', 'geo_monitor', 'shelter_manager', 'house_liaison'];
  const rural = new Set(['330203104', '330203105', '330203106', '330203200', '330203101', '330203103']);
  for (const v of villages) {
    const chiefId = uuidv7();
    const town = v.parent_code as string;
    rows.push({
      id: chiefId,
      name: name(),
      role: 'flood_chief',
      jurisdiction_code: v.code,
      unit_name: `${v.name} 主任`,
      grid: null,
      phone: phone(),
      channels: ['sms', 'voice'],
      superior_id: townChief.get(town) ?? district.id,
      households: null,
    });
    // Hill villages carry the flash-flood and geo-hazard roles; city communities mostly grid workers.
    const extra = rural.has(town) ? 1 + Math.floor(rand() * 2) : rand() < 0.4 ? 1 : 0;
    for (let i = 0; i < extra; i++) {
      const role = rural.has(town) ? pick(villageRoles) : pick(['grid_worker', 'house_liaison'] as const);
      rows.push({
        id: uuidv7(),
        name: name(),
        role,
        jurisdiction_code: v.code,
        unit_name: v.name,
        grid: role === 'grid_worker' || role === 'cadre' ? `第${1 + Math.floor(rand() * 6)}网格` : null,
        phone: phone(),
        channels: ['sms', 'voice'],
        superior_id: chiefId,
        households: role === 'cadre' ? 5 + Math.floor(rand() * 20) : null,
      });
    }
  }
  progress(1, 3);
  await withTx(systemCtx(deps), async ({ db: trx }) => {
    // Superiors first (district, towns, village chiefs come before their members in `rows`).
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('responsible_persons')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  progress(2, 3);

  // A past red rainstorm warning for the western hill towns, released at 02:10 China time 20 days ago when that
  // falls in Ningbo's rainy season (May–October: plum rains, typhoons), else on 12 September of the last season.
  const now = clock.now();
  const released = lastRainstormNight(now);
  const policy = await getPolicy(db);
  const settings = await getSettings(db);
  const geocodes = ['330203104', '330203105', '330203106', '330203200'];
  const id = uuidv7();
  await withTx(systemCtx(deps), async (c) => {
    const trx = c.db;
    await trx
      .insertInto('warnings')
      .values({
        id,
        identifier: gbIdentifier(DISTRICT, settings.capOrgCode, released, 1),
        sender: settings.capSender,
        source: 'platform',
        msg_type: 'Alert',
        status: 'cancelled',
        event_type: 'rainstorm',
        event_name: '暴雨',
        level: 'red',
        urgency: 'Immediate',
        certainty: 'Likely',
        headline: '海曙区发布暴雨红色预警',
        description: '受强对流云团影响，预计未来3小时章水、鄞江、龙观、洞桥等西部山区镇乡累计雨量将达100毫米以上，山洪和地质灾害风险极高。',
        instruction: '立即启动防汛应急响应，山区危险区人员转移，巡查山塘水库，严防山洪和地质灾害。',
        sender_name: '海曙区应急管理局',
        sent_at: new Date(Math.floor(released.getTime() / 1000) * 1000),
        onset: released,
        expires: new Date(released.getTime() + 12 * 3_600_000),
        area: JSON.stringify({ polygons: [], circles: [], geocodes }),
        area_desc: '洞桥镇、鄞江镇、章水镇、龙观乡',
        jurisdiction_code: DISTRICT,
        town_codes: geocodes,
        released_at: released,
        ended_at: new Date(released.getTime() + 9 * 3_600_000),
        created_at: released,
        updated_at: released,
      })
      .execute();
    const candidates = await resolveTargets(trx, { level: 'red', area: { polygons: [], circles: [], geocodes }, jurisdictionCode: DISTRICT }, policy);
    await addRecipients(c, id, 'red', candidates, policy, released);
    await trx
      .updateTable('delivery_attempts')
      .set({ state: 'sent', sent_at: released, mode: 'outbox', result: '已写入发件箱（outbox 模式，未真正发出）' })
      .where('warning_id', '=', id)
      .execute();
    await sql`update delivery_attempts set provider_id = 'outbox:' || id::text where warning_id = ${id}`.execute(trx);
    const recips = await trx.selectFrom('warning_recipients').select(['id', 'channels']).where('warning_id', '=', id).orderBy('id').execute();
    const lp = DEFAULT_POLICY.levels.red;
    const MEASURES = [
      '已通知危险区群众，组织转移至村避灾安置点。',
      '已巡查山塘和溪沟，未发现险情，安排专人值守。',
      '已关闭涉水景区入口，劝离游客。',
      '已入户通知包保对象，老人已转移至亲属家。',
    ];
    for (const r of recips) {
      const x = rand();
      const retryAttempt = (step: number, at: Date) => ({
        id: uuidv7(),
        warning_id: id,
        recipient_id: r.id,
        channel: r.channels[step],
        step,
        created_at: at,
        state: 'sent' as const,
        sent_at: at,
        mode: 'outbox',
        provider_id: `outbox:seed-${r.id}-${step}`,
        result: '已写入发件箱（outbox 模式，未真正发出）',
      });
      if (x < 0.78) {
        // Acknowledged in time: within the 5 minutes.
        const acked = new Date(released.getTime() + (0.5 + rand() * 4) * MIN);
        const measures = rand() < 0.7 ? pick(MEASURES) : null;
        await trx
          .updateTable('warning_recipients')
          .set({
            state: 'acknowledged',
            reached_at: released,
            acked_at: acked,
            ack_via: rand() < 0.6 ? 'link' : 'sms',
            next_action_at: null,
            measures,
            people_moved: measures?.includes('转移') ? 2 + Math.floor(rand() * 30) : null,
            measures_at: measures ? new Date(acked.getTime() + (10 + rand() * 50) * MIN) : null,
          })
          .where('id', '=', r.id)
          .execute();
      } else if (x < 0.95 && r.channels.length > 1) {
        // Woken by the voice call on the second step.
        const second = new Date(released.getTime() + lp.ackMinutes * MIN);
        await trx.insertInto('delivery_attempts').values(retryAttempt(1, second)).execute();
        await trx
          .updateTable('warning_recipients')
          .set({
            state: 'acknowledged',
            step: 1,
            overdue: true,
            reached_at: released,
            acked_at: new Date(second.getTime() + rand() * 90_000),
            ack_via: 'link',
            next_action_at: null,
          })
          .where('id', '=', r.id)
          .execute();
      } else {
        // Not reached (未叫醒): both steps unanswered.
        const second = new Date(released.getTime() + lp.ackMinutes * MIN);
        if (r.channels.length > 1) await trx.insertInto('delivery_attempts').values(retryAttempt(1, second)).execute();
        await trx
          .updateTable('warning_recipients')
          .set({
            state: 'not_reached',
            step: r.channels.length - 1,
            overdue: true,
            reached_at: released,
            not_reached_at: new Date(second.getTime() + lp.retryMinutes * MIN),
            next_action_at: null,
          })
          .where('id', '=', r.id)
          .execute();
      }
    }
    await writeAudit(trx, {
      at: released,
      actor: { id: null, username: 'seed', unitCode: DISTRICT },
      action: 'warning.seed',
      resourceType: 'warning',
      resourceId: id,
    });
    await recomputeStats(c, quarterOf(released), now);
  });
  progress(3, 3);
}
