import { describe, expect, it } from 'vitest';
import { auditActionName, auditResourceName } from './audit.ts';
import { hazardFromAlarm } from './monitoring.ts';
import { PERMISSIONS, PERMISSION_LABELS, grantable, permissionGroups, permissionName, permissionsOf } from './roles.ts';

describe('audit names', () => {
  it('names hand-written actions, lifecycle steps from the module maps, registry records from the resource map', () => {
    expect(auditActionName('auth.login').zh).toBe('登录');
    expect(auditActionName('auth.login.challenge').zh).toBe('登录（要求动态码）');
    expect(auditActionName('auth.totp.setup').zh).toBe('开始绑定验证器');
    expect(auditActionName('hazard.verify').zh).toBe('隐患验收通过');
    expect(auditActionName('enterprise.update').zh).toBe('修改企业');
    expect(auditActionName('something.new')).toEqual({ zh: 'something.new', en: 'something.new' });
    expect(auditResourceName('monitoring_alarm').zh).toBe('告警');
    expect(auditResourceName('odd_type').zh).toBe('odd_type');
  });
});

describe('permission names', () => {
  it('every permission has a Chinese name from its resource and action, the code only where no map knows a part', () => {
    expect(PERMISSION_LABELS['hazard:approve'].zh).toBe('隐患·审批');
    for (const p of PERMISSIONS) expect(PERMISSION_LABELS[p].zh, p).not.toContain(':');
    expect(permissionName('odd:thing').zh).toBe('odd·thing');
  });

  it('a token scope is chosen among what the user holds, grouped by resource', () => {
    const held = grantable(permissionsOf(['enterprise_user']));
    expect(held).toContain('hazard:write');
    expect(held).not.toContain('hazard:approve');
    expect(grantable(permissionsOf(['district_admin']))).toEqual([...PERMISSIONS]);
    const groups = permissionGroups(held);
    expect(groups.find((g) => g.resource === 'hazard')?.permissions).toEqual(['hazard:read', 'hazard:write']);
    expect(groups.flatMap((g) => g.permissions).sort()).toEqual([...held].sort());
  });
});

describe('a hazard from an alarm', () => {
  it('is named in words: the device and what it reported, when and how severe, never an id', () => {
    const w = hazardFromAlarm({
      deviceName: '1号罐区可燃气体探测器',
      message: 'lel 31.34 超过 25',
      severity: 'high',
      raisedAt: '2026-05-01T02:30:00.000Z',
      place: '石碶化工厂',
    });
    expect(w.title).toBe('1号罐区可燃气体探测器：lel 31.34 超过 25');
    expect(w.description).toBe('由物联感知告警转入：1号罐区可燃气体探测器（石碶化工厂）于 2026-05-01 10:30 报出严重告警“lel 31.34 超过 25”。');
    expect(hazardFromAlarm({ deviceName: 'd', message: 'x'.repeat(200), severity: 'low', raisedAt: '2026-05-01T00:00:00Z' }).title).toHaveLength(100);
  });
});
