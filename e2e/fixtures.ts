// What several e2e flows set up over the API before the browser part starts: the signed-in admin's CSRF header,
// a person with a password of their own, and a gas detector with its threshold rule that can post a reading.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A desktop browser context as the harness opens it (Chinese, Beijing time). */
export const desktopContext = (browser: Browser) =>
  browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });

/** A phone browser context (390 × 844, mobile layout, Chinese, Beijing time); `more` adds touch, a session… */
export const phoneContext = (browser: Browser, more: BrowserContextOptions = {}) =>
  browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 }, isMobile: true, ...more });

/** The CSRF header of the session `page` is signed in with (for `page.request` writes). */
export async function csrfHeaders(page: Page, url: string): Promise<{ 'x-csrf-token': string }> {
  const { csrfToken } = await (await page.request.get(`${url}/api/auth/me`)).json();
  return { 'x-csrf-token': csrfToken };
}

export interface NewUser {
  username: string;
  displayName: string;
  unitCode: string;
  roles: string[];
}

/**
 * The signed-in admin (`admin`) creates the user; its first (temporary) password is changed to `password` over the
 * API in a fresh context, whose cookies are then cleared: sign in on a page of the returned context.
 */
export async function userContext(browser: Browser, admin: Page, url: string, user: NewUser, password: string): Promise<BrowserContext> {
  const created = await admin.request.post(`${url}/api/admin/users`, { headers: await csrfHeaders(admin, url), data: user });
  expect(created.status(), await created.text()).toBe(201);
  const temp = (await created.json()).temporaryPassword as string;
  const context = await desktopContext(browser);
  const login = await context.request.post(`${url}/api/auth/login`, { data: { username: user.username, password: temp } });
  expect(login.status()).toBe(200);
  const changed = await context.request.post(`${url}/api/auth/password`, {
    headers: { 'x-csrf-token': (await login.json()).csrfToken },
    data: { current: temp, next: password },
  });
  expect(changed.status()).toBe(204);
  await context.clearCookies();
  return context;
}

/** The gas detector at 石碶街道菜市场 and the critical "lel > 25" rule; returns the device's ingest secret. */
export async function gasDetector(page: Page, url: string, id: string): Promise<string> {
  const headers = await csrfHeaders(page, url);
  const device = await page.request.post(`${url}/api/monitoring/devices`, {
    headers,
    data: {
      id,
      name: '石碶街道菜市场可燃气体探测器',
      type: 'gas',
      ownerKind: 'place',
      placeName: '石碶街道菜市场',
      lon: 121.498,
      lat: 29.83,
      jurisdictionCode: '330203009',
    },
  });
  expect(device.status(), await device.text()).toBe(201);
  const { secret } = await device.json();
  const rule = await page.request.post(`${url}/api/monitoring/rules`, {
    headers,
    data: { name: '可燃气体浓度超限', deviceType: 'gas', metric: 'lel', kind: 'threshold', op: 'gt', threshold: 25, hysteresis: 5, severity: 'critical' },
  });
  expect(rule.status(), await rule.text()).toBe(201);
  return secret;
}

/** One reading posted over HTTP ingest with the device's own credential (no session, no CSRF); the answer. */
export async function ingest(url: string, deviceId: string, secret: string, metrics: Record<string, number>): Promise<{ stored: number }> {
  const res = await fetch(`${url}/api/monitoring/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-device-id': deviceId, 'x-device-secret': secret },
    body: JSON.stringify({ readings: [{ ts: Date.now(), seq: 1, metrics }] }),
  });
  return res.json();
}
