// Test fixtures for the hazard tests: multipart bodies and service contexts (records: server/test/factories.ts).
import { randomBytes } from 'node:crypto';
import type { Ctx, Deps } from '../../platform/context.ts';
import { systemCtx } from '../../platform/context.ts';

export interface Part {
  name: string;
  value?: string;
  file?: { filename: string; data: Buffer; type?: string };
}

/** A multipart/form-data body for app.inject. */
export function multipartBody(parts: Part[]) {
  const boundary = `----anlan${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if (p.file) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.file.filename}"\r\nContent-Type: ${p.file.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        p.file.data,
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value ?? ''}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A system context acting as someone else (acceptance must be by another person than the rectifier). */
export function otherCtx(deps: Deps, id = '00000000-0000-7000-8000-0000000000aa'): Ctx {
  const c = systemCtx(deps);
  return { ...c, actor: { ...c.actor, id, username: 'system2', displayName: '系统（复核）' } };
}
