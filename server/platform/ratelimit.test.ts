// Rate limits live in the database: a new app on the same database (a restart, or a second process)
// still refuses a client that used its allowance. Covers every limited route, and the counter itself.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { REPORT_LIMITS } from '../modules/hazards/hazards.routes.ts';
import { ACK_LINK_LIMIT } from '../modules/warnings/warnings.routes.ts';
import { testRuntime, type TestRuntime } from '../test/helpers.ts';
import { LOGIN_IP_LIMIT } from './auth/auth.service.ts';
import { hit, type Limit, peek } from './ratelimit.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime();
}, 120_000);
afterAll(() => rt?.dispose());

async function app(): Promise<FastifyInstance> {
  const a = await buildApp(rt.deps, { logger: false });
  await a.ready();
  return a;
}

interface Case {
  name: string;
  max: number;
  request: (i: number, client: string) => { method: 'GET' | 'POST'; url: string; payload?: object; headers?: Record<string, string> };
}

const CASES: Case[] = [
  {
    name: 'sign-in (failures per address)',
    max: LOGIN_IP_LIMIT.max,
    request: (i) => ({ method: 'POST', url: '/api/auth/login', payload: { username: `nobody-${i}`, password: 'wrong-password-x' } }),
  },
  {
    name: 'public hazard reports (per device)',
    max: REPORT_LIMITS.perDeviceHour,
    request: (_, client) => ({ method: 'POST', url: '/api/public/hazards/reports', headers: { 'x-device-id': `device-${client}` } }),
  },
  { name: 'report tracking', max: REPORT_LIMITS.trackPerIpMinute, request: () => ({ method: 'GET', url: '/api/public/hazards/reports/ABCD2345' }) },
  { name: 'warning acknowledgement links', max: ACK_LINK_LIMIT.max, request: () => ({ method: 'GET', url: '/api/public/ack/not-a-real-link-token-000000' }) },
];

describe('rate limits survive a restart', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const remoteAddress = `10.66.${CASES.indexOf(c)}.1`;
      const first = await app();
      try {
        for (let i = 0; i < c.max; i++) expect((await first.inject({ ...c.request(i, 'first'), remoteAddress })).statusCode, `request ${i + 1}`).not.toBe(429);
      } finally {
        await first.close();
      }
      // A new app on the same database: the allowance is still used up.
      const second = await app();
      try {
        const res = await second.inject({ ...c.request(c.max, 'first'), remoteAddress });
        expect(res.statusCode).toBe(429);
        expect(res.json().error.code).toBe('RATE_LIMITED');
        // Another client is not affected.
        expect((await second.inject({ ...c.request(c.max + 1, 'other'), remoteAddress: '10.77.0.1' })).statusCode).not.toBe(429);
      } finally {
        await second.close();
      }
    }, 120_000);
  }
});

describe('the counter', () => {
  const limit: Limit = { name: 'test', max: 3, windowMs: 60_000 };

  it('counts concurrent hits exactly once each and restarts after the window', async () => {
    const counts = await Promise.all(Array.from({ length: 12 }, () => hit(rt.deps, limit, 'concurrent')));
    expect(counts.map((u) => u.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await peek(rt.deps, limit, 'concurrent')).exhausted).toBe(true);
    rt.clock.advanceMinutes(2);
    expect(await peek(rt.deps, limit, 'concurrent')).toMatchObject({ count: 0, exhausted: false });
    expect((await hit(rt.deps, limit, 'concurrent')).count).toBe(1);
  });

  it('a blocking limit holds for blockMs after the hit that filled it', async () => {
    const lock: Limit = { name: 'lock', max: 2, windowMs: 86_400_000, blockMs: 30 * 60_000 };
    await hit(rt.deps, lock, 'x');
    rt.clock.advanceMinutes(60);
    const full = await hit(rt.deps, lock, 'x');
    expect(full.exhausted).toBe(true);
    expect(full.resetAt.getTime() - rt.clock.now().getTime()).toBe(30 * 60_000);
    rt.clock.advanceMinutes(31);
    expect((await peek(rt.deps, lock, 'x')).exhausted).toBe(false);
  });
});
