// 双随机 draw at volume, the pure algorithm (server/modules/draws/draws.algorithm.ts): 100,000 enterprises in
// 17 towns × 500 inspectors (district and town officers), cross-area recusal on, 10,000 declared-conflict and
// recent-inspection pairs, N = 1,000 enterprises × k = 2 inspectors. "draw" = commitment (canonical JSON +
// SHA-256 of the whole input) + seed + selection; "verify" = the public re-run (commitment, nonce checks, seed,
// selection, comparison with the stored tasks). 5 warm-ups, 30 timed runs each.
// Run: npx tsx bench/draws.ts
import os from 'node:os';
import { DRAW_ALGORITHM } from '../shared/draws.ts';
import { commitmentOf, type DrawInputs, precheck, seedOf, selectTasks, sha256hex, verifyRound } from '../server/modules/draws/draws.algorithm.ts';
import { percentile, table, writeSection } from './report.ts';

const ENTITIES = 100_000;
const INSPECTORS = 500;
const PAIRS = 10_000;
const N = 1000;
const K = 2;
const RUNS = Number(process.env.RUNS ?? 30);

const towns = Array.from({ length: 17 }, (_, i) => `330203${String(i + 1).padStart(3, '0')}`);
let x = 12345;
const rnd = () => {
  x = (x * 1103515245 + 12345) % 2 ** 31;
  return x / 2 ** 31;
};
const uuid = (i: number, tag: string) => `0190${tag}00-0000-7000-8000-${String(i).padStart(12, '0')}`;
const inputs: DrawInputs = {
  algorithm: DRAW_ALGORITHM,
  drawCode: 'SJ-2026-BENCH',
  round: 1,
  entities: Array.from({ length: ENTITIES }, (_, i) => {
    const t = towns[Math.floor(rnd() * towns.length)];
    return { id: uuid(i, 'e0'), name: `海曙某某制造有限公司${i}`, townCode: t, townName: `镇街${t.slice(-3)}` };
  }),
  inspectors: Array.from({ length: INSPECTORS }, (_, i) => {
    const unit = i < 100 ? '330203' : towns[i % towns.length];
    return { userId: uuid(i, 'a1'), name: `执法员${i}`, unitCode: unit, unitName: unit === '330203' ? '海曙区应急管理局' : `镇街${unit.slice(-3)}` };
  }),
  exclusions: [],
  params: { entityCount: N, inspectorsPerEntity: K, crossArea: true, recusalWindowDays: 365, dueDate: '2026-06-30' },
  bureauNonceHash: sha256hex('bureau-nonce'),
  witnessHash: sha256hex('witness-secret'),
};
for (let i = 0; i < PAIRS; i++)
  inputs.exclusions.push({
    userId: inputs.inspectors[Math.floor(rnd() * INSPECTORS)].userId,
    enterpriseId: inputs.entities[Math.floor(rnd() * ENTITIES)].id,
    reason: i % 2 ? 'conflict' : 'recent',
  });

function draw() {
  const commitment = commitmentOf(inputs);
  const seed = seedOf(commitment, 'bureau-nonce', 'witness-secret');
  return { commitment, seed, tasks: selectTasks(inputs, seed) };
}
/** Wall-clock and CPU milliseconds per run (CPU time: what the run cost this process, less skewed by other load). */
const time = (f: () => unknown) => {
  for (let i = 0; i < 5; i++) f();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: ms.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
};

const stored = draw();
const rows: (string | number)[][] = [];
const row = (name: string, { ms, cpu }: { ms: number[]; cpu: number[] }) =>
  rows.push([name, percentile(ms, 50).toFixed(1), percentile(ms, 99).toFixed(1), percentile(cpu, 50).toFixed(1), percentile(cpu, 99).toFixed(1)]);
row(
  '承诺 commitment (canonical JSON + SHA-256)',
  time(() => commitmentOf(inputs)),
);
row(
  '可行性检查 precheck (every enterprise keeps k)',
  time(() => precheck(inputs)),
);
row(
  '抽取 selection only',
  time(() => selectTasks(inputs, stored.seed)),
);
row('抽取 draw (commitment + seed + selection)', time(draw));
row(
  '验证 verify (re-run + compare)',
  time(() => {
    const v = verifyRound(inputs, { bureauNonce: 'bureau-nonce', witnessSecret: 'witness-secret' }, stored);
    if (!v.ok) throw new Error('verification failed');
  }),
);
const md = `### 双随机 draw (\`npx tsx bench/draws.ts\`, ${new Date().toISOString().slice(0, 10)})

The pure algorithm (anlan-draw-v1) over ${ENTITIES.toLocaleString('en')} enterprises in 17 towns × ${INSPECTORS} inspectors (100 district, 400 town
officers), cross-area recusal on, ${PAIRS.toLocaleString('en')} conflict / recent-inspection pairs, N = ${N} enterprises × k = ${K} inspectors;
5 warm-ups, ${RUNS} timed runs, node ${process.version}. Aim: draw < 100 ms, verify < 100 ms.

${table(['step', 'wall p50 ms', 'wall p99 ms', 'CPU p50 ms', 'CPU p99 ms'], rows)}

Load average during the run: ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ')} (1/5/15 min) on 2 cores shared with other sessions' test runs.`;
console.log(md);
writeSection('draws', md);
