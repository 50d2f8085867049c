import os from 'node:os';
import { sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { seedOrgTree } from '../server/platform/orgs/orgs.service.ts';
import { makeUser, signIn } from '../server/test/helpers.ts';
import { benchRuntime } from './lib.ts';
import { percentile, table, writeEngineSection } from './report.ts';

const usePg = process.argv.includes('--pg');
/** Keep the PostgreSQL database afterwards (to EXPLAIN queries by hand); prints its URL. */
const keep = process.argv.includes('--keep');
/** Time an already seeded PostgreSQL database instead of seeding a new one (e.g. one kept with --keep). */
const urlArg = process.argv.indexOf('--url');
const reuse = urlArg > 0 ? process.argv[urlArg + 1] : undefined;
const countArg = process.argv.indexOf('--count');
const N = countArg > 0 ? Number(process.argv[countArg + 1]) : usePg ? 1_000_000 : 200_000;
const ITER = 60;
const BATCH = 100_000;

async function main() {
  const bench = await benchRuntime('anlan_bench_hz', { pg: usePg, keep, reuse });
  const { rt } = bench;
  try {
    const db = rt.deps.db;
    if (!reuse) await seedOrgTree(db);
    const villages = (await db.selectFrom('org_units').select('code').where('kind', '=', 'village').orderBy('code').execute()).map((v) => v.code);
    const clause = '01890000-0000-7000-8000-000000000102';

    // 5,000 enterprises (85% of hazards belong to one), then the hazards in batches.
    const t0 = performance.now();
    if (!reuse) await seed();
    async function seed() {
      await sql`insert into enterprises (id, credit_code, name, jurisdiction_code, address)
      select gen_random_uuid(), '91330203' || lpad(i::text, 10, '0'), '海曙测试企业' || i, (${villages}::text[])[1 + (i % ${villages.length})], '海曙区测试路 ' || i || ' 号'
      from generate_series(1, 5000) i`.execute(db);
      const ents = (await db.selectFrom('enterprises').select(['id', 'jurisdiction_code']).orderBy('credit_code').execute()).map((e) => e.id);
      for (let start = 0; start < N; start += BATCH) {
        const end = Math.min(N, start + BATCH);
        // r1..r4: independent pseudo-random draws per row; ages skew recent (r^1.6 over ~3 years).
        await sql`
        with g as (
          select i, random() r1, random() r2, random() r3, random() r4 from generate_series(${start + 1}::int, ${end}::int) i
        ), s as (
          select i, r1, r2, r3, r4,
            now() - make_interval(secs => (power(r1, 1.6) * 1100 * 86400)::int) as found_at,
            case when r2 < 0.85 then (${ents}::uuid[])[1 + (i % ${ents.length})] end as ent,
            (${villages}::text[])[1 + ((i::bigint * 7919) % ${villages.length})::int] as village
          from g
        ), t as (
          select s.*,
            coalesce((select jurisdiction_code from enterprises e where e.id = s.ent), s.village) as jur,
            case
              when found_at < now() - interval '120 days' then (case when r3 < 0.93 then 'closed' when r3 < 0.96 then 'rectifying' when r3 < 0.98 then 'cancelled' else 'verified' end)
              when found_at < now() - interval '30 days' then (case when r3 < 0.55 then 'closed' when r3 < 0.8 then 'rectifying' when r3 < 0.9 then 'acceptance_requested' when r3 < 0.95 then 'graded' else 'verified' end)
              else (case when r3 < 0.2 then 'reported' when r3 < 0.35 then 'graded' when r3 < 0.75 then 'rectifying' when r3 < 0.85 then 'acceptance_requested' else 'closed' end)
            end as state
          from s
        )
        insert into hazards (id, code, enterprise_id, jurisdiction_code, town_code, location, title, description, source, sector,
          finder_name, found_at, level, clause_id, state, deadline, overdue, closed_at, created_at, updated_at)
        select gen_random_uuid(), 'BH' || lpad(i::text, 10, '0'), ent, jur, substr(jur, 1, 9), '测试地点', '测试隐患 ' || i, '批量生成的测试隐患',
          (array['self_inspection','inspection','public_report','iot_alarm','flood_local','flood_sector','flood_district'])[1 + (i % 7)],
          (array['machinery','fire','light_industry','hazardous_chemicals','construction','flood','other'])[1 + ((i / 7) % 7)],
          '张伟', found_at,
          case when state = 'reported' then null when r4 < 0.01 then 'major' else 'general' end,
          case when state <> 'reported' and r4 < 0.01 then ${clause}::uuid end,
          state,
          case when state not in ('reported') then found_at + interval '30 days' end,
          state in ('graded', 'rectifying') and found_at + interval '30 days' < now(),
          case when state = 'closed' then found_at + interval '20 days' end,
          found_at, found_at
        from t`.execute(db);
        process.stdout.write(`\rseeded ${end.toLocaleString()} / ${N.toLocaleString()}`);
      }
    }
    const seedS = (performance.now() - t0) / 1000;
    process.stdout.write('\n');
    await sql`vacuum analyze hazards`.execute(db);
    await sql`vacuum analyze enterprises`.execute(db);
    await sql`vacuum analyze hazard_counts`.execute(db);

    const app = await buildApp(rt.deps, { logger: false });
    await app.ready();
    const district = await makeUser(rt, { roles: ['bureau_staff'], unit: '330203D01' });
    const town = await makeUser(rt, { roles: ['town_staff'], unit: '330203009' });
    const sessions = { district: (await signIn(app, district.username)).headers, town: (await signIn(app, town.username)).headers };

    const cases: [string, keyof typeof sessions, string][] = [
      ['ledger page 1 (district, no filter)', 'district', '/api/hazards?page=1&pageSize=20'],
      ['ledger page 50 (district)', 'district', '/api/hazards?page=50&pageSize=20'],
      ['ledger open + overdue (district)', 'district', '/api/hazards?open=true&overdue=true&pageSize=20'],
      ['ledger major, open (district)', 'district', '/api/hazards?level=major&open=true&pageSize=20'],
      ['ledger page 1 (town user)', 'town', '/api/hazards?page=1&pageSize=20'],
      ['ledger search "测试隐患 12345"', 'district', `/api/hazards?q=${encodeURIComponent('测试隐患 12345')}&pageSize=20`],
      ['dashboard (district)', 'district', '/api/hazards/dashboard'],
      ['dashboard (town user)', 'town', '/api/hazards/dashboard'],
    ];
    const rows: (string | number)[][] = [];
    const loadStart = os.loadavg()[0].toFixed(1);
    for (const [name, who, url] of cases) {
      for (let i = 0; i < 5; i++) await app.inject({ url, headers: sessions[who] });
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < ITER; i++) {
        const s = performance.now();
        const res = await app.inject({ url, headers: sessions[who] });
        times.push(performance.now() - s);
        status = res.statusCode;
      }
      if (status !== 200) throw new Error(`${name}: HTTP ${status}`);
      times.sort((a, b) => a - b);
      rows.push([name, percentile(times, 50).toFixed(1), percentile(times, 99).toFixed(1)]);
      console.log(`${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`);
    }
    await app.close();
    const kind: 'PostgreSQL' | 'PGlite' = usePg ? 'PostgreSQL' : 'PGlite';
    // The machine is shared: the 1-minute load average says how much the p99 column owes to other work.
    const load = os.loadavg()[0].toFixed(1);
    const md = `### ${kind}: ${N.toLocaleString()} hazards (seeded in ${seedS.toFixed(0)} s with generate_series, ${ITER} timed requests per row after 5 warm-ups, through the HTTP routes with a signed-in user; load average ${loadStart} → ${load} during the timings)\n\n${table(['request', 'p50 ms', 'p99 ms'], rows)}`;
    return { kind, md };
  } finally {
    await bench.close();
  }
}

const { kind, md } = await main();
// Keep the other engine's table: the section holds one table per engine.
const intro =
  'Hazard ledger and dashboard at volume. Run `npx tsx bench/hazards.ts --pg` (PostgreSQL, 1,000,000 hazards) and `npx tsx bench/hazards.ts` (PGlite, 200,000 by default: 1M takes too long to seed in the embedded engine). The ledger counts at most 10,000 matches (the pager says "more than 10,000"), so a page never counts a million rows.';
writeEngineSection('hazards', intro, kind, md);
process.exit(0);
