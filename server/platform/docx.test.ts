// fittedPicture: a stored picture the reader may see comes out fitted to the page; anything else is only named —
// a type Word cannot show inline, a damaged image, and a file outside the reader's scope (by its id: its name is
// not revealed either) or one that does not exist.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { v7 } from 'uuid';
import * as make from '../test/factories.ts';
import { type TestRuntime, testRuntime } from '../test/helpers.ts';
import { type Ctx, systemCtx } from './context.ts';
import { fittedPicture } from './docx.ts';
import { insertFile } from './files/files.service.ts';

let t: TestRuntime;
beforeAll(async () => {
  t = await testRuntime();
});
afterAll(() => t?.dispose());

/** A reader in town A only. */
const townA = (): Ctx => {
  const c = systemCtx(t.deps);
  return { ...c, actor: { ...c.actor, id: v7(), username: 'reader', unitCode: make.TOWN_A, unitKind: 'town', jurisdictions: [make.TOWN_A] } };
};
const stored = (filename: string, mime: string, data: Buffer, code = make.TOWN_A) =>
  insertFile(t.deps.db, { filename, mime, data, uploadedBy: null, jurisdictionCode: code, at: t.deps.clock.now() }).then((f) => f.id);

it('a picture in scope is embedded at its size (within maxPx), its type and bytes kept', async () => {
  const id = await make.storedFile(t.deps);
  const { filename, picture } = await fittedPicture(townA(), id);
  expect(filename).toBe('p.png');
  expect(picture).toMatchObject({ type: 'png', mime: 'image/png', width: 1, height: 1 });
  expect(Buffer.compare(picture?.data as Buffer, make.PNG_1PX)).toBe(0);
});

it('a PDF and a damaged PNG are named, not embedded', async () => {
  const pdf = await stored('记录.pdf', 'application/pdf', Buffer.from('%PDF-1.4'));
  const broken = await stored('坏图.png', 'image/png', Buffer.from('not a png'));
  expect(await fittedPicture(townA(), pdf)).toEqual({ filename: '记录.pdf' });
  expect(await fittedPicture(townA(), broken)).toEqual({ filename: '坏图.png' });
});

it("another town's file and a missing one are named by their id only", async () => {
  const elsewhere = await stored('高桥镇-现场.png', 'image/png', make.PNG_1PX, make.TOWN_B);
  expect(await fittedPicture(townA(), elsewhere)).toEqual({ filename: elsewhere });
  const missing = v7();
  expect(await fittedPicture(townA(), missing)).toEqual({ filename: missing });
});
