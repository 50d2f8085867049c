// 现场检查 on a phone (390 px), offline: the inspector opens the enterprise's page (what its QR code links to),
// loses the network, starts the inspection, fills the checklist, records a failed item with a photo and
// "转为隐患", both officers confirm, the enterprise signs on the screen — all queued in IndexedDB — then the
// network comes back, the queue is sent (each operation once), and the record is complete with the hazard made.
import path from 'node:path';
import { expect, test } from 'vitest';
import { creditCodeCheckChar } from '../shared/registry.ts';
import { ARTIFACTS, signIn, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional' }, readyTimeoutMs: 300_000 });

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

test('离线现场检查：填写、拍照、转隐患、双人确认、企业签字，恢复网络后同步', async () => {
  // Signed in on the desktop page (the harness waits for the side menu), the session carried to a phone.
  // A loaded machine renders slowly: each step may wait longer than the default (no timing is asserted).
  b.page.setDefaultTimeout(90_000);
  await signIn(b.page, server.url, 'admin', server.adminPassword);
  const context = await b.browser.newContext({
    storageState: await b.context.storageState(),
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  try {
    const me = await (await page.request.get(`${server.url}/api/auth/me`)).json();
    const headers = { 'x-csrf-token': me.csrfToken as string };
    const post = async (url: string, data: object) => {
      const res = await page.request.post(`${server.url}${url}`, { headers, data });
      expect(res.status(), await res.text()).toBe(201);
      return res.json();
    };
    const body17 = `91330203MA2F${String(Date.now()).slice(-5)}`;
    const enterprise = await post('/api/registry/enterprises', {
      creditCode: body17 + creditCodeCheckChar(body17),
      name: '宁波市海曙区甬安五金有限公司',
      townCode: '330203009',
      principalName: '张建国',
    });
    const colleague = await post('/api/admin/users', { username: 'zhifa.chen', displayName: '陈海波', unitCode: '330203', roles: ['enforcement_officer'] });
    const licence = { issuer: '宁波市海曙区人民政府', unitCode: '330203', validFrom: '2025-01-01', validUntil: '2030-12-31' };
    await post('/api/enforcement/licences', { ...licence, userId: me.user.id, number: '浙甬海执0203101' });
    await post('/api/enforcement/licences', { ...licence, userId: colleague.user.id, number: '浙甬海执0203102' });

    // The QR code links here: the enterprise is filled in.
    await page.goto(`${server.url}/inspections/field?enterprise=${enterprise.id}`);
    await page.getByText('宁波市海曙区甬安五金有限公司').first().waitFor();
    await page.locator('#field-officers').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '浙甬海执0203101' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '陈海波' }).click();
    await page.keyboard.press('Escape');
    expect(await page.locator('#field-representative').inputValue()).toBe('张建国');

    // No network from here on.
    await context.setOffline(true);
    await page.getByTestId('sync-state').getByText('离线').waitFor();
    await page.getByRole('button', { name: /开始检查/ }).click();
    await page.getByTestId('item-1').waitFor();
    await page.getByTestId('field-place-name').getByText('甬安五金').waitFor();

    const items = await page.locator('[data-testid^="item-"]').count();
    expect(items).toBe(7);
    for (let i = 1; i <= items; i++) if (i !== 3) await page.getByTestId(`item-${i}`).getByText('符合', { exact: true }).click();
    // Item 3 fails: a note, a photo, and straight into the hazard loop.
    const third = page.getByTestId('item-3');
    await third.getByText('不符合', { exact: true }).click();
    await page.getByTestId('note-3').fill('2 名焊工特种作业操作证已过期');
    await third.getByText('转为隐患，纳入隐患闭环').click();
    await third.getByRole('button', { name: /记录不符合/ }).click();
    await page.getByTestId('hazard-3').getByText('转隐患（待同步）').waitFor();
    await page.getByTestId('photo-3').setInputFiles({ name: 'welders.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('photos-3').getByText('照片 1').waitFor();

    // Both officers confirm: the inspector on their account, the colleague with their licence number.
    await page.getByRole('button', { name: '本人确认' }).click();
    await page.getByPlaceholder('执法证号').fill('浙甬海执0203102');
    await page.getByRole('button', { name: /^确\s*认$/ }).click();
    const deadline = new Date(Date.now() + 15 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#field-deadline').fill(deadline);
    await page.locator('#field-summary').fill('检查发现特种作业人员证件过期 1 项');
    await page.getByRole('button', { name: /提交，请企业签字/ }).click();

    // The enterprise's representative signs on the screen.
    await page.locator('#field-signer').fill('张建国');
    const pad = await page.getByTestId('signature-pad').boundingBox();
    if (!pad) throw new Error('no signature pad');
    await page.mouse.move(pad.x + 30, pad.y + 100);
    await page.mouse.down();
    for (let k = 1; k <= 12; k++) await page.mouse.move(pad.x + 30 + k * 20, pad.y + 100 - Math.sin(k / 2) * 40, { steps: 2 });
    await page.mouse.up();
    await page.getByRole('button', { name: /确认签字/ }).click();
    await page.getByText('已保存在本机，联网后自动同步').waitFor();

    // Everything is waiting in the queue: create, start, 7 answers, a photo, 2 confirmations, submit, sign.
    // The badge counts what IndexedDB holds, and the last write may still be landing when the toast shows: wait for it.
    const queued = () => page.getByTestId('sync-queued').getAttribute('data-count').then(Number);
    await expect.poll(queued, { timeout: 15_000 }).toBe(14);
    expect(await page.getByTestId('sync-state').getByText('离线').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspections-offline.png'), fullPage: true });

    // The network is back: the queue goes out in order, once.
    await context.setOffline(false);
    await page.getByText('检查已完成并同步').waitFor({ timeout: 180_000 });
    await page
      .getByTestId('hazard-3')
      .getByText(/已转隐患 YH/)
      .waitFor();
    await page.locator('[data-testid="sync-queued"][data-count="0"]').waitFor();
    expect(await page.getByTestId('sync-failed').count()).toBe(0);
    await page.getByTestId('field-code').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspections-synced.png'), fullPage: true });

    const ledger = await (await page.request.get(`${server.url}/api/inspections?pageSize=10`)).json();
    expect(ledger.total).toBe(1);
    const detail = await (await page.request.get(`${server.url}/api/inspections/${ledger.items[0].id}`)).json();
    expect(detail.inspection.state).toBe('completed');
    expect(detail.inspection.officers.every((o: { confirmedAt: string | null }) => o.confirmedAt)).toBe(true);
    expect(detail.inspection.signerName).toBe('张建国');
    expect(detail.items.filter((i: { result: string }) => i.result === 'fail')).toHaveLength(1);
    const failed = detail.items.find((i: { seq: number }) => i.seq === 3);
    expect(failed.photoIds).toHaveLength(1);
    expect(detail.hazards).toHaveLength(1);
    const hazard = await (await page.request.get(`${server.url}/api/hazards/${failed.hazardId}`)).json();
    expect(hazard.hazard.inspectionId).toBe(detail.inspection.id);
    expect(hazard.hazard.source).toBe('inspection');

    // The record page shows it, with the hazard linked.
    await page.getByRole('link', { name: '查看检查记录' }).click();
    await page.getByRole('link', { name: hazard.hazard.code }).waitFor();
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0)).toBeLessThanOrEqual(390);
  } catch (e) {
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspections-failure-phone.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
}, 600_000);
