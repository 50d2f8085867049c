// The Kysely table types (schema.ts and the modules' *.tables.ts, written by hand) against the migrated
// database: the same tables, the same columns, the same nullability and roughly the same type. The
// database side comes from information_schema; the type side is checked by the TypeScript compiler on a
// file generated here (server/db/schema-shape.ts reduces the types to [kind, nullability] per column).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestRuntime, testRuntime } from '../test/helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime();
});
afterAll(() => rt?.dispose());

interface DbColumn {
  table: string;
  column: string;
  data_type: string;
  udt_name: string;
  nullable: boolean;
}

/** What the driver returns for a column type, in schema-shape.ts's terms (json may hold an array). */
function kindsOf(c: DbColumn): string[] {
  switch (c.data_type) {
    case 'ARRAY':
      return ['array'];
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return ['Date'];
    case 'integer':
    case 'smallint':
    case 'bigint':
    case 'real':
    case 'double precision':
      return ['number'];
    case 'boolean':
      return ['boolean'];
    case 'json':
    case 'jsonb':
      return ['json', 'array'];
    case 'bytea':
      return ['Buffer'];
    default:
      // text, varchar, uuid, date (kept as 'YYYY-MM-DD'), numeric (exact, as a string), inet, enums …
      return ['string'];
  }
}

async function databaseColumns(): Promise<DbColumn[]> {
  const { rows } = await sql<DbColumn>`
    select c.table_name as "table", c.column_name as "column", c.data_type, c.udt_name, c.is_nullable = 'YES' as nullable
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    join pg_class pc on pc.relname = c.table_name and pc.relnamespace = 'public'::regnamespace
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and not pc.relispartition
    order by c.table_name, c.ordinal_position`.execute(rt.deps.db);
  return rows;
}

const lit = (s: string) => `'${s}'`;
const union = (xs: string[]) => (xs.length ? xs.map(lit).join(' | ') : 'never');

/** A file the compiler accepts only if the types describe `cols`; each check line says what it checks. */
function checks(cols: DbColumn[]): { source: string; lines: Map<number, string> } {
  const byTable = new Map<string, DbColumn[]>();
  for (const c of cols) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  const out = [
    `import type { Shape } from ${lit(path.join(ROOT, 'server/db/schema-shape.ts'))};`,
    'type Same<A, E> = [A] extends [E] ? ([E] extends [A] ? true : false) : false;',
    'type Within<A, E> = [A] extends [E] ? true : false;',
    'type Ok<T extends true> = T;',
  ];
  const lines = new Map<number, string>();
  const add = (code: string, what: string) => {
    out.push(code);
    lines.set(out.length, what);
  };
  const tables = [...byTable.keys()];
  add(
    `export type Tables = Ok<Same<keyof Shape, ${union(tables)}>>;`,
    `the types and the database have different tables (the database has ${tables.join(', ')})`,
  );
  let n = 0;
  for (const [table, cs] of byTable) {
    add(
      `export type T${n} = Ok<Same<keyof Shape[${lit(table)}], ${union(cs.map((c) => c.column))}>>;`,
      `${table}: the types and the database have different columns (the database has ${cs.map((c) => c.column).join(', ')})`,
    );
    for (const c of cs) {
      const nullability = c.nullable ? 'null' : 'not null';
      add(
        `export type C${n}_${c.column} = Ok<Within<Shape[${lit(table)}][${lit(c.column)}], [${union(kindsOf(c))}, ${lit(nullability)}]>>;`,
        `${table}.${c.column}: the database has ${c.data_type === 'ARRAY' ? `${c.udt_name.slice(1)}[]` : c.data_type} ${nullability}, so the type should be ${kindsOf(c).join(' or ')}${c.nullable ? ' | null' : ' (no null)'}`,
      );
    }
    n++;
  }
  return { source: `${out.join('\n')}\n`, lines };
}

describe('Kysely table types agree with the migrated database', () => {
  it('same tables, columns, nullability and rough types', async () => {
    const cols = await databaseColumns();
    expect(cols.length).toBeGreaterThan(100);
    const { source, lines } = checks(cols);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlan-schema-'));
    try {
      const file = path.join(dir, 'schema-check.ts');
      fs.writeFileSync(file, source);
      const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions;
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { ...base, typeRoots: [path.join(ROOT, 'node_modules/@types')] }, files: [file] }),
      );
      const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
      const result = await promisify(execFile)(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', dir], { cwd: dir }).then(
        () => '',
        (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
      );
      const problems = new Set<string>();
      for (const m of result.matchAll(/schema-check\.ts\((\d+),\d+\): error (TS\d+: .*)/g)) problems.add(lines.get(Number(m[1])) ?? `line ${m[1]}: ${m[2]}`);
      if (result && problems.size === 0) problems.add(result.slice(0, 2000)); // the compiler failed otherwise
      expect([...problems], 'the Kysely types (server/db/schema.ts, server/**/*.tables.ts) and the migrations disagree').toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
