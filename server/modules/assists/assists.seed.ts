// Demo data: a handful of 乡呼县应 requests from the towns on their own cases, one in each state, taken through
// the real lifecycle (assistMachine via apply): the town's requests and confirmations as the town, the district's
// answers as the system. Runs after the cases seed; the work stops at 已受理 when no officer holds a licence.
import type { AssistAction, AssistKind, AssistUrgency } from '../../../shared/assists.ts';
import { type Ctx, type Deps, systemCtx } from '../../platform/context.ts';
import { validOfficers } from '../../platform/enforcement/licences.ts';
import { apply } from '../../platform/lifecycle.ts';
import { seedCaseSample } from '../cases/api.ts';
import { createAssist } from './assists.create.ts';
import { assistMachine } from './assists.service.ts';

interface Demo {
  kind: AssistKind;
  urgency: AssistUrgency;
  reason: string;
  path: AssistAction[];
}

const DEMOS: Demo[] = [
  { kind: 'expertise', urgency: 'normal', reason: '企业涉及粉尘涉爆工艺，除尘系统隐患判定需区级专业人员支援', path: [] },
  { kind: 'joint', urgency: 'urgent', reason: '出租厂房内多家企业存在违规住人、电气线路私拉乱接，需消防、住建联合执法', path: ['accept'] },
  { kind: 'escalate', urgency: 'normal', reason: '案情复杂，当事人拒不配合调查，拟由区局提级办理', path: ['accept', 'assign'] },
  { kind: 'joint', urgency: 'normal', reason: '危化品经营企业超范围储存，需市场监管部门联合检查', path: ['accept', 'assign', 'add_note', 'report_done'] },
  { kind: 'expertise', urgency: 'normal', reason: '有限空间作业审批制度落实情况需专业指导', path: ['accept', 'assign', 'report_done', 'confirm'] },
  { kind: 'escalate', urgency: 'normal', reason: '镇街执法力量不足，请求区局办理', path: ['decline'] },
];

/** The system acting for a town's station (its requests and confirmations are the town's). */
const townCtx = (sys: Ctx, town: string): Ctx => ({
  ...sys,
  actor: { ...sys.actor, unitCode: town, unitKind: 'town', jurisdictions: [town], displayName: '镇街应急管理站' },
});

export async function seedAssists(deps: Deps, progress: (done: number, total: number) => void) {
  if (await deps.db.selectFrom('assist_requests').select('id').limit(1).executeTakeFirst()) return;
  const sys = systemCtx(deps);
  const cases = await seedCaseSample(deps.db, DEMOS.length);
  const officers = (await validOfficers(sys)).slice(0, 2);
  for (const [i, demo] of DEMOS.entries()) {
    const c = cases[i];
    if (!c) break;
    const town = townCtx(sys, c.jurisdiction_code.slice(0, 9));
    const { id } = await createAssist(town, { subjectKind: 'case', caseId: c.id, kind: demo.kind, urgency: demo.urgency, reason: demo.reason });
    for (const action of demo.path) {
      if (action === 'assign' && officers.length < 2) break;
      const inputs: Partial<Record<AssistAction, object>> = {
        decline: { reason: '该事项属镇街赋权范围，请镇街依法办理，区局可提供业务指导' },
        assign: { leadUnitCode: '330203', officerIds: officers.map((o) => o.userId), note: '区局执法大队牵头' },
        add_note: { note: '已会同有关部门现场会商' },
        report_done: { summary: '已完成联合检查，问题隐患已交办镇街跟踪整改' },
        confirm: { note: '镇街确认办结' },
      };
      await apply(action === 'confirm' ? town : sys, assistMachine, id, action, (inputs[action] ?? {}) as never);
    }
    progress(i + 1, DEMOS.length);
  }
}
