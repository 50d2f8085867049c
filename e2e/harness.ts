// Browser-test harness: a real `anlan serve` child process on a free port with its own data (and, when
// DATABASE_URL is set, its own fresh PostgreSQL database), and a headless Chromium driven by playwright-core.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { authenticator } from 'otplib';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, type TestContext } from 'vitest';
import { createDatabase } from '../server/test/databases.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');

export interface TestServer {
  url: string;
  port: number;
  adminPassword: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function ensureWebBuild() {
  if (existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) return;
  execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anlan serve exited with code ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`anlan serve not ready after ${timeoutMs / 1000}s:\n${log()}`);
}

/** `readyTimeoutMs`: how long start-up may take (default 90 s; seeding the demo data takes longer on a busy machine). */
export async function startServer(opts: { env?: Record<string, string>; readyTimeoutMs?: number } = {}): Promise<TestServer> {
  ensureWebBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anlan-e2e-'));
  const adminPassword = `E2e-${randomBytes(12).toString('base64url')}-9a`;
  const db = process.env.DATABASE_URL ? await createDatabase(process.env.DATABASE_URL, { prefix: 'anlan_e2e' }) : undefined;

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.homedir(),
    PORT: String(port),
    HOST: '127.0.0.1',
    ANLAN_DATA_DIR: dataDir,
    ANLAN_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    ANLAN_E2E: '1',
    ...(db ? { DATABASE_URL: db.url } : {}),
    // Without an external broker the server embeds one; give it a free port so runs never collide.
    ...(process.env.MQTT_URL ? { MQTT_URL: process.env.MQTT_URL } : { ANLAN_MQTT_PORT: String(await freePort()) }),
    ...opts.env,
  };

  const logFile = path.join(ARTIFACTS, `server-${port}.log`);
  const logStream = createWriteStream(logFile);
  let tail = '';
  const child = spawn(process.execPath, ['bin/anlan.js', 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const s of [child.stdout, child.stderr]) {
    s?.on('data', (chunk: Buffer) => {
      logStream.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const cleanup = async () => {
    logStream.end();
    await rm(dataDir, { recursive: true, force: true });
    await db?.drop();
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child, () => tail, opts.readyTimeoutMs);
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    await cleanup();
    throw e;
  }

  return {
    url,
    port,
    adminPassword,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await cleanup();
    },
  };
}

export interface TestBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  return { browser, context, page, close: () => browser.close() };
}

/** Use as `afterEach((ctx) => screenshotOnFailure(ctx, b.page))`: keeps a picture of what the user saw. */
export async function screenshotOnFailure(ctx: TestContext, page: Page | undefined) {
  if (!page || ctx.task.result?.state !== 'fail') return;
  const name = ctx.task.name.replace(/[^\w\u4e00-\u9fff-]+/g, '_');
  await page
    .screenshot({
      path: path.join(ARTIFACTS, `${name}-${Date.now()}.png`),
      fullPage: true,
    })
    .catch(() => {});
}

// TOTP secrets this test process enrolled, per server and user, and the last step used (codes are single-use).
const totpSecrets = new Map<string, { secret: string; lastStep: number }>();

/** The next unused TOTP code for a user signIn enrolled (waits for the next 30 s step if both usable ones are spent). */
async function nextTotp(key: string): Promise<string> {
  const known = totpSecrets.get(key);
  if (!known) throw new Error(`the server asks ${key} for a TOTP code, but this test run never enrolled that user`);
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(now, known.lastStep + 1);
    if (step <= now + 1) {
      known.lastStep = step;
      return authenticator.clone({ epoch: step * 30_000 }).generate(known.secret);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// Passwords signIn had to replace (temporary or expired ones), so later calls with the old one still work.
const rotatedPasswords = new Map<string, { from: string; to: string }>();

/** Pick an option in an antd Select by typing (nothing when `typed` is empty) and clicking the matching option. */
export async function choose(page: Page, selector: string, typed: string, option: string) {
  await page.locator(selector).click();
  if (typed) await page.keyboard.type(typed);
  await page.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Open a page from the side menu and wait for its address. */
export async function openFromMenu(page: Page, label: string, url: RegExp) {
  await page.getByRole('menu').getByText(label).click();
  await page.waitForURL(url);
}

/** Click the first button of that name (a page may offer the same action twice, as an empty list does). */
export async function clickFirstButton(page: Page, name: RegExp) {
  await page.getByRole('button', { name }).first().click();
}

/** Click the button of that name in the open dialog (确定, 保存, 发布…). */
export async function clickInDialog(page: Page, name: RegExp) {
  await page.getByRole('dialog').getByRole('button', { name }).click();
}

/** Fill form inputs by their ids (`{ name: '…' }` fills `#name`) inside a page or a dialog, in order. */
export async function fillIn(scope: Page | Locator, values: Record<string, string>) {
  for (const [id, value] of Object.entries(values)) await scope.locator(`#${id}`).fill(value);
}

/** Wait for the first element with this text (a string matches part of the text). */
export async function seeText(page: Page, text: string | RegExp) {
  await page.getByText(text).first().waitFor();
}

/**
 * Sign in through the login page. Completes what the platform asks of the session: the TOTP code for a
 * user enrolled earlier in this run, the first-time enrolment of an authenticator for staff roles (the
 * secret shown next to the QR code is read from the page and the code computed here with otplib), and the
 * change of a temporary or expired password (later calls with the old password use the new one).
 */
export async function signIn(page: Page, url: string, username: string, password: string) {
  const key = `${url}|${username.toLowerCase()}`;
  const rotated = rotatedPasswords.get(key);
  const pw = rotated && rotated.from === password ? rotated.to : password;
  if (!page.url().includes('/login')) await page.goto(`${url}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(pw);
  await page.locator('button[type="submit"]').click();
  await page.waitForFunction(() => !location.pathname.startsWith('/login') || document.querySelector('#totp'));
  if (new URL(page.url()).pathname.startsWith('/login')) {
    await page.locator('#totp').fill(await nextTotp(key));
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }
  for (;;) {
    await page.locator('[data-testid="totp-secret"], #pw-current, [role="menu"]').first().waitFor();
    const enrol = page.getByTestId('totp-secret');
    if (await enrol.isVisible()) {
      // antd's copyable text renders the copy button inside the element: take the text node only.
      const secret = (await enrol.evaluate((el) => el.firstChild?.textContent ?? el.textContent ?? '')).trim();
      totpSecrets.set(key, { secret, lastStep: -1 });
      await page.locator('#enroll-code').fill(await nextTotp(key));
      await page.getByRole('button', { name: /确认绑定|Confirm/ }).click();
      await enrol.waitFor({ state: 'detached' });
    } else if (await page.locator('#pw-current').isVisible()) {
      const next = `E2e-${randomBytes(9).toString('base64url')}-7a`;
      await page.locator('#pw-current').fill(pw);
      await page.locator('#pw-next').fill(next);
      await page.locator('#pw-confirm').fill(next);
      await page.getByRole('button', { name: /修改密码|Change password/ }).click();
      await page.locator('#pw-current').waitFor({ state: 'detached' });
      rotatedPasswords.set(key, { from: rotated?.from ?? password, to: next });
    } else return;
  }
}

/**
 * One server and one browser for a test file: started before its tests, a screenshot of any failure, both stopped
 * after (`skip`: none of that, for a file whose tests are all skipped). The returned objects are filled in when the
 * servers are up: `const { server, b } = withServerAndBrowser({});` at the top of a file, read inside its tests.
 */
export function withServerAndBrowser(opts: { env?: Record<string, string>; readyTimeoutMs?: number; skip?: boolean }): { server: TestServer; b: TestBrowser } {
  const server = {} as TestServer;
  const b = {} as TestBrowser;
  if (opts.skip) return { server, b };
  beforeAll(
    async () => {
      Object.assign(server, await startServer(opts));
      Object.assign(b, await openBrowser());
    },
    (opts.readyTimeoutMs ?? 90_000) + 30_000,
  );
  afterEach((ctx) => screenshotOnFailure(ctx, b.page));
  afterAll(async () => {
    await b.close?.();
    await server.stop?.();
  });
  return { server, b };
}
