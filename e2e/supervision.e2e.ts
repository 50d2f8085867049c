// 监管清单 end to end, in Chinese: an administrator drafts a checklist (items from the criteria catalogue and a
// free one), publishes it (frozen: no edit buttons), drafts and publishes the supervision-item list, and a
// member of the public reads the items on a phone without an account.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { phoneContext } from './fixtures';
import { fillIn, openFromMenu, signIn, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional' } });

/** Publish the version on the page (its dialog showing `notice` first, if given); the version's tag then says 现行. */
async function publish(page: Page, notice?: string) {
  await page.getByRole('button', { name: /^发\s*布$/ }).click();
  const dialog = page.getByRole('dialog');
  if (notice) await dialog.getByText(notice).waitFor();
  await dialog.getByRole('button', { name: /^发\s*布$/ }).click();
  await page
    .locator('.ant-tag')
    .filter({ hasText: /^现行$/ })
    .first()
    .waitFor();
}

test('检查表草稿 → 加入判定标准条款与自定义检查项 → 发布；检查事项清单发布后公众可查', async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);

  await openFromMenu(page, '监管清单', /\/supervision/);
  await page
    .getByRole('tab', { name: '检查表' })
    .or(page.getByText('检查表', { exact: true }))
    .first()
    .click();
  await page.waitForURL(/\/supervision\/checklists/);
  await page.getByRole('button', { name: '新建检查表' }).click();
  let dialog = page.getByRole('dialog');
  await fillIn(dialog, { name: '工贸企业有限空间作业检查表', industry: '工贸行业' });
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
  await fillIn(dialog, { content: '有限空间作业前进行气体检测并设专人监护', basis: '《工贸企业有限空间作业安全规定》第十三条' });
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('有限空间作业前进行气体检测并设专人监护').waitFor();

  await publish(page, '发布后该版本内容冻结');
  // Published: the version's tag says 现行 and a new draft may be started; the frozen version has no add or edit buttons.
  await page.getByRole('button', { name: '新建草稿版本' }).waitFor();
  expect(await page.getByRole('button', { name: '新增检查项' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: '修改', exact: true }).count()).toBe(0);

  // The supervision-item list: a draft, one item, published.
  await page.goto(`${server.url}/supervision/items`);
  await page.getByRole('button', { name: '新建草稿版本' }).click();
  await page.getByRole('button', { name: '新增检查事项' }).first().click();
  dialog = page.getByRole('dialog');
  await fillIn(dialog, {
    code: 'JC-001',
    name: '安全生产责任制建立和落实情况',
    subject: '辖区生产经营单位',
    basis: '《中华人民共和国安全生产法》第四条、第二十二条',
    frequency: '按分级分类频次',
  });
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('安全生产责任制建立和落实情况').waitFor();
  await publish(page);

  // The public page, on a phone, without an account.
  const phone = await phoneContext(b.browser);
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
