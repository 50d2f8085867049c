// HTTP for 系统管理 (users, grants, org, roles, tokens) and 审计 (query, detail, export, verify).
import { fileDate } from '../../../shared/time.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ROLES } from '../../../shared/roles.ts';
import { ctxOf } from '../auth/auth.plugin.ts';
import type { Deps } from '../context.ts';
import { DateTime } from '../../../shared/schema.ts';
import {
  AdminUserDetail,
  AdminUserPage,
  ApiTokens,
  AuditDetail,
  AuditPage,
  AuditVerify,
  AuditWorkbook,
  Departments,
  DepartmentUpdated,
  RolesMatrix,
  TemporaryPassword,
  TokenCreated,
  UserCounts,
  UserCreated,
} from '../../../shared/admin.dto.ts';
import { NoContent } from '../../../shared/platform.dto.ts';
import { exportAudit, getAuditRow, listAudit, verifyChain } from './audit.admin.ts';
import { createToken, listDepartments, listTokens, revokeToken, rolesMatrix, updateDepartment, userCountsByUnit } from './org.admin.ts';
import { accountAction, createUserByAdmin, getUser, listUsers, resetPassword, setGrants, updateUser } from './users.admin.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
const UnitCode = Type.String({ minLength: 6, maxLength: 20, pattern: '^[0-9A-Z]+$' });
const Paging = { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) };

export async function adminRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['admin'];

  app.get(
    '/api/admin/users',
    {
      schema: {
        tags,
        summary: '用户列表 Users',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 64 })),
            unit: Type.Optional(UnitCode),
            role: Type.Optional(Role),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('locked')])),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: { 200: AdminUserPage },
      },
    },
    async (req) => listUsers(ctxOf(req, deps), req.query),
  );

  app.post(
    '/api/admin/users',
    {
      schema: {
        tags,
        summary: '新建用户 Create a user (returns a one-time temporary password)',
        body: Type.Object(
          {
            username: Type.String({ minLength: 2, maxLength: 32 }),
            displayName: Type.String({ minLength: 1, maxLength: 64 }),
            unitCode: UnitCode,
            roles: Type.Array(Role, { minItems: 1, maxItems: 12 }),
            phone: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }), Type.Null()])),
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserCreated },
      },
    },
    async (req, reply) => reply.status(201).send(await createUserByAdmin(ctxOf(req, deps), req.body)),
  );

  app.get('/api/admin/users/:id', { schema: { tags, summary: '用户详情 User', params: Id, response: { 200: AdminUserDetail } } }, async (req) =>
    getUser(ctxOf(req, deps), req.params.id),
  );

  app.put(
    '/api/admin/users/:id',
    {
      schema: {
        tags,
        summary: '修改用户 Edit a user',
        params: Id,
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            unitCode: Type.Optional(UnitCode),
            roles: Type.Optional(Type.Array(Role, { minItems: 1, maxItems: 12 })),
            phone: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: AdminUserDetail },
      },
    },
    async (req) => updateUser(ctxOf(req, deps), req.params.id, req.body),
  );

  for (const action of ['disable', 'enable', 'unlock', 'revoke-sessions', 'reset-totp'] as const) {
    app.post(
      `/api/admin/users/:id/${action}`,
      { schema: { tags, summary: `账号操作 ${action}`, params: Id, response: { 200: AdminUserDetail } } },
      async (req) => accountAction(ctxOf(req, deps), req.params.id, action),
    );
  }

  app.post(
    '/api/admin/users/:id/reset-password',
    { schema: { tags, summary: '重置密码 Reset password (one-time password)', params: Id, response: { 200: TemporaryPassword } } },
    async (req) => resetPassword(ctxOf(req, deps), req.params.id),
  );

  app.put(
    '/api/admin/users/:id/grants',
    {
      schema: {
        tags,
        summary: '额外管辖范围 Extra jurisdictions',
        params: Id,
        body: Type.Object({ unitCodes: Type.Array(UnitCode, { maxItems: 100 }) }, { additionalProperties: false }),
        response: { 200: AdminUserDetail },
      },
    },
    async (req) => setGrants(ctxOf(req, deps), req.params.id, req.body.unitCodes),
  );

  app.get('/api/admin/roles', { schema: { tags, summary: '角色与权限 Roles and permissions', response: { 200: RolesMatrix } } }, async (req) =>
    rolesMatrix(ctxOf(req, deps)),
  );

  app.get('/api/admin/org/user-counts', { schema: { tags, summary: '各单位用户数 Users per unit', response: { 200: UserCounts } } }, async (req) =>
    userCountsByUnit(ctxOf(req, deps)),
  );

  app.get('/api/admin/departments', { schema: { tags, summary: '部门 Departments', response: { 200: Departments } } }, async (req) =>
    listDepartments(ctxOf(req, deps)),
  );

  app.put(
    '/api/admin/departments/:code',
    {
      schema: {
        tags,
        summary: '修改部门名称 Rename a department',
        params: Type.Object({ code: UnitCode }),
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 64 }), shortName: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: DepartmentUpdated },
      },
    },
    async (req) => updateDepartment(ctxOf(req, deps), req.params.code, req.body),
  );

  app.get(
    '/api/admin/tokens',
    {
      schema: {
        tags,
        summary: 'API 令牌 API tokens',
        querystring: Type.Object({ userId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
        response: { 200: ApiTokens },
      },
    },
    async (req) => listTokens(ctxOf(req, deps), req.query),
  );

  app.post(
    '/api/admin/tokens',
    {
      schema: {
        tags,
        summary: '新建 API 令牌 Create an API token (the secret is returned once)',
        body: Type.Object(
          {
            userId: Type.String({ format: 'uuid' }),
            name: Type.String({ minLength: 1, maxLength: 64 }),
            scopes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 50 }),
            days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: TokenCreated },
      },
    },
    async (req, reply) => reply.status(201).send(await createToken(ctxOf(req, deps), req.body)),
  );

  app.post(
    '/api/admin/tokens/:id/revoke',
    { schema: { tags, summary: '吊销令牌 Revoke a token', params: Id, response: { 204: NoContent } } },
    async (req, reply) => {
      await revokeToken(ctxOf(req, deps), req.params.id);
      return reply.status(204).send(null);
    },
  );
}

const AuditFilter = {
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  user: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  resourceType: Type.Optional(Type.String({ maxLength: 64 })),
  resourceId: Type.Optional(Type.String({ maxLength: 64 })),
  outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('denied'), Type.Literal('failure')])),
};

export async function auditRoutes(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['audit'];
  app.get(
    '/api/audit',
    {
      schema: {
        tags,
        summary: '审计记录 Audit trail',
        querystring: Type.Object({ ...AuditFilter, ...Paging }, { additionalProperties: false }),
        response: { 200: AuditPage },
      },
    },
    async (req) => listAudit(ctxOf(req, deps), req.query),
  );

  app.get(
    '/api/audit/export',
    {
      schema: {
        tags,
        summary: '导出 Excel Export to .xlsx',
        querystring: Type.Object(AuditFilter, { additionalProperties: false }),
        response: { 200: AuditWorkbook },
      },
    },
    async (req, reply) => {
      const { buffer } = await exportAudit(ctxOf(req, deps), req.query);
      const stamp = fileDate(deps.clock.now());
      return reply
        .header('content-disposition', `attachment; filename="audit-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计记录-${stamp}.xlsx`)}`)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(buffer);
    },
  );

  app.get('/api/audit/verify', { schema: { tags, summary: '校验哈希链 Verify the hash chain', response: { 200: AuditVerify } } }, async (req) =>
    verifyChain(ctxOf(req, deps)),
  );

  app.get(
    '/api/audit/:id',
    {
      schema: {
        tags,
        summary: '审计记录详情 Audit row',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
        response: { 200: AuditDetail },
      },
    },
    async (req) => getAuditRow(ctxOf(req, deps), req.params.id),
  );
}
