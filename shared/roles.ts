// Roles and what they may do. Shared by the server (enforcement) and the web (menus, buttons).
// A permission is "resource:action"; "*" on either side is a wildcard.

import { labels } from './labels.ts';

/** Every role once, with its names. */
export const { keys: ROLES, labels: ROLE_LABELS } = labels({
  district_admin: { zh: '区级管理员', en: 'District administrator' },
  bureau_staff: { zh: '应急局工作人员', en: 'Bureau staff' },
  enforcement_officer: { zh: '执法人员', en: 'Enforcement officer' },
  duty_officer: { zh: '值班员', en: 'Duty officer' },
  duty_leader: { zh: '带班领导', en: 'Leader on duty' },
  town_staff: { zh: '镇街应急消防管理站', en: 'Town station staff' },
  department_staff: { zh: '行业部门人员', en: 'Department staff' },
  park_operator: { zh: '园区管理方', en: 'Park operator' },
  enterprise_user: { zh: '企业用户', en: 'Enterprise user' },
  responsible_person: { zh: '责任人', en: 'Responsible person' },
  rescue_member: { zh: '救援队员', en: 'Rescue team member' },
  auditor: { zh: '审计员', en: 'Auditor' },
});
export type Role = (typeof ROLES)[number];

/** Outside users with a narrow reach (their own park, enterprise or call-out). Every other role, a new one too,
 * must use a second factor by default. */
const MFA_EXEMPT_ROLES: readonly Role[] = ['park_operator', 'enterprise_user', 'responsible_person', 'rescue_member'];
/** Roles that must use a second factor by default (staff with broad reach). */
export const MFA_REQUIRED_ROLES: readonly Role[] = ROLES.filter((r) => !MFA_EXEMPT_ROLES.includes(r));

// Attachments (photos, documents) are read and uploaded by everyone who files records.
const FILES = ['file:read', 'file:write'];

// A place's own records, filed and followed up: its registry entry, its hazards, its inspections (staff, and a park
// operator for its own park).
const RECORD_WORK = ['registry:read', 'registry:write', 'hazard:read', 'hazard:write', 'inspection:read', 'inspection:write'];

const STAFF_WORK = [
  ...FILES,
  'org:read',
  'licence:read',
  ...RECORD_WORK,
  'monitoring:read',
  'duty:read',
  'warning:read',
  'command:read',
  'resource:read',
  'training:read',
  'assessment:read',
];

// Enforcement cases (server/modules/cases): `enforcement:write` files and runs a case (officers), and
// `enforcement:approve` is the unit head's approval the law asks for — 立案 (行政处罚法 §54), the decision (§57),
// 结案 and the transfer of a suspected crime (行刑衔接) — and accepts a typical case for publication. The bureau's
// staff accounts (its leadership and 法制审核) and the town stations (for towns granted enforcement power by the
// 赋权清单) hold it; an officer does not, and an approver may not be on the case team (cases.service.ts).
const CASE_WORK = ['enforcement:read', 'enforcement:write'];

// 乡呼县应 (server/modules/assists): a town station asks the district for help and confirms the closure
// (`assist:request`); the bureau answers, assigns and reports the work done (`assist:handle`); the bureau's
// officers and the town add to the work log (`assist:note`).
const ASSIST_TOWN = ['assist:read', 'assist:request', 'assist:note'];
const ASSIST_DISTRICT = ['assist:read', 'assist:handle', 'assist:note'];

export const ROLE_PERMISSIONS: Record<Role, readonly string[]> = {
  district_admin: ['*:*'],
  bureau_staff: [
    ...STAFF_WORK,
    'licence:write',
    'inspection:lists',
    'inspection:approve',
    'hazard:approve',
    'warning:write',
    'command:write',
    'resource:write',
    'training:write',
    'assessment:write',
    'report:read',
    ...CASE_WORK,
    'enforcement:approve',
    ...ASSIST_DISTRICT,
  ],
  enforcement_officer: [...STAFF_WORK, ...CASE_WORK, 'assist:read', 'assist:note'],
  duty_officer: [...STAFF_WORK, 'monitoring:write', 'duty:write', 'warning:write', 'command:write'],
  duty_leader: [
    ...STAFF_WORK,
    'enforcement:read',
    'monitoring:write',
    'duty:write',
    'duty:approve',
    'warning:write',
    'warning:approve',
    'command:write',
    'command:approve',
  ],
  town_staff: [
    ...STAFF_WORK,
    'licence:write',
    'inspection:approve',
    'hazard:approve',
    'monitoring:write',
    'warning:write',
    'resource:write',
    'training:write',
    ...CASE_WORK,
    'enforcement:approve',
    ...ASSIST_TOWN,
  ],
  department_staff: [...STAFF_WORK, 'warning:write'],
  // Self-inspection (patrols, joint checks, principal-led checks): confined to their own park/enterprise.
  park_operator: [...FILES, ...RECORD_WORK, 'monitoring:read', 'training:read'],
  enterprise_user: [...FILES, 'registry:read', 'hazard:read', 'hazard:write', 'inspection:read', 'inspection:write', 'training:read'],
  responsible_person: [...FILES, 'warning:read', 'warning:ack'],
  rescue_member: [...FILES, 'resource:read', 'command:read', 'command:ack'],
  auditor: ['file:read', 'audit:read', 'audit:export', 'org:read', 'user:read'],
};

/** Permissions only an administrator (`*:*`) holds today; they are still real, checked permissions. */
const ADMIN_ONLY = [
  'user:write',
  'org:write',
  'token:write',
  'hazard:criteria',
  'hazard:reporter',
  'monitoring:ingest',
  'calendar:write',
  'document:template',
  'enforcement:standard',
];

/** Every permission there is: what the server checks, and what an API token's scope is chosen from. */
export const PERMISSIONS: readonly string[] = [...new Set([...Object.values(ROLE_PERMISSIONS).flat(), ...ADMIN_ONLY].filter((p) => p !== '*:*'))].sort();

export function permissionsOf(roles: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r as Role] ?? []) out.add(p);
  return out;
}

export function can(perms: ReadonlySet<string>, permission: string): boolean {
  if (perms.has(permission) || perms.has('*:*')) return true;
  const [resource, action] = permission.split(':');
  return perms.has(`${resource}:*`) || perms.has(`*:${action}`);
}

/** What a permission's resource is called where a person reads it. */
export const PERMISSION_RESOURCE_LABELS: Record<string, { zh: string; en: string }> = {
  '*': { zh: '全部', en: 'Everything' },
  assist: { zh: '乡呼县应', en: 'District assistance' },
  assessment: { zh: '考核评估', en: 'Assessment' },
  audit: { zh: '审计', en: 'Audit' },
  calendar: { zh: '工作日历', en: 'Working-day calendar' },
  command: { zh: '指挥调度', en: 'Command' },
  document: { zh: '执法文书', en: 'Documents' },
  duty: { zh: '值班', en: 'Duty' },
  enforcement: { zh: '执法', en: 'Enforcement' },
  file: { zh: '附件', en: 'Files' },
  hazard: { zh: '隐患', en: 'Hazards' },
  inspection: { zh: '检查', en: 'Inspections' },
  licence: { zh: '执法证', en: 'Enforcement licences' },
  monitoring: { zh: '监测告警', en: 'Monitoring' },
  org: { zh: '组织机构', en: 'Organisation' },
  registry: { zh: '企业档案', en: 'Registry' },
  report: { zh: '统计报表', en: 'Reports' },
  resource: { zh: '应急资源', en: 'Resources' },
  token: { zh: 'API 令牌', en: 'API tokens' },
  training: { zh: '培训演练', en: 'Training' },
  user: { zh: '用户', en: 'Users' },
  warning: { zh: '预警发布', en: 'Warnings' },
};

/** What a permission's action is called where a person reads it. */
export const PERMISSION_ACTION_LABELS: Record<string, { zh: string; en: string }> = {
  '*': { zh: '全部', en: 'all' },
  read: { zh: '查看', en: 'read' },
  write: { zh: '编辑', en: 'write' },
  approve: { zh: '审批', en: 'approve' },
  ack: { zh: '确认', en: 'acknowledge' },
  export: { zh: '导出', en: 'export' },
  criteria: { zh: '判定标准管理', en: 'manage criteria' },
  lists: { zh: '清单与检查表管理', en: 'manage lists and checklists' },
  reporter: { zh: '查看举报人身份', en: 'see reporter identity' },
  ingest: { zh: '数据接入', en: 'ingest data' },
  template: { zh: '模板管理', en: 'manage templates' },
  standard: { zh: '裁量基准管理', en: 'manage discretion standards' },
  request: { zh: '提出请求', en: 'request' },
  handle: { zh: '受理办理', en: 'handle' },
  note: { zh: '添加记录', en: 'add notes' },
};

/** The name of one permission ("hazard:approve" → 隐患·审批), the code itself for parts no map knows. */
export function permissionName(p: string): { zh: string; en: string } {
  const [res = '', act = ''] = p.split(':');
  const r = PERMISSION_RESOURCE_LABELS[res];
  const a = PERMISSION_ACTION_LABELS[act];
  return { zh: `${r?.zh ?? res}·${a?.zh ?? act}`, en: `${r?.en ?? res}: ${a?.en ?? act}` };
}

/** Every permission (and the administrator's `*:*`) with its name, for label lookups. */
export const PERMISSION_LABELS: Record<string, { zh: string; en: string }> = Object.fromEntries(['*:*', ...PERMISSIONS].map((p) => [p, permissionName(p)]));

/** Permissions grouped by resource, in PERMISSIONS order: what a scope picker shows. */
export function permissionGroups(perms: readonly string[] = PERMISSIONS): { resource: string; permissions: string[] }[] {
  const out = new Map<string, string[]>();
  for (const p of perms) {
    const res = p.split(':')[0] ?? p;
    out.set(res, [...(out.get(res) ?? []), p]);
  }
  return [...out].map(([resource, permissions]) => ({ resource, permissions }));
}

/** The permissions of `all` that a holder of `held` (role permissions, wildcards included) may hand on. */
export function grantable(held: ReadonlySet<string>, all: readonly string[] = PERMISSIONS): string[] {
  return all.filter((p) => can(held, p));
}
