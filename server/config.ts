// Configuration: read from the environment once, checked once. A bad value stops start-up with one
// line naming the variable (ConfigError.message), never a stack trace.
import path from 'node:path';
import { checkPasswordPolicy, POLICIES } from './platform/auth/passwords.ts';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent, embedded PGlite in dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** External MQTT broker; when absent, the embedded broker listens on mqttPort. */
  mqttUrl: string | undefined;
  mqttPort: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Seed demo data at start when the database has none. */
  seedDemo: boolean;
  bootstrapAdminPassword: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  passwordPolicy: 'dengbao' | 'asvs';
  /** TOTP second factor: 'required' makes the staff roles in shared/roles.ts enrol; 'optional' leaves it to each user. */
  mfa: 'required' | 'optional';
  cookieSecure: 'auto' | 'always' | 'never';
  trustProxy: boolean;
  jobsPollMs: number;
  /** Largest accepted upload (photos, attachments), in MB. */
  maxUploadMb: number;
  auditRetentionDays: number;
  tileUrl: string;
  /** PGlite's shared_buffers: its default (128 MB) dominates the process's memory. */
  pgliteSharedBuffersMb: number;
  /** Public base URL of this installation (acknowledgement links in messages). */
  publicUrl: string | undefined;
  /** Warning delivery channels from the environment (JSON); the warnings module reads and merges them. */
  warningChannels: Record<string, unknown> | undefined;
  /** Serve the built web app from this folder when it exists. */
  webDist: string;
  /** NODE_ENV=production: /docs and /metrics are closed unless configured open. */
  production: boolean;
  /** /docs (Swagger UI and the OpenAPI document) for anyone; otherwise for signed-in callers only. */
  docsPublic: boolean;
  /** Bearer token /metrics requires; without one /metrics is open, or off in production. */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer between ${min} and ${max} (got "${raw}")`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${n})`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, def: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  return raw;
}

function jsonObject(env: Env, name: string, example: string): Record<string, unknown> | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(name, `must be JSON like ${example}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(name, `must be a JSON object like ${example}`);
  return parsed as Record<string, unknown>;
}

/**
 * The CSP source for the map tiles of a tile URL template: `https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png`
 * → `https://*.tile.openstreetmap.org`; a path on this server (`/tiles/{z}/{x}/{y}.png`) → null ('self' covers it).
 * Throws when the template cannot be expressed as a source (not http(s), a placeholder past the first host label).
 */
export function tileSource(template: string): string | null {
  if (template.startsWith('/') && !template.startsWith('//')) return null;
  const m = /^(https?):\/\/([^/?#]+)/.exec(template);
  if (!m) throw new Error('must be an http(s) URL template or a path on this server');
  const [first, ...rest] = m[2].split('.');
  if (rest.some((label) => label.includes('{')) || (first.includes('{') && rest.length < 2)) {
    throw new Error('may have a {placeholder} only in the first label of the host name');
  }
  return `${m[1]}://${first.includes('{') ? ['*', ...rest].join('.') : m[2]}`;
}

function tileUrl(env: Env): string {
  const raw = env.ANLAN_TILE_URL || 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
  try {
    tileSource(raw);
  } catch (e) {
    throw new ConfigError('ANLAN_TILE_URL', `${(e as Error).message} (got "${raw}")`);
  }
  return raw;
}

function secret(env: Env, name: string, minLength: number): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < minLength || /\s/.test(raw)) throw new ConfigError(name, `must be at least ${minLength} characters without spaces`);
  return raw;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const password = env.ANLAN_BOOTSTRAP_ADMIN_PASSWORD || undefined;
  if (password !== undefined && password.length < 12) {
    throw new ConfigError('ANLAN_BOOTSTRAP_ADMIN_PASSWORD', 'must be at least 12 characters');
  }
  const retention = int(env, 'ANLAN_AUDIT_RETENTION_DAYS', 365, 180, 36500);
  const passwordPolicy = oneOf(env, 'ANLAN_PASSWORD_POLICY', 'dengbao', ['dengbao', 'asvs'] as const);
  if (password !== undefined) {
    // No weak default administrator: the bootstrap password meets the same policy as every other password.
    try {
      checkPasswordPolicy(POLICIES[passwordPolicy], password, 'admin');
    } catch (e) {
      const issue = (e as { fields?: { messageEn: string }[] }).fields?.[0]?.messageEn ?? 'does not meet the password policy';
      throw new ConfigError('ANLAN_BOOTSTRAP_ADMIN_PASSWORD', `${issue} (policy ${passwordPolicy})`);
    }
  }
  const production = env.NODE_ENV === 'production';
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(cwd, env.ANLAN_DATA_DIR || 'data'),
    mqttUrl: url(env, 'MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:']),
    mqttPort: int(env, 'ANLAN_MQTT_PORT', 1883, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    seedDemo: bool(env, 'ANLAN_SEED_DEMO', false),
    bootstrapAdminPassword: password,
    sessionIdleMinutes: int(env, 'ANLAN_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: int(env, 'ANLAN_SESSION_MAX_HOURS', 12, 1, 24 * 7),
    passwordPolicy,
    mfa: oneOf(env, 'ANLAN_MFA', 'required', ['required', 'optional'] as const),
    cookieSecure: oneOf(env, 'ANLAN_COOKIE_SECURE', 'auto', ['auto', 'always', 'never'] as const),
    trustProxy: bool(env, 'ANLAN_TRUST_PROXY', false),
    jobsPollMs: int(env, 'ANLAN_JOBS_POLL_MS', 1000, 10, 60_000),
    maxUploadMb: int(env, 'ANLAN_MAX_UPLOAD_MB', 10, 1, 500),
    auditRetentionDays: retention,
    tileUrl: tileUrl(env),
    pgliteSharedBuffersMb: int(env, 'ANLAN_PGLITE_SHARED_BUFFERS_MB', 32, 1, 4096),
    publicUrl: url(env, 'ANLAN_PUBLIC_URL', ['http:', 'https:']),
    warningChannels: jsonObject(env, 'ANLAN_WARNING_CHANNELS', '{"sms":{"mode":"live","url":"https://gateway/sms","token":"…"}}'),
    webDist: path.resolve(cwd, env.ANLAN_WEB_DIST || 'dist/web'),
    production,
    docsPublic: bool(env, 'ANLAN_DOCS_PUBLIC', !production),
    metricsToken: secret(env, 'ANLAN_METRICS_TOKEN', 24),
  };
}
