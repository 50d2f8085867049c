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
