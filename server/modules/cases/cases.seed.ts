// Demo data: about twenty enforcement cases in Haishu's towns, a few in each stage, 一案双罚 on most (the unit and
// its principal or the directly responsible manager), with the documents, clocks and timeline each stage would
// have. The cases go through the real lifecycle (caseMachine via apply) as the system, so their numbers,
// clocks and history are what the application itself makes. Runs after the registry seed.
import type { CaseAction, CaseState } from '../../../shared/cases.ts';
import { v7 } from 'uuid';
import type { Officer } from '../../../shared/enforcement.dto.ts';
import { type Ctx, type Deps, systemCtx, withTx } from '../../platform/context.ts';
import { seedLicensedOfficers, validOfficers } from '../../platform/enforcement/licences.ts';
import { dayOf } from '../../platform/enforcement/workdays.ts';
import { apply } from '../../platform/lifecycle.ts';
import { loadActor } from '../../platform/auth/auth.service.ts';
import { nextNumber, yearOf } from '../../platform/documents/documents.ts';
import { writeHistory } from '../../platform/history.ts';
import { DISTRICT_CODE } from '../../platform/orgs/orgs.service.ts';
import { seedSample } from '../registry/api.ts';
import { amountsOf, insertParties, type PartyInput } from './cases.penalties.ts';
import { partiesOf } from './cases.repo.ts';
import { caseMachine } from './cases.service.ts';

const TOWNS = ['330203009', '330203100', '330203001', '330203003', '330203004', '330203005', '330203006', '330203101', '330203102', '330203103'];
/** The bureau's case officers: each holds a 行政执法证 (行政处罚法 §42), so a case team is two of them. */
const OFFICERS = [
  { username: 'aj.chenlx', name: '陈立新', licence: '浙甬海00127' },
  { username: 'aj.wangxy', name: '王晓燕', licence: '浙甬海00133' },
  { username: 'aj.xujj', name: '徐建军', licence: '浙甬海00141' },
  { username: 'aj.zhoum', name: '周敏', licence: '浙甬海00152' },
];
const PRINCIPALS = ['胡国强', '李建华', '郑海波', '应伟', '孙丽君', '邵志明', '俞海峰', '史文杰'];

interface Demo {
  title: string;
  cause: string;
  article: string;
  penaltyArticle: string;
  unitFen: number;
  personFen?: number;
  personRole?: string;
  target: CaseState;
}

const DEMOS: Demo[] = [
  {
    title: '未对从业人员进行安全生产教育和培训案',
    cause: '未按规定对从业人员进行安全生产教育和培训',
    article: '安全生产法第二十八条',
    penaltyArticle: '安全生产法第九十七条',
    unitFen: 4_000_000,
    target: 'filing',
  },
  {
    title: '安全出口锁闭案',
    cause: '未采取措施消除事故隐患',
    article: '安全生产法第四十一条',
    penaltyArticle: '安全生产法第一百零二条',
    unitFen: 2_000_000,
    target: 'investigating',
  },
  {
    title: '特种作业人员无证上岗案',
    cause: '特种作业人员未按规定取得相应资格上岗作业',
    article: '安全生产法第三十条',
    penaltyArticle: '安全生产法第九十七条',
    unitFen: 5_000_000,
    personFen: 2_000_000,
    personRole: '直接负责的主管人员',
    target: 'investigating',
  },
  {
    title: '有限空间作业未审批案',
    cause: '未执行有限空间作业审批制度',
    article: '安全生产法第四十三条',
    penaltyArticle: '安全生产法第一百零一条',
    unitFen: 6_000_000,
    target: 'notified',
  },
  {
    title: '液氨制冷机房安全设备不符合标准案',
    cause: '安全设备的检测不符合国家标准',
    article: '安全生产法第三十六条',
    penaltyArticle: '安全生产法第九十九条',
    unitFen: 3_000_000,
    personFen: 1_000_000,
    personRole: '直接负责的主管人员',
    target: 'notified',
  },
  {
    title: '重大危险源未登记建档案',
    cause: '对重大危险源未登记建档、未进行定期检测评估',
    article: '安全生产法第四十条',
    penaltyArticle: '安全生产法第一百零一条',
    unitFen: 12_000_000,
    personFen: 3_000_000,
    personRole: '直接负责的主管人员',
    target: 'hearing',
  },
  {
    title: '粉尘防爆隐患未消除案',
    cause: '未采取措施消除事故隐患',
    article: '安全生产法第四十一条',
    penaltyArticle: '安全生产法第一百零二条',
    unitFen: 4_500_000,
    target: 'decided',
  },
  {
    title: '危化品混存案',
    cause: '生产、经营、储存危险物品未建立专门安全管理制度',
    article: '安全生产法第三十九条',
    penaltyArticle: '安全生产法第一百零一条',
    unitFen: 8_000_000,
    personFen: 2_500_000,
    personRole: '直接负责的主管人员',
    target: 'executing',
  },
  {
    title: '承租单位安全管理缺失案',
    cause: '未与承租单位签订专门的安全生产管理协议',
    article: '安全生产法第四十九条',
    penaltyArticle: '安全生产法第一百零三条',
    unitFen: 2_000_000,
    target: 'executing',
  },
  {
    title: '燃气报警装置缺失案',
    cause: '未安装可燃气体报警装置',
    article: '安全生产法第三十六条',
    penaltyArticle: '安全生产法第九十九条',
    unitFen: 1_500_000,
    target: 'closed',
  },
  {
    title: '主要负责人未履行安全生产管理职责案',
    cause: '主要负责人未组织制定并实施安全生产教育和培训计划',
    article: '安全生产法第二十一条',
    penaltyArticle: '安全生产法第九十四条',
    unitFen: 0,
    personFen: 3_000_000,
    personRole: '主要负责人',
    target: 'closed',
  },
  {
    title: '消防通道堵塞案',
    cause: '未采取措施消除事故隐患',
    article: '安全生产法第四十一条',
    penaltyArticle: '安全生产法第一百零二条',
    unitFen: 1_000_000,
    target: 'no_penalty',
  },
  {
    title: '脚手架连墙件缺失案',
    cause: '未采取措施消除事故隐患',
    article: '安全生产法第四十一条',
    penaltyArticle: '安全生产法第一百零二条',
    unitFen: 2_000_000,
    target: 'withdrawn',
  },
  {
    title: '涉嫌重大责任事故案',
    cause: '违反有关安全管理规定，涉嫌重大责任事故罪',
    article: '安全生产法第四十一条',
    penaltyArticle: '安全生产法第一百一十四条',
    unitFen: 50_000_000,
    target: 'transferred',
  },
];

type SeedStep = [CaseAction | 'record_statement', Record<string, unknown>];
/** An uncontested case up to its served decision (executing; closing it is one step more). */
const SERVED: SeedStep[] = [
  ['approve_filing', {}],
  ['notify', {}],
  ['record_statement', { statement: '当事人无异议。' }],
  ['decide', {}],
  ['serve', { method: '直接送达', recipient: '企业法定代表人' }],
];

/** The steps from filing to a target state, with their inputs. */
const PATH: Partial<Record<CaseState, SeedStep[]>> = {
  filing: [],
  investigating: [['approve_filing', {}]],
  notified: [
    ['approve_filing', {}],
    ['notify', {}],
  ],
  hearing: [
    ['approve_filing', {}],
    ['notify', {}],
    ['request_hearing', { note: '当事人书面申请听证' }],
  ],
  decided: [
    ['approve_filing', {}],
    ['notify', {}],
    ['record_statement', { statement: '当事人表示已完成整改，请求从轻处罚。' }],
    ['decide', {}],
  ],
  executing: SERVED,
  // Paid in full first (payInFull), so the closing document reads 已执行完毕 and the dashboard counts it paid.
  closed: [...SERVED, ['close', { note: '罚款已缴清' }]],
  no_penalty: [
    ['approve_filing', {}],
    ['decide_no_penalty', { reason: '初次违法且危害后果轻微并及时改正（行政处罚法第三十三条）' }],
  ],
  withdrawn: [
    ['approve_filing', {}],
    ['withdraw', { reason: '经调查，违法事实不能成立' }],
  ],
  transferred: [
    ['approve_filing', {}],
    ['propose_transfer', { reason: '事故造成 1 人死亡，涉嫌重大责任事故罪' }],
    ['approve_transfer', {}],
  ],
};

async function seedOne(ctx: Ctx, demo: Demo, i: number, enterprise: { id: string; name: string; jurisdiction_code: string } | undefined, officers: Officer[]) {
  const team = [officers[i % officers.length], officers[(i + 1) % officers.length]];
  const town = enterprise?.jurisdiction_code ?? TOWNS[i % TOWNS.length];
  const principal = PRINCIPALS[i % PRINCIPALS.length];
  const unitName = enterprise?.name ?? `宁波市海曙区${['恒达', '金业', '永兴', '瑞丰', '宏远'][i % 5]}机械有限公司`;
  const parties: PartyInput[] = [];
  if (demo.unitFen > 0)
    parties.push({
      kind: 'unit',
      name: unitName,
      violation: demo.cause,
      article: demo.article,
      penaltyArticle: demo.penaltyArticle,
      level: 'general',
      penaltyKind: 'fine',
      fineFen: demo.unitFen,
      outsideReason: '演示数据：按案情确定',
    });
  if (demo.personFen)
    parties.push({
      kind: 'person',
      name: principal,
      role: demo.personRole,
      violation: `${demo.personRole}对${demo.cause}负有责任`,
      article: demo.article,
      penaltyArticle: demo.penaltyArticle,
      level: 'general',
      penaltyKind: 'fine',
      fineFen: demo.personFen,
      outsideReason: '演示数据：按案情确定',
    });
  const id = await withTx(ctx, async (c) => {
    const now = c.deps.clock.now();
    const seq = await nextNumber(c, DISTRICT_CODE, '案', yearOf(now));
    const caseId = v7();
    await c.db
      .insertInto('cases')
      .values({
        id: caseId,
        code: `AJ${yearOf(now)}00${String(seq).padStart(4, '0')}`,
        title: `${unitName}${demo.title}`,
        cause: demo.cause,
        source: i % 3 === 0 ? 'report' : 'inspection',
        state: 'filing',
        jurisdiction_code: town,
        unit_code: DISTRICT_CODE,
        enterprise_id: enterprise?.id ?? null,
        facts: `经现场检查，${unitName}存在${demo.cause}的行为，违反了《中华人民共和国${demo.article.replace('安全生产法', '安全生产法》')}的规定。`,
        officer_ids: team.map((o) => o.userId),
        officer_names: team.map((o) => `${o.name}（${o.licenceNumber}）`),
        filed_at: now,
      })
      .execute();
    await insertParties(c, caseId, parties);
    await writeHistory(c, { aggregate: 'case', aggregateId: caseId, action: 'create', to: 'filing', note: '立案申请' });
    return caseId;
  });
  for (const [action, input] of PATH[demo.target] ?? []) {
    if (action === 'close') await payInFull(ctx, id, team[0].userId);
    const body = action === 'serve' ? { ...input, servedAt: ctx.deps.clock.now().toISOString() } : input;
    await apply(ctx, caseMachine, id, action, body as never);
  }
}

/**
 * Every party pays what it owes, on today's receipt, recorded by the case's officer (record_payment, as the 执行
 * stage records it: a payment names the person who entered it, and the system is nobody).
 */
async function payInFull(sys: Ctx, caseId: string, officerId: string) {
  const actor = await loadActor(sys.deps, officerId, 'session', true);
  if (!actor) return;
  const ctx: Ctx = { ...sys, actor };
  const paidOn = dayOf(ctx.deps.clock.now());
  for (const [n, party] of (await partiesOf(ctx, caseId)).entries()) {
    const { outstanding } = amountsOf(party, 0);
    if (outstanding > 0)
      await apply(ctx, caseMachine, caseId, 'record_payment', {
        partyId: party.id,
        amountFen: outstanding,
        paidOn,
        receiptNo: `浙非税${paidOn.replaceAll('-', '')}${n + 1}`,
      });
  }
}

/** The case officers with their licences (made once; a second seed finds them), as validOfficers lists them. */
async function licensedOfficers(ctx: Ctx): Promise<Officer[]> {
  const userIds = await seedLicensedOfficers(
    ctx.deps,
    OFFICERS.map((o) => ({ ...o, unitCode: DISTRICT_CODE, validUntil: '2029-12-31' })),
  );
  return validOfficers(ctx, { userIds });
}

export async function seedCases(deps: Deps, progress: (done: number, total: number) => void) {
  const ctx = systemCtx(deps);
  const existing = await deps.db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const officers = await licensedOfficers(ctx);
  const { enterprises } = await seedSample(deps.db, { enterprises: DEMOS.length, parks: 0 });
  for (const [i, demo] of DEMOS.entries()) {
    await seedOne(ctx, demo, i, enterprises[i], officers);
    progress(i + 1, DEMOS.length);
  }
}
