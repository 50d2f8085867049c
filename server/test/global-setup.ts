// Once per test run: build a migrated database with the org tree, as a template every test file clones.
// PGlite: a dumped data directory on disk. PostgreSQL: a template database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { seedOrgTree } from '../platform/orgs/orgs.service.ts';
import { createDatabase } from './databases.ts';

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = await createDatabase(url, { prefix: 'anlan_tpl' });
    const db = await openDatabase({ databaseUrl: template.url, poolSize: 2 });
    await migrate(db.db);
    await seedOrgTree(db.db);
    await db.close();
    process.env.ANLAN_TEST_TEMPLATE_DB = template.name;
    return template.drop;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlan-test-'));
  const db = await openDatabase({ memory: {} });
  await migrate(db.db);
  await seedOrgTree(db.db);
  const dump = await db.pglite?.dumpDataDir('none');
  await db.close();
  const file = path.join(dir, 'template.tar');
  fs.writeFileSync(file, Buffer.from(await (dump as Blob).arrayBuffer()));
  process.env.ANLAN_TEST_TEMPLATE_FILE = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
