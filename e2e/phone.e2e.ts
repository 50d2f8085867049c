// Phones and the Pro-standard list, in a real browser: at 390×844 the home page, the enterprise list and the
// public hazard report page are no wider than the screen, the menu opens as a drawer and the list shows
// cards; the sign-in and public pages log no 401; at 1440 the table shows its total, the page-size changer,
// server sorting both ways and column settings that survive a reload.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { creditCodeCheckChar } from '../shared/registry.ts';
import { csrfHeaders, phoneContext } from './fixtures';
import { ARTIFACTS, signIn, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/** The page's scroll width once the network is quiet (what a horizontal scroll bar would show). */
async function scrollWidth(page: Page): Promise<number> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(300);
  return page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
}

const creditCode = (i: number) => {
  const body17 = `91330203MA2F${String(Date.now() + i).slice(-5)}`;
  return body17 + creditCodeCheckChar(body17);
};

test('public report, tracking and sign-in pages fit a phone and log no 401', async () => {
  const context = await phoneContext(b.browser, { hasTouch: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() === 401) errors.push(`${page.url()}: 401 ${r.url()}`);
  });
  try {
    await page.goto(`${server.url}/public/report`);
    await page.getByRole('button', { name: /提交举报/ }).waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-public-report.png'), fullPage: true });

    await page.goto(`${server.url}/public/report/track/ABCDEFGH2345`);
    await page.getByRole('button', { name: /查\s*询/ }).waitFor();
    await page.locator('.ant-alert').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await page.goto(`${server.url}/login`);
    await page.locator('#username').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    // A 404 for an unknown tracking code is expected to be shown, not logged as a 401.
    // (Match the status, not the digits: a random port such as 40181 contains "401".)
    expect(errors.filter((e) => e.includes(': 401 ') || /status of 401\b/.test(e) || e.includes('/api/auth/me'))).toEqual([]);
  } finally {
    await context.close();
  }
});

test('at 390×844 the home page and the enterprise list fit, the menu is a drawer, the list shows cards', async () => {
  const { page } = b;
  await page.setViewportSize(DESKTOP);
  await signIn(page, server.url, 'admin', server.adminPassword);
  const headers = await csrfHeaders(page, server.url);
  for (const [i, name] of ['宁波市海曙区甬安五金有限公司', '宁波市海曙区顺达塑料制品厂', '宁波市海曙区明辉纺织有限公司'].entries()) {
    const res = await page.request.post(`${server.url}/api/registry/enterprises`, {
      headers,
      data: { creditCode: creditCode(i), name, townCode: '330203009' },
    });
    expect(res.status(), await res.text()).toBe(201);
  }

  await page.setViewportSize(PHONE);
  await page.goto(`${server.url}/`);
  // The work desk (and, for the administrator, the platform overview) is the home page.
  await page.getByTestId('desk-todos').waitFor();
  await page.getByText(/平台概况 · 海曙区/).waitFor();
  expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
  // No side menu on a phone: the header's button opens the menu in a drawer.
  expect(await page.locator('.ant-layout-sider').count()).toBe(0);
  await page.getByTestId('menu-toggle').click();
  const drawerMenu = page.locator('.anlan-nav-drawer').getByRole('menu');
  await drawerMenu.getByText('监管名录').click();
  await page.waitForURL(/\/registry\/enterprises/);
  await drawerMenu.waitFor({ state: 'hidden' });

  await page.getByTestId('list-card').first().waitFor();
  expect(await page.getByTestId('list-card').count()).toBe(3);
  expect(await page.locator('.ant-table').count()).toBe(0);
  await page.getByTestId('list-total').getByText('共 3 家').waitFor();
  expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: path.join(ARTIFACTS, 'phone-enterprises.png'), fullPage: true });
});

test('at 1440 the table shows the total, the page-size changer, sorts on the server both ways and remembers hidden columns', async () => {
  const { page } = b;
  await page.setViewportSize(DESKTOP);
  await page.goto(`${server.url}/registry/enterprises`);
  await page.locator('.ant-table-row').first().waitFor();
  expect(await page.locator('.ant-layout-sider').count()).toBe(1);
  await page.locator('.ant-pagination-total-text').getByText('共 3 家').waitFor();
  await page.locator('.ant-pagination-options-size-changer').waitFor();

  const names = () => page.locator('.ant-table-row td:nth-child(1) a').allTextContents();
  await page.locator('th').getByText('企业名称').click();
  await page.waitForURL(/sort=name/);
  await page.waitForLoadState('networkidle');
  const asc = await names();
  await page.locator('th').getByText('企业名称').click();
  await page.waitForURL(/sort=-name/);
  await page.waitForLoadState('networkidle');
  // The server sorts (a refused sort parameter would show an error and keep the old rows).
  expect(await page.locator('.ant-alert-error').count()).toBe(0);
  expect(asc).toHaveLength(3);
  await expect.poll(names, { timeout: 15_000 }).toEqual([...asc].reverse());

  await page.getByRole('button', { name: '列设置' }).click();
  await page.getByTestId('column-settings').getByText('行业').click();
  await page.keyboard.press('Escape');
  expect(await page.locator('th').getByText('行业', { exact: true }).count()).toBe(0);
  await page.reload();
  await page.locator('.ant-table-row').first().waitFor();
  expect(await page.locator('th').getByText('行业', { exact: true }).count()).toBe(0);
  expect(await page.locator('th').getByText('镇街', { exact: true }).count()).toBe(1);
});
