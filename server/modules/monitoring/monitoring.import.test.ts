// Device import from .xlsx, per-device rule overrides, and what the demo seed makes (its time: bench/startup.ts).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFieldError, type TestApp, testApp, userSession } from '../../test/helpers.ts';
import { IMPORT_COLUMNS } from './monitoring.import.ts';
import { ingestorOf } from './monitoring.runtime.ts';
import { seedMonitoring } from './monitoring.seed.ts';

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('设备');
  ws.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('device import, overrides, demo seed', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof userSession>>;
  beforeAll(async () => {
    t = await testApp();
    admin = await userSession(t, { roles: ['district_admin'] });
  });
  afterAll(async () => {
    await ingestorOf(t.deps).stop();
    await t.dispose();
  });

  it('imports devices from .xlsx; a bad row is rejected naming the row and column, nothing created', async () => {
    const bad = await xlsx([
      ['HS-SMK-7001', '菜市场烟感', '烟感', '场所/点位', '', '', '石碶菜市场', 121.5, 29.83, '330203009', '2025-03-01'],
      ['HS-SMK-7002', '仓库烟感', '激光', '场所/点位', '', '', '仓库', 121.5, 29.83, '330203009', ''],
    ]);
    const r1 = await t.app.inject({ method: 'POST', url: '/api/monitoring/devices/import', headers: admin.headers, payload: { fileBase64: bad } });
    expectFieldError(r1, 'rows[3].设备类型');
    expect(await t.deps.db.selectFrom('monitoring_devices').select('id').where('id', '=', 'HS-SMK-7001').executeTakeFirst()).toBeUndefined();
    const good = await xlsx([
      ['HS-SMK-7001', '菜市场烟感', '烟感', '场所/点位', '', '', '石碶菜市场', 121.5, 29.83, '330203009', '2025-03-01'],
      ['HS-WL-7002', '南塘河水位站', 'water_level', 'place', '', '', '南塘河', 121.52, 29.86, '330203009', ''],
    ]);
    const r2 = await t.app.inject({ method: 'POST', url: '/api/monitoring/devices/import', headers: admin.headers, payload: { fileBase64: good } });
    expect(r2.statusCode, r2.body).toBe(200);
    expect(r2.json().created).toBe(2);
    expect(r2.json().devices[0].secret).toMatch(/^[\w-]{20,}$/);
    const notXlsx = await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/devices/import',
      headers: admin.headers,
      payload: { fileBase64: Buffer.from('hello').toString('base64') },
    });
    expectFieldError(notXlsx, 'body.fileBase64');
  });

  it('a device rule can override its type rule (a higher threshold for one smoky kitchen)', async () => {
    const type = await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/rules',
      headers: admin.headers,
      payload: { name: '烟雾浓度超限', deviceType: 'smoke', metric: 'smoke', kind: 'threshold', op: 'gt', threshold: 0.2, severity: 'critical' },
    });
    const noThreshold = await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/rules',
      headers: admin.headers,
      payload: { name: '缺阈值', deviceType: 'smoke', metric: 'smoke', kind: 'threshold', op: 'gt', severity: 'low' },
    });
    expectFieldError(noThreshold, 'body.threshold');
    const over = await t.app.inject({
      method: 'POST',
      url: '/api/monitoring/rules',
      headers: admin.headers,
      payload: {
        name: '后厨烟雾（放宽）',
        deviceId: 'HS-SMK-7001',
        overrides: type.json().id,
        metric: 'smoke',
        kind: 'threshold',
        op: 'gt',
        threshold: 0.5,
        severity: 'high',
      },
    });
    expect(over.statusCode, over.body).toBe(201);
    const ing = ingestorOf(t.deps);
    ing.invalidate();
    const now = t.clock.now().getTime();
    await ing.submitRaw({ deviceId: 'HS-SMK-7001', ts: now - 2000, seq: 1, metrics: { smoke: 0.3 } });
    expect(await t.deps.db.selectFrom('monitoring_alarms').select('id').where('device_id', '=', 'HS-SMK-7001').execute()).toHaveLength(0);
    await ing.submitRaw({ deviceId: 'HS-SMK-7001', ts: now - 1000, seq: 2, metrics: { smoke: 0.6 } });
    const a = await t.deps.db.selectFrom('monitoring_alarms').select(['rule_id', 'severity']).where('device_id', '=', 'HS-SMK-7001').execute();
    expect(a).toEqual([{ rule_id: over.json().id, severity: 'high' }]);
  });

  it('the demo seed makes devices, a day of readings, genuine alarms and a roster', async () => {
    await userSession(t, { roles: ['duty_officer'], unit: '330203D01' });
    await userSession(t, { roles: ['duty_leader'], unit: '330203D01' });
    await t.deps.db.deleteFrom('history').where('aggregate', '=', 'monitoring.alarm').execute();
    await t.deps.db.deleteFrom('monitoring_alarms').execute();
    await t.deps.db.deleteFrom('monitoring_rules').execute();
    await t.deps.db.deleteFrom('monitoring_readings').execute();
    await t.deps.db.deleteFrom('monitoring_devices').execute();
    await seedMonitoring(t.deps, () => {});
    const n = async (table: 'monitoring_devices' | 'monitoring_readings' | 'monitoring_alarms' | 'monitoring_duty_shifts') =>
      Number(
        (
          await t.deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await n('monitoring_devices')).toBeGreaterThan(150);
    expect(await n('monitoring_readings')).toBeGreaterThan(10_000);
    expect(await n('monitoring_alarms')).toBeGreaterThan(3);
    expect(await n('monitoring_duty_shifts')).toBe(7);
  });
});
