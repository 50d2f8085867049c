// 预警叫应 end to end, in Chinese: a 石碶街道 station officer drafts a rainstorm warning for the town, a
// district leader on duty approves it (the drafter may not), the officer releases it; a responsible
// person opens the one-tap link from the outbox in a fresh browser on a phone (no account), acknowledges,
// reloads the page — the measures form is still there — and reports measures; the live board's
// acknowledged count goes up without a reload, and it says the channels are in outbox mode; the outbox
// page lists what would have been sent.
import path from 'node:path';
import { expect, test } from 'vitest';
import { csrfHeaders, desktopContext, type NewUser, phoneContext, userContext } from './fixtures';
import { ARTIFACTS, signIn, withServerAndBrowser } from './harness';

// Second factor optional here: this test is about warnings; the identity e2e covers TOTP enrolment.
const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional', ANLAN_JOBS_POLL_MS: '200' } });

/** The admin creates a user; the user's first (temporary) password is changed over the API. */
const makeUser = (u: NewUser, password: string) => userContext(b.browser, b.page, server.url, u, password);

test('起草 → 他人审批 → 发布 → 责任人一键确认并反馈措施 → 看板实时更新', async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);
  const headers = await csrfHeaders(page, server.url);

  // The responsible persons of 东方社区 (石碶街道): a village chief and a flash-flood warner.
  for (const p of [
    { name: '陈建国', role: 'flood_chief', jurisdictionCode: '330203009003', phone: '10000000101', channels: ['sms', 'voice'] },
    { name: '林海波', role: 'flash_flood_warner', jurisdictionCode: '330203009003', phone: '10000000102', channels: ['sms'] },
  ]) {
    const res = await page.request.post(`${server.url}/api/warnings/persons`, { headers, data: p });
    expect(res.status(), await res.text()).toBe(201);
  }

  const townCtx = await makeUser({ username: 'shiqi.zhangwei', displayName: '张伟', unitCode: '330203009', roles: ['town_staff'] }, 'Zhangwei-Shiqi-2026!');
  const leaderCtx = await makeUser({ username: 'duty.zhaomin', displayName: '赵敏', unitCode: '330203D01', roles: ['duty_leader'] }, 'Zhaomin-Duty-2026!!');
  const town = await townCtx.newPage();
  const leader = await leaderCtx.newPage();
  try {
    // 1. The station officer drafts a warning for 石碶街道.
    await signIn(town, server.url, 'shiqi.zhangwei', 'Zhangwei-Shiqi-2026!');
    await town.getByRole('menu').getByText('预警叫应').click();
    await town.waitForURL(/\/warnings/);
    await town.getByRole('button', { name: /起草预警/ }).click();
    await town.waitForURL(/\/warnings\/new/);
    await town.getByText('橙色预警').click();
    await town.locator('#description').fill('受强降雨影响，预计未来3小时石碶街道累计雨量将达60毫米以上，低洼地段易积水。');
    await town.locator('#instruction').fill('做好低洼地段排涝和地下空间人员撤离准备。');
    await town.getByLabel('选择镇街或村社').click();
    await town.keyboard.type('石碶');
    await town.locator('.ant-select-tree-node-content-wrapper[title="石碶街道"]').click();
    await town.keyboard.press('Escape');
    await town.getByRole('button', { name: /保存草稿/ }).click();
    await town.waitForURL(/\/warnings\/[0-9a-f-]{36}$/);
    const warningUrl = town.url();
    const warningId = warningUrl.split('/').pop() as string;
    await town.getByText('叫应对象预览（2 人）').waitFor();
    await town.getByRole('button', { name: /提交审批/ }).click();
    await town.getByText('待审批').first().waitFor();
    expect(await town.getByRole('button', { name: /审批通过/ }).count()).toBe(0);

    // 2. The leader on duty approves.
    await signIn(leader, server.url, 'duty.zhaomin', 'Zhaomin-Duty-2026!!');
    await leader.goto(warningUrl);
    await leader.getByRole('button', { name: /审批通过/ }).click();
    await leader.getByText('已审批').first().waitFor();

    // 3. The officer releases; the board appears.
    await town.reload();
    await town.getByRole('button', { name: /发布并叫应/ }).click();
    await town.getByText('叫应看板').waitFor();
    // Nothing left the machine: the detail says so plainly.
    expect(await town.getByTestId('outbox-banner').textContent()).toContain('通道处于发件箱模式，消息未真正发出');
    const acked = town.getByTestId('board-table').getByTestId('acked').first();
    await acked.waitFor();
    expect(await acked.textContent()).toBe('0');
    await town.getByText('实时').waitFor();

    // 4. The SMS that would have gone out (outbox mode) carries the one-tap link.
    let link = '';
    for (let i = 0; i < 50 && !link; i++) {
      const out = await page.request.get(`${server.url}/api/warnings/outbox?warningId=${warningId}`);
      const rows = (await out.json()).items as { name: string; channel: string; link: string; text: string; linkRelative: boolean }[];
      const chen = rows.find((r) => r.name === '陈建国' && r.channel === 'sms');
      if (chen) {
        expect(chen.text).toContain('暴雨橙色预警');
        expect(chen.text.match(/橙色/g)).toHaveLength(1); // the level said once
        expect(chen.linkRelative).toBe(true); // no ANLAN_PUBLIC_URL here: recorded, marked as such
        link = chen.link;
      } else await new Promise((r) => setTimeout(r, 200));
    }
    expect(link).toMatch(/^\/ack\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    // 5. A fresh browser, no account: acknowledge and report measures.
    const phone = await phoneContext(b.browser);
    const p = await phone.newPage();
    try {
      await p.goto(`${server.url}${link}`);
      await p.getByText('陈建国，您好：').waitFor();
      await p.getByRole('button', { name: /确认收到/ }).click();
      await p.getByText('已确认收到').waitFor();
      // The page is closed and the link opened again: the measures form is still there.
      await p.reload();
      await p.getByText('陈建国，您好：').waitFor();
      await p.getByText('已确认收到').waitFor();
      await p.getByTestId('measures-form').waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await p.locator('#measures').fill('已通知东方社区低洼地段12户居民转移至社区避灾点。');
      await p.locator('#peopleMoved').fill('12');
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
      await p.locator('input[type="file"]').setInputFiles({ name: '转移现场.png', mimeType: 'image/png', buffer: png });
      await p
        .locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading):not(.ant-upload-list-item-error)')
        .first()
        .waitFor();
      await p.getByRole('button', { name: /提交反馈/ }).click();
      await p.getByText('措施已反馈，谢谢').waitFor();
      // Opened once more: the report is shown, and can still be corrected while the warning is in force.
      await p.goto(`${server.url}${link}`);
      await p.getByText('陈建国，您好：').waitFor();
      expect(await p.getByTestId('measures-record').textContent()).toContain('已通知东方社区低洼地段12户居民转移至社区避灾点。');
      await p.getByText('补充或修改措施').waitFor();
    } catch (e) {
      await p.screenshot({ path: path.join(ARTIFACTS, `warnings-ack-page-${Date.now()}.png`) }).catch(() => {});
      throw e;
    } finally {
      await phone.close();
    }

    // 6. The officer's board counts the acknowledgement live (no reload), and shows the measures.
    await town.waitForFunction(() => document.querySelector('[data-testid="board-table"] [data-testid="acked"]')?.textContent === '1', undefined, {
      timeout: 15_000,
    });
    await town.getByTestId('board-table').getByRole('button', { name: '石碶街道' }).click();
    const row = town.locator('.ant-drawer .ant-table-row').filter({ hasText: '陈建国' });
    await row.waitFor();
    expect(await row.textContent()).toContain('已确认');
    expect(await row.textContent()).toContain('转移 12 人');
    expect(await row.textContent()).toContain('照片1');
    expect(await row.textContent()).toContain('已写入发件箱（未发出）');

    // 7. The outbox page: what would have been sent to whom, with the link.
    await page.goto(`${server.url}/warnings/outbox?warningId=${warningId}`);
    const out = page.locator('.ant-table-row').filter({ hasText: '陈建国' }).first();
    await out.waitFor();
    expect(await out.textContent()).toContain('相对链接');
    expect(await out.textContent()).toContain('已确认');
  } catch (e) {
    for (const [who, pg] of [
      ['town', town],
      ['leader', leader],
    ] as const)
      await pg.screenshot({ path: path.join(ARTIFACTS, `warnings-${who}-${Date.now()}.png`), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await townCtx.close();
    await leaderCtx.close();
  }
}, 120_000); // the longest flow here: four browsers, a live board and an upload on a shared machine

test('在地图上绘制多边形区域起草预警；叫应策略页显示各级时限', async () => {
  const ctx = await desktopContext(b.browser);
  const page = await ctx.newPage();
  try {
    await signIn(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/warnings/new`);
    await page.locator('#description').fill('高桥镇西部短时强降水，注意防范城市内涝。');
    await page.getByRole('tab', { name: '地图绘制' }).click();
    const map = page.getByTestId('area-map');
    await map.waitFor();
    const box = await map.boundingBox();
    if (!box) throw new Error('map not visible');
    // Three clicks around the centre of the map (高桥镇/集士港镇 lie there at the default view), then close.
    for (const [dx, dy] of [
      [-60, -40],
      [60, -40],
      [0, 60],
    ])
      await map.click({ position: { x: box.width / 2 + dx, y: box.height / 2 + dy } });
    await page.getByRole('button', { name: /完成多边形/ }).click();
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await page.waitForURL(/\/warnings\/[0-9a-f-]{36}$/);
    await page.getByText(/叫应对象预览/).waitFor();
    // Each targeted town is shown with the reason it was targeted.
    await page.getByText('划定区域与其辖区（近似范围）相交').first().waitFor();

    await page.goto(`${server.url}/warnings/settings`);
    await page.getByText('叫应策略（按预警级别）').waitFor();
    expect(await page.getByLabel('red ackMinutes').inputValue()).toBe('5');
    await page.getByText('CAP 预警发送方（推送接入）').waitFor();
    await page.getByText('外部 CAP 预警订阅（拉取）').waitFor();
  } catch (e) {
    await page.screenshot({ path: path.join(ARTIFACTS, `warnings-map-${Date.now()}.png`) }).catch(() => {});
    throw e;
  } finally {
    await ctx.close();
  }
});
