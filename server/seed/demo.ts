// Demo data for a newcomer's first start: the real Haishu org tree, demo accounts with generated
// passwords (printed and written to <dataDir>/demo-accounts.txt), then each module's own demo seed.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { MODULES } from '../modules/index.ts';
import type { Deps } from '../platform/context.ts';
import { DISTRICT_CODE, seedOrgTree } from '../platform/orgs/orgs.service.ts';
import { createUser } from '../platform/users/users.service.ts';

export type Progress = (step: string, done: number, total: number) => void;

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  unit: string;
  roles: string[];
}

const DEMO_USERS: Omit<DemoAccount, 'password'>[] = [
  { username: 'admin', displayName: '系统管理员', unit: DISTRICT_CODE, roles: ['district_admin'] },
  { username: 'chenjing', displayName: '陈静', unit: `${DISTRICT_CODE}D01`, roles: ['bureau_staff'] },
  { username: 'wangqiang', displayName: '王强', unit: `${DISTRICT_CODE}D01`, roles: ['enforcement_officer'] },
  { username: 'liuyang', displayName: '刘洋', unit: `${DISTRICT_CODE}D01`, roles: ['duty_officer'] },
  { username: 'zhaomin', displayName: '赵敏', unit: `${DISTRICT_CODE}D01`, roles: ['duty_leader'] },
  { username: 'sunli', displayName: '孙丽', unit: '330203009', roles: ['town_staff'] }, // 石碶街道
  { username: 'zhoujie', displayName: '周杰', unit: '330203100', roles: ['town_staff'] }, // 高桥镇
  { username: 'wuhao', displayName: '吴浩', unit: `${DISTRICT_CODE}D04`, roles: ['department_staff'] }, // 住建
  { username: 'shenjie', displayName: '沈洁', unit: DISTRICT_CODE, roles: ['auditor'] },
];

/** A password that satisfies both policy profiles (≥ 12 chars, 4 classes). */
export const generatePassword = () => `Al-${randomBytes(9).toString('base64url')}7q`;

export async function isSeeded(deps: Deps): Promise<boolean> {
  const row = await deps.db.selectFrom('system_meta').select('value').where('key', '=', 'demo_seed').executeTakeFirst();
  return !!row;
}

export async function seedDemo(deps: Deps, progress: Progress = () => {}): Promise<DemoAccount[]> {
  const steps = 2 + MODULES.filter((m) => m.seed).length;
  let step = 0;
  progress('行政区划 org tree', step, steps);
  await seedOrgTree(deps.db);
  progress('演示账号 demo accounts', ++step, steps);
  const accounts: DemoAccount[] = [];
  for (const u of DEMO_USERS) {
    const exists = await deps.db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
    if (exists) continue;
    const password = generatePassword();
    await createUser(deps.db, deps.clock, { username: u.username, displayName: u.displayName, unitCode: u.unit, roles: u.roles, password }, null);
    accounts.push({ ...u, password });
  }
  for (const m of MODULES) {
    if (!m.seed) continue;
    progress(`模块 ${m.key}`, ++step, steps);
    await m.seed(deps, (done, total) => progress(`模块 ${m.key}`, step + done / Math.max(total, 1), steps));
  }
  await sql`insert into system_meta (key, value) values ('demo_seed', ${JSON.stringify({ at: deps.clock.now() })}::jsonb)
    on conflict (key) do update set value = excluded.value, updated_at = now()`.execute(deps.db);
  progress('完成 done', steps, steps);
  if (accounts.length) writeAccountsFile(deps.config.dataDir, accounts);
  return accounts;
}

export function accountsFile(dataDir: string) {
  return path.join(dataDir, 'demo-accounts.txt');
}

function writeAccountsFile(dataDir: string, accounts: DemoAccount[]) {
  fs.mkdirSync(dataDir, { recursive: true });
  const lines = accounts.map((a) => `${a.username}\t${a.password}\t${a.displayName}\t${a.roles.join(',')}\t${a.unit}`);
  fs.writeFileSync(accountsFile(dataDir), `# 演示账号 demo accounts (username, password, name, roles, unit)\n${lines.join('\n')}\n`, {
    mode: 0o600,
    flag: 'a',
  });
}
