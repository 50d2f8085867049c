import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp, userSession } from '../test/helpers.ts';
import { loadActor } from './auth/auth.service.ts';
import type { Ctx } from './context.ts';
import { v7 } from 'uuid';
import { requireAllVisible, requireJurisdiction, requireVisible, settleDenials } from './access.ts';
import { insertFile } from './files/files.service.ts';

let t: TestApp;
let town: Ctx;
beforeAll(async () => {
  t = await testApp();
  const u = await userSession(t, { roles: ['town_staff'], unit: '330203009' }); // 石碶街道
  const actor = await loadActor(t.deps, u.id, 'token');
  town = { actor: actor!, ip: null, requestId: 't', deps: t.deps, db: t.deps.db };
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

describe('requireVisible', () => {
  const ent = async (town: string) => {
    const id = v7();
    await t.deps.db
      .insertInto('enterprises')
      .values({
        id,
        credit_code: `91330203${id.slice(-10).toUpperCase()}`,
        name: `测试企业${id.slice(-4)}`,
        jurisdiction_code: town,
        address: null,
        lon: null,
        lat: null,
      })
      .execute();
    return id;
  };
  const errOf = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e) => ({ status: e.status, fields: e.fields }),
    );
  const confined = (enterpriseId: string): Ctx => ({ ...town, actor: { ...town.actor, enterpriseId } });

  it('answers a missing, a malformed and another town’s id alike, naming the field, and audits only the real denial', async () => {
    const other = await ent('330203100');
    const missing = await errOf(requireVisible(town, 'enterprises', v7(), 'body.enterpriseId'));
    expect(missing).toEqual({
      status: 400,
      fields: [{ field: 'body.enterpriseId', message: '企业不存在或不在您的管辖范围内', messageEn: expect.any(String) }],
    });
    expect(await errOf(requireVisible(town, 'enterprises', 'not-a-uuid', 'body.enterpriseId'))).toEqual(missing);
    expect(await errOf(requireVisible(town, 'enterprises', other, 'body.enterpriseId'))).toEqual(missing);
    await settleDenials(town.requestId);
    const denials = await t.deps.db
      .selectFrom('audit_log')
      .select(['resource_type', 'resource_id'])
      .where('action', '=', 'access.denied')
      .where('resource_id', '=', other)
      .execute();
    expect(denials).toEqual([{ resource_type: 'enterprises', resource_id: other }]);
  });

  it('returns the row’s scope facts, accepts upper-case uuids, and names the failing element of a list', async () => {
    const mine = await ent('330203009003');
    expect(await requireVisible(town, 'enterprises', mine.toUpperCase(), 'body.x')).toEqual({ id: mine, jurisdictionCode: '330203009003', enterpriseId: mine });
    const other = await ent('330203100');
    expect(await errOf(requireAllVisible(town, 'enterprises', [mine, other], 'body.ids'))).toMatchObject({ fields: [{ field: 'body.ids.1' }] });
    expect(await errOf(requireAllVisible(town, 'enterprises', [mine], 'body.ids'))).toBeUndefined();
  });

  it('an actor confined to an enterprise sees only rows of that enterprise, and only files it uploaded', async () => {
    const mine = await ent('330203009');
    const neighbour = await ent('330203009');
    const ctx = confined(mine);
    await expect(requireVisible(ctx, 'enterprises', mine, 'body.x')).resolves.toMatchObject({ id: mine });
    expect(await errOf(requireVisible(ctx, 'enterprises', neighbour, 'body.x'))).toMatchObject({ status: 400 });
    const upload = (uploadedBy: string | null) =>
      t.deps.db
        .transaction()
        .execute((trx) =>
          insertFile(trx, { filename: 'a.png', mime: 'image/png', data: Buffer.from('x'), uploadedBy, jurisdictionCode: '330203009', at: new Date() }),
        );
    const own = await upload(ctx.actor.id);
    const others = await upload(null);
    await expect(requireAllVisible(ctx, 'files', [own.id], 'body.photoIds')).resolves.toHaveLength(1);
    expect(await errOf(requireAllVisible(ctx, 'files', [own.id, others.id], 'body.photoIds'))).toMatchObject({ fields: [{ field: 'body.photoIds.1' }] });
    await expect(requireAllVisible(town, 'files', [own.id, others.id], 'body.photoIds')).resolves.toHaveLength(2);
  });

  it('runs on the caller’s transaction (PGlite has a single connection)', async () => {
    const mine = await ent('330203009');
    const row = await t.deps.db.transaction().execute(async (trx) => {
      await trx.selectFrom('enterprises').select('id').where('id', '=', mine).forUpdate().execute();
      return requireVisible(town, 'enterprises', mine, 'body.x', { db: trx });
    });
    expect(row.id).toBe(mine);
  });
});
