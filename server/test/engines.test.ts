// Every locked dependency must run on the oldest Node that package.json promises (`engines.node`), so a fresh
// `npm ci` on the machines we support prints no EBADENGINE warning. A dependency that raises its floor is pinned
// (package.json `overrides`) to the newest version that still supports ours.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// semver is what npm itself uses to check engines; take fastify's copy (a direct dependency of fastify).
const semver = createRequire(createRequire(import.meta.url).resolve('fastify/package.json'))('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

describe('installed dependencies', () => {
  it('all support the oldest Node in engines.node', () => {
    const oldest = semver.minVersion(read('package.json').engines.node)!.version;
    const packages: Record<string, { version?: string; engines?: { node?: string } }> = read('package-lock.json').packages;
    const tooNew = Object.entries(packages)
      .filter(([where, p]) => where !== '' && p.engines?.node && !semver.satisfies(oldest, p.engines.node))
      .map(([where, p]) => `${where}@${p.version} wants node ${p.engines!.node}`);
    expect(tooNew, `Node ${oldest}`).toEqual([]);
  });
});
