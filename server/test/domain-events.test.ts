// Every declared domain event has a subscriber: an event nobody listens to is dead code (issue 11).
// Declarations are `interface DomainEvents { 'name': … }` blocks; subscribers are `events.subscribe(NAME, …)`
// with NAME a string literal or a constant exported as one. Test files do not count either way.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

// Comment lines are left out (the platform's own doc comment shows an example declaration).
const files = sources(ROOT).map((f) => ({ f: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8').replace(/^\s*\/\/.*$/gm, '') }));

const declared = new Map<string, string>();
for (const { f, text } of files)
  for (const block of text.matchAll(/interface DomainEvents \{([\s\S]*?)\n\s*\}/g))
    for (const m of block[1].matchAll(/^\s*'([\w.-]+)'\s*:/gm)) declared.set(m[1], f);

const constants = new Map<string, string>();
for (const { text } of files) for (const m of text.matchAll(/export const (\w+) = '([\w.-]+)'/g)) constants.set(m[1], m[2]);

const subscribed = new Set<string>();
for (const { text } of files)
  for (const m of text.matchAll(/events\.subscribe\(\s*(?:'([\w.-]+)'|(\w+))/g)) subscribed.add(m[1] ?? constants.get(m[2]) ?? `?${m[2]}`);

describe('domain events', () => {
  it('finds the declarations (the scan works)', () => {
    expect(declared.has('monitoring.alarm')).toBe(true);
    expect(declared.has('warnings.changed')).toBe(true);
  });

  it('every declared event has a subscriber', () => {
    const orphans = [...declared].filter(([name]) => !subscribed.has(name)).map(([name, f]) => `${name} (${f})`);
    expect(orphans).toEqual([]);
  });

  it('every subscription names a declared event', () => {
    expect([...subscribed].filter((n) => !declared.has(n))).toEqual([]);
  });
});
