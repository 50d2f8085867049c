// The shared web parts that are plain functions: time formatting in the district's zone, the query string,
// the API's field errors on form fields, and uploads that carry the session's CSRF token without asking
// /api/auth/me again. Runs in Node: the few browser globals i18n touches are stubbed.
import { beforeAll, describe, expect, test, vi } from 'vitest';

type Api = typeof import('./src/app/api');
type FormErrors = typeof import('./src/components/formErrors');
type Format = typeof import('./src/app/format');
type I18n = typeof import('./src/app/i18n');
type Cols = typeof import('./src/components/listColumns');
let api: Api;
let fe: FormErrors;
let fmt: Format;
let i18n: I18n;
let cols: Cols;

beforeAll(async () => {
  vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => {} });
  vi.stubGlobal('document', { documentElement: {} });
  api = await import('./src/app/api');
  fe = await import('./src/components/formErrors');
  fmt = await import('./src/app/format');
  i18n = await import('./src/app/i18n');
  cols = await import('./src/components/listColumns');
});

describe('time formatting', () => {
  test('shows Asia/Shanghai whatever the machine zone is, the same way everywhere', () => {
    expect(fmt.TIME_ZONE).toBe('Asia/Shanghai');
    expect(fmt.fmtTime('2026-05-01T00:00:00.000Z')).toBe('2026-05-01 08:00:00');
    expect(fmt.fmtMinute('2026-05-01T15:59:30.000Z')).toBe('2026-05-01 23:59');
    // 17:00 UTC is already the next day in the district.
    expect(fmt.fmtDate('2026-04-30T17:00:00.000Z')).toBe('2026-05-01');
    expect(fmt.fmtDate('2026-04-30')).toBe('2026-04-30');
    expect(fmt.fmtTime(null)).toBe('—');
    expect(fmt.fmtTime('not a time')).toBe('—');
  });

  test('a deadline picked as a day is the end of that day in the district; past days are not offered', () => {
    expect(fmt.endOfDay('2026-05-01')).toBe('2026-05-01T15:59:59.000Z');
    expect(fmt.fmtTime(fmt.endOfDay('2026-05-01'))).toBe('2026-05-01 23:59:59');
    const today = fmt.today();
    expect(fmt.isPastDay(today)).toBe(false);
    expect(fmt.isPastDay('2000-01-01')).toBe(true);
    expect(fmt.isPastDay('2999-12-31')).toBe(false);
  });
});

describe('toQuery', () => {
  test('leaves out empty values, repeats arrays, starts with ?', () => {
    expect(api.toQuery({ q: '泡沫', town: undefined, empty: '', none: null, state: ['graded', 'closed'], page: 2 })).toBe(
      '?q=%E6%B3%A1%E6%B2%AB&state=graded&state=closed&page=2',
    );
    expect(api.toQuery({ a: undefined })).toBe('');
  });
});

/** The two FormInstance calls applyFieldErrors uses, over a plain values object. */
function fakeForm(values: Record<string, unknown>) {
  const set: { name: (string | number)[]; errors: string[] }[] = [];
  const form = {
    getFieldsValue: () => values,
    setFields: (f: typeof set) => set.push(...f),
  };
  return { form: form as unknown as Parameters<FormErrors['applyFieldErrors']>[0], set };
}

describe('applyFieldErrors', () => {
  const err = (fields: { field: string; message: string; messageEn?: string }[]) => new api.ApiError(400, 'VALIDATION', '输入有误', fields);

  test('puts each message under its field, nested paths included, and leaves nothing else to say', () => {
    const { form, set } = fakeForm({ creditCode: '913', contacts: [{ name: '' }] });
    const rest = fe.applyFieldErrors(
      form,
      err([
        { field: 'body.creditCode', message: '校验码错误' },
        { field: 'body.contacts.0.name', message: '请填写姓名' },
      ]),
    );
    expect(rest).toBeUndefined();
    expect(set).toEqual([
      { name: ['creditCode'], errors: ['校验码错误'] },
      { name: ['contacts', 0, 'name'], errors: ['请填写姓名'] },
    ]);
  });

  test('a deeper path the form does not hold goes on its top-level field', () => {
    const { form, set } = fakeForm({ location: 'x' });
    expect(fe.applyFieldErrors(form, err([{ field: 'body.location.lon', message: '不在海曙区范围内' }]))).toBeUndefined();
    expect(set).toEqual([{ name: ['location'], errors: ['不在海曙区范围内'] }]);
  });

  test('a field the form does not have, a version conflict, or no fields at all come back as the message', () => {
    const { form, set } = fakeForm({ title: '' });
    expect(fe.applyFieldErrors(form, err([{ field: 'body.other', message: 'x' }]))).toBe('输入有误');
    expect(fe.applyFieldErrors(form, err([{ field: 'body.version', message: '已被他人修改' }]))).toBe('输入有误');
    expect(fe.applyFieldErrors(form, new api.ApiError(409, 'CONFLICT', '已被他人修改'))).toBe('已被他人修改');
    expect(fe.applyFieldErrors(form, new Error('boom'))).toBe('boom');
    expect(set).toEqual([]);
    expect(fe.formErrorMessage(fakeForm({ title: '' }).form, err([{ field: 'body.title', message: '必填' }]))).toBe('请检查标红的字段');
  });

  test('in English the English message is used where the API sends one', () => {
    const { form, set } = fakeForm({ title: '' });
    i18n.setLang('en');
    try {
      fe.applyFieldErrors(form, err([{ field: 'body.title', message: '必填', messageEn: 'Required' }]));
    } finally {
      i18n.setLang('zh');
    }
    expect(set).toEqual([{ name: ['title'], errors: ['Required'] }]);
  });
});

describe('upload', () => {
  test('sends the files with the session CSRF token and does not fetch /api/auth/me', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ files: [{ id: 'f1' }] }), { status: 201, headers: { 'content-type': 'application/json' } });
    });
    api.setCsrfToken('tok-123');
    const r = await api.upload<{ files: { id: string }[] }>('/api/files?kind=image', [new File(['x'], 'a.png')], { note: '现场', skip: undefined });
    expect(r.files[0].id).toBe('f1');
    expect(calls.map((c) => c.url)).toEqual(['/api/files?kind=image']);
    expect((calls[0].init.headers as Record<string, string>)['x-csrf-token']).toBe('tok-123');
    const body = calls[0].init.body as FormData;
    expect(body.getAll('file')).toHaveLength(1);
    expect(body.get('note')).toBe('现场');
    expect(body.has('skip')).toBe(false);
  });

  test("a refused upload is an ApiError with the server's message and fields", async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: { code: 'VALIDATION', message: '文件类型不支持', fields: [{ field: 'file', message: '仅支持图片' }] } }), {
          status: 400,
        }),
    );
    const e = await api.upload('/api/files', [new File(['x'], 'a.exe')]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(api.ApiError);
    expect((e as InstanceType<Api['ApiError']>).message).toBe('文件类型不支持');
    expect((e as InstanceType<Api['ApiError']>).fields).toEqual([{ field: 'file', message: '仅支持图片' }]);
  });
});

describe('list columns (settings, phone cards, server sort)', () => {
  test('a column is keyed by its key, its dataIndex path or its title, in that order', () => {
    expect(cols.columnKey({ key: 'k', dataIndex: 'name' }, 0)).toBe('k');
    expect(cols.columnKey({ dataIndex: 'name' }, 1)).toBe('name');
    expect(cols.columnKey({ dataIndex: ['owner', 'name'] }, 2)).toBe('owner.name');
    expect(cols.columnKey({ title: '标记' }, 3)).toBe('title:标记');
    expect(cols.columnKey({}, 4)).toBe('col:4');
  });

  test('a card reads the value a column shows, through a path, and nothing for a missing one', () => {
    expect(cols.cellValue({ name: '甬顺' }, 'name')).toBe('甬顺');
    expect(cols.cellValue({ owner: { name: '张伟' } }, ['owner', 'name'])).toBe('张伟');
    expect(cols.cellValue({ owner: null }, ['owner', 'name'])).toBeUndefined();
    expect(cols.cellValue({ name: 'x' }, undefined)).toBeUndefined();
  });

  test('sorting maps both ways between the URL and the table, and no order means no parameter', () => {
    expect(cols.sortParam('name', 'ascend')).toBe('name');
    expect(cols.sortParam('name', 'descend')).toBe('-name');
    expect(cols.sortParam('name', null)).toBeUndefined();
    expect(cols.sortOrderOf('-name', 'name')).toBe('descend');
    expect(cols.sortOrderOf('name', 'name')).toBe('ascend');
    expect(cols.sortOrderOf('-riskGrade', 'name')).toBeNull();
  });

  test('hidden columns are remembered per list and survive bad storage', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) };
    cols.writeHidden(storage, '/registry/enterprises', ['industryName']);
    expect(cols.readHidden(storage, '/registry/enterprises')).toEqual(['industryName']);
    expect(cols.readHidden(storage, '/registry/parks')).toEqual([]);
    cols.writeHidden(storage, '/registry/enterprises', []);
    expect(store.size).toBe(0);
    store.set('anlan.columns.x', '{not json');
    expect(cols.readHidden(storage, 'x')).toEqual([]);
    store.set('anlan.columns.y', '{"a":1}');
    expect(cols.readHidden(storage, 'y')).toEqual([]);
  });

  test('map labels: one that would overlap a label shown before it is hidden, the rest stay', async () => {
    const { overlaps, visibleLabels } = await import('./src/components/mapLabels');
    const box = (left: number, top: number, w = 40, h = 16) => ({ left, top, right: left + w, bottom: top + h });
    expect(overlaps(box(0, 0), box(39, 15))).toBe(true);
    // Touching edges are not an overlap.
    expect(overlaps(box(0, 0), box(40, 0))).toBe(false);
    expect(overlaps(box(0, 0), box(0, 16))).toBe(false);
    // The second overlaps the first (hidden); the third overlaps only the hidden second (shown); the fourth is clear.
    expect(visibleLabels([box(0, 0), box(30, 0), box(60, 0), box(0, 100)])).toEqual([true, false, true, true]);
    expect(visibleLabels([])).toEqual([]);
  });
});
