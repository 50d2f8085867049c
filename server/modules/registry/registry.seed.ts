// Demo data: a generated, plausible Haishu registry (see registry.generate.ts), written in batches of
// BATCH rows per statement and a few statements per transaction, so the single PGlite connection is never
// held for long and the whole seed stays within seconds.
import { sql } from 'kysely';
import type { Deps } from '../../platform/context.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { generateRegistry } from './registry.generate.ts';
import { localDate } from './registry.rules.ts';
import { presentEnterprise } from './registry.enterprises.ts';
import { presentPark } from './registry.parks.ts';
import { RISK_REVIEW_JOB, reviewJobKey, reviewRunAt } from './registry.risk.ts';
import type { EnterpriseRow, ParkRow } from './registry.repo.ts';

const BATCH = 1000;

export async function villagesByTown(deps: Deps): Promise<Map<string, string[]>> {
  const rows = await deps.db.selectFrom('org_units').select(['code', 'parent_code']).where('kind', '=', 'village').execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.parent_code as string, [...(out.get(r.parent_code as string) ?? []), r.code]);
  return out;
}

export async function insertBatches(deps: Deps, table: string, rows: Record<string, unknown>[], onBatch: (n: number) => void = () => {}) {
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    await deps.db
      .insertInto(table as never)
      .values(chunk as never)
      .execute();
    onBatch(chunk.length);
  }
}

export async function seedRegistry(deps: Deps, progress: (done: number, total: number) => void = () => {}) {
  const existing = await deps.db.selectFrom('enterprises').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) {
    progress(1, 1);
    return;
  }
  const now = deps.clock.now();
  const today = localDate(now);
  const g = generateRegistry({ villages: await villagesByTown(deps), today, now });
  const system = { at: now, by_user: null, by_name: '演示数据' };
  const names = new Map<string, string>(g.enterprises.map((e) => [String(e.id), String(e.name)]));
  const history = [
    ...g.enterprises.map((e) => ({
      entity_type: 'enterprise',
      entity_id: e.id,
      version: 1,
      action: 'create',
      changed: [],
      before: null,
      after: JSON.stringify(presentEnterprise(e as unknown as EnterpriseRow)),
      ...system,
    })),
    ...g.parks.map((p) => ({
      entity_type: 'park',
      entity_id: p.id,
      version: 1,
      action: 'create',
      changed: [],
      before: null,
      after: JSON.stringify(presentPark(p as unknown as ParkRow, names.get(String(p.landlord_id)) ?? null)),
      ...system,
    })),
  ];
  const total = g.enterprises.length + g.parks.length + g.tenants.length + g.riskPoints.length + g.insurance.length + history.length;
  let done = 0;
  const tick = (n: number) => {
    done += n;
    progress(done, total);
  };
  await insertBatches(deps, 'enterprises', g.enterprises, tick);
  await insertBatches(deps, 'parks', g.parks, tick);
  await insertBatches(deps, 'park_tenants', g.tenants, tick);
  for (let i = 0; i < g.riskPoints.length; i += BATCH) {
    const chunk = g.riskPoints.slice(i, i + BATCH);
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('risk_points')
        .values(chunk as never)
        .execute();
      // Each point's next review gets its durable reminder, as a point entered by hand would.
      for (const r of chunk) {
        await enqueueJob(trx, {
          kind: RISK_REVIEW_JOB,
          runAt: reviewRunAt(r.next_review_on as string),
          payload: { riskPointId: r.id, dueOn: r.next_review_on },
          dedupKey: reviewJobKey(r.id as string),
        });
      }
    });
    tick(chunk.length);
  }
  await insertBatches(deps, 'insurance_policies', g.insurance, tick);
  await insertBatches(deps, 'registry_history', history, tick);
}
