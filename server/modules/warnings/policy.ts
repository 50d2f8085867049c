// Policy and channel settings as data (warning_settings), with defaults from shared/warnings.ts and the
// environment. Read on every decision so an administrator's change applies to the next warning.
import { CHANNELS, type Channel, DEFAULT_POLICY, type WarningPolicy } from '../../../shared/warnings.ts';
import type { Tx } from '../../platform/jobs/jobs.ts';
import { readSetting, writeSetting } from './warnings.repo.ts';

export interface ChannelConfig {
  /** 'outbox' records what would be sent (default); 'live' calls the gateway. */
  mode: 'outbox' | 'live';
  /** Gateway URL (SMS/voice) or robot webhook URL (WeCom/DingTalk). */
  url?: string;
  /** Bearer token for SMS/voice gateways. */
  token?: string;
  /** DingTalk robot signing secret ("加签"). */
  secret?: string;
  /** SMTP URL for e-mail, e.g. smtps://user:pass@smtp.example.com. */
  smtpUrl?: string;
  from?: string;
}

export interface ChannelSettings {
  channels: Record<Channel, ChannelConfig>;
  /** Prefix for acknowledgement links, e.g. https://anlan.example.gov.cn (empty: relative links). */
  publicBaseUrl: string;
  /** Signature line of outgoing texts. */
  signature: string;
  /** GB/T 35965.1 organisation part (DDDUUUXX) of our identifiers. */
  capOrgCode: string;
  capSender: string;
}

const envChannels = (): Partial<Record<Channel, ChannelConfig>> => {
  const raw = process.env.ANLAN_WARNING_CHANNELS;
  if (!raw) return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error('ANLAN_WARNING_CHANNELS must be JSON like {"sms":{"mode":"live","url":"…"}}');
  }
};

export const DEFAULT_SETTINGS = (): ChannelSettings => {
  const fromEnv = envChannels();
  return {
    channels: Object.fromEntries(CHANNELS.map((c) => [c, { mode: 'outbox', ...fromEnv[c] }])) as Record<Channel, ChannelConfig>,
    publicBaseUrl: process.env.ANLAN_PUBLIC_URL ?? '',
    signature: '海曙区应急管理局',
    capOrgCode: '00000001',
    capSender: 'anlan@haishu.gov.cn',
  };
};

async function read<T>(db: Tx, key: string): Promise<Partial<T> | undefined> {
  return (await readSetting(db, key)) as Partial<T> | undefined;
}

export async function getPolicy(db: Tx): Promise<WarningPolicy> {
  // autoReleaseExternal (before 0403) is superseded by each CAP sender's own release policy.
  const { autoReleaseExternal: _, ...stored } = (await read<WarningPolicy & { autoReleaseExternal?: boolean }>(db, 'policy')) ?? {};
  return { ...DEFAULT_POLICY, ...stored, levels: { ...DEFAULT_POLICY.levels, ...stored.levels } };
}

export async function getSettings(db: Tx): Promise<ChannelSettings> {
  const d = DEFAULT_SETTINGS();
  const stored = await read<ChannelSettings>(db, 'settings');
  const channels = { ...d.channels };
  for (const c of CHANNELS) channels[c] = { ...d.channels[c], ...stored?.channels?.[c] };
  return { ...d, ...stored, channels };
}

export async function putSetting(db: Tx, key: 'policy' | 'settings', value: unknown, by: string | null, now: Date) {
  await writeSetting(db, key, value, by, now);
}
