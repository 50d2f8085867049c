import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError, installErrorHandler } from './errors.ts';
import { installValidation } from './validation.ts';

function appWithLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const app = Fastify({ logger: { level: 'error', stream } });
  installErrorHandler(app);
  installValidation(app);
  return { app, lines };
}

describe('error handler', () => {
  it('turns a thrown plain Error into a generic 500 with a request id, and logs it in full', async () => {
    const { app, lines } = appWithLog();
    app.get('/boom', async () => {
      throw new Error('secret internal detail at /srv/db.ts:42');
    });
    const res = await app.inject('/boom');
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.requestId).toBeTruthy();
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toContain('stack');
    expect(lines.join('')).toContain('secret internal detail');
  });

  it('keeps typed errors with their code and Chinese message, English on request', async () => {
    const { app } = appWithLog();
    app.get('/typed', async () => {
      throw new AppError('DEADLINE_IN_PAST', 400, '整改期限不能早于今天', 'The deadline is in the past');
    });
    const zh = await app.inject('/typed');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error).toMatchObject({ code: 'DEADLINE_IN_PAST', message: '整改期限不能早于今天' });
    const en = await app.inject({ url: '/typed', headers: { 'accept-language': 'en-US' } });
    expect(en.json().error.message).toBe('The deadline is in the past');
  });

  it('names the field for schema violations and malformed JSON', async () => {
    const { app } = appWithLog();
    app.post(
      '/x',
      { schema: { body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', maxLength: 3 } } } } },
      async () => 'ok',
    );
    const missing = await app.inject({ method: 'POST', url: '/x', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].field).toBe('body.name');
    const long = await app.inject({ method: 'POST', url: '/x', payload: { name: 'abcd' } });
    expect(long.json().error.fields[0]).toMatchObject({ field: 'body.name', message: '长度不能超过 3' });
    const unknown = await app.inject({ method: 'POST', url: '/x', payload: { name: 'a', evil: 1 } });
    expect(unknown.json().error.fields[0].field).toBe('body.evil');
    const bad = await app.inject({ method: 'POST', url: '/x', payload: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('MALFORMED_JSON');
  });

  it('reports one error for a value that fails a union: what is wrong with it, or the types it may have', async () => {
    const { app } = appWithLog();
    const nullableDate = { anyOf: [{ type: 'null' }, { type: 'string', format: 'date' }] };
    const lon = { anyOf: [{ type: 'null' }, { type: 'number', minimum: 121.2, maximum: 121.6 }] };
    app.post('/u', { schema: { body: { type: 'object', additionalProperties: false, properties: { day: nullableDate, lon } } } }, async () => 'ok');
    const post = async (payload: object) => (await app.inject({ method: 'POST', url: '/u', payload })).json().error.fields;
    expect(await post({ day: '2026-02-30' })).toEqual([{ field: 'body.day', message: '应为真实存在的日期（YYYY-MM-DD，1900–2100 年）' }]);
    expect(await post({ day: 5 })).toEqual([{ field: 'body.day', message: '类型应为 null/string' }]);
    expect(await post({ lon: -1 })).toEqual([{ field: 'body.lon', message: expect.stringContaining('不在海曙区范围内') }]);
  });
});
