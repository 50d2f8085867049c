import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError, fieldError, installErrorHandler, ValidationError } from './errors.ts';
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

  it('the top-level message of a 400 names the field by its label, never by its path (the public reads it)', async () => {
    const { app } = appWithLog();
    app.post('/s', { schema: { body: { type: 'object', required: ['contactPhone'], properties: { contactPhone: { type: 'string' } } } } }, async () => 'ok');
    app.get('/t/:code', async () => {
      throw fieldError('params.code', '查询码格式不正确', 'has an invalid format');
    });
    const missing = (await app.inject({ method: 'POST', url: '/s', payload: {} })).json().error;
    expect(missing.message).toBe('输入有误：联系电话 为必填项');
    expect(missing.fields[0].field).toBe('body.contactPhone');
    const track = await app.inject('/t/abc');
    expect(track.json().error.message).toBe('输入有误：查询码格式不正确');
    expect(track.json().error.fields).toEqual([{ field: 'params.code', message: '查询码格式不正确' }]);
    const en = await app.inject({ url: '/t/abc', headers: { 'accept-language': 'en' } });
    expect(en.json().error.message).toBe('Invalid input: a value has an invalid format');
    // A list item: the label and its position; a message that already names the field is not doubled.
    expect(new ValidationError([{ field: 'body.photoIds.2', message: '文件不存在', messageEn: 'no such file' }]).messageZh).toBe(
      '输入有误：照片第 3 项 文件不存在',
    );
    expect(new ValidationError([{ field: 'body.description', message: '描述不能为空', messageEn: 'is empty' }]).messageZh).toBe('输入有误：描述不能为空');
    expect(new ValidationError([{ field: 'body.description', message: 'x', messageEn: 'is bad' }]).messageEn).toBe('Invalid input: Description is bad');
    for (const m of [missing.message, track.json().error.message]) expect(m).not.toMatch(/body\.|params\.|querystring\./);
  });
});
