// `anlan` — the command line: serve, start (with demo data), migrate, seed, backup/restore, users,
// tokens, audit verification. PGlite allows one process per data directory: a command that needs the
// database while a server holds it goes through the server's loopback admin endpoint or refuses.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { Config } from '../server/config.ts';
import { DataDirBusyError } from '../server/db/connection.ts';
import { migrate } from '../server/db/migrate.ts';
import { verifyAudit } from '../server/platform/audit.ts';
import { startServer } from '../server/main.ts';
import { accountsFile, isSeeded, seedDemo } from '../server/seed/demo.ts';
import { backupToBuffer, restorePglite, restoreSql, writeBackup } from '../server/platform/ops/backup.ts';
import { adminCall, config, fail, runningServer, withRuntime } from './common.ts';
import { progressBar } from './progress.ts';
import { simulateCommand } from './simulate.ts';
import { userCommands } from './users.ts';

function installSignals(stop: () => Promise<void>) {
  let count = 0;
  const handler = (signal: string) => {
    if (++count > 1) process.exit(1);
    console.error(`anlan: ${signal} received, shutting down`);
    stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}

async function serve(opts: { demo?: boolean }) {
  const cfg = config();
  const bar = progressBar('演示数据 demo data');
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer(cfg, { seedDemo: opts.demo, onSeedProgress: bar.update });
  } catch (e) {
    bar.stop();
    if (e instanceof DataDirBusyError) fail(e.message);
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`port ${cfg.port} is already in use: set PORT to a free port`);
    throw e;
  }
  bar.stop();
  installSignals(running.stop);
  return { running, cfg };
}

function ensureWebBuilt(cfg: Config): Promise<void> {
  if (fs.existsSync(path.join(cfg.webDist, 'index.html'))) return Promise.resolve();
  console.log('anlan: building the web app (first start only)…');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error('web build failed'))));
  });
}

const program = new Command('anlan').description('安澜 Anlan — district emergency management platform').showHelpAfterError();

program
  .command('serve')
  .description('start the server (migrates first); add --demo to seed demo data into an empty database')
  .option('--demo', 'seed the demo data set when the database has none')
  .action(async (opts) => {
    const { running } = await serve(opts);
    console.log(`anlan: listening on ${running.url}`);
  });

program
  .command('start')
  .description('build the web app if needed, then serve with demo data on the embedded defaults (what `npm start` runs)')
  .action(async () => {
    const cfg = config();
    await ensureWebBuilt(cfg);
    const { running } = await serve({ demo: true });
    const file = accountsFile(cfg.dataDir);
    console.log('');
    console.log(`  安澜 Anlan is running at ${running.url}`);
    if (running.demoAccounts.length) {
      console.log('  Demo accounts (also saved in %s):', file);
      for (const a of running.demoAccounts) console.log(`    ${a.username.padEnd(10)} ${a.password}   ${a.displayName} (${a.roles.join(', ')})`);
    } else if (fs.existsSync(file)) {
      console.log(`  Sign in with an account listed in ${file} (e.g. admin).`);
    }
    if (cfg.mfa === 'required') console.log('  Staff accounts set up a TOTP authenticator at first sign-in (ANLAN_MFA=optional turns this off).');
    console.log('  API docs: %s/docs   Stop: Ctrl+C', running.url);
    console.log('');
  });

program
  .command('dev')
  .description('development: API server restarted on change + Vite dev server with hot reload')
  .action(() => {
    const cfg = config();
    const apiPort = String(cfg.port + 1);
    const api = spawn(process.execPath, ['--watch-path=server', '--watch-path=shared', '--watch-path=cli', 'bin/anlan.js', 'serve', '--demo'], {
      stdio: 'inherit',
      env: { ...process.env, PORT: apiPort, HOST: '127.0.0.1' },
    });
    const web = spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', String(cfg.port), '--strictPort'], {
      stdio: 'inherit',
      env: { ...process.env, ANLAN_API_PORT: apiPort },
    });
    const stop = () => {
      api.kill('SIGTERM');
      web.kill('SIGTERM');
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() =>
    withRuntime(
      async (rt) => {
        const applied = await migrate(rt.deps.db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      },
      { migrate: false },
    ),
  );

program
  .command('seed')
  .description('load the demo data set (Haishu org tree, demo accounts, module demo data)')
  .option('--force', 'seed again even if demo data is present')
  .action((opts) =>
    withRuntime(async (rt) => {
      if (!opts.force && (await isSeeded(rt.deps))) {
        console.log('demo data already present (use --force to add again)');
        return;
      }
      const bar = progressBar('演示数据 demo data');
      const accounts = await seedDemo(rt.deps, bar.update);
      bar.stop();
      for (const a of accounts) console.log(`  ${a.username.padEnd(10)} ${a.password}   ${a.displayName} (${a.roles.join(', ')})`);
      if (accounts.length) console.log(`demo accounts saved in ${accountsFile(rt.deps.config.dataDir)}`);
    }),
  );

program
  .command('backup')
  .description('write a backup: plain SQL (PostgreSQL, via pg_dump) or a data-directory archive (PGlite)')
  .option('-o, --out <file>', 'where to write it (default: a timestamped file in the current directory)')
  .action(async (opts) => {
    const cfg = config();
    const server = runningServer(cfg);
    let dest: string;
    if (server) {
      const res = await adminCall(server, '/admin/backup');
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'anlan-backup';
      dest = writeBackup(Buffer.from(await res.arrayBuffer()), name, opts.out);
    } else {
      dest = await withRuntime(async (rt) => {
        const { data, filename } = await backupToBuffer(rt);
        return writeBackup(data, filename, opts.out);
      });
    }
    console.log(`backup written to ${dest} (${fs.statSync(dest).size} bytes)`);
  });

program
  .command('restore')
  .description('restore a backup made by `anlan backup` (the server must be stopped; PostgreSQL: into an empty database)')
  .argument('<file>', 'a .sql file (PostgreSQL) or a .tar.gz data-directory archive (PGlite)')
  .action(async (file: string) => {
    const cfg = config();
    if (!fs.existsSync(file)) fail(`no such file: ${file}`);
    try {
      if (cfg.databaseUrl) {
        if (!file.endsWith('.sql')) fail('with DATABASE_URL set, restore expects a .sql file from `anlan backup`');
        await restoreSql(cfg.databaseUrl, file);
        console.log('restored into the database at DATABASE_URL');
      } else {
        if (!file.endsWith('.tar.gz')) fail('the embedded database restores from a .tar.gz archive made by `anlan backup`');
        const kept = await restorePglite(cfg.dataDir, file);
        console.log(`restored into ${cfg.dataDir}${kept ? ` (previous data kept in ${kept})` : ''}`);
      }
    } catch (e) {
      if (e instanceof DataDirBusyError) fail(e.message);
      fail((e as Error).message);
    }
  });

const audit = program.command('audit').description('audit trail tools');
audit
  .command('verify')
  .description('check the audit hash chain and report the first broken row')
  .action(async () => {
    const cfg = config();
    const server = runningServer(cfg);
    const result = server
      ? ((await (await adminCall(server, '/admin/audit/verify')).json()) as Awaited<ReturnType<typeof verifyAudit>>)
      : await withRuntime((rt) => verifyAudit(rt.deps.db));
    if (result.ok) console.log(`audit chain intact: ${result.checked} rows checked`);
    else fail(`audit chain broken at row ${result.brokenAt}: ${result.reason} (${result.checked} rows before it are intact)`);
  });

userCommands(program);
simulateCommand(program);

program.addOption(new Option('--no-color').hideHelp());
await program.parseAsync(process.argv);
