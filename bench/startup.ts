// Start-up benchmark: time from process spawn to /readyz OK — first start (migrations + demo seed) and
// restart over existing data — and resident memory at idle, on PGlite and on PostgreSQL.
// Run: npx tsx bench/startup.ts [--pg]   (--pg needs DATABASE_URL or uses postgres@127.0.0.1:5432)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { scratchDatabase } from './lib.ts';
import { table, writeSection } from './report.ts';

const BIN = path.resolve('bin/anlan.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
};

async function startOnce(env: Record<string, string>, demo: boolean) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', ...(demo ? ['--demo'] : [])], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ANLAN_MQTT_PORT: '0' },
    stdio: 'ignore',
  });
  const exited = new Promise((r) => child.on('exit', r));
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited during start-up');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 5000)); // settle, then read idle memory
  const rss = rssMb(child.pid as number);
  child.kill('SIGTERM');
  await exited;
  return { ms, rss };
}

async function measure(kind: 'pglite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlan-bench-'));
  const env: Record<string, string> = { ANLAN_DATA_DIR: dataDir };
  const scratch = kind === 'postgres' ? await scratchDatabase('anlan_bench') : undefined;
  if (scratch) env.DATABASE_URL = scratch.url;
  try {
    const first = await startOnce(env, true);
    const restart = await startOnce(env, false);
    return { kind, first, restart };
  } finally {
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [await measure('pglite')];
if (process.argv.includes('--pg') || process.env.DATABASE_URL) results.push(await measure('postgres'));
const rows = results.map((r) => [r.kind, `${(r.first.ms / 1000).toFixed(1)} s`, `${(r.restart.ms / 1000).toFixed(1)} s`, `${r.restart.rss} MB`]);
const md = `## Start-up (\`npx tsx bench/startup.ts --pg\`, ${new Date().toISOString().slice(0, 10)})

Time from spawning \`anlan serve\` to \`/readyz\` answering 200; RSS 5 s after ready with no traffic.
Aims: restart < 10 s on PGlite, < 2 s on PostgreSQL; < 300 MB idle; first start with demo seed < 60 s.

${table(['database', 'first start (migrations + demo seed)', 'restart', 'RSS idle'], rows)}`;
console.log(md);
writeSection('startup', md);
