// What 系统管理 (users, org, roles, tokens) and 审计 answer: response schemas that fastify serialises by and
// OpenAPI shows, with their types for the web. The presenters in server/platform/admin return exactly these.
import { type Static, Type } from 'typebox';

import { CodeName, Instant, Nullable, Page as page } from './dto.ts';
import { userIdentity } from './platform.dto.ts';

export const AdminUser = Type.Object({
  ...userIdentity,
  phone: Nullable(Type.String()),
  enterpriseId: Nullable(Type.String()),
  disabled: Type.Boolean(),
  locked: Type.Boolean(),
  lockedUntil: Nullable(Instant),
  totpEnabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  passwordChangedAt: Nullable(Instant),
  createdAt: Instant,
});
export type AdminUser = Static<typeof AdminUser>;
export const AdminUserPage = page(AdminUser);
export type AdminUserPage = Static<typeof AdminUserPage>;
export const AdminUserDetail = Type.Object({
  ...AdminUser.properties,
  /** Extra jurisdictions beyond the home unit's subtree. */
  grants: Type.Array(CodeName),
  activeSessions: Type.Integer(),
});
export type AdminUserDetail = Static<typeof AdminUserDetail>;
/** A one-time password, shown once; the user must change it at the next sign-in. */
export const TemporaryPassword = Type.Object({ temporaryPassword: Type.String() });
export type TemporaryPassword = Static<typeof TemporaryPassword>;
/** The temporary password is there only when the administrator did not set one. */
export const UserCreated = Type.Object({ user: AdminUserDetail, temporaryPassword: Type.Optional(Type.String()) });
export type UserCreated = Static<typeof UserCreated>;

export const RoleRow = Type.Object({
  key: Type.String(),
  labelZh: Type.String(),
  labelEn: Type.String(),
  permissions: Type.Array(Type.String()),
  mfaRequired: Type.Boolean(),
});
export type RoleRow = Static<typeof RoleRow>;
export const RolesMatrix = Type.Array(RoleRow);

/** Users per org unit code. */
export const UserCounts = Type.Record(Type.String(), Type.Integer());
export type UserCounts = Static<typeof UserCounts>;
export const Department = Type.Object({
  code: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  /** Renamed by an administrator (the start-up refresh keeps the name). */
  edited: Type.Boolean(),
  users: Type.Integer(),
});
export type Department = Static<typeof Department>;
export const Departments = Type.Array(Department);
export const DepartmentUpdated = Type.Object({ code: Type.String(), name: Type.String(), shortName: Nullable(Type.String()) });
export type DepartmentUpdated = Static<typeof DepartmentUpdated>;

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  createdAt: Instant,
  expiresAt: Nullable(Instant),
  revokedAt: Nullable(Instant),
  lastUsedAt: Nullable(Instant),
  active: Type.Boolean(),
});
export type ApiToken = Static<typeof ApiToken>;
export const ApiTokens = Type.Array(ApiToken);
/** The secret is in this answer only; the server keeps its hash. */
export const TokenCreated = Type.Object({ id: Type.String(), secret: Type.String(), expiresAt: Nullable(Instant) });
export type TokenCreated = Static<typeof TokenCreated>;

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export const AuditRow = Type.Object({
  id: Type.Integer(),
  at: Instant,
  userId: Nullable(Type.String()),
  username: Nullable(Type.String()),
  /** The actor's display name (null for the system or a user since removed). */
  actorName: Nullable(Type.String()),
  unitCode: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  action: Type.String(),
  /** The action's Chinese name (shared/audit.ts; the code itself when no map knows it). */
  actionName: Type.String(),
  resourceType: Nullable(Type.String()),
  /** The resource type's Chinese name. */
  resourceTypeName: Nullable(Type.String()),
  resourceId: Nullable(Type.String()),
  /** A readable name of the resource where the row has one (a user's name, a hazard's title…). */
  resourceName: Nullable(Type.String()),
  outcome: Type.Unsafe<(typeof AUDIT_OUTCOMES)[number]>(Type.Enum([...AUDIT_OUTCOMES])),
});
export type AuditRow = Static<typeof AuditRow>;
export const AuditPage = page(AuditRow);
export type AuditPage = Static<typeof AuditPage>;
export const AuditDetail = Type.Object({
  ...AuditRow.properties,
  before: Type.Unknown({ description: 'the resource before the action (JSON, or null)' }),
  after: Type.Unknown({ description: 'the resource after the action (JSON, or null)' }),
  detail: Type.Unknown({ description: 'anything else the action recorded (JSON, or null)' }),
  hash: Type.String(),
  prevHash: Type.String(),
});
export type AuditDetail = Static<typeof AuditDetail>;
export const AuditVerify = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  /** The first row whose hash or link does not match. */
  brokenAt: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
});
export type AuditVerify = Static<typeof AuditVerify>;
