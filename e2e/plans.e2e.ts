// 检查计划 end to end, in Chinese: the bureau draws up this year's routine plan for 石碶街道 and approves it (the plan
// view appears with its counts and chart); a forest fire campaign is created with its targets, approved, an
// activity is recorded in the form and counted against the targets; the plan list on a 390 px phone.
import { expect, test } from 'vitest';
import { choose, clickFirstButton, clickInDialog, fillIn, openFromMenu, signIn, type TestBrowser, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional' } });

async function confirm(page: TestBrowser['page'], button: RegExp) {
  await page.getByRole('button', { name: button }).click();
  await page
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
}

test('编制并审批年度检查计划，查看执行情况；森林防火专项填报活动并统计目标完成', async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);
  const year = new Date().getFullYear();

  await openFromMenu(page, '检查计划', /\/plans/);
  await clickFirstButton(page, /编制计划/);
  await choose(page, '#jurisdictionCode', '石碶', '石碶街道');
  await clickInDialog(page, /保\s*存/);
  await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
  await page.getByText(`${year}年度石碶街道安全生产监督检查计划`).first().waitFor();
  await page.getByText('计划审批后按分级分类监管名录生成检查对象与频次').waitFor();

  await confirm(page, /审批通过/);
  await page.locator('.ant-tag').filter({ hasText: '执行中' }).first().waitFor();
  await page.getByText('各镇街检查对象状态').waitFor();
  await page.getByText(/双随机占比（目标 ≥ 70%）/).waitFor();
  // The lifecycle offers exactly what the server allows: approved and running, it can only be closed.
  expect(await page.getByRole('button', { name: /审批通过/ }).count()).toBe(0);
  await page.getByRole('button', { name: /结束计划/ }).waitFor();
  await page.getByRole('tab', { name: '流转记录' }).click();
  await page.getByText('审批通过').first().waitFor();

  // The forest fire campaign of the district.
  await page.goto(`${server.url}/plans`);
  await clickFirstButton(page, /编制计划/);
  await choose(page, '#kind', '', '专项检查/整治');
  await choose(page, '#campaignKind', '', '森林防火专项检查');
  await page.locator('[id="targets_groups"]').fill('20');
  await page.locator('[id="targets_checkpoints"]').fill('21');
  await page.locator('[id="targets_personTimes"]').fill('500');
  await clickInDialog(page, /保\s*存/);
  await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
  await page.getByText(`${year}年度海曙区森林防火专项检查`).first().waitFor();
  await confirm(page, /审批通过/);
  await page.getByRole('button', { name: /填报活动记录/ }).click();
  const dialog = page.getByRole('dialog');
  await fillIn(dialog, { groupName: '第1督查组', checkpoint: '章水镇杖锡村进山口', personTimes: '26', hazardsFound: '2', hazardsRectified: '3' });
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  // More rectified than found: the server's field error under its input.
  await dialog.getByText('整改隐患数不能多于发现隐患数').waitFor();
  await dialog.locator('#hazardsRectified').fill('2');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('章水镇杖锡村进山口').waitFor();
  await page.getByTestId('metric-personTimes').filter({ hasText: '26' }).waitFor();
  expect(await page.getByTestId('metric-personTimes').textContent()).toContain('26');
  expect(await page.getByTestId('metric-groups').textContent()).toContain('1');
  expect(await page.getByTestId('metric-hazardsFound').textContent()).toContain('2');
});

test('手机上查看计划列表与专项详情', async () => {
  const { page } = b;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.goto(`${server.url}/plans`);
    const card = page.getByTestId('list-card').filter({ hasText: '森林防火' }).first();
    await card.waitFor();
    await card.getByRole('link').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
    await page.getByTestId('metric-personTimes').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(392);
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});
