import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../../shared/capabilities.ts';
import { MODULES } from '../../modules/index.ts';
import { fileTestApp, rowCount, userSession } from '../../test/helpers.ts';
import type { OrgNode } from './orgs.service.ts';
import { seedOrgTree } from './orgs.service.ts';

const t = fileTestApp();

describe('org tree', () => {
  it('has Haishu with its 17 towns and 280 villages, with valid nested official codes', async () => {
    const s = await userSession(t, { roles: ['town_staff'], unit: '330203009' });
    const res = await t.app.inject({ url: '/api/orgs/tree', headers: s.headers });
    expect(res.statusCode).toBe(200);
    const [district] = res.json() as OrgNode[];
    expect(district).toMatchObject({ code: '330203', name: '海曙区', kind: 'district' });
    const towns = district.children.filter((c) => c.kind === 'town');
    expect(towns).toHaveLength(17);
    expect(towns.map((x) => x.name)).toContain('石碶街道');
    let villages = 0;
    for (const town of towns) {
      expect(town.code).toMatch(/^330203\d{3}$/);
      for (const v of town.children) {
        expect(v.kind).toBe('village');
        expect(v.code).toMatch(new RegExp(`^${town.code}\\d{3}$`));
        villages++;
      }
    }
    expect(villages).toBe(280);
    const departments = district.children.filter((c) => c.kind === 'department');
    expect(departments.map((d) => d.shortName)).toEqual(
      expect.arrayContaining(['应急管理局', '消防救援大队', '公安分局', '住建局', '交通运输局', '水利', '气象局', '综合执法局', '资规分局', '大数据局']),
    );
  });

  it('reseeding is idempotent', async () => {
    const before = await rowCount(t.deps.db, 'org_units');
    const counts = await seedOrgTree(t.deps.db);
    expect(counts).toMatchObject({ district: 1, town: 17, village: 280 });
    expect(await rowCount(t.deps.db, 'org_units')).toBe(before);
  });

  it('the overview lists the nine capabilities, available where a module is installed, and real counts', async () => {
    const s = await userSession(t, { roles: ['bureau_staff'], unit: '330203D01' });
    const res = await t.app.inject({ url: '/api/system/overview', headers: s.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ district: { code: '330203', name: '海曙区' }, towns: 17, villages: 280 });
    expect(body.modules.map((m: { key: string }) => m.key)).toEqual([...CAPABILITIES]);
    const installed = new Set(MODULES.map((m) => m.key));
    for (const m of body.modules) expect(m.available).toBe(installed.has(m.key));
    const config = await t.app.inject({ url: '/api/system/config', headers: s.headers });
    expect(config.json()).toEqual({ tileUrl: t.deps.config.tileUrl, uploadMaxMb: t.deps.config.maxUploadMb });
  });

  it('lists the 17 towns publicly, without an account', async () => {
    const res = await t.app.inject('/api/public/towns');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(17);
    expect(res.json().items[0]).toEqual({ code: '330203001', name: '南门街道' });
  });

  it('needs a signed-in user', async () => {
    const res = await t.app.inject('/api/orgs/tree');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });
});
