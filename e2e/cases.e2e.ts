// 执法案件 end to end, in Chinese: an administrator files a case with two parties (一案双罚: the unit and its
// principal) and a team of two licensed officers, approves the filing (not being on the team), goes to 告知, and
// finds the numbered 行政处罚告知书 in the case file and downloads it; the working-day calendar shows the 2026
// Spring Festival.
import { expect, test } from 'vitest';
import { choose, clickFirstButton, clickInDialog, openFromMenu, seeText, signIn, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional' } });

test('立案（两名当事人）→ 批准立案 → 告知，案件详情中可见并下载行政处罚告知书', async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);
  const { csrfToken } = await (await page.request.get(`${server.url}/api/auth/me`)).json();
  const headers = { 'x-csrf-token': csrfToken };
  // Two officers of 石碶街道 with valid 行政执法证 (行政处罚法 §42).
  for (const [username, name, number] of [
    ['shiqi.chen', '陈立新', '浙甬海E2E01'],
    ['shiqi.wang', '王晓燕', '浙甬海E2E02'],
  ]) {
    const u = await page.request.post(`${server.url}/api/admin/users`, {
      headers,
      data: { username, displayName: name, unitCode: '330203009', roles: ['enforcement_officer'] },
    });
    expect(u.status(), await u.text()).toBe(201);
    const lic = await page.request.post(`${server.url}/api/enforcement/licences`, {
      headers,
      data: {
        userId: (await u.json()).user.id,
        number,
        issuer: '宁波市海曙区人民政府',
        unitCode: '330203009',
        validFrom: '2025-01-01',
        validUntil: '2030-12-31',
      },
    });
    expect(lic.status(), await lic.text()).toBe(201);
  }

  await openFromMenu(page, '执法案件', /\/cases/);
  await clickFirstButton(page, /立案申请/);
  await page.waitForURL(/\/cases\/new/);
  await page.locator('#title').fill('恒达机械未进行安全生产教育培训案');
  await page.locator('#cause').fill('未按规定对从业人员进行安全生产教育和培训');
  await choose(page, '#jurisdictionCode', '石碶', '石碶街道');
  await choose(page, '#officerIds', '陈立新', '陈立新');
  await choose(page, '#officerIds', '王晓燕', '王晓燕');
  await page.keyboard.press('Escape');
  await page.locator('#parties_0_name').fill('宁波市海曙区恒达机械有限公司');
  await page.locator('#parties_0_violation').fill('未按规定对从业人员进行安全生产教育和培训');
  await page.locator('#parties_0_article').fill('安全生产法第二十八条');
  await page.locator('#parties_0_penaltyArticle').fill('安全生产法第九十七条');
  // The discretion standard suggests the range for §97 / unit / 一般.
  await page.getByText(/裁量基准：.*30000–70000 元/).waitFor();
  await page.locator('#parties_0_fineYuan').fill('50000');
  await page.getByRole('button', { name: /添加当事人/ }).click();
  await page.locator('#parties_1_name').fill('胡国强');
  await page.locator('#parties_1_role').fill('主要负责人');
  await page.locator('#parties_1_violation').fill('主要负责人未履行安全生产管理职责');
  await page.locator('#parties_1_article').fill('安全生产法第二十一条');
  await page.locator('#parties_1_penaltyArticle').fill('安全生产法第九十四条');
  await page.locator('#parties_1_fineYuan').fill('30000');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);

  await page.getByText('立案审批').first().waitFor();
  await page.getByText('宁波市海曙区恒达机械有限公司').first().waitFor();
  await page.getByText('胡国强（个人·主要负责人）').waitFor();
  await page.getByRole('button', { name: '批准立案' }).click();
  await clickInDialog(page, /确\s*定/);
  await seeText(page, '调查取证');
  await seeText(page, /海应急立〔\d{4}〕\d+号/);

  // While investigating, the parties are edited in the case file (set_parties): the principal's fine changes.
  await page.getByRole('button', { name: '修改当事人' }).click();
  const parties = page.getByRole('dialog');
  await parties.locator('#parties_1_fineYuan').fill('40000');
  await parties.getByRole('button', { name: /确\s*定/ }).click();
  await parties.waitFor({ state: 'hidden' });
  await page.getByText(/罚款 40,000\.00 元/).waitFor();

  await page.getByRole('button', { name: /告知（行政处罚告知书）/ }).click();
  await page.getByRole('dialog').locator('#facts').fill('经查，该公司 2026 年新入职 12 名员工未经安全生产教育和培训即上岗作业。');
  await clickInDialog(page, /确\s*定/);
  await seeText(page, '已告知');
  await seeText(page, /海应急告〔\d{4}〕\d+号/);
  await page.getByText('陈述申辩期').waitFor();
  const row = page.getByRole('row').filter({ hasText: '行政处罚告知书' });
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /下载/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/行政处罚告知书.*海应急告〔\d{4}〕\d+号\.docx$/);

  // The calendar page marks the 2026 Spring Festival.
  await page.goto(`${server.url}/cases/calendar`);
  await page.getByText('工作日历').first().waitFor();
}, 180_000);

test('监管执法看板：镇街并列、无数据的图表显示暂无数据，1440 与 390 像素都不溢出', async () => {
  const { page } = b;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${server.url}/cases/dashboard`);
  await page.getByText(/监管执法看板（\d{4} 年）/).waitFor();
  // The case filed above counts for 石碶街道; every town has its row, by name.
  const shiqi = page.getByRole('row').filter({ hasText: '石碶街道' });
  await shiqi.waitFor();
  await page.getByRole('row').filter({ hasText: '高桥镇' }).waitFor();
  expect(await shiqi.getByRole('cell').nth(6).textContent()).toBe('1');
  // No plan and no inspection yet: those charts say so instead of drawing zeros; the causes chart draws.
  const card = (title: RegExp) => page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: title }) });
  const noData = (title: RegExp) => card(title).locator('.ant-empty-description', { hasText: '暂无数据' }).waitFor();
  await noData(/计划完成率/);
  await noData(/每次执法检查发现问题数/);
  await card(/立案案由/)
    .locator('canvas')
    .first()
    .waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // One town picked, then a phone.
  await choose(page, '[aria-label="镇街"]', '石碶', '石碶街道');
  await page.waitForURL(/town=330203009/);
  await page.getByRole('row').filter({ hasText: '高桥镇' }).waitFor({ state: 'detached' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByText('立案（件）').waitFor();
  // The charts follow their card's new width (a resize observer): the page settles without a sideways scroll.
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await expect.poll(overflow, { timeout: 5000 }).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1440, height: 900 });
}, 120_000);
