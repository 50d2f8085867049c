// Write a benchmark's markdown into its own section of bench/README.md (between its markers).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const README = path.join(path.dirname(fileURLToPath(import.meta.url)), 'README.md');

export function writeSection(name: string, markdown: string) {
  const text = fs.readFileSync(README, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const body = `${start}\n${markdown.trim()}\n${end}`;
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  fs.writeFileSync(README, re.test(text) ? text.replace(re, body) : `${text.trimEnd()}\n\n${body}\n`);
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** A markdown table, its columns padded as the formatter (biome) writes them, so a run leaves the README lint-clean. */
export function table(headers: string[], rows: (string | number)[][]): string {
  // Display width, as the formatter counts it: CJK and full-width forms take two columns.
  const len = (v: string | number) => [...String(v)].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);
  const widths = headers.map((h, i) => Math.max(3, len(h), ...rows.map((r) => len(r[i] ?? ''))));
  const line = (cells: (string | number)[]) => `| ${widths.map((w, i) => String(cells[i] ?? '') + ' '.repeat(w - len(cells[i] ?? ''))).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

/**
 * Write a section that holds one table per database engine: this run's `md` (starting `### <kind>`) replaces the
 * same engine's table and keeps the other's (PostgreSQL first), under `intro`.
 */
export function writeEngineSection(name: string, intro: string, kind: 'PostgreSQL' | 'PGlite', md: string) {
  const text = fs.readFileSync(README, 'utf8');
  const current = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(text)?.[1] ?? '';
  const other = current
    .split(/(?=^### )/m)
    .filter((s) => s.startsWith('### ') && !s.startsWith(`### ${kind}`))
    .map((s) => s.trim());
  writeSection(name, [intro, ...(kind === 'PostgreSQL' ? [md, ...other] : [...other, md])].join('\n\n'));
}
