// Throw-away PostgreSQL databases next to DATABASE_URL's, for tests: empty, or cloned from a template.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function run(baseUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createDatabase(baseUrl: string, opts: { prefix?: string; template?: string } = {}): Promise<ScratchDatabase> {
  const name = `${opts.prefix ?? 'anlan_t'}_${process.pid}_${randomBytes(5).toString('hex')}`;
  await run(baseUrl, `create database ${name}${opts.template ? ` template ${opts.template}` : ''}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => run(baseUrl, `drop database if exists ${name} with (force)`) };
}
