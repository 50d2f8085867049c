// Sign-in, the current user, own password and second factor, sign-out.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type Me, NoContent, Session, TotpSetup } from '../../../shared/platform.dto.ts';
import type { Actor, Deps } from '../context.ts';
import { clientIp, ctxOf } from './auth.plugin.ts';
import { changePassword, enableTotp, setupTotp } from './account.service.ts';
import { login, logout, SESSION_COOKIE } from './auth.service.ts';

export const presentMe = (a: Actor): Me => ({
  id: a.id,
  username: a.username,
  displayName: a.displayName,
  unitCode: a.unitCode,
  unitName: a.unitName,
  roles: a.roles,
  permissions: [...a.permissions].sort(),
  mfaEnrollmentRequired: a.mfaEnrollmentRequired ?? false,
  passwordExpired: a.passwordExpired ?? false,
  ...(a.passwordChangeReason ? { passwordChangeReason: a.passwordChangeReason } : {}),
});

export async function authRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const secure = (protocol: string) => deps.config.cookieSecure === 'always' || (deps.config.cookieSecure === 'auto' && protocol === 'https');

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '登录 Sign in',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 128 }),
            totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Session },
      },
    },
    async (req, reply) => {
      const result = await login(deps, { ...req.body, ip: clientIp(req), userAgent: req.headers['user-agent'] ?? null });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secure(req.protocol),
        maxAge: deps.config.sessionMaxHours * 3600,
      });
      return { user: presentMe(result.actor), csrfToken: result.csrfToken };
    },
  );

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户 Current user', response: { 200: Session } } }, async (req) => {
    const ctx = ctxOf(req, deps);
    return { user: presentMe(ctx.actor), csrfToken: req.csrfToken ?? '' };
  });

  // What the web asks on start: 200 with the session or `null`, so a page opened signed out (the sign-in
  // page, public pages) does not log a 401. /api/auth/me stays 401 for callers that need it to fail.
  app.get(
    '/api/auth/session',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '当前会话（未登录为 null） Current session or null',
        response: { 200: Type.Object({ session: Type.Union([Session, Type.Null()]) }) },
      },
    },
    async (req) => ({
      session: req.actor?.via === 'session' ? { user: presentMe(req.actor), csrfToken: req.csrfToken ?? '' } : null,
    }),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改密码 Change own password',
        body: Type.Object(
          { current: Type.String({ minLength: 1, maxLength: 128 }), next: Type.String({ minLength: 1, maxLength: 128 }) },
          { additionalProperties: false },
        ),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await changePassword(ctxOf(req, deps), req.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/totp/setup',
    {
      schema: {
        tags: ['auth'],
        summary: '获取身份验证器绑定二维码 Start TOTP enrolment',
        response: { 200: TotpSetup },
      },
    },
    async (req) => setupTotp(ctxOf(req, deps)),
  );

  app.post(
    '/api/auth/totp/enable',
    {
      schema: {
        tags: ['auth'],
        summary: '确认绑定身份验证器 Confirm TOTP enrolment',
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await enableTotp(ctxOf(req, deps), req.body.code);
      return reply.status(204).send(null);
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出登录 Sign out', response: { 204: NoContent } } }, async (req, reply) => {
    await logout(deps, ctxOf(req, deps).actor, clientIp(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });
}
