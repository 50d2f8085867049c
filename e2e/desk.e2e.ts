// 工作台 end to end: the home page is each person's own desk. The administrator (who also watches alarms) sees
// the critical alarm waiting for triage on top and the hazard to grade, and one click opens the filtered list;
// a town station sees its own town's hazard to grade; an auditor, who works on no module, has nothing to do.
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { csrfHeaders, gasDetector, ingest, type NewUser, userContext } from './fixtures';
import { signIn, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional' } });

/** An account made by the admin, its temporary password changed, and a browser page signed in as it. */
async function personPage(admin: Page, user: NewUser) {
  const password = 'Desk-Haishu-2026!q';
  const page = await (await userContext(b.browser, admin, server.url, user, password)).newPage();
  await signIn(page, server.url, user.username, password);
  return page;
}

test('工作台按角色显示：待研判的严重告警、待定级隐患，审计员无待办', async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);
  const headers = await csrfHeaders(page, server.url);

  // A critical gas alarm in 石碶街道 and a reported hazard there.
  const secret = await gasDetector(page, server.url, 'HS-GAS-DESK1');
  expect((await ingest(server.url, 'HS-GAS-DESK1', secret, { lel: 38 })).stored).toBe(1);
  const hazard = await page.request.post(`${server.url}/api/hazards`, {
    headers,
    data: {
      jurisdictionCode: '330203009',
      location: '石碶街道星光村工业区 8 号',
      title: '消防通道堵塞',
      description: '仓库消防通道堆放货物',
      source: 'inspection',
    },
  });
  expect(hazard.status(), await hazard.text()).toBe(201);

  await page.goto(`${server.url}/`);
  const todos = page.getByTestId('desk-todos');
  await todos.getByText('严重告警待研判').waitFor();
  // The severe alarm is the first thing on the desk.
  expect(await todos.locator('.ant-list-item').first().textContent()).toContain('严重告警待研判');
  const alarms = page.getByTestId('desk-alarms');
  await alarms.getByText('特别严重').waitFor();
  await todos.getByText('待定级隐患').click();
  await page.waitForURL((u) => u.pathname === '/hazards' && u.searchParams.get('state') === 'reported');
  await page.getByText('消防通道堵塞').waitFor();

  // A town station in 石碶街道: the same hazard is theirs to grade.
  const town = await personPage(page, { username: 'desk.sunli', displayName: '孙丽', unitCode: '330203009', roles: ['town_staff'] });
  const townTodos = town.getByTestId('desk-todos');
  await townTodos.getByText('待定级隐患').waitFor();
  expect(await townTodos.getByText('待审批预警').count()).toBe(0);

  // An auditor works on no module: an empty desk that says so, no alarm panel.
  const auditor = await personPage(page, { username: 'desk.shenjie', displayName: '沈洁', unitCode: '330203', roles: ['auditor'] });
  await auditor.getByTestId('desk-todos').getByText('暂无待办事项').waitFor();
  expect(await auditor.getByTestId('desk-alarms').count()).toBe(0);
  await town.context().close();
  await auditor.context().close();
});
