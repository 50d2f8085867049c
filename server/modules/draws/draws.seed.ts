// Demo data: the 2026 双随机 plan's first two draws, done through the service as the bureau would (prepare →
// commit with a witness → draw), so the public page and the verify button show real, reproducible rounds:
// a district draw in the first quarter (hazardous-chemical and key enterprises, cross-area) and a second-quarter
// draw over 石碶街道's industrial enterprises, with one declared conflict. Officers and their 行政执法证 are
// demo accounts of their own (enforcement_officer, no password handed out).
import { randomBytes } from 'node:crypto';
import { v7 } from 'uuid';
import { type Ctx, type Deps, systemCtx } from '../../platform/context.ts';
import { seedLicensedOfficers } from '../../platform/enforcement/licences.ts';
import { poolEnterprises, seedSample } from '../registry/api.ts';
import { sha256hex } from './draws.algorithm.ts';
import { commitDraw, createDraw, type DrawSetup, runDraw } from './draws.service.ts';

const OFFICERS: [name: string, unit: string][] = [
  ['王强', '330203'],
  ['李建国', '330203'],
  ['张海燕', '330203'],
  ['陈志远', '330203'],
  ['何丽萍', '330203'],
  ['俞晓东', '330203'],
  ['孙立新', '330203009'],
  ['胡文杰', '330203009'],
  ['徐佳敏', '330203009'],
  ['周建华', '330203100'],
  ['林晓峰', '330203100'],
  ['郑雅琴', '330203100'],
  ['朱国平', '330203001'],
  ['钱丽娟', '330203001'],
];

/** A context whose clock stands at `at` (the draw happened then). */
const at = (ctx: Ctx, when: string): Ctx => ({ ...ctx, deps: { ...ctx.deps, clock: { now: () => new Date(when) } } });

export async function seedDraws(deps: Deps, progress: (done: number, total: number) => void) {
  const done = await deps.db.selectFrom('draws').select('id').limit(1).executeTakeFirst();
  if (done) return;
  const { enterprises } = await seedSample(deps.db, { enterprises: 1, parks: 0 });
  if (!enterprises.length) return; // no registry demo data: nothing to draw from
  const officerIds = await seedLicensedOfficers(
    deps,
    OFFICERS.map(([name, unit], i) => ({
      username: `jf${String(i + 1).padStart(2, '0')}`,
      name,
      unitCode: unit,
      licence: `浙甬海${unit.slice(-3)}${String(2301 + i)}`,
      validUntil: '2028-12-31',
    })),
  );
  progress(1, 3);
  const sys = systemCtx(deps);

  // Q1: district draw, hazardous chemicals and key units, two inspectors each, cross-area.
  await seedDraw(sys, {
    title: '2026年第一季度危险化学品及重点企业“双随机”抽查',
    filter: { categories: ['hazchem'] },
    params: { entityCount: 8, inspectorsPerEntity: 2, crossArea: true, recusalWindowDays: 365, dueDate: '2026-04-30' },
    witnessName: '区纪委监委派驻第五纪检组 张敏',
    witnessSecret: `区纪委监委派驻纪检组-${randomBytes(8).toString('hex')}`,
    committedAt: '2026-03-10T01:30:00Z',
    drawnAt: '2026-03-12T02:00:00Z',
  });
  progress(2, 3);

  // Q2: 石碶街道's enterprises, inspectors from the whole district; one declared conflict.
  const [shiqi] = await poolEnterprises(sys, { towns: ['330203009'] });
  if (shiqi && officerIds[6])
    await deps.db
      .insertInto('draw_conflicts')
      .values({ id: v7(), user_id: officerIds[6], enterprise_id: shiqi.id, jurisdiction_code: shiqi.jurisdiction_code, reason: '近亲属在该企业任安全管理人员' })
      .execute();
  await seedDraw(sys, {
    title: '2026年第二季度石碶街道工贸企业“双随机”抽查',
    filter: { towns: ['330203009'] },
    params: { entityCount: 12, inspectorsPerEntity: 2, crossArea: true, recusalWindowDays: 180, dueDate: '2026-06-30' },
    witnessName: '宁波市海曙区安全生产协会 陆卫东',
    witnessSecret: `企业代表-${randomBytes(8).toString('hex')}`,
    committedAt: '2026-05-08T01:30:00Z',
    drawnAt: '2026-05-11T02:00:00Z',
  });
  progress(3, 3);
}

/** One district draw as the bureau runs it: prepared and committed with its witness at one time, drawn at another. */
async function seedDraw(
  sys: Ctx,
  d: Pick<DrawSetup, 'filter' | 'params'> & { title: string; witnessName: string; witnessSecret: string; committedAt: string; drawnAt: string },
) {
  const committing = at(sys, d.committedAt);
  const draw = await createDraw(committing, { title: d.title, unitCode: '330203', filter: d.filter, params: d.params }).catch(() => undefined);
  if (!draw) return;
  const ok = await commitDraw(committing, draw.id, { witnessName: d.witnessName, witnessHash: sha256hex(d.witnessSecret) }).catch(() => undefined);
  if (ok) await runDraw(at(sys, d.drawnAt), draw.id, { witnessSecret: d.witnessSecret });
}
