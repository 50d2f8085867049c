// 双随机一公开 in a real browser: record a 行政执法证 on the licence page, revoke another with a reason; the
// wizard (filters → pool preview → parameters → the witness's hash) publishes the commitment; the draw is made
// with the witness's secret; verify says it matches; the public page (desktop and a 390 px phone) shows the
// same commitment and its own verification; a drawn officer finds her task on the field page and opens the form on it.
import path from 'node:path';
import { expect, test } from 'vitest';
import { creditCodeCheckChar } from '../shared/registry.ts';
import { ARTIFACTS, signIn, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional' }, readyTimeoutMs: 240_000 });

let seq = 0;
const creditCode = () => {
  const body17 = `91330203MA2D${String(Date.now() + ++seq).slice(-5)}`;
  return body17 + creditCodeCheckChar(body17);
};

test('licences, the draw wizard, the draw, verify and the public page', async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);
  const { csrfToken } = await (await page.request.get(`${server.url}/api/auth/me`)).json();
  const post = async (url: string, data: object) => {
    const res = await page.request.post(`${server.url}${url}`, { headers: { 'x-csrf-token': csrfToken }, data });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  for (const [name, town] of [
    ['宁波海曙甬江化工有限公司', '330203009'],
    ['宁波石碶精细化工有限公司', '330203009'],
    ['宁波高桥化学试剂有限公司', '330203100'],
    ['宁波高桥涂料有限公司', '330203100'],
  ])
    await post('/api/registry/enterprises', { creditCode: creditCode(), name, townCode: town, address: `${name}厂区`, categories: ['hazchem'] });
  const officers: { id: string; name: string; username: string; password: string }[] = [];
  for (const [username, displayName, unitCode] of [
    ['e2e_jf1', '李建国', '330203'],
    ['e2e_jf2', '张海燕', '330203'],
    ['e2e_jf3', '孙立新', '330203009'],
    ['e2e_jf4', '周建华', '330203100'],
    ['e2e_jf5', '何丽萍', '330203'],
  ]) {
    const u = await post('/api/admin/users', { username, displayName, unitCode, roles: ['enforcement_officer'] });
    officers.push({ id: u.user.id, name: displayName, username, password: u.temporaryPassword });
  }
  for (const [i, o] of officers.slice(1).entries())
    await post('/api/enforcement/licences', {
      userId: o.id,
      number: `浙甬海E2E${i}`,
      issuer: '宁波市海曙区人民政府',
      unitCode: i === 1 ? '330203009' : i === 2 ? '330203100' : '330203',
      validFrom: '2025-01-01',
      validUntil: '2029-12-31',
    });

  // 行政执法证 page: record 李建国's licence through the form, revoke 何丽萍's with a reason.
  await page.goto(`${server.url}/draws/licences`);
  await page.getByText('张海燕').waitFor();
  await page.getByTestId('new-licence').click();
  await page.locator('#userId').click();
  await page.locator('#userId').fill('李建国');
  await page.locator('.ant-select-item-option', { hasText: '李建国' }).click();
  await page.locator('#number').fill('浙甬海E2E-LJG');
  await page.locator('#valid').click();
  await page.locator('#valid').fill('2025-01-01');
  await page.locator('.ant-picker-range input').nth(1).fill('2029-12-31');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('浙甬海E2E-LJG').waitFor();
  await page
    .getByRole('row', { name: /何丽萍/ })
    .getByRole('button', { name: /注\s*销/ })
    .click();
  await page.locator('#reason').fill('调离执法岗位');
  await page
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /注\s*销/ })
    .click();
  await page
    .getByRole('row', { name: /何丽萍/ })
    .getByText('已注销')
    .waitFor();

  // The wizard.
  await page.goto(`${server.url}/draws/new`);
  await page.locator('#title').fill('2026年第三季度危险化学品企业“双随机”抽查');
  await page.locator('#categories').click();
  await page.locator('.ant-select-item-option', { hasText: '危险化学品' }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('to-preview').click();
  await page.getByText('检查对象名录', { exact: true }).waitFor();
  await page.getByText('持证执法人员', { exact: true }).waitFor();
  expect(await page.locator('.ant-statistic-content-value').first().textContent()).toBe('4');
  await page.getByTestId('to-params').click();
  await page.locator('#entityCount').fill('2');
  await page.getByTestId('to-commit').click();
  await page.locator('#witnessName').fill('区纪委监委派驻纪检组 张敏');
  await page.getByRole('button', { name: '在本设备生成随机数' }).click();
  const secret = await page.locator('#secret').inputValue();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  await page.getByTestId('commit').click();
  await page.waitForURL(/\/draws\/[0-9a-f-]{36}$/);
  const drawId = new URL(page.url()).pathname.split('/').pop();
  const commitment = await page.getByTestId('commitment-1').textContent();
  expect(commitment).toMatch(/^[0-9a-f]{64}$/);
  await page.getByText('已公示承诺，待抽取').first().waitFor();

  // The draw, with the witness's secret.
  await page.getByTestId('action-draw').click();
  await page.locator('#witnessSecret').fill(secret);
  await page
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /抽\s*取/ })
    .click();
  await page.getByTestId('seed-1').waitFor();
  expect(await page.getByTestId('seed-1').textContent()).toMatch(/^[0-9a-f]{64}$/);
  await expect.poll(() => page.getByTestId('round-1').locator('.ant-table-tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(2);
  expect(await page.getByTestId('round-1').textContent()).not.toContain('何丽萍'); // revoked: not in the pool
  await page.getByTestId('verify').click();
  await page.getByTestId('verify-result').getByText('验证通过').waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'draws-detail-1440.png'), fullPage: true });

  // The public page: the same commitment, its own verification; and on a phone.
  const code = (
    await page
      .locator('.ant-tag', { hasText: /^SJ-\d{4}-\d+$/ })
      .first()
      .textContent()
  )?.trim();
  await page.goto(`${server.url}/public/draws/${code}`);
  expect(await page.getByTestId('public-commitment-1').textContent()).toBe(commitment);
  await page.getByTestId('public-verify').click();
  await page.getByTestId('verify-result').getByText('验证通过').waitFor();
  await page.getByText(/完全一致/).waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.getByTestId('public-commitment-1').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'draws-public-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  // A drawn officer finds her task on the field page (我的双随机任务) and opens the form on it, its enterprise chosen.
  const detail = await (await page.request.get(`${server.url}/api/draws/${drawId}`)).json();
  const task = detail.rounds[0].tasks[0] as { id: string; enterpriseName: string; inspectors: { userId: string }[] };
  const drawn = officers.find((o) => o.id === task.inspectors[0].userId);
  expect(drawn).toBeDefined();
  await b.context.clearCookies();
  await signIn(page, server.url, drawn?.username ?? '', drawn?.password ?? '');
  await page.goto(`${server.url}/inspections/field`);
  const mine = page.getByTestId(`my-task-${task.id}`);
  await mine.getByText(task.enterpriseName).waitFor();
  // The card at both sizes: on a phone its rows wrap, nothing runs off the page.
  await page.getByTestId('my-draw-tasks').screenshot({ path: path.join(ARTIFACTS, 'draws-my-tasks-1440.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await mine.getByText(task.enterpriseName).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'draws-my-tasks-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await mine.getByRole('button', { name: /开始检查/ }).click();
  await page.waitForURL(/drawTask=/);
  await page.locator('.ant-card').filter({ hasText: '开始现场检查' }).getByText(task.enterpriseName, { exact: true }).waitFor();
}, 240_000);
