// 交叉检查 over HTTP: a town-A officer named on a town-B inspection opens it (and its record), carries it out —
// start, answers, a failed item raised as a hazard (filed in town B), both confirmations, submit, the
// signature — and finds it in their ledger; a town-A officer not named on it still gets 404 (the step's denial
// audited) and does not see it listed.
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionDetail } from '../../../shared/inspections.dto.ts';
import * as make from '../../test/factories.ts';
import { auditRows, type TestApp, testApp, userSession } from '../../test/helpers.ts';

const TOWN_A = '330203009'; // 石碶街道
const TOWN_B = '330203100'; // 高桥镇

let t: TestApp;
type S = Awaited<ReturnType<typeof userSession>>;
let admin: S;
let named: S & { licence: string };
let teammate: S & { licence: string };
let outsider: S & { licence: string };
let enterpriseB: string;

function call(s: S, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: s.headers, payload: payload as never });
}

let seq = 0;
async function licensed(unit: string) {
  const s = await userSession(t, { roles: ['enforcement_officer'], unit });
  const licence = `浙甬海XA${String(++seq).padStart(4, '0')}`;
  const res = await call(admin, 'POST', '/api/enforcement/licences', {
    userId: s.id,
    number: licence,
    issuer: '宁波市海曙区人民政府',
    unitCode: unit,
    validFrom: '2025-01-01',
    validUntil: '2030-12-31',
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...s, licence };
}

beforeAll(async () => {
  t = await testApp();
  admin = await userSession(t, { roles: ['district_admin'] });
  named = await licensed(TOWN_A);
  teammate = await licensed(TOWN_B);
  outsider = await licensed(TOWN_A);
  enterpriseB = await make.enterprise(t.deps.db, TOWN_B, { principal_name: '李卫东' });
}, 60_000);
afterAll(() => t?.dispose());

async function townBInspection() {
  const res = await call(admin, 'POST', '/api/inspections', {
    id: v7(),
    kind: 'enforcement',
    enterpriseId: enterpriseB,
    officerIds: [named.id, teammate.id],
    freeItems: [{ content: '安全出口畅通' }, { content: '灭火器在有效期内' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as InspectionDetail).inspection.id;
}

describe('交叉检查: an officer named on another town’s inspection', () => {
  it('opens it, carries it out to the signature and raises a hazard in the enterprise’s town', async () => {
    const id = await townBInspection();
    const opened = await call(named, 'GET', `/api/inspections/${id}`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().actions).toContain('start');
    expect((await call(named, 'GET', `/api/inspections/${id}/record.docx`)).statusCode).toBe(200);
    const ledger = (await call(named, 'GET', '/api/inspections?pageSize=100')).json();
    expect(ledger.items.map((i: { id: string }) => i.id)).toContain(id);

    expect((await call(named, 'POST', `/api/inspections/${id}/start`, { syncKey: v7() })).statusCode).toBe(200);
    expect((await call(named, 'POST', `/api/inspections/${id}/answers`, { syncKey: v7(), seq: 1, result: 'pass' })).statusCode).toBe(200);
    const failed = await call(named, 'POST', `/api/inspections/${id}/answers`, { syncKey: v7(), seq: 2, result: 'fail', note: '灭火器过期' });
    expect(failed.statusCode, failed.body).toBe(200);
    const raised = await call(named, 'POST', `/api/inspections/${id}/items/2/hazard`);
    expect(raised.statusCode, raised.body).toBe(200);
    const hazard = await t.deps.db
      .selectFrom('hazards')
      .select(['jurisdiction_code', 'enterprise_id'])
      .where('id', '=', raised.json().hazard.id)
      .executeTakeFirstOrThrow();
    expect(hazard).toEqual({ jurisdiction_code: expect.stringMatching(new RegExp(`^${TOWN_B}`)), enterprise_id: enterpriseB });

    expect((await call(named, 'POST', `/api/inspections/${id}/confirm`, {})).statusCode).toBe(200);
    expect((await call(named, 'POST', `/api/inspections/${id}/confirm`, { licenceNumber: teammate.licence })).statusCode).toBe(200);
    const submitted = await call(named, 'POST', `/api/inspections/${id}/submit`, { summary: '发现问题 1 项', rectifyDeadline: '2099-01-15' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const signed = await call(named, 'POST', `/api/inspections/${id}/sign`, {
      signerName: '李卫东',
      image: `data:image/png;base64,${make.PNG_1PX.toString('base64')}`,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().inspection.state).toBe('completed');
    const detail = (await call(named, 'GET', `/api/inspections/${id}`)).json() as InspectionDetail;
    expect(detail.hazards.map((h) => h.id)).toEqual([raised.json().hazard.id]);
    // Every step is the named officer's, audited under her name.
    expect((await auditRows(t.deps.db, { action: 'inspection.sign', resource_id: id }))[0].user_id).toBe(named.id);
  });

  it('an officer of the same town not named on it gets 404 (the step’s denial audited) and does not see it listed', async () => {
    const id = await townBInspection();
    expect((await call(outsider, 'GET', `/api/inspections/${id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/inspections/${id}/record.docx`)).statusCode).toBe(404);
    expect((await call(outsider, 'POST', `/api/inspections/${id}/start`, {})).statusCode).toBe(404);
    expect((await call(outsider, 'POST', `/api/inspections/${id}/cancel`, { reason: '误登' })).statusCode).toBe(404);
    const denied = await auditRows(t.deps.db, { action: 'access.denied', user_id: outsider.id, resource_id: id });
    expect(denied.length).toBeGreaterThanOrEqual(2);
    const ledger = (await call(outsider, 'GET', '/api/inspections?pageSize=100')).json();
    expect(ledger.items.map((i: { id: string }) => i.id)).not.toContain(id);
    // The named officer still may; nothing about the row changed for the outsider's tries.
    expect((await call(named, 'GET', `/api/inspections/${id}`)).json().inspection.state).toBe('draft');
  });
});
