// HTTP for 系统管理 (users, grants, org, roles, tokens) and 审计 (query, detail, export, verify).
import { fileDate } from '../../../shared/time.ts';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ROLES } from '../../../shared/roles.ts';
import type { Deps } from '../context.ts';
import { DateTime } from '../../../shared/schema.ts';
import {
  AdminUserDetail,
  AdminUserPage,
  ApiTokens,
  AuditDetail,
  AuditPage,
  AuditVerify,
  Departments,
  DepartmentUpdated,
  RolesMatrix,
  TemporaryPassword,
  TokenCreated,
  UserCounts,
  UserCreated,
} from '../../../shared/admin.dto.ts';
import { routeTable, XLSX } from '../routes.ts';
import { exportAudit, getAuditRow, listAudit, verifyChain } from './audit.admin.ts';
import { createToken, listDepartments, listTokens, revokeToken, rolesMatrix, updateDepartment, userCountsByUnit } from './org.admin.ts';
import { accountAction, accountActions, createUserByAdmin, getUser, listUsers, resetPassword, setGrants, updateUser } from './users.admin.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
const UnitCode = Type.String({ minLength: 6, maxLength: 20, pattern: '^[0-9A-Z]+$' });
const Paging = { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) };

const Phone = Type.Union([Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }), Type.Null()]);
/** A display name, a department's name, a token's name. */
const Name = Type.String({ minLength: 1, maxLength: 64 });
const Roles = Type.Array(Role, { minItems: 1, maxItems: 12 });
const strict = { additionalProperties: false } as const;

const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    unit: Type.Optional(UnitCode),
    role: Type.Optional(Role),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('locked')])),
    ...Paging,
  },
  strict,
);
const UserCreate = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 32 }),
    displayName: Name,
    unitCode: UnitCode,
    roles: Roles,
    phone: Type.Optional(Phone),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  strict,
);
const UserUpdate = Type.Object(
  { displayName: Type.Optional(Name), unitCode: Type.Optional(UnitCode), roles: Type.Optional(Roles), phone: Type.Optional(Phone) },
  strict,
);
const Grants = Type.Object({ unitCodes: Type.Array(UnitCode, { maxItems: 100 }) }, strict);
const DepartmentRename = Type.Object({ name: Name, shortName: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]) }, strict);
const TokenQuery = Type.Object({ userId: Type.Optional(Type.String({ format: 'uuid' })) }, strict);
const TokenCreate = Type.Object(
  {
    userId: Type.String({ format: 'uuid' }),
    name: Name,
    scopes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 50 }),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  strict,
);

export async function adminRoutes(app: FastifyInstance, deps: Deps) {
  const api = routeTable(app, deps, ['admin']);

  api.get('/api/admin/users', '用户列表 Users', { querystring: UserListQuery, response: AdminUserPage }, (c, req) => listUsers(c, req.query));
  api.post(
    '/api/admin/users',
    '新建用户 Create a user (returns a one-time temporary password)',
    { body: UserCreate, response: UserCreated, status: 201 },
    (c, req) => createUserByAdmin(c, req.body),
  );
  api.get('/api/admin/users/:id', '用户详情 User', { params: Id, response: AdminUserDetail }, (c, req) => getUser(c, req.params.id));
  api.put('/api/admin/users/:id', '修改用户 Edit a user', { params: Id, body: UserUpdate, response: AdminUserDetail }, (c, req) =>
    updateUser(c, req.params.id, req.body),
  );
  for (const action of accountActions) {
    api.post(`/api/admin/users/:id/${action}`, `账号操作 ${action}`, { params: Id, response: AdminUserDetail }, (c, req) =>
      accountAction(c, req.params.id, action),
    );
  }
  api.post('/api/admin/users/:id/reset-password', '重置密码 Reset password (one-time password)', { params: Id, response: TemporaryPassword }, (c, req) =>
    resetPassword(c, req.params.id),
  );
  api.put('/api/admin/users/:id/grants', '额外管辖范围 Extra jurisdictions', { params: Id, body: Grants, response: AdminUserDetail }, (c, req) =>
    setGrants(c, req.params.id, req.body.unitCodes),
  );
  api.get('/api/admin/roles', '角色与权限 Roles and permissions', { response: RolesMatrix }, (c) => rolesMatrix(c));
  api.get('/api/admin/org/user-counts', '各单位用户数 Users per unit', { response: UserCounts }, (c) => userCountsByUnit(c));
  api.get('/api/admin/departments', '部门 Departments', { response: Departments }, (c) => listDepartments(c));
  api.put(
    '/api/admin/departments/:code',
    '修改部门名称 Rename a department',
    { params: Type.Object({ code: UnitCode }), body: DepartmentRename, response: DepartmentUpdated },
    (c, req) => updateDepartment(c, req.params.code, req.body),
  );
  api.get('/api/admin/tokens', 'API 令牌 API tokens', { querystring: TokenQuery, response: ApiTokens }, (c, req) => listTokens(c, req.query));
  api.post(
    '/api/admin/tokens',
    '新建 API 令牌 Create an API token (the secret is returned once)',
    { body: TokenCreate, response: TokenCreated, status: 201 },
    (c, req) => createToken(c, req.body),
  );
  api.noContent('POST', '/api/admin/tokens/:id/revoke', '吊销令牌 Revoke a token', { params: Id }, (c, req) => revokeToken(c, req.params.id));
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

export async function auditRoutes(app: FastifyInstance, deps: Deps) {
  const api = routeTable(app, deps, ['audit']);
  api.get('/api/audit', '审计记录 Audit trail', { querystring: Type.Object({ ...AuditFilter, ...Paging }, strict), response: AuditPage }, (c, req) =>
    listAudit(c, req.query),
  );
  api.file(
    '/api/audit/export',
    '导出 Excel Export to .xlsx',
    { querystring: Type.Object(AuditFilter, strict), mime: XLSX, description: '.xlsx workbook' },
    async (c, req) => ({
      fileName: `审计记录-${fileDate(deps.clock.now())}.xlsx`,
      data: (await exportAudit(c, req.query)).buffer,
    }),
  );
  api.get('/api/audit/verify', '校验哈希链 Verify the hash chain', { response: AuditVerify }, (c) => verifyChain(c));
  api.get(
    '/api/audit/:id',
    '审计记录详情 Audit row',
    { params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }), response: AuditDetail },
    (c, req) => getAuditRow(c, req.params.id),
  );
}
