// How every request is checked before a handler sees it, for all routes at once:
//   - one Ajv per part: query strings and path parameters are text on the wire, so they are coerced
//     (`?town=1&town=2` → an array, `?limit=5` → 5); bodies are JSON and are taken as sent — a body
//     `{ "name": ["x"] }` is refused where a string is expected, never turned into "x";
//   - the `date` and `date-time` formats are real calendar checks in a sane year range (./schema.ts);
//   - a NUL character (U+0000) in any string of the body, query or path is refused naming the field:
//     PostgreSQL cannot store it in text, and no form or device has a reason to send one.
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fieldError } from './errors.ts';
import { isIsoDate, isIsoDateTime } from '../../shared/schema.ts';

// Unknown fields are rejected (never silently dropped).
const COMMON = { removeAdditional: false, useDefaults: true, allErrors: false } as const;

type Ajv = Parameters<NonNullable<NonNullable<Parameters<ReturnType<typeof AjvCompiler>>[1]>['onCreate']>>[0];
const realDates = (ajv: Ajv) => {
  ajv.addFormat('date', isIsoDate);
  ajv.addFormat('date-time', isIsoDateTime);
};

/** Install the validator compilers and the NUL guard. Call before any route is added. */
export function installValidation(app: FastifyInstance) {
  const pool = AjvCompiler(); // one Ajv per distinct set of shared schemas and options, as Fastify's default
  app.setSchemaController({
    compilersFactory: {
      buildValidator: (externalSchemas) => {
        const text = pool(externalSchemas, { customOptions: { ...COMMON, coerceTypes: 'array' }, onCreate: realDates });
        const json = pool(externalSchemas, { customOptions: { ...COMMON, coerceTypes: false }, onCreate: realDates });
        return (route) => (route.httpPart === 'body' ? json : text)(route);
      },
    },
  });
  app.addHook('preValidation', async (req: FastifyRequest) => {
    refuseNul('body', req.body);
    refuseNul('querystring', req.query);
    refuseNul('params', req.params);
  });
}

const nulError = (field: string) => fieldError(field, '不能包含空字符（U+0000）', 'must not contain a NUL character (U+0000)');

/** Throw a 400 naming a string (or object key) under `root` that contains U+0000. */
export function refuseNul(root: string, value: unknown) {
  const stack: [string, unknown][] = [[root, value]];
  while (stack.length > 0) {
    const [path, v] = stack.pop() as [string, unknown];
    if (typeof v === 'string') {
      if (v.includes('\0')) throw nulError(path);
    } else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) stack.push([`${path}.${i}`, item]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\0')) throw nulError(path);
        stack.push([`${path}.${k}`, item]);
      }
    }
  }
}

/** Slack for "happened at" times: a browser or device clock a few minutes ahead is not an error. */
const CLOCK_SLACK_MS = 5 * 60_000;

/** A time something happened (found, occurred, became known, published) cannot lie in the future. */
export function refuseFuture(field: string, at: Date | string, now: Date) {
  if (new Date(at).getTime() > now.getTime() + CLOCK_SLACK_MS) throw fieldError(field, '不能晚于当前时间', 'cannot be in the future');
}
