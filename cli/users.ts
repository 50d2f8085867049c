// `anlan user create` and `anlan token create`: the first administrator and machine-client tokens.
import type { Command } from 'commander';
import { ROLES } from '../shared/roles.ts';
import { writeAudit } from '../server/platform/audit.ts';
import { createCliToken } from '../server/platform/auth/cli-tokens.ts';
import { checkPasswordPolicy, POLICIES } from '../server/platform/auth/passwords.ts';
import { AppError } from '../server/platform/errors.ts';
import { createUser } from '../server/platform/users/users.service.ts';
import { adminCall, config, fail, runningServer, withRuntime } from './common.ts';

/** Read a password without echo on a terminal, or one line from stdin for automation. */
async function readPassword(prompt: string): Promise<string> {
  if (process.env.ANLAN_NEW_PASSWORD) return process.env.ANLAN_NEW_PASSWORD;
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let data = '';
    for await (const chunk of stdin) data += chunk;
    return data.split('\n')[0].trim();
  }
  process.stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let value = '';
    const onData = (ch: string) => {
      if (ch === '\r' || ch === '\n') {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stdout.write('\n');
        resolve(value);
      } else if (ch === '\u0003') process.exit(130);
      else if (ch === '\u007f') value = value.slice(0, -1);
      else value += ch;
    };
    stdin.on('data', onData);
  });
}

export function userCommands(program: Command) {
  const user = program.command('user').description('user accounts');
  user
    .command('create')
    .description('create a user; the password is prompted for (or read from stdin / ANLAN_NEW_PASSWORD)')
    .option('--admin', 'a district administrator named "admin" unless --username is given')
    .option('--username <name>', 'sign-in name')
    .option('--name <displayName>', 'display name')
    .option('--unit <code>', 'org unit code (default: the district, 330203)', '330203')
    .option('--roles <list>', `comma-separated roles: ${ROLES.join(', ')}`)
    .action(async (opts) => {
      const username: string = opts.username ?? (opts.admin ? 'admin' : fail('--username is required'));
      const roles: string[] = opts.admin
        ? ['district_admin']
        : String(opts.roles ?? '')
            .split(',')
            .filter(Boolean);
      if (roles.length === 0) fail('--roles is required (or --admin)');
      const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown.length) fail(`unknown role(s): ${unknown.join(', ')}`);
      await withRuntime(async (rt) => {
        const unit = await rt.deps.db.selectFrom('org_units').select('code').where('code', '=', opts.unit).executeTakeFirst();
        if (!unit) fail(`unknown org unit ${opts.unit} (run \`anlan seed\` or start the server once to load the org tree)`);
        const password = await readPassword(`password for ${username}: `);
        try {
          checkPasswordPolicy(POLICIES[rt.deps.config.passwordPolicy], password, username);
        } catch (e) {
          if (e instanceof AppError) fail(`password ${e.fields[0]?.messageEn ?? e.messageEn}`);
          throw e;
        }
        const exists = await rt.deps.db.selectFrom('users').select('id').where('username', '=', username.toLowerCase()).executeTakeFirst();
        if (exists) fail(`user ${username} already exists`);
        const id = await createUser(rt.deps.db, rt.deps.clock, { username, displayName: opts.name ?? username, unitCode: opts.unit, roles, password }, null);
        console.log(`created user ${username} (${id}) with roles ${roles.join(', ')}`);
      });
    });

  // For an administrator who lost their authenticator or locked themselves out (no one else can sign in to help).
  for (const [name, description] of [
    ['unlock', 'clear a lockout after failed sign-ins'],
    ['reset-totp', 'remove the bound authenticator; the user binds a new one at the next sign-in'],
  ] as const) {
    user
      .command(name)
      .description(description)
      .requiredOption('--username <name>', 'sign-in name')
      .action(async (opts) => {
        await withRuntime(async (rt) => {
          const { db, clock } = rt.deps;
          const u = await db.selectFrom('users').select(['id', 'username']).where('username', '=', String(opts.username).toLowerCase()).executeTakeFirst();
          if (!u) fail(`no user ${opts.username}`);
          const now = clock.now();
          await db.transaction().execute(async (trx) => {
            if (name === 'unlock')
              await trx.updateTable('users').set({ locked_until: null, failed_logins: 0, updated_at: now }).where('id', '=', u.id).execute();
            else {
              await trx
                .updateTable('users')
                .set({ totp_enabled: false, totp_secret: null, totp_last_step: null, updated_at: now })
                .where('id', '=', u.id)
                .execute();
              await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', u.id).where('revoked_at', 'is', null).execute();
            }
            await writeAudit(trx, {
              at: now,
              actor: null,
              action: name === 'unlock' ? 'user.unlock' : 'user.totp.reset',
              resourceType: 'user',
              resourceId: u.id,
              detail: { via: 'cli' },
            });
          });
          console.log(name === 'unlock' ? `unlocked ${u.username}` : `authenticator removed for ${u.username}; they bind a new one at the next sign-in`);
        });
      });
  }

  const token = program.command('token').description('API tokens for machine clients (Authorization: Bearer …)');
  token
    .command('create')
    .description(
      'create a token for a user and print it once (works while the server runs: it goes through the running server; ' +
        'signed-in users make their own on the web page 系统管理 → API 令牌)',
    )
    .requiredOption('--user <name>', 'the user the token acts as')
    .requiredOption('--scope <permissions...>', 'the permissions the token may use (at least one, each held by the user), e.g. monitoring:write')
    .option('--name <label>', 'what the token is for', 'cli')
    .option('--days <n>', 'expire after n days')
    .action(async (opts) => {
      const input = { user: opts.user, scopes: opts.scope ?? [], name: opts.name, days: opts.days };
      const server = runningServer(config());
      if (server) {
        console.log(((await (await adminCall(server, '/admin/tokens', input)).json()) as { secret: string }).secret);
        return;
      }
      await withRuntime(async (rt) => {
        try {
          console.log(await createCliToken(rt.deps, input));
        } catch (e) {
          if (e instanceof AppError) fail(e.fields.map((f) => `${f.field} ${f.messageEn}`).join('; ') || e.messageEn);
          throw e;
        }
      });
    });
}
