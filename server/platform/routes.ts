// The route shape every module uses: a path, a summary, the TypeBox schemas of the request parts and of the
// answer, and one service call. `routeTable(app, deps, tags)` registers signed-in routes: the handler gets the
// caller's Ctx (ctxOf: 401 when nobody is signed in) and the request typed by the schemas (Static<> of the same
// TypeBox schemas the validator uses, so no casts of req parts), and its return value is checked against the
// response schema, which also shapes what fastify sends. Routes that fit no table row (public ones, multipart
// uploads, file answers with a computed name) stay plain `app.get(…)` calls on the TypeBox type provider.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import { NoContent } from '../../shared/platform.dto.ts';
import { Uuid } from '../../shared/schema.ts';
import { ctxOf } from './auth/auth.plugin.ts';
import type { Ctx, Deps } from './context.ts';

type Part = TSchema | undefined;
type Of<T extends Part> = T extends TSchema ? Static<T> : unknown;

export interface RouteSpec<R extends TSchema, P extends Part, Q extends Part, B extends Part> {
  params?: P;
  querystring?: Q;
  body?: B;
  /** The schema of the success answer (fastify serialises by it: a field not in it is dropped). */
  response: R;
  /** The success status; 200 unless given (201 for a create, 202 for work started). */
  status?: 200 | 201 | 202;
  /** The largest body this route reads, in bytes (the app's default unless given: a base64 upload wants more). */
  bodyLimit?: number;
}

/** The request a table row's handler sees: params, query and body typed by the row's schemas. */
export type RouteRequest<P extends Part, Q extends Part, B extends Part> = FastifyRequest<{ Params: Of<P>; Querystring: Of<Q>; Body: Of<B> }>;

export type RouteHandler<R extends TSchema, P extends Part, Q extends Part, B extends Part> = (
  ctx: Ctx,
  req: RouteRequest<P, Q, B>,
) => Promise<Static<R>> | Static<R>;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A file answer: the body is the file, sent as an attachment under `fileName`. */
export interface FileAnswer {
  fileName: string;
  data: Buffer | Uint8Array | NodeJS.ReadableStream;
}

/**
 * A module's signed-in routes, one call a route:
 * `api.get('/api/x/:id', '详情 Detail', { params: IdParams, response: X }, (ctx, req) => getX(ctx, req.params.id))`;
 * `api.file(path, summary, { querystring, mime: XLSX }, async (ctx, req) => ({ fileName, data }))` for a download.
 */
export function routeTable(app: FastifyInstance, deps: Deps, tags: string[]) {
  const register = <P extends Part, Q extends Part, B extends Part>(
    method: Method,
    url: string,
    summary: string,
    parts: { params?: P; querystring?: Q; body?: B; bodyLimit?: number },
    response: Record<number, TSchema>,
    send: (ctx: Ctx, req: RouteRequest<P, Q, B>, reply: FastifyReply) => Promise<unknown>,
  ) => {
    const { params, querystring, body, bodyLimit } = parts;
    app.route<{ Params: Of<P>; Querystring: Of<Q>; Body: Of<B> }>({
      method,
      url,
      ...(bodyLimit && { bodyLimit }),
      schema: { tags, summary, ...(params && { params }), ...(querystring && { querystring }), ...(body && { body }), response },
      handler: (req, reply) => send(ctxOf(req, deps), req, reply),
    });
  };
  // The answer's type is checked by RouteHandler's return type (Static<R>); fastify serialises by `response`.
  const add =
    (method: Method) =>
    <R extends TSchema, P extends Part = undefined, Q extends Part = undefined, B extends Part = undefined>(
      url: string,
      summary: string,
      spec: RouteSpec<R, P, Q, B>,
      handler: RouteHandler<R, P, Q, B>,
    ) => {
      const status = spec.status ?? 200;
      register(method, url, summary, spec, { [status]: spec.response }, async (ctx, req, reply) => reply.status(status).send(await handler(ctx, req)));
    };
  const file = <P extends Part = undefined, Q extends Part = undefined>(
    url: string,
    summary: string,
    spec: { params?: P; querystring?: Q; mime: string; description?: string },
    handler: (ctx: Ctx, req: RouteRequest<P, Q, undefined>) => Promise<FileAnswer>,
  ) => {
    const response = { 200: Type.String({ contentMediaType: spec.mime, description: spec.description ?? 'the file (attachment)' }) };
    register('GET', url, summary, spec, response, async (ctx, req, reply) => {
      const { fileName, data } = await handler(ctx, req);
      return sendFile(reply, spec.mime, fileName, data);
    });
  };
  /** A write that answers 204 with no body: `api.noContent('POST', path, summary, { params }, (ctx, req) => revoke(…))`. */
  const noContent = <P extends Part = undefined, Q extends Part = undefined, B extends Part = undefined>(
    method: Method,
    url: string,
    summary: string,
    spec: { params?: P; querystring?: Q; body?: B },
    handler: (ctx: Ctx, req: RouteRequest<P, Q, B>) => Promise<unknown>,
  ) =>
    register(method, url, summary, spec, { 204: NoContent }, async (ctx, req, reply) => {
      await handler(ctx, req);
      return reply.status(204).send();
    });
  return { get: add('GET'), post: add('POST'), put: add('PUT'), delete: add('DELETE'), file, noContent };
}

/** Answers a file as an attachment under its (UTF-8) name; the route's response schema names the media type. */
export function sendFile(reply: FastifyReply, mime: string, fileName: string, data: Buffer | Uint8Array | NodeJS.ReadableStream) {
  return reply
    .type(mime)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(data);
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const StepParams = Type.Object({ id: Uuid });
const StepAnswer = Type.Object({ id: Type.String() });

/** How a module takes one step of its lifecycle (its `apply` wrapper): answers the record's id, or the one a side step made. */
export type StepTaker<Inputs> = <A extends keyof Inputs & string>(ctx: Ctx, id: string, action: A, input: Inputs[A]) => Promise<{ id: string }>;

/**
 * A family of lifecycle steps as one row each: `step(path, action, summary, body)` registers
 * POST `<base>/:id/<path>` with the step's body schema, answering `{ id }` from `take` (cases.routes.ts, assists.routes.ts).
 */
export function lifecycleSteps<Inputs>(api: ReturnType<typeof routeTable>, base: string, take: StepTaker<Inputs>) {
  return <A extends keyof Inputs & string, B extends TSchema>(path: string, action: A, summary: string, body: B) =>
    api.post(`${base}/:id/${path}`, summary, { params: StepParams, body, response: StepAnswer }, (c, req) =>
      take(c, req.params.id, action, req.body as Static<B> as Inputs[A]),
    );
}
