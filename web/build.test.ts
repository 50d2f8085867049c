// The production web bundle builds (the same build `npm start` serves), into a scratch directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';

describe('web bundle', () => {
  it('builds with an index.html that loads hashed assets', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlan-web-'));
    try {
      await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
      const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
      expect(html).toContain('lang="zh-CN"');
      const scripts = [...html.matchAll(/src="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(fs.existsSync(path.join(outDir, 'assets', s))).toBe(true);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 180_000);
});
