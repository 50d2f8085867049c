// Delivery channels behind one interface. Each live driver passes the attempt id as the provider's
// idempotency key, and says how an attempt left "sending" by a crash is resolved on restart:
//   sms, voice   → query the gateway by our id (GET <url>/<attemptId>): found = sent, 404 = send again
//                  with the same id (the gateway dedups on it).
//   wecom, dingtalk, email → these have no query API: assume sent. A lost message is still covered,
//                  because an unacknowledged recipient moves on to the next channel of the ladder.
// In-app and outbox-mode sends are database writes committed together with the "sent" mark, so they
// have no crash window at all (see delivery.ts).
import { createHmac } from 'node:crypto';
import type { Channel } from '../../../shared/warnings.ts';
import type { ChannelConfig } from './policy.ts';

export interface OutgoingMessage {
  attemptId: string;
  channel: Channel;
  name: string;
  phone: string | null;
  email: string | null;
  subject: string;
  text: string;
  /** Short text for voice (TTS). */
  speech: string;
  link: string;
  replyCode: string;
}

export interface SendResult {
  providerId: string;
  result: string;
}

export type Recovery = { kind: 'sent'; providerId: string } | { kind: 'unsent' } | { kind: 'assume_sent' };

export interface ChannelDriver {
  /** What the message is addressed to, or null when the person cannot be reached this way. */
  address(m: Pick<OutgoingMessage, 'phone' | 'email'>, cfg: ChannelConfig): string | null;
  send(m: OutgoingMessage, cfg: ChannelConfig): Promise<SendResult>;
  recover(attemptId: string, cfg: ChannelConfig): Promise<Recovery>;
}

const TIMEOUT_MS = 10_000;

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function need(v: string | undefined, what: string): string {
  if (!v) throw new Error(`${what} is not configured`);
  return v;
}

/** An HTTP gateway (SMS or voice): POST to send, GET <url>/<id> to look up an earlier send. */
function gateway(kind: 'sms' | 'voice'): ChannelDriver {
  return {
    address: (m) => m.phone,
    async send(m, cfg) {
      const url = need(cfg.url, `${kind} gateway url`);
      const body =
        kind === 'sms'
          ? { clientMsgId: m.attemptId, phone: m.phone, content: m.text }
          : { clientCallId: m.attemptId, phone: m.phone, tts: m.speech, playTimes: 2, dtmfAck: '1' };
      const out = await postJson(url, body, { 'idempotency-key': m.attemptId, ...(cfg.token ? { authorization: `Bearer ${cfg.token}` } : {}) });
      const id = out.messageId ?? out.callId ?? out.id;
      return { providerId: String(id ?? m.attemptId), result: String(out.status ?? 'accepted') };
    },
    async recover(attemptId, cfg) {
      const url = need(cfg.url, `${kind} gateway url`);
      const res = await fetch(`${url.replace(/\/$/, '')}/${attemptId}`, {
        headers: cfg.token ? { authorization: `Bearer ${cfg.token}` } : {},
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (res.status === 404) return { kind: 'unsent' };
      if (!res.ok) throw new Error(`HTTP ${res.status} looking up ${attemptId}`);
      const out = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      return { kind: 'sent', providerId: String(out.messageId ?? out.callId ?? out.id ?? attemptId) };
    },
  };
}

/** WeCom (企业微信) group robot: {"msgtype":"text","text":{"content","mentioned_mobile_list"}}. */
const wecom: ChannelDriver = {
  address: (m) => m.phone,
  async send(m, cfg) {
    const out = await postJson(need(cfg.url, 'WeCom webhook url'), {
      msgtype: 'text',
      text: { content: m.text, mentioned_mobile_list: m.phone ? [m.phone] : [] },
    });
    if (Number(out.errcode ?? 0) !== 0) throw new Error(`WeCom errcode ${out.errcode}: ${out.errmsg}`);
    return { providerId: `wecom:${m.attemptId}`, result: String(out.errmsg ?? 'ok') };
  },
  recover: async () => ({ kind: 'assume_sent' }),
};

/** DingTalk (钉钉) group robot: {"msgtype":"text","text":{"content"},"at":{"atMobiles"}}, optional signing. */
export function dingtalkUrl(url: string, secret: string | undefined, nowMs: number): string {
  if (!secret) return url;
  const sign = createHmac('sha256', secret).update(`${nowMs}\n${secret}`).digest('base64');
  return `${url}${url.includes('?') ? '&' : '?'}timestamp=${nowMs}&sign=${encodeURIComponent(sign)}`;
}
const dingtalk: ChannelDriver = {
  address: (m) => m.phone,
  async send(m, cfg) {
    const out = await postJson(dingtalkUrl(need(cfg.url, 'DingTalk webhook url'), cfg.secret, Date.now()), {
      msgtype: 'text',
      text: { content: m.text },
      at: { atMobiles: m.phone ? [m.phone] : [], isAtAll: false },
    });
    if (Number(out.errcode ?? 0) !== 0) throw new Error(`DingTalk errcode ${out.errcode}: ${out.errmsg}`);
    return { providerId: `dingtalk:${m.attemptId}`, result: String(out.errmsg ?? 'ok') };
  },
  recover: async () => ({ kind: 'assume_sent' }),
};

const email: ChannelDriver = {
  address: (m) => m.email,
  async send(m, cfg) {
    const { default: nodemailer } = await import('nodemailer'); // loaded only where e-mail is configured
    const transport = nodemailer.createTransport(need(cfg.smtpUrl, 'SMTP url'));
    const info = await transport.sendMail({
      from: cfg.from ?? 'anlan@localhost',
      to: need(m.email ?? undefined, 'recipient e-mail'),
      subject: m.subject,
      text: m.text,
      messageId: `<${m.attemptId}@anlan>`,
    });
    return { providerId: info.messageId, result: info.response ?? 'accepted' };
  },
  recover: async () => ({ kind: 'assume_sent' }),
};

export const DRIVERS: Record<Exclude<Channel, 'inapp'>, ChannelDriver> = {
  sms: gateway('sms'),
  voice: gateway('voice'),
  wecom,
  dingtalk,
  email,
};

/** Can this recipient be reached on this channel at all? */
export function reachable(channel: Channel, r: { phone: string | null; email: string | null; user_id: string | null }): boolean {
  if (channel === 'inapp') return !!r.user_id;
  if (channel === 'email') return !!r.email;
  return !!r.phone;
}
