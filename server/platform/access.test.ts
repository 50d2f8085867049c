import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp, userSession } from '../test/helpers.ts';
import { loadActor } from './auth/auth.service.ts';
import type { Ctx } from './context.ts';
import { requireJurisdiction } from './access.ts';

let t: TestApp;
let town: Ctx;
beforeAll(async () => {
  t = await testApp();
  const u = await userSession(t, { roles: ['town_staff'], unit: '330203009' }); // 石碶街道
  const actor = await loadActor(t.deps, u.id, 'token');
  town = { actor: actor!, ip: null, requestId: 't', deps: t.deps };
});
afterAll(() => t.dispose());

const fieldOf = async (p: Promise<void>) =>
  p.then(
    () => undefined,
    (e) => ({ code: e.code, field: e.fields[0]?.field, message: e.fields[0]?.message }),
  );

describe('requireJurisdiction', () => {
  it('accepts the actor’s town and its villages', async () => {
    await expect(requireJurisdiction(town, '330203009', 'body.jurisdictionCode')).resolves.toBeUndefined();
    await expect(requireJurisdiction(town, '330203009003', 'body.jurisdictionCode')).resolves.toBeUndefined();
  });

  it('names the field for an unknown code, another town, and a department where a jurisdiction is wanted', async () => {
    expect(await fieldOf(requireJurisdiction(town, '999999', 'body.x'))).toEqual({ code: 'VALIDATION_FAILED', field: 'body.x', message: '不是有效的辖区代码' });
    expect(await fieldOf(requireJurisdiction(town, '330203100', 'body.x'))).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'body.x',
      message: '不在您的管辖范围内',
    });
    expect(await fieldOf(requireJurisdiction(town, '330203D01', 'body.x'))).toMatchObject({ message: '不是有效的辖区代码' });
  });
});
