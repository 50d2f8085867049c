// What a phone on mobile data downloads: pre-compressed hashed assets cached for a year, JSON compressed when the
// client asks, nothing compressed for a client that does not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, testApp, userSession } from './helpers.ts';

let t: TestApp;
let admin: Session;
const js = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `安澜-${i}`))};\n`;

beforeAll(async () => {
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'anlan-web-'));
  fs.mkdirSync(path.join(webDist, 'assets'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app-abc123.js"></script>');
  fs.writeFileSync(path.join(webDist, 'assets', 'app-abc123.js'), js);
  // What the build writes beside each asset (vite-plugin-compression2).
  fs.writeFileSync(path.join(webDist, 'assets', 'app-abc123.js.br'), zlib.brotliCompressSync(js));
  fs.writeFileSync(path.join(webDist, 'assets', 'app-abc123.js.gz'), zlib.gzipSync(js));
  fs.writeFileSync(path.join(webDist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  t = await testApp({ config: { webDist } });
  admin = await userSession(t, { roles: ['district_admin'] });
}, 120_000);
afterAll(async () => {
  await t?.dispose();
});

describe('static assets', () => {
  it('send the pre-compressed brotli or gzip file the browser accepts, the plain one otherwise', async () => {
    const br = await t.app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode, br.payload).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(js);
    expect(br.rawPayload.length).toBeLessThan(js.length / 2);

    const gz = await t.app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(js);

    const plain = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.payload).toBe(js);
  });

  it('hashed assets are cached for a year as immutable; other files and the page are not', async () => {
    const asset = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await t.app.inject({ url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
    const page = await t.app.inject({ url: '/registry/enterprises' });
    expect(page.headers['cache-control']).toBe('no-cache');
  });
});

describe('API responses', () => {
  it('are compressed when the client asks and plain when it does not', async () => {
    const zipped = await t.app.inject({ url: '/api/orgs/tree', headers: { ...admin.headers, 'accept-encoding': 'br' } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('br');
    const body = JSON.parse(zlib.brotliDecompressSync(zipped.rawPayload).toString());
    const plain = await t.app.inject({ url: '/api/orgs/tree', headers: admin.headers });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(body).toEqual(plain.json());
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });
});
