// Shared by the CLI commands: checked config, clean failure, and a runtime for one-off commands.
import { type Config, ConfigError, loadConfig } from '../server/config.ts';
import { DataDirBusyError } from '../server/db/connection.ts';
import { type AdminFile, readAdminFile } from '../server/main.ts';
import { createRuntime, type Runtime } from '../server/runtime.ts';

export function config(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
}

export function fail(message: string): never {
  console.error(`anlan: ${message}`);
  process.exit(1);
}

/** Open the database for a one-off command; a busy PGlite directory is a clear refusal. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const cfg = config();
  let rt: Runtime;
  try {
    rt = await createRuntime(cfg, { migrate: opts.migrate ?? true });
  } catch (e) {
    if (e instanceof DataDirBusyError) fail(`${e.message}`);
    throw e;
  }
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** The running server that holds this data directory, if any (PGlite only). */
export function runningServer(cfg: Config): AdminFile | undefined {
  if (cfg.databaseUrl) return undefined;
  const info = readAdminFile(cfg.dataDir);
  if (!info) return undefined;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

/** Ask the running server to do what this process may not (it holds the PGlite directory); a refusal ends the command. */
export async function adminCall(info: AdminFile, route: string, body?: unknown): Promise<Response> {
  const res = await fetch(`http://127.0.0.1:${info.port}${route}`, {
    method: 'POST',
    headers: { 'x-anlan-admin': info.secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try {
      const e = (JSON.parse(text) as { error: { message: string; fields?: { field: string; messageEn: string }[] } }).error;
      message = e.fields?.length ? e.fields.map((f) => `${f.field} ${f.messageEn}`).join('; ') : e.message;
    } catch {}
    fail(`the running server refused ${route}: ${res.status} ${message}`);
  }
  return res;
}
