// 安全运行监测 — the safety operation center: devices, telemetry ingest (MQTT + HTTP), rules, alarms,
// live feed and duty. See README.md in this folder for the topic scheme and the ingest guarantees.
import { jobCtx } from '../../platform/context.ts';
import { publish } from '../../platform/events.ts';
import type { AnlanModule } from '../../platform/module.ts';
import { ALARM_EVENT } from './monitoring.ingest.ts';
import { connectExternal, startEmbedded } from './monitoring.mqtt.ts';
import { monitoringDesk } from './monitoring.desk.ts';
import { enabledDevices } from './monitoring.repo.ts';
import { enterpriseDevicesAndAlarms } from './monitoring.related.ts';
import { monitoringRoutes } from './monitoring.routes.ts';
import { ingestorOf, logOf, RULE_STATE_CHANGED } from './monitoring.runtime.ts';
import { DEMO_FEED, demoFeed, seedMonitoring } from './monitoring.seed.ts';
import { escalateAlarm, OFFLINE_SWEEP_MS, offlineSweep, scheduleSweep } from './monitoring.service.ts';

export const monitoringModule: AnlanModule = {
  key: 'monitoring',
  routes: monitoringRoutes,
  jobs(runner, deps) {
    runner.register('monitoring.alarm-sla', (ctx) => escalateAlarm(deps, ctx));
    runner.register(DEMO_FEED, (ctx) => demoFeed(deps, ctx));
    runner.register('monitoring.offline-sweep', async (job) => {
      const { trx, clock, enqueue } = job;
      const events = await offlineSweep(trx, clock.now());
      await enqueue({ kind: 'monitoring.offline-sweep', runAt: new Date(clock.now().getTime() + OFFLINE_SWEEP_MS), dedupKey: 'monitoring.offline-sweep' });
      // Held until the job's transaction commits.
      const ctx = jobCtx(deps, job);
      if (events.length) publish(ctx, RULE_STATE_CHANGED, {});
      for (const e of events) publish(ctx, ALARM_EVENT, e);
    });
  },
  async start(deps) {
    const log = logOf(deps);
    const ingestor = ingestorOf(deps);
    const mqtt = deps.config.mqttUrl
      ? await connectExternal(deps, ingestor, log, { url: deps.config.mqttUrl })
      : await startEmbedded(deps, ingestor, log, deps.config.mqttPort);
    await scheduleSweep(deps);
    return {
      stop: async () => {
        await mqtt.stop();
        await ingestor.stop();
      },
    };
  },
  seed: seedMonitoring,
  desk: monitoringDesk,
  related: { enterprise: enterpriseDevicesAndAlarms },
  admin: {
    // `anlan simulate` while the server holds the PGlite directory: the enabled devices to report for.
    devices: async (deps, input) => {
      const limit = Math.min(Math.max(Number(input.limit) || 50, 1), 10_000);
      return enabledDevices(deps, limit);
    },
  },
};
