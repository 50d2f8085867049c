// The shell end to end: redirect to login, sign in as the bootstrap admin, home in Chinese, switch to English.
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT, signIn, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({});

test('sign in as admin, see the home page in Chinese, switch to English', async () => {
  const { page } = b;
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login/);

  await signIn(page, server.url, 'admin', server.adminPassword);
  expect(new URL(page.url()).pathname).toBe('/');

  const menu = page.getByRole('menu');
  await menu.getByText('监管名录').waitFor();
  // The home page is the work desk; the administrator also sees the platform overview (real org tree counts).
  await page.getByTestId('desk-todos').waitFor();
  await page.getByText(/平台概况 · 海曙区/).waitFor();

  await page.getByRole('button', { name: /English/ }).click();
  await menu.getByText('Registry').waitFor();
  expect(await menu.getByText('监管名录').count()).toBe(0);
  expect(await page.evaluate(() => localStorage.getItem('anlan.lang'))).toBe('en');

  await page.getByRole('button', { name: /中文/ }).click();
  await menu.getByText('监管名录').waitFor();
  await page.screenshot({
    path: path.join(ROOT, 'docs', 'screenshot-home.png'),
  });
});

test('a signed-out user is sent to login and then back to the page they asked for', async () => {
  const { page, context } = b;
  await context.clearCookies();
  await page.goto(`${server.url}/registry`);
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/registry');

  await page.locator('#username').fill('admin');
  await page.locator('#password').fill('wrong-password-123');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('alert').waitFor();

  await signIn(page, server.url, 'admin', server.adminPassword);
  expect(new URL(page.url()).pathname).toBe('/registry');
  await page.getByRole('menu').getByText('监管名录').waitFor();
});

test('the app runs under its Content-Security-Policy: no violation on sign-in, maps, live feeds and /docs', async () => {
  const { page, context } = b;
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => {
    if (/Content Security Policy|CSP violation/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  await context.clearCookies();
  const res = await page.goto(`${server.url}/login`);
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");

  await signIn(page, server.url, 'admin', server.adminPassword);
  for (const [path, ready] of [
    ['/registry/map', '.leaflet-container'],
    ['/monitoring', '.leaflet-container'],
    ['/warnings', '[role="menu"]'],
    ['/hazards', '[role="menu"]'],
  ] as const) {
    await page.goto(`${server.url}${path}`);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle').catch(() => {}); // live feeds (SSE) never go idle
  }
  await page.goto(`${server.url}/docs`);
  await page.locator('.swagger-ui .opblock').first().waitFor();
  expect(violations).toEqual([]);
});
