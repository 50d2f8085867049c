// 安全运行监测 end to end, in Chinese: the admin opens the live screen; a gas detector posts a reading over
// HTTP ingest (with its own device credential) that breaks the threshold; the alarm appears in the live feed
// within a few seconds without a reload; the officer opens it and triages it as a true alarm.
import { expect, test } from 'vitest';
import { gasDetector, ingest } from './fixtures';
import { signIn, withServerAndBrowser } from './harness';

// Second factor optional here: this test is about monitoring; the identity e2e covers TOTP enrolment.
const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional' } });

test('实时监测：可燃气体超限告警实时出现在告警流，值班员研判为真实告警', async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);
  const secret = await gasDetector(page, server.url, 'HS-GAS-E2E1');

  await page.goto(`${server.url}/monitoring`);
  await page.getByText('已连接').waitFor();
  await page.getByTestId('monitoring-map').waitFor();

  // The detector reports 38 %LEL over HTTP ingest with its own credential (no session, no CSRF).
  const sentAt = Date.now();
  expect(await ingest(server.url, 'HS-GAS-E2E1', secret, { lel: 38 })).toMatchObject({ stored: 1 });

  const feed = page.getByTestId('live-feed');
  await feed.getByText('石碶街道菜市场可燃气体探测器').waitFor({ timeout: 5000 });
  expect(Date.now() - sentAt).toBeLessThan(5000);
  await feed.getByText('可燃气体浓度超限：lel=38').waitFor();

  await feed.getByRole('link', { name: '石碶街道菜市场可燃气体探测器' }).click();
  await page.getByText('待研判').first().waitFor();
  await page.getByRole('button', { name: /^研\s?判$/ }).click();
  await page.getByLabel('真实告警').check();
  await page.getByRole('button', { name: /^提\s?交$/ }).click();
  await page.getByText('已研判').first().waitFor();
  await page.getByText('真实告警').first().waitFor();
  await page.getByText('研判', { exact: true }).last().waitFor(); // the timeline entry
});
