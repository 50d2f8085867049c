// What the audit trail's action codes and resource types are called where a person reads them (the audit page
// and its .xlsx export). A lifecycle step is audited as `<machine>.<action>`: those names come from the
// modules' own action maps; a code no map knows is shown as itself.
import { ACTION_LABELS as HAZARD_ACTION_LABELS } from './hazards.ts';

type Name = { zh: string; en: string };

/** Actions written by hand (auth, admin, modules' side records). */
const NAMED: Record<string, Name> = {
  'auth.login': { zh: '登录', en: 'Sign-in' },
  'auth.login.challenge': { zh: '登录（要求动态码）', en: 'Sign-in (code asked for)' },
  'auth.lockout': { zh: '账号锁定', en: 'Lockout' },
  'auth.logout': { zh: '退出登录', en: 'Sign-out' },
  'auth.password.change': { zh: '修改密码', en: 'Password change' },
  'auth.totp.setup': { zh: '开始绑定验证器', en: 'TOTP set-up started' },
  'auth.totp.enable': { zh: '绑定验证器', en: 'TOTP enrolment' },
  'access.denied': { zh: '越权访问被拒', en: 'Access denied' },
  'user.create': { zh: '新建用户', en: 'User created' },
  'user.update': { zh: '修改用户', en: 'User edited' },
  'user.disable': { zh: '停用用户', en: 'User disabled' },
  'user.enable': { zh: '启用用户', en: 'User enabled' },
  'user.unlock': { zh: '解除锁定', en: 'User unlocked' },
  'user.password.reset': { zh: '重置密码', en: 'Password reset' },
  'user.sessions.revoke': { zh: '强制下线', en: 'Sessions ended' },
  'user.totp.reset': { zh: '重置验证器', en: 'TOTP reset' },
  'user.grants.set': { zh: '调整管辖范围', en: 'Grants changed' },
  'org.department.update': { zh: '修改部门', en: 'Department edited' },
  'token.create': { zh: '新建令牌', en: 'Token created' },
  'token.revoke': { zh: '吊销令牌', en: 'Token revoked' },
  'audit.export': { zh: '导出审计', en: 'Audit export' },
  'hazard.create': { zh: '登记隐患', en: 'Hazard recorded' },
  'hazard.progress': { zh: '隐患整改进展', en: 'Hazard progress' },
  'hazard.extension.request': { zh: '申请延期', en: 'Extension requested' },
  'hazard.extension.approved': { zh: '批准延期', en: 'Extension approved' },
  'hazard.extension.denied': { zh: '驳回延期', en: 'Extension denied' },
  'hazard.supervise': { zh: '挂牌督办', en: 'Supervision' },
  'hazard.supervision.withdraw': { zh: '撤销督办', en: 'Supervision withdrawn' },
  'hazard.overdue': { zh: '隐患逾期', en: 'Hazard overdue' },
  'hazard.escalate': { zh: '隐患升级上报', en: 'Hazard escalated' },
  'hazard.export': { zh: '导出隐患档案', en: 'Hazard dossier export' },
  'hazard.criteria.import': { zh: '导入判定标准', en: 'Criteria import' },
  'hazard.report.submit': { zh: '群众举报', en: 'Public report' },
  'hazard.report.accept': { zh: '受理举报', en: 'Report accepted' },
  'hazard.report.reject': { zh: '不予受理举报', en: 'Report rejected' },
  'hazard.report.reward': { zh: '举报奖励', en: 'Report reward' },
  'hazard.report.identity_viewed': { zh: '查看举报人身份', en: 'Reporter identity viewed' },
  'monitoring.alarm.triage': { zh: '告警研判', en: 'Alarm triaged' },
  'monitoring.alarm.dispatch': { zh: '告警派发', en: 'Alarm dispatched' },
  'monitoring.alarm.handle': { zh: '告警处置', en: 'Alarm handled' },
  'monitoring.alarm.close': { zh: '告警关闭', en: 'Alarm closed' },
  'monitoring.alarm.escalate': { zh: '告警升级', en: 'Alarm escalated' },
  'monitoring.alarm.to_hazard': { zh: '告警转为隐患', en: 'Alarm to hazard' },
  'monitoring.device.create': { zh: '新增设备', en: 'Device added' },
  'monitoring.device.update': { zh: '修改设备', en: 'Device edited' },
  'monitoring.device.rotate_secret': { zh: '更换设备密钥', en: 'Device secret rotated' },
  'monitoring.rule.create': { zh: '新增告警规则', en: 'Rule added' },
  'monitoring.rule.update': { zh: '修改告警规则', en: 'Rule edited' },
  'monitoring.maintenance.create': { zh: '设置维护时段', en: 'Maintenance window set' },
  'monitoring.maintenance.cancel': { zh: '取消维护时段', en: 'Maintenance window cancelled' },
  'monitoring.duty.shift.create': { zh: '排班', en: 'Shift created' },
  'monitoring.duty.log': { zh: '值班记录', en: 'Duty log' },
  'monitoring.duty.handover': { zh: '交班', en: 'Handover' },
  'monitoring.duty.handover.ack': { zh: '接班确认', en: 'Handover acknowledged' },
  'monitoring.accident.create': { zh: '事故信息登记', en: 'Accident recorded' },
  'monitoring.accident.report': { zh: '事故信息续报', en: 'Accident report' },
  'warning.create': { zh: '新建预警', en: 'Warning created' },
  'warning.update': { zh: '修改预警', en: 'Warning edited' },
  'warning.submit': { zh: '提交预警审批', en: 'Warning submitted' },
  'warning.approve': { zh: '批准预警', en: 'Warning approved' },
  'warning.reject': { zh: '退回预警', en: 'Warning rejected' },
  'warning.release': { zh: '发布预警', en: 'Warning released' },
  'warning.cancel': { zh: '撤销预警', en: 'Warning cancelled' },
  'warning.expire': { zh: '预警到期', en: 'Warning expired' },
  'warning.ack': { zh: '确认收到预警', en: 'Warning acknowledged' },
  'warning.measures': { zh: '报告响应措施', en: 'Measures reported' },
  'warning.measures.photo': { zh: '上传措施照片', en: 'Measures photo' },
  'warning.receipt': { zh: '送达回执', en: 'Delivery receipt' },
  'warning.import': { zh: '导入预警', en: 'Warnings import' },
  'warning.feed.create': { zh: '新增预警数据源', en: 'Feed added' },
  'warning.person.create': { zh: '新增责任人', en: 'Person added' },
  'warning.person.update': { zh: '修改责任人', en: 'Person edited' },
  'warning.person.import': { zh: '导入责任人', en: 'Persons import' },
  'warning.policy.update': { zh: '修改叫应规则', en: 'Policy edited' },
  'warning.channels.update': { zh: '修改发送渠道', en: 'Channels edited' },
  'warning.sender.create': { zh: '新增发布单位', en: 'Sender added' },
  'warning.sender.update': { zh: '修改发布单位', en: 'Sender edited' },
  'warning.sender.token': { zh: '更换发布单位令牌', en: 'Sender token' },
  'warning.stats.recompute': { zh: '重算确认统计', en: 'Stats recomputed' },
  'warning.seed': { zh: '生成演示预警', en: 'Demo warnings' },
  'registry.export': { zh: '导出企业档案', en: 'Registry export' },
  'registry.import.start': { zh: '开始导入企业档案', en: 'Registry import started' },
  'registry.import.batch': { zh: '导入企业档案', en: 'Registry import batch' },
  'registry.policy.lec': { zh: '修改风险评价参数', en: 'LEC policy edited' },
  'licence.create': { zh: '登记执法证', en: 'Licence recorded' },
  'licence.revoke': { zh: '注销执法证', en: 'Licence revoked' },
  'calendar.override': { zh: '调整工作日', en: 'Working day set' },
  'calendar.override.delete': { zh: '删除工作日调整', en: 'Working-day override removed' },
  'inspection.create': { zh: '登记检查', en: 'Inspection recorded' },
  'inspection.start': { zh: '开始检查', en: 'Inspection started' },
  'inspection.answer': { zh: '填写检查结果', en: 'Item answered' },
  'inspection.photo': { zh: '上传检查照片', en: 'Item photo' },
  'inspection.confirm': { zh: '执法人员确认', en: 'Officer confirmed' },
  'inspection.submit': { zh: '提交检查结果', en: 'Inspection submitted' },
  'inspection.sign': { zh: '企业签字', en: 'Enterprise signed' },
  'inspection.return': { zh: '退回修改', en: 'Returned' },
  'inspection.cancel': { zh: '作废检查', en: 'Inspection cancelled' },
  'inspection.raise_hazard': { zh: '检查项转隐患', en: 'Hazard raised' },
  'inspection.export': { zh: '导出检查台账', en: 'Inspection ledger export' },
};

/** What each audited resource type is called. */
export const AUDIT_RESOURCE_LABELS: Record<string, Name> = {
  user: { zh: '用户', en: 'User' },
  api_token: { zh: 'API 令牌', en: 'API token' },
  audit_log: { zh: '审计记录', en: 'Audit trail' },
  org_unit: { zh: '组织机构', en: 'Org unit' },
  hazard: { zh: '隐患', en: 'Hazard' },
  inspection: { zh: '检查记录', en: 'Inspection' },
  hazard_report: { zh: '群众举报', en: 'Public report' },
  hazard_standard: { zh: '判定标准', en: 'Criteria' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  park: { zh: '园区', en: 'Park' },
  insurance_policy: { zh: '安责险保单', en: 'Insurance policy' },
  risk_point: { zh: '风险点', en: 'Risk point' },
  registry_import: { zh: '档案导入', en: 'Registry import' },
  registry_policy: { zh: '档案参数', en: 'Registry policy' },
  monitoring_alarm: { zh: '告警', en: 'Alarm' },
  monitoring_device: { zh: '监测设备', en: 'Device' },
  monitoring_rule: { zh: '告警规则', en: 'Alarm rule' },
  monitoring_maintenance: { zh: '维护时段', en: 'Maintenance window' },
  duty_shift: { zh: '值班班次', en: 'Shift' },
  duty_log: { zh: '值班记录', en: 'Duty log' },
  duty_handover: { zh: '交接班', en: 'Handover' },
  accident_report: { zh: '事故信息', en: 'Accident report' },
  warning: { zh: '预警', en: 'Warning' },
  warning_recipient: { zh: '预警接收人', en: 'Recipient' },
  warning_ack_stats: { zh: '确认统计', en: 'Ack stats' },
  warning_cap_sender: { zh: '发布单位', en: 'CAP sender' },
  warning_feed: { zh: '预警数据源', en: 'Feed' },
  warning_settings: { zh: '预警设置', en: 'Warning settings' },
  responsible_person: { zh: '责任人', en: 'Responsible person' },
  delivery_attempt: { zh: '发送记录', en: 'Delivery attempt' },
  enforcement_licence: { zh: '执法证', en: 'Enforcement licence' },
  workday: { zh: '工作日历', en: 'Working-day calendar' },
};

/** Registry records' `<entity>.<create|update|review>` actions, named from the resource map. */
const REGISTRY_VERBS: Record<string, Name> = {
  create: { zh: '新建', en: 'created' },
  update: { zh: '修改', en: 'edited' },
  review: { zh: '审核', en: 'reviewed' },
  delete: { zh: '删除', en: 'deleted' },
};

/** Every action code the page offers as a filter, with its name. */
export const AUDIT_ACTION_LABELS: Record<string, Name> = {
  ...Object.fromEntries(Object.entries(HAZARD_ACTION_LABELS).map(([a, l]) => [`hazard.${a}`, { zh: `隐患${l.zh}`, en: `Hazard: ${l.en}` }])),
  ...NAMED,
};

/** The name of an audit action; the code itself when no map knows it. */
export function auditActionName(code: string): Name {
  const hit = AUDIT_ACTION_LABELS[code];
  if (hit) return hit;
  const dot = code.lastIndexOf('.');
  const res = AUDIT_RESOURCE_LABELS[code.slice(0, dot)];
  const verb = REGISTRY_VERBS[code.slice(dot + 1)];
  if (dot > 0 && res && verb) return { zh: `${verb.zh}${res.zh}`, en: `${res.en} ${verb.en}` };
  return { zh: code, en: code };
}

/** The name of an audited resource type; the type itself when no map knows it. */
export function auditResourceName(type: string): Name {
  return AUDIT_RESOURCE_LABELS[type] ?? { zh: type, en: type };
}
