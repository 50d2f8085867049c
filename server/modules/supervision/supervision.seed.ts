// Demo data: the district's 三张清单 and four checklists. The enforcement powers (赋权清单) and supervision items
// (检查事项清单) follow the 安全生产法 (2021) articles on inspection (§65), coercion (§65④, §70) and penalties
// (§93–§110), with the towns' 赋权 under the 大综合一体化 reform; the powers list has two versions (2024, and
// 2025 adding the 电气焊一件事 and 磁性材料 scenes). The graded list is generated from the registry (its 127
// key units at district level) and published. Idempotent: nothing happens when a version exists.
import { sql } from 'kysely';
import { v7 } from 'uuid';
import type { ChecklistTopic, PowerType } from '../../../shared/supervision.ts';
import { type Ctx, type Deps, systemCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { apply } from '../../platform/lifecycle.ts';
import { clauseIdsByNumber } from '../hazards/api.ts';
import { createChecklist } from './supervision.checklists.ts';
import { generateGrades } from './supervision.grades.ts';
import * as repo from './supervision.repo.ts';
import { addFromCriteria } from './supervision.rows.ts';
import { createDraft, versionMachine } from './supervision.versions.ts';

const BUREAU = '330203D01';
const LAW = '《中华人民共和国安全生产法》';

const DISTRICT_POWERS: [string, PowerType, string][] = [
  ['对生产经营单位执行安全生产法律、法规和国家标准或者行业标准情况的监督检查', 'inspect', `${LAW}第六十五条第一款`],
  ['对检查中发现的安全生产违法行为当场予以纠正或者要求限期改正', 'coercion', `${LAW}第六十五条第一款第（二）项`],
  [
    '对检查中发现的事故隐患责令立即排除；重大事故隐患排除前或者排除过程中无法保证安全的，责令暂时停产停业或者停止使用相关设施、设备',
    'coercion',
    `${LAW}第六十五条第一款第（三）项`,
  ],
  [
    '对有根据认为不符合保障安全生产的国家标准或者行业标准的设施、设备、器材以及违法生产、储存、使用、经营、运输的危险物品予以查封或者扣押',
    'coercion',
    `${LAW}第六十五条第一款第（四）项`,
  ],
  ['对拒不执行停产停业决定、有发生生产安全事故现实危险的生产经营单位，通知有关单位停止供电、停止供应民用爆炸物品', 'coercion', `${LAW}第七十条`],
  ['生产经营单位的决策机构、主要负责人或者个人经营的投资人不依照规定保证安全生产所必需的资金投入的处罚', 'penalty', `${LAW}第九十三条`],
  ['生产经营单位的主要负责人未履行安全生产管理职责的处罚', 'penalty', `${LAW}第九十四条`],
  ['主要负责人未履行安全生产管理职责导致发生生产安全事故的处罚（按上一年年收入的百分比）', 'penalty', `${LAW}第九十五条`],
  ['其他负责人和安全生产管理人员未履行安全生产管理职责的处罚', 'penalty', `${LAW}第九十六条`],
  ['未按规定设置安全生产管理机构或者配备安全生产管理人员、未按规定进行安全生产教育和培训等行为的处罚', 'penalty', `${LAW}第九十七条`],
  ['建设项目安全设施“三同时”违法行为的处罚', 'penalty', `${LAW}第九十八条`],
  ['未在有较大危险因素的场所和设备设施上设置安全警示标志、安全设备不符合标准等行为的处罚', 'penalty', `${LAW}第九十九条`],
  ['生产、经营、运输、储存、使用危险物品或者处置废弃危险物品未建立专门安全管理制度等行为的处罚', 'penalty', `${LAW}第一百零一条`],
  ['未采取措施消除事故隐患的处罚', 'penalty', `${LAW}第一百零二条`],
  ['将生产经营项目、场所、设备发包或者出租给不具备安全生产条件或者相应资质的单位或者个人的处罚', 'penalty', `${LAW}第一百零三条`],
  ['同一作业区域内未签订安全生产管理协议或者未指定专职安全生产管理人员进行安全检查与协调的处罚', 'penalty', `${LAW}第一百零四条`],
  ['生产经营场所和员工宿舍不符合安全要求（同一建筑物内、出口封闭堵塞）的处罚', 'penalty', `${LAW}第一百零五条`],
  ['拒绝、阻碍负有安全生产监督管理职责的部门依法实施监督检查的处罚', 'penalty', `${LAW}第一百零八条`],
  ['高危行业、领域的生产经营单位未按照国家规定投保安全生产责任保险的处罚', 'penalty', `${LAW}第一百零九条`],
  ['生产经营单位主要负责人在本单位发生生产安全事故时不立即组织抢救或者擅离职守、逃匿的处罚', 'penalty', `${LAW}第一百一十条`],
];
// 2025 (second version): the 特色化 scenes of the 2024 summary.
const POWERS_2025: [string, PowerType, string][] = [
  ['电气焊作业“一件事”：特种作业人员未按规定取得相应资格上岗作业的处罚', 'penalty', `${LAW}第九十七条第（七）项`],
  ['磁性材料企业粉尘、有限空间作业安全管理的监督检查', 'inspect', `${LAW}第六十五条；《工贸企业粉尘防爆安全规定》`],
];
// 赋权 to towns (乡镇街道综合行政执法): routine inspection of small firms and a set of common penalties.
const TOWN_POWERS: [string, PowerType, string][] = [
  ['对辖区内小微企业、一厂多租园区、出租厂房执行安全生产法律法规情况的监督检查', 'inspect', `${LAW}第六十五条；《浙江省安全生产条例》`],
  ['对检查中发现的事故隐患责令立即排除或者限期整改', 'coercion', `${LAW}第六十五条第一款第（三）项`],
  ['未按规定对从业人员进行安全生产教育和培训的处罚', 'penalty', `${LAW}第九十七条第（三）项`],
  ['未采取措施消除一般事故隐患的处罚', 'penalty', `${LAW}第一百零二条`],
  ['出租方未与承租单位签订专门的安全生产管理协议或者未对承租单位的安全生产工作统一协调、管理的处罚', 'penalty', `${LAW}第一百零三条第二款`],
  ['生产经营场所和员工宿舍出口封闭、堵塞的处罚', 'penalty', `${LAW}第一百零五条第（二）项`],
];

const ITEMS: { name: string; subject: string; basis: string; method: string; frequency: string; unit: 'district' | 'town' }[] = [
  {
    name: '安全生产责任制建立和落实情况',
    subject: '辖区生产经营单位',
    basis: `${LAW}第四条、第二十二条`,
    method: '书面检查、现场检查',
    frequency: '按分级分类频次（区级重点执法单位每季度至少 1 次）',
    unit: 'district',
  },
  {
    name: '主要负责人和安全管理人员履职情况',
    subject: '辖区生产经营单位',
    basis: `${LAW}第二十一条、第二十五条`,
    method: '书面检查、询问',
    frequency: '按分级分类频次',
    unit: 'district',
  },
  {
    name: '安全生产教育培训和特种作业人员持证情况',
    subject: '辖区生产经营单位',
    basis: `${LAW}第二十八条、第三十条`,
    method: '书面检查、现场核验',
    frequency: '“双随机”抽查，每年不少于 1 次',
    unit: 'district',
  },
  {
    name: '安全风险分级管控和隐患排查治理双重预防机制运行情况',
    subject: '辖区生产经营单位',
    basis: `${LAW}第四十一条`,
    method: '书面检查、现场检查、系统核查',
    frequency: '按分级分类频次',
    unit: 'district',
  },
  {
    name: '重大事故隐患排查治理情况',
    subject: '工贸企业、危险化学品单位',
    basis: `${LAW}第四十一条；《工贸企业重大事故隐患判定标准》`,
    method: '现场检查',
    frequency: '重点执法单位每季度 1 次',
    unit: 'district',
  },
  {
    name: '危险化学品储存、使用安全管理情况',
    subject: '危险化学品经营、使用单位',
    basis: `${LAW}第三十九条；《危险化学品安全管理条例》`,
    method: '现场检查',
    frequency: '每半年不少于 1 次',
    unit: 'district',
  },
  {
    name: '粉尘涉爆企业除尘系统和清扫制度落实情况',
    subject: '粉尘涉爆企业',
    basis: '《工贸企业粉尘防爆安全规定》',
    method: '现场检查',
    frequency: '每年不少于 2 次',
    unit: 'district',
  },
  {
    name: '有限空间作业审批、检测和监护情况',
    subject: '涉有限空间作业企业',
    basis: '《工贸企业有限空间作业安全规定》',
    method: '现场检查、查阅作业票',
    frequency: '每年不少于 1 次',
    unit: 'district',
  },
  {
    name: '生产安全事故应急预案编制、演练情况',
    subject: '辖区生产经营单位',
    basis: `${LAW}第八十一条；《生产安全事故应急条例》第五条`,
    method: '书面检查',
    frequency: '每年 1 次',
    unit: 'district',
  },
  {
    name: '安全生产责任保险投保情况',
    subject: '高危行业、领域生产经营单位',
    basis: `${LAW}第五十一条`,
    method: '书面检查、系统核查',
    frequency: '每年 1 次',
    unit: 'district',
  },
  {
    name: '建设项目安全设施“三同时”落实情况',
    subject: '新建、改建、扩建项目',
    basis: `${LAW}第三十一条至第三十四条`,
    method: '书面检查、现场检查',
    frequency: '按项目进度',
    unit: 'district',
  },
  {
    name: '电气焊作业安全管理情况',
    subject: '涉电气焊作业单位',
    basis: `${LAW}第三十条、第四十三条`,
    method: '现场检查',
    frequency: '专项检查期间',
    unit: 'district',
  },
  {
    name: '一厂多租园区出租方统一协调管理情况',
    subject: '小微园区、出租厂房出租方',
    basis: `${LAW}第四十九条第二款`,
    method: '现场检查、查阅协议',
    frequency: '每季度 1 次',
    unit: 'town',
  },
  {
    name: '小微企业日常安全检查',
    subject: '镇（街道）级监管企业',
    basis: `${LAW}第九条第二款、第六十五条`,
    method: '现场检查',
    frequency: '按分级分类频次',
    unit: 'town',
  },
  {
    name: '员工宿舍、生产经营场所出口疏散情况',
    subject: '辖区生产经营单位',
    basis: `${LAW}第四十二条`,
    method: '现场检查',
    frequency: '每年不少于 1 次',
    unit: 'town',
  },
];

const CHECKLISTS: { name: string; topic: ChecklistTopic; industry: string; clauses: string[]; items: [string, string, string, boolean][] }[] = [
  {
    name: '危险化学品使用、经营单位安全检查表',
    topic: 'hazchem',
    industry: '危险化学品',
    clauses: ['M-1', 'M-2'],
    items: [
      ['危险化学品按性质分区、分类、分库储存，禁忌物料未混存', '《危险化学品安全管理条例》第二十四条', '现场检查', false],
      ['储存场所设置可燃/有毒气体检测报警装置并正常运行', 'GB/T 50493', '现场检查、测试', true],
      ['建立危险化学品出入库核查、登记制度', '《危险化学品安全管理条例》第二十五条', '查阅台账', false],
      ['从业人员经安全教育培训，特种作业人员持证上岗', `${LAW}第二十八条、第三十条`, '查阅资料、询问', false],
    ],
  },
  {
    name: '工贸企业粉尘涉爆、有限空间作业检查表',
    topic: 'dust',
    industry: '工贸行业（粉尘涉爆、有限空间）',
    clauses: ['S-dust', 'S-confined_space', 'M-2'],
    items: [
      ['粉尘清扫制度落实，作业场所积尘及时清理', '《工贸企业粉尘防爆安全规定》第十三条', '现场检查', false],
      ['除尘系统按规定设置锁气卸灰、防火防爆装置', '《工贸企业粉尘防爆安全规定》第十六条', '现场检查', false],
      ['有限空间作业实行审批，先通风、再检测、后作业，设专人监护', '《工贸企业有限空间作业安全规定》第十三条', '查阅作业票、现场检查', false],
    ],
  },
  {
    name: '一厂多租（小微园区）安全检查表',
    topic: 'multi_tenant',
    industry: '小微园区、出租厂房',
    clauses: ['M-1'],
    items: [
      ['出租方与承租单位签订专门的安全生产管理协议，明确各自职责', `${LAW}第四十九条第二款`, '查阅协议', false],
      ['园区设置专职或兼职安全管理人员，开展日常巡查并记录', '《宁波市生产经营单位安全生产主体责任规定》', '查阅巡查记录', false],
      ['厂房未违规设置员工宿舍，疏散通道、安全出口畅通', `${LAW}第四十二条`, '现场检查', true],
      ['电动自行车未在厂房内停放、充电', '《浙江省电动自行车管理条例》', '现场检查', false],
    ],
  },
  {
    name: '森林防灭火检查表',
    topic: 'forest_fire',
    industry: '林区、景区、坟山',
    clauses: [],
    items: [
      ['林区入口设置检查点（卡口），进山人员登记、火种收缴', '《森林防火条例》第二十五条', '现场检查', false],
      ['护林员、巡山人员在岗巡查，巡查记录完整', '《森林防火条例》第二十一条', '查阅记录、现场检查', false],
      ['扑火物资（风力灭火机、二号工具、水泵）储备充足完好', '《森林防火条例》第二十三条', '现场清点', false],
      ['林缘 100 米内无违规野外用火、祭祀用火、农事用火', '《森林防火条例》第二十五条', '现场检查', true],
      ['专业、半专业扑火队伍落实，应急预案编制并演练', '《森林防火条例》第十七条', '查阅资料', false],
    ],
  },
];

async function publish(ctx: Ctx, id: string, effectiveFrom: string, note: string) {
  await apply(ctx, versionMachine, id, 'publish', { effectiveFrom, note });
}

export async function seedSupervision(deps: Deps, progress: (done: number, total: number) => void) {
  const db = deps.db;
  const already = await db.selectFrom('supervision_versions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  if (Number(already.n) > 0) return;
  const ctx = systemCtx(deps);
  const towns = await db.selectFrom('org_units').select(['code', 'name']).where('kind', '=', 'town').orderBy('code').execute();
  const total = 4 + CHECKLISTS.length;

  // 赋权清单: 2024 version, then 2025 adding the scenes.
  const powers = (extra: [string, PowerType, string][]) => [
    ...[...DISTRICT_POWERS, ...extra].map(([matter, power_type, basis], i) => ({
      unit_code: BUREAU,
      matter,
      power_type,
      basis,
      code: `QZ-${String(i + 1).padStart(3, '0')}`,
    })),
    ...towns.flatMap((t, ti) =>
      TOWN_POWERS.map(([matter, power_type, basis], i) => ({
        unit_code: t.code,
        matter,
        power_type,
        basis,
        code: `FQ-${String(ti + 1).padStart(2, '0')}-${i + 1}`,
      })),
    ),
  ];
  const v1 = await createDraft(ctx, 'powers', null, { note: '2024 年赋权清单' });
  await repo.insertRows(
    db,
    'powers',
    powers([]).map((p, i) => ({ ...p, id: v7(), version_id: v1.id, sort: i + 1, note: p.unit_code === BUREAU ? null : '赋权镇（街道）实施' })),
  );
  await publish(ctx, v1.id, '2024-03-01', '构建行政执法“三张清单”');
  const v2 = await createDraft(ctx, 'powers', null, { note: '2025 年调整：电气焊一件事、磁性材料', empty: true });
  await repo.insertRows(
    db,
    'powers',
    powers(POWERS_2025).map((p, i) => ({ ...p, id: v7(), version_id: v2.id, sort: i + 1, note: p.unit_code === BUREAU ? null : '赋权镇（街道）实施' })),
  );
  await publish(ctx, v2.id, '2025-03-01', '新增电气焊作业“一件事”、磁性材料企业特色监管事项');
  progress(1, total);

  // 检查事项清单 (public).
  const items = await createDraft(ctx, 'items', null, { note: '2025 年度检查事项清单' });
  const itemRows = ITEMS.flatMap((it, i) =>
    it.unit === 'district'
      ? [{ ...it, unit_code: BUREAU, code: `JC-${String(i + 1).padStart(3, '0')}` }]
      : towns.map((t, ti) => ({ ...it, unit_code: t.code, code: `JC-${String(i + 1).padStart(3, '0')}-${String(ti + 1).padStart(2, '0')}` })),
  );
  await repo.insertRows(
    db,
    'items',
    itemRows.map(({ unit: _u, ...r }, i) => ({ ...r, id: v7(), version_id: items.id, sort: i + 1 })),
  );
  await publish(ctx, items.id, '2025-01-01', '依照国办发〔2024〕54号公开');
  progress(2, total);

  // 分级分类监管清单: generated from the registry, published.
  const grades = await createDraft(ctx, 'grades', null, { note: '2025 年度分级分类监管清单' });
  // Without a seeded registry there is nothing to grade: the draft stays empty.
  const generated = await generateGrades(ctx, grades.id).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'NO_ENTERPRISES') return undefined;
    throw e;
  });
  if (generated) await publish(ctx, grades.id, '2025-01-01', `公布区级重点执法单位 ${generated.keyUnits} 家`);
  progress(4, total);

  // 检查表: items from the criteria catalogue and free items.
  const clauseIds = await clauseIdsByNumber(db, [...new Set(CHECKLISTS.flatMap((c) => c.clauses))]);
  for (const [n, c] of CHECKLISTS.entries()) {
    const list = await createChecklist(ctx, { name: c.name, topic: c.topic, industry: c.industry });
    const draft = list.versions[0];
    const ids = c.clauses.map((k) => clauseIds.get(k)).filter((x): x is string => !!x);
    if (ids.length) await addFromCriteria(ctx, draft.id, { clauseIds: ids });
    const start = await repo.maxSort(db, 'checklist', draft.id);
    await repo.insertRows(
      db,
      'checklist',
      c.items.map(([content, basis, method, major], i) => ({
        id: v7(),
        version_id: draft.id,
        sort: start + i + 1,
        content,
        basis,
        method,
        major,
        clause_id: null,
      })),
    );
    await publish(ctx, draft.id, '2025-01-01', '首次发布');
    progress(5 + n, total);
  }
}
