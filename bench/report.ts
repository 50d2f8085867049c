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

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
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
