// The duty officer can trust the screen (issue 12), in a real browser: a flood of 设备离线 alarms (dozens of
// devices in one town go silent, plus single silent devices elsewhere) does not bury the severe gas alarms —
// the list puts them on top and the town's offline alarms fold into one group alarm listing its devices —
// and the trend chart of an alarm at lel 31.34 shows 31.34, with the threshold, however it is down-sampled.
import { expect, test } from 'vitest';
import { csrfHeaders } from './fixtures';
import { signIn, withServerAndBrowser } from './harness';

const { server, b } = withServerAndBrowser({ env: { ANLAN_MFA: 'optional' } });

const SHIQI = '330203009';

test('告警洪峰：严重告警排在最前，多设备离线聚合为一条；告警趋势图显示峰值', { timeout: 300_000 }, async () => {
  const { page } = b;
  await signIn(page, server.url, 'admin', server.adminPassword);
  const headers = await csrfHeaders(page, server.url);
  const post = async (url: string, data: unknown) => {
    const res = await page.request.post(`${server.url}${url}`, { headers, data });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  const tree = await (await page.request.get(`${server.url}/api/orgs/tree`)).json();
  const towns: string[] = tree[0].children.filter((c: { kind: string }) => c.kind === 'town').map((c: { code: string }) => c.code);

  await post('/api/monitoring/rules', {
    name: '可燃气体浓度超限',
    deviceType: 'gas',
    metric: 'lel',
    kind: 'threshold',
    op: 'gt',
    threshold: 25,
    hysteresis: 5,
    severity: 'critical',
  });
  // Silent for a minute is offline here (30 in the demo), so the flood comes within the test.
  await post('/api/monitoring/rules', { name: '设备离线', deviceType: 'smoke', kind: 'offline', offlineMinutes: 1, severity: 'low' });
  const device = (id: string, code: string, type: string) =>
    post('/api/monitoring/devices', {
      id,
      name: `${type === 'gas' ? '燃气探测器' : '烟感'} ${id}`,
      type,
      ownerKind: 'place',
      placeName: '测试点位',
      jurisdictionCode: code,
    });
  // 24 silent smoke detectors in 石碶街道 (one group), one silent detector in each of four other towns (single alarms).
  for (let i = 0; i < 24; i++) await device(`SMK-SQ-${i}`, SHIQI, 'smoke');
  for (const code of towns.filter((c) => c !== SHIQI).slice(0, 4)) await device(`SMK-${code}`, code, 'smoke');
  // Two gas detectors that break the threshold (raised before the flood, so by time they would sink).
  const gas = [];
  for (const id of ['GAS-E2E-1', 'GAS-E2E-2']) gas.push({ id, secret: (await device(id, SHIQI, 'gas')).secret as string });
  const now = Date.now();
  const readings = [];
  for (let k = 288; k > 0; k--) readings.push({ ts: now - k * 5 * 60_000, seq: k, metrics: { lel: 1 + (k % 3) * 0.2 } });
  readings.push({ ts: now - 60_000, seq: 1000, metrics: { lel: 31.34 } });
  readings.push({ ts: now - 30_000, seq: 1001, metrics: { lel: 2 } });
  for (const g of gas) {
    const res = await fetch(`${server.url}/api/monitoring/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-device-id': g.id, 'x-device-secret': g.secret },
      body: JSON.stringify({ readings }),
    });
    expect(await res.json()).toMatchObject({ stored: readings.length });
  }

  // The offline sweep runs every minute: wait until the group has formed.
  const deadline = Date.now() + 200_000;
  let groups: { memberCount: number; placeName: string }[] = [];
  while (Date.now() < deadline) {
    groups = await (await page.request.get(`${server.url}/api/monitoring/alarm-groups`)).json();
    const singles = await (await page.request.get(`${server.url}/api/monitoring/alarms?status=open&severity=low`)).json();
    if (groups.length && groups[0].memberCount === 24 && singles.total >= 4) break;
    await new Promise((r) => setTimeout(r, 3000));
  }
  expect(groups).toHaveLength(1);
  expect(groups[0]).toMatchObject({ memberCount: 24, placeName: '石碶街道' });

  await page.goto(`${server.url}/monitoring/alarms`);
  // The header counts every open alarm by level (the group's members included).
  await expect.poll(async () => (await page.getByTestId('count-critical').textContent()) ?? '', { timeout: 15_000 }).toContain('2');
  expect(await page.getByTestId('count-low').textContent()).toContain('28');
  // The group alarm, with its devices.
  const group = page.getByTestId('alarm-groups');
  await group.getByText('镇街 石碶街道：24 台设备离线').waitFor();
  await group.getByText('查看设备').click();
  await group.getByRole('link', { name: '烟感 SMK-SQ-0' }).waitFor();
  // The list: severe first, though the offline alarms are newer; the folded ones are not in it.
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await rows.first().waitFor();
  expect(await rows.count()).toBe(6);
  expect(await rows.nth(0).textContent()).toContain('特别严重');
  expect(await rows.nth(1).textContent()).toContain('特别严重');
  expect(await rows.nth(2).textContent()).toContain('一般');
  // Sorted by time instead (newest first), a severe alarm is no longer first.
  // The sort lives in the address: wait for each click's order to show before the next, or a second click made
  // before the first one re-rendered the header toggles from the old state (ascending again).
  const timeHeader = page.getByRole('columnheader', { name: '首次告警' });
  await timeHeader.click(); // ascending: oldest first
  await expect.poll(() => timeHeader.getAttribute('aria-sort'), { timeout: 15_000 }).toBe('ascending');
  await timeHeader.click(); // descending: newest first
  await expect.poll(() => timeHeader.getAttribute('aria-sort'), { timeout: 15_000 }).toBe('descending');
  await expect.poll(async () => (await rows.nth(0).textContent()) ?? '', { timeout: 15_000 }).toContain('一般');

  // The trend chart of a gas alarm: its peak 31.34 survives down-sampling, with the threshold
  // (trend-max-lel is computed from the series the chart draws: the top of its min–max band).
  await page.goto(`${server.url}/monitoring/alarms`);
  await page.getByRole('link', { name: '燃气探测器 GAS-E2E-1' }).click();
  await page.getByTestId('alarm-peak').waitFor();
  expect(await page.getByTestId('alarm-peak').textContent()).toContain('31.34');
  expect(await page.getByTestId('alarm-peak').textContent()).toContain('阈值 25');
  expect(await page.getByTestId('trend-max-lel').textContent()).toBe('31.34');
});
