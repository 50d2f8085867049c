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
});
