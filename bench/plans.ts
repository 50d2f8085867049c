import os from 'node:os';
import { sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { FakeClock } from '../server/platform/clock.ts';
import { seedOrgTree } from '../server/platform/orgs/orgs.service.ts';
import { makeUser, registerAppClock, signIn } from '../server/test/helpers.ts';
import { benchRuntime } from './lib.ts';
import { percentile, table, writeEngineSection } from './report.ts';

const usePg = process.argv.includes('--pg');
const keep = process.argv.includes('--keep');
const countArg = process.argv.indexOf('--count');
const N = countArg > 0 ? Number(process.argv[countArg + 1]) : 100_000;
const ITER = 100;

async function main() {
  // The plan's year has run for eleven months.
  const clock = new FakeClock('2026-12-01T02:00:00Z');
  const bench = await benchRuntime('anlan_bench_plans', { pg: usePg, keep, clock });
  const { rt } = bench;
  try {
    const db = rt.deps.db;
    await seedOrgTree(db);
    const villages = (await db.selectFrom('org_units').select('code').where('kind', '=', 'village').orderBy('code').execute()).map((v) => v.code);
    const t0 = performance.now();
    // Enterprises: all district-supervised, spread over the villages; classes vary (standardization, credit,
    // hazchem, 1 in 100 a key unit) so required counts and caps vary.
    await sql`insert into enterprises (id, credit_code, name, jurisdiction_code, address, supervising_level, standardization_level, credit_rating, key_unit, categories)
      select gen_random_uuid(), '91330203' || lpad(i::text, 10, '0'), '海曙测试企业' || i, (${villages}::text[])[1 + (i % ${villages.length})], '海曙区测试路 ' || i || ' 号',
        'district',
        (array['level1','level2','level3','none','none'])[1 + (i % 5)],
        (array['A','B','B','C',null])[1 + ((i / 5) % 5)],
        i % 100 = 0,
        case when i % 20 = 0 then array['hazchem'] else '{}'::text[] end
      from generate_series(1, ${N}::int) i`.execute(db);
    // A year of completed inspections: 0–3 per enterprise (≈ 15 % none), dated over Jan–Nov.
    await sql`insert into plan_inspections (inspection_id, enterprise_id, at, kind, jurisdiction_code)
      select 'bench:' || e.credit_code || ':' || k, e.id,
        timestamptz '2026-01-05 09:00+08' + make_interval(secs => (random() * 320 * 86400)::int),
        case when random() < 0.75 then 'draw' else 'routine' end, e.jurisdiction_code
      from enterprises e, generate_series(1, 3) k
      where k <= (hashtext(e.credit_code) & 3)`.execute(db);
    const inspections = Number((await sql<{ n: number }>`select count(*)::int as n from plan_inspections`.execute(db)).rows[0].n);
    const seedS = (performance.now() - t0) / 1000;

    const app = await buildApp(rt.deps, { logger: false });
    await app.ready();
    registerAppClock(app, clock);
    const bureau = await makeUser(rt, { roles: ['bureau_staff'], unit: '330203D01' });
    const headers = (await signIn(app, bureau.username)).headers;
    const created = await app.inject({ method: 'POST', url: '/api/plans', headers, payload: { kind: 'routine', jurisdictionCode: '330203', year: 2026 } });
    if (created.statusCode !== 201) throw new Error(created.body);
    const planId = created.json().plan.id as string;
    const a0 = performance.now();
    const approved = await app.inject({ method: 'POST', url: `/api/plans/${planId}/approve`, headers, payload: {} });
    if (approved.statusCode !== 200) throw new Error(approved.body);
    const approveS = (performance.now() - a0) / 1000;
    const summary = approved.json().progress;
    await sql`vacuum analyze plan_progress`.execute(db);

    const town = '330203009';
    const cases: [string, string][] = [
      ['plan view page 1 (whole district, by credit code)', ''],
      ['page 200', 'page=200'],
      ['never inspected', 'status=never'],
      ['due, most recently inspected first', 'status=due&sort=-lastInspectedAt'],
      ['over cap, most inspections first', 'status=over_cap&sort=-done'],
      ['one town', `town=${town}`],
      ['one town, key units, due or never', `town=${town}&keyUnit=true&status=due&status=never`],
    ];
    const rows: (string | number)[][] = [];
    const loadStart = os.loadavg()[0].toFixed(1);
    for (const [name, q] of cases) {
      const url = `/api/plans/${planId}/progress?pageSize=20${q ? `&${q}` : ''}`;
      for (let i = 0; i < 5; i++) await app.inject({ url, headers });
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < ITER; i++) {
        const s = performance.now();
        const res = await app.inject({ url, headers });
        times.push(performance.now() - s);
        if (res.statusCode !== 200) throw new Error(`${name}: HTTP ${res.statusCode} ${res.body}`);
        total = res.json().total;
      }
      times.sort((x, y) => x - y);
      rows.push([name, total, percentile(times, 50).toFixed(1), percentile(times, 99).toFixed(1)]);
      console.log(`${name}: ${total} rows, p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`);
    }
    await app.close();
    const kind: 'PostgreSQL' | 'PGlite' = usePg ? 'PostgreSQL' : 'PGlite';
    const load = os.loadavg()[0].toFixed(1);
    const md = [
      `### ${kind}: ${N.toLocaleString()} enterprises in the district plan, ${inspections.toLocaleString()} inspections in the year`,
      '',
      `Seeded in ${seedS.toFixed(0)} s (generate_series); approving the plan through \`POST /api/plans/:id/approve\` (graded list + frequency policy for every enterprise, ${summary.enterprises.toLocaleString()} rows written, the year's inspections counted) took ${approveS.toFixed(1)} s. ${ITER} timed requests per row after 5 warm-ups through \`GET /api/plans/:id/progress\` (a 20-row page and the counts per town and status), signed in as bureau staff; load average ${loadStart} → ${load}.`,
      '',
      table(['plan view', 'matches', 'p50 ms', 'p99 ms'], rows),
    ].join('\n');
    return { kind, md };
  } finally {
    await bench.close();
  }
}

const { kind, md } = await main();
const intro = [
  '## Plan view (`npx tsx bench/plans.ts --pg`; PGlite: `npx tsx bench/plans.ts`)',
  '',
  'The district plan over 100,000 enterprises with a year of inspections. The view reads only the plans module’s read model (`plan_progress`, one row per enterprise of the plan, counted up as inspections complete): one indexed page query, and the counts per town and status summed from `plan_progress_counts` (kept by statement triggers, a few rows per village) — never a GROUP BY over the plan’s 100,000 rows. Aim: p99 < 100 ms on PostgreSQL. The machine is shared (the load average of the run is below the table): under load, p50 is the better guide. The filter that read a whole town ("one town, key units, due or never": 8,568 rows read to keep 81) reads a partial index of the key units (migration 0551).',
].join('\n');
writeEngineSection('plans', intro, kind, md);
process.exit(0);
