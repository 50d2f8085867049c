// Demo data: a generated, plausible Haishu registry (see registry.generate.ts), written in batches of
// BATCH rows per statement and a few statements per transaction, so the single PGlite connection is never
// held for long and the whole seed stays within seconds.
import { sql } from 'kysely';
import { type Deps, systemCtx, withTx } from '../../platform/context.ts';
import { type HistoryInsert, insertHistory } from '../../platform/history.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { generateRegistry } from './registry.generate.ts';
import { localDate } from './registry.rules.ts';
import { presentEnterprise } from './registry.enterprises.ts';
import { presentPark } from './registry.parks.ts';
import { RISK_REVIEW_JOB, reviewJobKey, reviewRunAt } from './registry.risk.ts';
import type { EnterpriseRow, ParkRow } from './registry.repo.ts';
import type { RegistryVersion } from './registry.tables.ts';

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
  const system = { action: 'create', at: now, actor: { id: null, name: '演示数据' } };
  const names = new Map<string, string>(g.enterprises.map((e) => [String(e.id), String(e.name)]));
  const version = (after: Record<string, unknown>): RegistryVersion => ({ version: 1, changed: [], before: null, after });
  const history: HistoryInsert[] = [
    ...g.enterprises.map((e) => ({
      ...system,
      aggregate: 'enterprise',
      aggregateId: String(e.id),
      data: version(presentEnterprise(e as unknown as EnterpriseRow)),
    })),
    ...g.parks.map((p) => ({
      ...system,
      aggregate: 'park',
      aggregateId: String(p.id),
      data: version(presentPark(p as unknown as ParkRow, names.get(String(p.landlord_id)) ?? null)),
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
    await withTx(systemCtx(deps), async (c) => {
      await c.db
        .insertInto('risk_points')
        .values(chunk as never)
        .execute();
      // Each point's next review gets its durable reminder, as a point entered by hand would.
      for (const r of chunk) {
        await enqueueJob(c.db, {
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
  for (let i = 0; i < history.length; i += BATCH) {
    const chunk = history.slice(i, i + BATCH);
    await insertHistory(deps.db, chunk);
    tick(chunk.length);
  }
}
