// Attaches the caller to every request: a session cookie (browser) or a Bearer token (machines).
// /api routes require a caller unless marked `config: { public: true }`; cookie-authenticated writes
// must carry the session's CSRF token in the x-csrf-token header. A token reaches a route only when its
// scope covers the route's resource (TOKEN_ROUTES) — checked here, before any handler, for every route.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordDenial, settleDenials } from '../access.ts';
import type { Actor, Ctx, Deps } from '../context.ts';
import { AppError, unauthenticated } from '../errors.ts';
import { installRateLimits } from '../ratelimit.ts';
import { resolveApiToken, resolveSession, SESSION_COOKIE, sessionRequired } from './auth.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** No sign-in needed (login page, public reports, health). */
    public?: boolean;
    /**
     * The route's own credential for a caller without a session or token (a device's id and secret): checked
     * here, before the body is read or validated; throws 401 when missing or wrong.
     */
    credential?: (req: FastifyRequest) => Promise<void>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Reachable while a session must first enrol a second factor or change its password. */
const ACCOUNT_ROUTES = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/password', '/api/auth/totp/setup', '/api/auth/totp/enable']);

/**
 * What an API token's scope must cover to reach a route, by path prefix (first match wins). A resource
 * `r` admits a token holding some `r:…` permission, and for a method other than GET/HEAD one that is not
 * `r:read`; the service then checks the exact action against the same (scope-narrowed) permissions.
 * `null`: sessions only — a token never changes a password, enrols TOTP or manages tokens.
 * Every non-public /api route must match an entry, or the app refuses to start.
 */
export const TOKEN_ROUTES: readonly (readonly [prefix: string, resource: string | null])[] = [
  ['/api/auth/', null],
  ['/api/desk', null], // a person's work desk: sessions only
  ['/api/admin/tokens', null],
  ['/api/admin/departments', 'org'],
  ['/api/admin/', 'user'],
  ['/api/audit', 'audit'],
  ['/api/files', 'file'],
  ['/api/enforcement/calendar', 'org'],
  ['/api/enforcement/', 'licence'],
  ['/api/documents', 'enforcement'],
  ['/api/cases', 'enforcement'],
  ['/api/assists', 'assist'],
  ['/api/hazard', 'hazard'],
  ['/api/draws', 'inspection'],
  ['/api/inspections', 'inspection'],
  ['/api/monitoring/duty/', 'duty'],
  ['/api/monitoring/', 'monitoring'],
  ['/api/warnings', 'warning'],
  ['/api/registry/', 'registry'],
  ['/api/supervision', 'inspection'],
  ['/api/plans', 'inspection'],
  ['/api/related/', 'registry'], // 一企一档: each module still checks its own read permission
  ['/api/orgs/', 'org'],
  ['/api/system/', 'org'],
];

/** The resource a token needs for this route path; null: sessions only; undefined: the path is not mapped. */
export function tokenResourceOf(url: string): string | null | undefined {
  return TOKEN_ROUTES.find(([prefix]) => url.startsWith(prefix))?.[1];
}

/** Does this (scope-narrowed) permission set let a token call `method` on a route of `resource`? */
export function tokenAdmits(perms: ReadonlySet<string>, resource: string, method: string): boolean {
  const reading = SAFE_METHODS.has(method);
  for (const p of perms) {
    const [r, action] = p.split(':');
    if ((r === resource || r === '*') && (reading || action !== 'read')) return true;
  }
  return false;
}

export function clientIp(req: FastifyRequest): string {
  return req.ip;
}

export async function authPlugin(app: FastifyInstance, deps: Deps) {
  // Who may call, and how often: routes' declared rate limits are counted first.
  installRateLimits(app, deps);
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.public && tokenResourceOf(route.url) === undefined) {
      throw new Error(`${route.method} ${route.url}: add its path to TOKEN_ROUTES (server/platform/auth/auth.plugin.ts) or mark it public`);
    }
  });

  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.actor = (await resolveApiToken(deps, header.slice(7).trim())) ?? null;
      if (!req.actor && !req.routeOptions.config?.public) throw new AppError('INVALID_TOKEN', 401, '访问令牌无效或已过期', 'Invalid or expired API token');
    } else {
      const token = req.cookies?.[SESSION_COOKIE];
      if (token) {
        const found = await resolveSession(deps, token);
        if (found) {
          req.actor = found.actor;
          req.csrfToken = found.csrfToken;
        }
      }
    }
    if (!req.url.startsWith('/api/') || req.routeOptions.config?.public) return;
    if (!req.actor && req.routeOptions.config?.credential) return req.routeOptions.config.credential(req);
    if (!req.actor) throw unauthenticated();
    if (req.actor.via === 'token') checkTokenScope(req, deps);
    if (req.actor.via === 'session' && !SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== req.csrfToken) {
      throw new AppError('CSRF_REJECTED', 403, '请求来源校验失败，请刷新页面后重试', 'CSRF token missing or wrong; reload the page');
    }
    if (req.actor.via === 'session' && !ACCOUNT_ROUTES.has(req.routeOptions.url ?? '')) {
      if (req.actor.mfaEnrollmentRequired) {
        throw new AppError('MFA_ENROLLMENT_REQUIRED', 403, '请先绑定身份验证器（动态验证码）', 'Enrol an authenticator app (TOTP) first');
      }
      if (req.actor.passwordExpired) {
        throw req.actor.passwordChangeReason === 'temporary'
          ? new AppError('PASSWORD_EXPIRED', 403, '首次登录请先修改临时密码', 'Change the temporary password first')
          : new AppError('PASSWORD_EXPIRED', 403, '密码已超过有效期，请先修改密码', 'Your password has expired; change it first');
      }
    }
  });

  // Denials recorded by requirePermission/assertInScope are written in their own transaction: the
  // response waits for them so the audit row exists when the client sees the 403/404.
  app.addHook('onSend', async (req) => {
    await settleDenials(String(req.id));
  });
}

function checkTokenScope(req: FastifyRequest, deps: Deps) {
  const url = req.routeOptions.url;
  if (url === undefined) return; // no such route: the 404 handler answers
  const ctx = ctxOf(req, deps);
  const actor = ctx.actor;
  const resource = tokenResourceOf(url);
  if (resource && tokenAdmits(actor.permissions, resource, req.method)) return;
  recordDenial(ctx, { route: `${req.method} ${url}`, tokenScope: [...actor.permissions].sort(), needs: resource ?? 'session' });
  throw resource ? new AppError('TOKEN_SCOPE', 403, '访问令牌的权限范围不包含此操作', "The API token's scope does not cover this route") : sessionRequired();
}

/** The service context for a request; throws 401 when nobody is signed in. */
export function ctxOf(req: FastifyRequest, deps: Deps): Ctx {
  if (!req.actor) throw unauthenticated();
  return { actor: req.actor, ip: clientIp(req), requestId: String(req.id), deps, db: deps.db };
}
