// The draw algorithm as properties (fast-check): same inputs → same tasks; any change to a pool → another
// commitment; recusal is never violated and every task has k different inspectors; refusals name the problem.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRAW_ALGORITHM } from '../../../shared/draws.ts';
import {
  canonicalJson,
  canonicalText,
  commitmentOf,
  type DrawInputs,
  DrawRefusal,
  normalize,
  type Exclusion,
  precheck,
  recusalOf,
  seedOf,
  selectTasks,
  sha256hex,
  Stream,
  verifyRound,
} from './draws.algorithm.ts';

const TOWNS = ['330203001', '330203009', '330203100', '330203101'];
const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

/** Random but consistent inputs: N ≤ pool, enough inspectors left after recusal (most of the time). */
const inputsArb = fc
  .record({
    entityIds: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 40 }),
    inspectorIds: fc.uniqueArray(fc.uuid(), { minLength: 4, maxLength: 14 }),
    k: fc.integer({ min: 2, max: 3 }),
    crossArea: fc.boolean(),
    townOf: fc.array(fc.integer({ min: 0, max: TOWNS.length - 1 }), { minLength: 60, maxLength: 60 }),
    unitOf: fc.array(fc.integer({ min: -1, max: TOWNS.length - 1 }), { minLength: 20, maxLength: 20 }),
    pairs: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 30 }),
    nFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    nonces: fc.tuple(hex64, hex64),
  })
  .map((r): DrawInputs => {
    const entities = r.entityIds.map((id, i) => ({ id, name: `企业${i}`, townCode: TOWNS[r.townOf[i % 60]], townName: `镇${r.townOf[i % 60]}` }));
    const inspectors = r.inspectorIds.map((userId, i) => {
      const u = r.unitOf[i % 20];
      return { userId, name: `执法${i}`, unitCode: u < 0 ? '330203' : TOWNS[u], unitName: u < 0 ? '区应急管理局' : `镇${u}` };
    });
    const exclusions: Exclusion[] = r.pairs.map(([a, b, c]) => ({
      userId: inspectors[a % inspectors.length].userId,
      enterpriseId: entities[b % entities.length].id,
      reason: c ? 'conflict' : 'recent',
    }));
    return {
      algorithm: DRAW_ALGORITHM,
      drawCode: 'SJ-2026-001',
      round: 1,
      entities,
      inspectors,
      exclusions,
      params: {
        entityCount: Math.max(1, Math.round(r.nFrac * entities.length)),
        inspectorsPerEntity: r.k,
        crossArea: r.crossArea,
        recusalWindowDays: 365,
        dueDate: '2026-06-30',
      },
      bureauNonceHash: sha256hex(r.nonces[0]),
      witnessHash: sha256hex(r.nonces[1]),
    };
  });

/** Shuffle arrays (the order inputs arrive in must not matter). */
const shuffled = <T>(xs: readonly T[], rnd: number) => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = (rnd * (i + 7919)) % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};

const run = (inputs: DrawInputs, seed: string) => {
  try {
    return selectTasks(inputs, seed);
  } catch (e) {
    if (e instanceof DrawRefusal) return e;
    throw e;
  }
};

describe('draw algorithm (anlan-draw-v1)', () => {
  it('same inputs and seed → the same tasks, whatever order the pools arrive in', () => {
    fc.assert(
      fc.property(inputsArb, hex64, fc.nat(1000), (inputs, seed, rnd) => {
        const again = {
          ...inputs,
          entities: shuffled(inputs.entities, rnd),
          inspectors: shuffled(inputs.inspectors, rnd + 1),
          exclusions: shuffled(inputs.exclusions, rnd + 2),
        };
        expect(commitmentOf(again)).toBe(commitmentOf(inputs));
        expect(canonicalText(normalize(again))).toBe(canonicalJson(normalize(inputs)));
        const a = run(inputs, seed);
        const b = run(again, seed);
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });

  it('a changed pool (an enterprise or inspector added, removed or renamed) or parameter → a different commitment', () => {
    const change = fc.constantFrom(
      'addEntity',
      'dropEntity',
      'renameEntity',
      'moveEntity',
      'dropInspector',
      'renameInspector',
      'count',
      'crossArea',
      'exclusion',
      'nonce',
    );
    fc.assert(
      fc.property(inputsArb, change, fc.uuid(), (inputs, what, id) => {
        const x = structuredClone(inputs);
        if (what === 'addEntity') {
          fc.pre(!x.entities.some((e) => e.id === id));
          x.entities.push({ id, name: '新企业', townCode: TOWNS[0], townName: '镇0' });
        }
        if (what === 'dropEntity') x.entities.pop();
        if (what === 'renameEntity') x.entities[0].name += '（变更）';
        if (what === 'moveEntity') x.entities[0].townCode = x.entities[0].townCode === TOWNS[0] ? TOWNS[1] : TOWNS[0];
        if (what === 'dropInspector') x.inspectors.pop();
        if (what === 'renameInspector') x.inspectors[0].name += '甲';
        if (what === 'count') x.params.entityCount += 1;
        if (what === 'crossArea') x.params.crossArea = !x.params.crossArea;
        if (what === 'exclusion') x.exclusions.push({ userId: id, enterpriseId: x.entities[0].id, reason: 'conflict' });
        if (what === 'nonce') x.witnessHash = sha256hex(`${x.witnessHash}x`);
        expect(commitmentOf(x)).not.toBe(commitmentOf(inputs));
      }),
      { numRuns: 300 },
    );
  });

  it('the streamed commitment is SHA-256 of canonicalText(normalize(inputs)), byte for byte, whatever the strings hold', () => {
    const odd = fc.string({
      unit: fc.oneof(fc.constantFrom('"', '\\', '\u0000', '\u001f', '\ud800', '\udfff', '\u2028', '镇', '🏭'), fc.string({ unit: 'binary', maxLength: 1 })),
    });
    const value = fc.oneof({ weight: 5, arbitrary: odd }, fc.constant(undefined), fc.constant(null), fc.integer());
    fc.assert(
      fc.property(
        inputsArb,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('id', 'name', 'townCode', 'townName', 'userId', 'unitName', 'reason'), value)),
        odd,
        (raw, edits, code) => {
          const inputs = structuredClone({ ...raw, drawCode: code });
          for (const [at, key, v] of edits) {
            const list = [inputs.entities, inputs.inspectors, inputs.exclusions][at % 3] as unknown as Record<string, unknown>[];
            if (list.length) list[at % list.length][key] = v;
          }
          expect(commitmentOf(inputs)).toBe(sha256hex(canonicalText(normalize(inputs))));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('recusal is never violated and each enterprise gets k different inspectors from the pool', () => {
    fc.assert(
      fc.property(inputsArb, hex64, (inputs, seed) => {
        const out = run(inputs, seed);
        if (out instanceof DrawRefusal) {
          // Refused only for a reason precheck also sees, naming the entity when it is one.
          expect(() => precheck(inputs)).toThrow(DrawRefusal);
          if (out.code === 'TOO_FEW_ELIGIBLE') expect(out.entity).toBeDefined();
          return;
        }
        const excluded = new Map(inputs.exclusions.map((x) => [`${x.userId}\u0000${x.enterpriseId}`, x.reason] as const));
        const byId = new Map(inputs.inspectors.map((i) => [i.userId, i]));
        expect(out).toHaveLength(inputs.params.entityCount);
        expect(new Set(out.map((t) => t.enterpriseId)).size).toBe(out.length);
        for (const t of out) {
          const entity = inputs.entities.find((e) => e.id === t.enterpriseId);
          expect(entity).toBeDefined();
          expect(t.inspectors).toHaveLength(inputs.params.inspectorsPerEntity);
          expect(new Set(t.inspectors.map((i) => i.userId)).size).toBe(t.inspectors.length);
          for (const i of t.inspectors) {
            const ins = byId.get(i.userId);
            expect(ins).toBeDefined();
            expect(recusalOf(ins!, entity!, inputs.params.crossArea, excluded)).toBeUndefined();
            if (inputs.params.crossArea && /^\d{9}$/.test(i.unitCode)) expect(i.unitCode).not.toBe(t.townCode);
            expect(excluded.has(`${i.userId}\u0000${t.enterpriseId}`)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('precheck passes exactly when every enterprise keeps k eligible inspectors (compared with a brute count)', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const excluded = new Map(inputs.exclusions.map((x) => [`${x.userId}\u0000${x.enterpriseId}`, x.reason] as const));
        const k = inputs.params.inspectorsPerEntity;
        const short = [...inputs.entities]
          .sort((a, b) => (a.id < b.id ? -1 : 1))
          .find((e) => inputs.inspectors.filter((i) => !recusalOf(i, e, inputs.params.crossArea, excluded)).length < k);
        let refusal: DrawRefusal | undefined;
        try {
          precheck(inputs);
        } catch (e) {
          refusal = e as DrawRefusal;
        }
        if (inputs.inspectors.length < k) expect(refusal?.code).toBe('TOO_FEW_INSPECTORS');
        else if (short) expect(refusal?.entity?.id).toBe(short.id);
        else expect(refusal).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('verifyRound re-runs a round and says so; a changed result or nonce is caught', () => {
    fc.assert(
      fc.property(inputsArb, hex64, hex64, (raw, bureauNonce, witnessSecret) => {
        const inputs = { ...raw, bureauNonceHash: sha256hex(bureauNonce), witnessHash: sha256hex(witnessSecret) };
        const commitment = commitmentOf(inputs);
        const seed = seedOf(commitment, bureauNonce, witnessSecret);
        const tasks = run(inputs, seed);
        fc.pre(!(tasks instanceof DrawRefusal) && tasks.length > 0);
        const ok = verifyRound(inputs, { bureauNonce, witnessSecret }, { commitment, seed, tasks: tasks as never });
        expect(ok.ok).toBe(true);
        const wrongNonce = verifyRound(inputs, { bureauNonce, witnessSecret: `${witnessSecret}0` }, { commitment, seed, tasks: tasks as never });
        expect(wrongNonce.ok).toBe(false);
        expect(wrongNonce.witnessSecretMatches).toBe(false);
        const t = tasks as ReturnType<typeof selectTasks>;
        const swapped = [{ ...t[0], enterpriseId: 'x' }, ...t.slice(1)];
        expect(verifyRound(inputs, { bureauNonce, witnessSecret }, { commitment, seed, tasks: swapped }).tasksMatch).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses an empty pool and a pool smaller than asked', () => {
    const base = fc.sample(inputsArb, { numRuns: 1, seed: 7 })[0];
    expect(() => precheck({ ...base, entities: [] })).toThrow(expect.objectContaining({ code: 'POOL_EMPTY' }));
    expect(() => precheck({ ...base, params: { ...base.params, entityCount: base.entities.length + 1 } })).toThrow(
      expect.objectContaining({ code: 'POOL_TOO_SMALL' }),
    );
  });

  it('the stream and the canonical text are fixed (a published vector a re-implementation can check)', () => {
    const s = new Stream(sha256hex('anlan'));
    const first = [s.next32(), s.next32(), s.uniform(10), s.uniform(1000)];
    const block = Buffer.concat([Buffer.from(sha256hex('anlan'), 'hex'), Buffer.alloc(8)]);
    const words = Buffer.from(sha256hex(block), 'hex');
    expect(first.slice(0, 2)).toEqual([words.readUInt32BE(0), words.readUInt32BE(4)]);
    expect(canonicalJson({ b: [1, 'x'], a: { d: true, c: null } })).toBe('{"a":{"c":null,"d":true},"b":[1,"x"]}');
    const counts = new Array(3).fill(0);
    const u = new Stream(sha256hex('uniform'));
    for (let i = 0; i < 30_000; i++) counts[u.uniform(3)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('pins one known result: a fixed input gives this commitment, seed and these tasks (stored draws keep verifying)', () => {
    // Deterministic inputs with names that stress the canonical text (quotes, backslash, CJK, an emoji), pools
    // given out of order, cross-area on and exclusions of both kinds. Computed once with the first implementation
    // of anlan-draw-v1: an optimisation that changes any byte of the commitment or any pick fails here.
    const towns = ['330203001', '330203002', '330203003'];
    const id = (i: number, tag: string) => `0190${tag}00-0000-7000-8000-${String(i).padStart(12, '0')}`;
    const entities = Array.from({ length: 300 }, (_, i) => ({
      id: id((i * 7919) % 300, 'e0'),
      name: i % 50 === 0 ? `"引号"\\企业${i}🏭` : `海曙某某制造有限公司${i}`,
      townCode: towns[i % 3],
      townName: `镇街${i % 3}`,
    }));
    const inspectors = Array.from({ length: 12 }, (_, i) => ({
      userId: id((i * 5) % 12, 'a1'),
      name: `执法员${i}`,
      unitCode: i < 4 ? '330203' : towns[i % 3],
      unitName: i < 4 ? '海曙区应急管理局' : `镇街${i % 3}`,
    }));
    const exclusions: Exclusion[] = Array.from({ length: 40 }, (_, i) => ({
      userId: inspectors[(i * 3) % 12].userId,
      enterpriseId: entities[(i * 37) % 300].id,
      reason: i % 2 ? 'conflict' : 'recent',
    }));
    const inputs: DrawInputs = {
      algorithm: DRAW_ALGORITHM,
      drawCode: 'SJ-2026-PIN',
      round: 2,
      entities,
      inspectors,
      exclusions,
      params: { entityCount: 25, inspectorsPerEntity: 2, crossArea: true, recusalWindowDays: 365, dueDate: '2026-06-30' },
      bureauNonceHash: sha256hex('bureau-nonce'),
      witnessHash: sha256hex('witness-secret'),
    };
    const commitment = commitmentOf(inputs);
    const seed = seedOf(commitment, 'bureau-nonce', 'witness-secret');
    const tasks = selectTasks(inputs, seed);
    expect(commitment).toBe('db7c066ef4f9b1df72097870c784036e57fa21a836c6d25bda57dd703ce795ce');
    expect(seed).toBe('d04ce6ac28c1b0d106fac3b42aac4099fe5de44f46087415f2dcebe15e4b92ce');
    expect(sha256hex(JSON.stringify(tasks))).toBe('c0543ac651ac5f0800329d59836bc406d70082f330cdc16dbb97da802df6b7ee');
    expect(tasks.slice(0, 2).map((t) => [t.enterpriseId, ...t.inspectors.map((i) => i.userId)])).toEqual([
      ['0190e000-0000-7000-8000-000000000062', '0190a100-0000-7000-8000-000000000007', '0190a100-0000-7000-8000-000000000001'],
      ['0190e000-0000-7000-8000-000000000081', '0190a100-0000-7000-8000-000000000011', '0190a100-0000-7000-8000-000000000008'],
    ]);
    expect(verifyRound(inputs, { bureauNonce: 'bureau-nonce', witnessSecret: 'witness-secret' }, { commitment, seed, tasks }).ok).toBe(true);
  });
});
