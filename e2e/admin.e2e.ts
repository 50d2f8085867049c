// 系统管理 and 审计 end to end: the bootstrap admin binds an authenticator at first sign-in, creates a town
// user in 石碶街道, finds them in the list, and sees the user.create row in the audit trail.
import { expect, test } from 'vitest';
import { signIn, withServerAndBrowser } from './harness';

let temporaryPassword = '';

const { server, b } = withServerAndBrowser({});

test('admin enrols TOTP, creates a 石碶街道 town user, and the audit trail shows it', async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);

  await page.getByRole('menu').getByText('系统管理').click();
  await page.waitForURL(/\/admin\/users/);
  await page.getByRole('button', { name: /新建用户/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#username').fill('shiqi.wangfang');
  await dialog.locator('#displayName').fill('王芳');
  await dialog.locator('#unitCode').click();
  await page.keyboard.type('石碶');
  await page.locator('.ant-select-tree-node-content-wrapper[title="石碶街道"]').click();
  await dialog.locator('#roles').click();
  await page.keyboard.type('镇街');
  await page.locator('.ant-select-item-option[title="镇街应急消防管理站"], .ant-select-item-option').filter({ hasText: '镇街应急消防管理站' }).first().click();
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();

  const created = page.getByTestId('temp-password');
  await created.waitFor();
  const temp = (await created.evaluate((el) => el.firstChild?.textContent ?? '')).trim();
  expect(temp).toHaveLength(16);
  temporaryPassword = temp;
  await page.getByRole('button', { name: /知道了|OK|确\s*定/ }).click();

  await page.getByPlaceholder('用户名、姓名或手机号').fill('wangfang');
  await page.getByPlaceholder('用户名、姓名或手机号').press('Enter');
  const row = page.locator('.ant-table-row').filter({ hasText: 'shiqi.wangfang' });
  await row.waitFor();
  expect(await row.textContent()).toContain('石碶街道');
  expect(await row.textContent()).toContain('镇街应急消防管理站');
  expect(await row.textContent()).toContain('待改密');

  await page.getByRole('menu').getByText('审计').click();
  await page.waitForURL(/\/audit/);
  const auditRow = page.locator('.ant-table-row').filter({ hasText: 'user.create' }).filter({ hasText: '新建用户' }).first();
  await auditRow.waitFor();
  expect(await auditRow.textContent()).toContain('admin');
  await auditRow.click();
  const drawer = page.getByRole('dialog');
  await drawer.getByText('变更前后对比').waitFor();
  await drawer.getByText('shiqi.wangfang').first().waitFor();
  await drawer.getByText('330203009').first().waitFor();
  // The row names the resource: the user created, by name.
  expect(await auditRow.textContent()).toContain('用户 · 王芳');
  await page.keyboard.press('Escape');

  // An API token for her: the scopes are picked by name from what she holds (a town user may not manage users).
  await page.goto(`${server.url}/admin/tokens`);
  await page.getByRole('button', { name: /新建令牌/ }).click();
  const tokenDialog = page.getByRole('dialog').filter({ hasText: '新建 API 令牌' });
  await tokenDialog.locator('#userId').click();
  await page.keyboard.type('wangfang');
  await page.locator('.ant-select-item-option').filter({ hasText: 'shiqi.wangfang' }).first().click();
  await tokenDialog.locator('#name').fill('石碶街道传感器网关');
  await tokenDialog.locator('#scopes').click();
  await page.keyboard.type('隐患');
  const node = page.locator('.ant-select-tree-node-content-wrapper[title="隐患·查看（hazard:read）"]');
  await node.waitFor();
  await node.click();
  await page.keyboard.type('用户');
  await page.waitForTimeout(300);
  expect(await page.locator('.ant-select-tree-node-content-wrapper[title="用户·编辑（user:write）"]').count()).toBe(0);
  await page.keyboard.press('Escape');
  await tokenDialog.getByRole('button', { name: /创\s*建/ }).click();
  await page.getByTestId('token-secret').waitFor();
  await page.getByRole('button', { name: /知道了|OK|确\s*定/ }).click();
  const tokenRow = page.locator('.ant-table-row').filter({ hasText: '石碶街道传感器网关' });
  await tokenRow.waitFor();
  expect(await tokenRow.textContent()).toContain('隐患·查看');
});

test('the new town user changes the temporary password and binds an authenticator at first sign-in', async () => {
  expect(temporaryPassword).not.toBe('');
  const { page, context } = b;
  await context.clearCookies();
  await page.goto(`${server.url}/login`);
  await signIn(page, server.url, 'shiqi.wangfang', temporaryPassword);
  const menu = page.getByRole('menu');
  await menu.getByText('隐患治理').waitFor();
  expect(await menu.getByText('系统管理').count()).toBe(0);
  expect(await menu.getByText('审计').count()).toBe(0);
  await page.getByTestId('current-user').getByText('王芳').waitFor();
});
