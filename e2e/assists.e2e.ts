// 乡呼县应 end to end, in Chinese: 石碶街道's station opens one of its cases and asks the district for joint
// enforcement (请求区级支援); the administrator (the district) accepts, assigns the fire brigade as the lead unit
// with two licensed officers and reports the work done; the town confirms the closure. The town's list works on
// a 390 px phone (cards, no sideways scrolling).
import { expect, test } from 'vitest';
import { csrfHeaders, userContext } from './fixtures';
import { choose, signIn, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional' } });

const ok = async (page: import('playwright-core').Page) => {
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定/ })
    .click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
};

test('镇街请求区级支援 → 区级受理并指派 → 报告完成 → 镇街确认办结', async () => {
  const admin = b.page;
  await signIn(admin, server.url, 'admin', server.adminPassword);
  const headers = await csrfHeaders(admin, server.url);
  // Licensed officers: two of 石碶街道 (the case team) and two of the bureau (the district's assignment).
  const officers: Record<string, string> = {};
  for (const [username, name, unit, licenceUnit] of [
    ['as.town1', '陈立新', '330203009', '330203009'],
    ['as.town2', '王晓燕', '330203009', '330203009'],
    ['as.dist1', '徐建军', '330203D01', '330203'],
    ['as.dist2', '周敏', '330203D01', '330203'],
  ]) {
    const u = await admin.request.post(`${server.url}/api/admin/users`, {
      headers,
      data: { username, displayName: name, unitCode: unit, roles: ['enforcement_officer'] },
    });
    expect(u.status(), await u.text()).toBe(201);
    officers[username] = (await u.json()).user.id;
    const lic = await admin.request.post(`${server.url}/api/enforcement/licences`, {
      headers,
      data: {
        userId: officers[username],
        number: `浙甬海AS${username.slice(-5)}`,
        issuer: '宁波市海曙区人民政府',
        unitCode: licenceUnit,
        validFrom: '2025-01-01',
        validUntil: '2030-12-31',
      },
    });
    expect(lic.status(), await lic.text()).toBe(201);
  }
  const filed = await admin.request.post(`${server.url}/api/cases`, {
    headers,
    data: {
      title: '恒达机械出租厂房违规住人案',
      cause: '未采取措施消除事故隐患',
      source: 'inspection',
      jurisdictionCode: '330203009',
      officerIds: [officers['as.town1'], officers['as.town2']],
      parties: [
        {
          kind: 'unit',
          name: '宁波市海曙区恒达机械有限公司',
          violation: '未采取措施消除事故隐患',
          article: '安全生产法第四十一条',
          penaltyArticle: '安全生产法第一百零二条',
          level: 'general',
          penaltyKind: 'warning',
        },
      ],
    },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const caseId = (await filed.json()).id;

  // The town station asks from its case's page.
  const password = 'Assist-Haishu-2026!q';
  const town = await (
    await userContext(b.browser, admin, server.url, { username: 'shiqi.sun', displayName: '孙丽', unitCode: '330203009', roles: ['town_staff'] }, password)
  ).newPage();
  await signIn(town, server.url, 'shiqi.sun', password);
  await town.goto(`${server.url}/cases/${caseId}`);
  await town.getByRole('button', { name: '请求区级支援' }).click();
  await town.waitForURL(/\/assists\/new\?caseId=/);
  await town
    .getByText(/恒达机械出租厂房违规住人案/)
    .first()
    .waitFor();
  await town.getByLabel('联合执法').check();
  await town.locator('#reason').fill('出租厂房内多家企业违规住人、电气线路私拉乱接，需消防、住建联合执法');
  await town.getByRole('button', { name: /保\s*存/ }).click();
  await town.waitForURL(/\/assists\/[0-9a-f-]{36}$/);
  const url = town.url();
  await town.getByText('待区级响应').first().waitFor();
  await town.getByRole('button', { name: '撤回请求' }).waitFor();
  expect(await town.getByRole('button', { name: /^受\s*理$/ }).count()).toBe(0);

  // The district answers, assigns and reports.
  await admin.goto(url);
  await admin.getByRole('button', { name: /^受\s*理$/ }).click();
  await ok(admin);
  await admin.getByText('已受理').first().waitFor();
  await admin.getByRole('button', { name: '指派牵头单位和人员' }).click();
  await choose(admin, '#leadUnitCode', '消防', '海曙区消防救援大队');
  await choose(admin, '#officerIds', '徐建军', '徐建军');
  await choose(admin, '#officerIds', '周敏', '周敏');
  await admin.keyboard.press('Escape');
  await ok(admin);
  await admin.getByText('处置中').first().waitFor();
  await admin.getByText('海曙区消防救援大队').first().waitFor();
  await admin.getByRole('button', { name: '报告处置完成' }).click();
  await admin.getByRole('dialog').locator('#summary').fill('已会同消防、住建完成联合检查，违规住人已清退');
  await ok(admin);
  await admin.getByText('待镇街确认').first().waitFor();
  expect(await admin.getByRole('button', { name: '确认办结' }).count()).toBe(0);

  // The town confirms; the timeline tells the story.
  await town.reload();
  await town.getByRole('button', { name: '确认办结' }).click();
  await ok(town);
  await town.getByText('已办结').first().waitFor();
  for (const step of ['提出请求', '受理', '指派牵头单位和人员', '报告处置完成', '确认办结']) await town.getByText(step, { exact: true }).first().waitFor();

  // On a phone the list is cards and nothing scrolls sideways.
  await town.setViewportSize({ width: 390, height: 844 });
  await town.goto(`${server.url}/assists`);
  await town
    .getByText(/恒达机械出租厂房违规住人案/)
    .first()
    .waitFor();
  expect(await town.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}, 240_000);
