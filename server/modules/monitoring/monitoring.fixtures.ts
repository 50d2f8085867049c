// Test fixtures: a real alarm row (device, type rule, alarm) without running ingest, for other modules' tests; and
// the app the monitoring suites start from (monitoring.test.ts, monitoring.flood.test.ts).
import { v7 } from 'uuid';
import type { Deps } from '../../platform/context.ts';
import * as make from '../../test/factories.ts';
import { type TestApp, testApp, type UserSession, userSession } from '../../test/helpers.ts';
import { ingestorOf } from './monitoring.runtime.ts';

/** Insert a raised alarm located in `jurisdictionCode` (optionally of an enterprise's device), with its device and device rule. */
export async function insertAlarm(
  deps: Deps,
  at: { jurisdictionCode: string; enterpriseId?: string | null },
): Promise<{ id: string; deviceId: string; ruleId: string }> {
  const now = deps.clock.now();
  const deviceId = `FX-${v7().slice(-12)}`;
  const ruleId = v7();
  const id = v7();
  await deps.db
    .insertInto('monitoring_devices')
    .values({
      id: deviceId,
      name: `测试设备 ${deviceId}`,
      type: 'gas',
      owner_kind: at.enterpriseId ? 'enterprise' : 'place',
      enterprise_id: at.enterpriseId ?? null,
      park_id: null,
      place_name: at.enterpriseId ? null : '测试点位',
      lon: null,
      lat: null,
      jurisdiction_code: at.jurisdictionCode,
      metrics: JSON.stringify([{ name: 'lel', unit: '%LEL', label: '浓度' }]),
      install_date: null,
      secret_hash: null,
      created_by: null,
      updated_by: null,
    })
    .execute();
  await deps.db
    .insertInto('monitoring_rules')
    .values({ id: ruleId, name: '测试规则', device_id: deviceId, metric: 'lel', kind: 'threshold', op: 'gt', threshold: 25, severity: 'high' })
    .execute();
  await deps.db
    .insertInto('monitoring_alarms')
    .values({
      id,
      device_id: deviceId,
      rule_id: ruleId,
      jurisdiction_code: at.jurisdictionCode,
      enterprise_id: at.enterpriseId ?? null,
      severity: 'high',
      metric: 'lel',
      message: '可燃气体浓度超限',
      first_value: 30,
      last_value: 30,
      raised_at: now,
      last_at: now,
    })
    .execute();
  return { id, deviceId, ruleId };
}

/** A fresh migrated database, a district administrator and town staff in 石碶街道 (A) and 高桥镇 (B). */
export interface MonitoringApp {
  t: TestApp;
  admin: UserSession;
  townA: UserSession;
  townB: UserSession;
}

export async function monitoringApp(): Promise<MonitoringApp> {
  const t = await testApp();
  return {
    t,
    admin: await userSession(t, { roles: ['district_admin'] }),
    townA: await userSession(t, { roles: ['town_staff'], unit: make.TOWN_A }),
    townB: await userSession(t, { roles: ['town_staff'], unit: make.TOWN_B }),
  };
}

/** Stops the ingestor (commits what it holds) before the database goes. */
export async function closeMonitoringApp(t: TestApp | undefined) {
  if (!t) return;
  await ingestorOf(t.deps).stop();
  await t.dispose();
}
