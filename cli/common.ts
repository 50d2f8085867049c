// Shared by the CLI commands: checked config, clean failure, and a runtime for one-off commands.
import { type Config, ConfigError, loadConfig } from '../server/config.ts';
import { DataDirBusyError } from '../server/db/connection.ts';
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
