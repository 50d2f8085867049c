// Module boundaries (issue 11), checked on the sources:
//  - a module imports another module only through its api.ts (or index.ts);
//  - platform code (server/platform/**) never imports server/modules/** (the composition root — server/app.ts,
//    runtime.ts, main.ts, cli — wires them together);
//  - a module's SQL names only its own tables and the platform's, never another module's (ownership: the
//    `interface …Tables { table: … }` block of each server/modules/<m>/<m>.tables.ts).
// Test files are not checked (a test may reach into what it tests). And, on the running app: each module is
// registered in its own Fastify scope, so what it adds (the warnings CAP XML parser) does not leak to others.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, userSession } from './helpers.ts';

const SERVER = path.resolve(import.meta.dirname, '..');
const MODULES_DIR = path.join(SERVER, 'modules');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const rel = (f: string) => path.relative(SERVER, f);
const moduleOf = (f: string) => {
  const r = path.relative(MODULES_DIR, f);
  return r.startsWith('..') || !r.includes(path.sep) ? undefined : r.split(path.sep)[0];
};

/** Every relative import (static, dynamic, type-only, re-export) of a file, resolved to an absolute path. */
function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)) out.push(path.resolve(path.dirname(file), m[1]));
  return out;
}

/** Table names a piece of code's SQL mentions: Kysely builders, scope helpers, and raw sql`…` text. */
function tablesNamed(text: string): Set<string> {
  const code = text.replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const out = new Set<string>();
  const builders = /\b(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|(?:left|right|inner|full|cross)?[jJ]oin|with)\(\s*'(\w+)(?:\s+as\s+\w+)?'/g;
  const helpers = /\b(?:scopedFrom|requireVisible|visibleRows)\(\s*\w+\s*,\s*'(\w+)'/g;
  for (const re of [builders, helpers]) for (const m of code.matchAll(re)) out.add(m[1]);
  for (const tpl of code.matchAll(/sql(?:<[^`]*?>)?`([^`]*)`/g)) for (const m of tpl[1].matchAll(/\b(?:from|join|into|update|table)\s+(\w+)/gi)) out.add(m[1]);
  return out;
}

const owner = new Map<string, string>();
for (const m of fs.readdirSync(MODULES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory())) {
  for (const f of fs.readdirSync(path.join(MODULES_DIR, m.name)).filter((n) => n.endsWith('.tables.ts'))) {
    const text = fs.readFileSync(path.join(MODULES_DIR, m.name, f), 'utf8');
    for (const block of text.matchAll(/export interface \w+Tables \{([^}]*)\}/g)) for (const t of block[1].matchAll(/^\s*(\w+)\s*:/gm)) owner.set(t[1], m.name);
  }
}

const moduleFiles = sources(MODULES_DIR).filter((f) => moduleOf(f));

describe('module boundaries', () => {
  it('knows which module owns which table (the scan works)', () => {
    expect(owner.get('enterprises')).toBe('registry');
    expect(owner.get('hazards')).toBe('hazards');
    expect(owner.get('monitoring_alarms')).toBe('monitoring');
    expect(owner.get('warnings')).toBe('warnings');
    expect([...tablesNamed("db.selectFrom('parks').leftJoin('enterprises as e', …); sql`select 1 from hazards h`")].sort()).toEqual([
      'enterprises',
      'hazards',
      'parks',
    ]);
  });

  it("a module imports another module only through that module's api.ts or index.ts", () => {
    const bad: string[] = [];
    for (const f of moduleFiles) {
      const mine = moduleOf(f);
      for (const target of importsOf(f)) {
        const theirs = moduleOf(target);
        if (!theirs || theirs === mine) continue;
        const entry = path.relative(path.join(MODULES_DIR, theirs), target);
        if (entry !== 'api.ts' && entry !== 'index.ts') bad.push(`${rel(f)} → ${rel(target)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('platform code never imports the modules', () => {
    const bad = sources(path.join(SERVER, 'platform')).flatMap((f) =>
      importsOf(f)
        .filter((t) => !path.relative(MODULES_DIR, t).startsWith('..'))
        .map((t) => `${rel(f)} → ${rel(t)}`),
    );
    expect(bad).toEqual([]);
  });

  it("a module's SQL names no other module's tables", () => {
    const bad: string[] = [];
    for (const f of moduleFiles) {
      const mine = moduleOf(f);
      for (const t of tablesNamed(fs.readFileSync(f, 'utf8'))) {
        const theirs = owner.get(t);
        if (theirs && theirs !== mine) bad.push(`${rel(f)} reads ${theirs}'s ${t}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('module scopes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t?.dispose());

  it("a module's content-type parser serves only that module (XML to monitoring is refused, CAP XML to warnings is read)", async () => {
    const admin = await userSession(t, { roles: ['district_admin'] });
    const xml = { ...admin.headers, 'content-type': 'application/xml' };
    const registry = await t.app.inject({ method: 'POST', url: '/api/monitoring/devices', headers: xml, payload: '<a/>' });
    expect(registry.statusCode).toBe(415);
    const warnings = await t.app.inject({ method: 'POST', url: '/api/warnings/cap', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(warnings.statusCode).not.toBe(415); // parsed; refused for want of a sender's credentials
  });
});
