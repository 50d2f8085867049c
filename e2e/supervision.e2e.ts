// 监管清单 end to end, in Chinese: an administrator drafts a checklist (items from the criteria catalogue and a
// free one), publishes it (frozen: no edit buttons), drafts and publishes the supervision-item list, and a
// member of the public reads the items on a phone without an account.
import { expect, test } from 'vitest';
import { signIn, type TestBrowser, type TestServer, withServerAndBrowser } from './harness';

let server: TestServer;
let b: TestBrowser;

withServerAndBrowser({ env: { ANLAN_MFA: 'optional' } }, (s, browser) => {
  server = s;
  b = browser;
});

test('检查表草稿 → 加入判定标准条款与自定义检查项 → 发布；检查事项清单发布后公众可查', async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);

  await page.getByRole('menu').getByText('监管清单').click();
  await page.waitForURL(/\/supervision/);
  await page
    .getByRole('tab', { name: '检查表' })
    .or(page.getByText('检查表', { exact: true }))
    .first()
    .click();
  await page.waitForURL(/\/supervision\/checklists/);
  await page.getByRole('button', { name: '新建检查表' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.locator('#name').fill('工贸企业有限空间作业检查表');
  await dialog.locator('#industry').fill('工贸行业');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await page.waitForURL(/\/supervision\/checklists\/[0-9a-f-]{36}$/);
  await page.getByText('草稿').first().waitFor();

  // From the criteria catalogue: clause M-2 (特种作业人员…), a failure is a major hazard.
  await page.getByRole('button', { name: '从判定标准加入' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByRole('row').filter({ hasText: 'M-2' }).locator('input[type="checkbox"]').check();
  await dialog.getByRole('button', { name: /加\s*入/ }).click();
  await page.getByText('特种作业人员未按照规定经专门的安全作业培训').first().waitFor();

  await page.getByRole('button', { name: '新增检查项' }).click();
  dialog = page.getByRole('dialog');
  await dialog.locator('#content').fill('有限空间作业前进行气体检测并设专人监护');
  await dialog.locator('#basis').fill('《工贸企业有限空间作业安全规定》第十三条');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('有限空间作业前进行气体检测并设专人监护').waitFor();

  await page.getByRole('button', { name: /^发\s*布$/ }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByText('发布后该版本内容冻结').waitFor();
  await dialog.getByRole('button', { name: /^发\s*布$/ }).click();
  await page.getByText('现行').first().waitFor();
  // Frozen: no add or edit buttons on the published version.
  expect(await page.getByRole('button', { name: '新增检查项' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: '修改', exact: true }).count()).toBe(0);
  await page.getByRole('button', { name: '新建草稿版本' }).waitFor();

  // The supervision-item list: a draft, one item, published.
  await page.goto(`${server.url}/supervision/items`);
  await page.getByRole('button', { name: '新建草稿版本' }).click();
  await page.getByRole('button', { name: '新增检查事项' }).first().click();
  dialog = page.getByRole('dialog');
  await dialog.locator('#code').fill('JC-001');
  await dialog.locator('#name').fill('安全生产责任制建立和落实情况');
  await dialog.locator('#subject').fill('辖区生产经营单位');
  await dialog.locator('#basis').fill('《中华人民共和国安全生产法》第四条、第二十二条');
  await dialog.locator('#frequency').fill('按分级分类频次');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('安全生产责任制建立和落实情况').waitFor();
  await page.getByRole('button', { name: /^发\s*布$/ }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /^发\s*布$/ }).click();
  await page.getByText('现行').first().waitFor();

  // The public page, on a phone, without an account.
  const phone = await b.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    const p = await phone.newPage();
    await p.goto(`${server.url}/public/supervision-items`);
    await p.getByText('安全生产行政检查事项清单').waitFor();
    await p.getByTestId('public-item').first().waitFor();
    expect(await p.getByTestId('public-item').first().textContent()).toContain('安全生产责任制建立和落实情况');
    expect(await p.getByText('海曙区应急管理局').count()).toBeGreaterThan(0);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    await phone.close();
  }
});
