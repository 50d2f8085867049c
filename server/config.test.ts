import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('has working defaults', () => {
    const c = loadConfig({}, '/srv/anlan');
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('/srv/anlan/data');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.passwordPolicy).toBe('dengbao');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['DATABASE_URL', 'not a url'],
    ['MQTT_URL', 'http://broker'],
    ['LOG_LEVEL', 'loud'],
    ['ANLAN_PASSWORD_POLICY', 'weak'],
    ['ANLAN_AUDIT_RETENTION_DAYS', '30'],
    ['ANLAN_SEED_DEMO', 'maybe'],
    ['ANLAN_BOOTSTRAP_ADMIN_PASSWORD', 'short'],
    ['ANLAN_PUBLIC_URL', 'anlan.example'],
    ['ANLAN_WARNING_CHANNELS', '{sms: live}'],
    ['ANLAN_WARNING_CHANNELS', '[1,2]'],
    ['ANLAN_DOCS_PUBLIC', 'maybe'],
    ['ANLAN_METRICS_TOKEN', 'short'],
    ['ANLAN_METRICS_TOKEN', 'twenty-four characters with spaces'],
    ['ANLAN_TILE_URL', 'tiles.example/{z}/{x}/{y}.png'],
    ['ANLAN_TILE_URL', 'https://tiles.{s}.example.com/{z}/{x}/{y}.png'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    let err: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(name);
    expect((err as Error).message).toContain(name);
    expect((err as Error).message).not.toContain('\n');
  });

  it('accepts valid values', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@h/db', MQTT_URL: 'mqtt://127.0.0.1:1883', ANLAN_AUDIT_RETENTION_DAYS: '180' });
    expect(c.port).toBe(8080);
    expect(c.mqttUrl).toBe('mqtt://127.0.0.1:1883');
    expect(c.auditRetentionDays).toBe(180);
  });

  it('closes /docs and /metrics by default in production mode (NODE_ENV=production) only', () => {
    expect(loadConfig({})).toMatchObject({ production: false, docsPublic: true, metricsToken: undefined });
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ production: false, docsPublic: true });
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ production: true, docsPublic: false, metricsToken: undefined });
    expect(loadConfig({ NODE_ENV: 'production', ANLAN_DOCS_PUBLIC: 'true' }).docsPublic).toBe(true);
    expect(loadConfig({ ANLAN_METRICS_TOKEN: 'x'.repeat(24) }).metricsToken).toBe('x'.repeat(24));
  });
});
