// What the fields of request bodies, queries and paths are called where a person reads an error. A 400's
// top-level message names the field by these (its last path segment), never by its path: the public reads
// "输入有误：联系电话 请填写有效的手机号或固定电话", not "body.contactPhone …". The path stays in `fields[].field`
// for forms to put each message under its input. A name too vague to label (`code`, `id`) is left out: the
// messages for such fields say what they are ("查询码格式不正确").
export const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  description: { zh: '描述', en: 'Description' },
  address: { zh: '地址', en: 'Address' },
  lon: { zh: '经度', en: 'Longitude' },
  lat: { zh: '纬度', en: 'Latitude' },
  townCode: { zh: '镇街', en: 'Town' },
  villageCode: { zh: '村社区', en: 'Village' },
  jurisdictionCode: { zh: '管辖区域', en: 'Jurisdiction' },
  unitCode: { zh: '所属单位', en: 'Unit' },
  contactName: { zh: '联系人', en: 'Contact name' },
  contactPhone: { zh: '联系电话', en: 'Contact phone' },
  wantsReward: { zh: '申请奖励', en: 'Reward request' },
  measures: { zh: '措施', en: 'Measures' },
  peopleMoved: { zh: '转移人数', en: 'People moved' },
  photo: { zh: '照片', en: 'Photo' },
  photos: { zh: '照片', en: 'Photos' },
  photoIds: { zh: '照片', en: 'Photos' },
  fileIds: { zh: '附件', en: 'Attachments' },
  token: { zh: '链接', en: 'Link' },
  title: { zh: '标题', en: 'Title' },
  name: { zh: '名称', en: 'Name' },
  shortName: { zh: '简称', en: 'Short name' },
  displayName: { zh: '姓名', en: 'Name' },
  username: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  newPassword: { zh: '新密码', en: 'New password' },
  phone: { zh: '手机号', en: 'Phone' },
  email: { zh: '邮箱', en: 'Email' },
  roles: { zh: '角色', en: 'Roles' },
  scopes: { zh: '权限范围', en: 'Scopes' },
  days: { zh: '有效天数', en: 'Days' },
  userId: { zh: '用户', en: 'User' },
  enterpriseId: { zh: '企业', en: 'Enterprise' },
  parkId: { zh: '园区', en: 'Park' },
  deviceId: { zh: '设备', en: 'Device' },
  creditCode: { zh: '统一社会信用代码', en: 'Credit code' },
  deadline: { zh: '整改期限', en: 'Deadline' },
  newDeadline: { zh: '新的整改期限', en: 'New deadline' },
  reason: { zh: '理由', en: 'Reason' },
  note: { zh: '备注', en: 'Note' },
  level: { zh: '等级', en: 'Level' },
  knownAt: { zh: '知悉时间', en: 'Time known' },
  foundAt: { zh: '发现时间', en: 'Time found' },
  occurredAt: { zh: '发生时间', en: 'Time occurred' },
  from: { zh: '开始时间', en: 'From' },
  to: { zh: '结束时间', en: 'To' },
  amountFen: { zh: '金额', en: 'Amount' },
  page: { zh: '页码', en: 'Page' },
  pageSize: { zh: '每页条数', en: 'Page size' },
  q: { zh: '搜索词', en: 'Search' },
  // inspections
  officerIds: { zh: '执法人员', en: 'Officers' },
  freeItems: { zh: '检查项', en: 'Checklist items' },
  checklistVersionId: { zh: '检查表版本', en: 'Checklist version' },
  rectifyDeadline: { zh: '整改期限', en: 'Rectification deadline' },
  signerName: { zh: '签字人', en: 'Signer' },
  image: { zh: '签名', en: 'Signature' },
  licenceNumber: { zh: '执法证号', en: 'Licence number' },
  seq: { zh: '检查项序号', en: 'Item number' },
  result: { zh: '检查结果', en: 'Result' },
  toHazard: { zh: '转为隐患', en: 'Raise a hazard' },
  syncKey: { zh: '同步编号', en: 'Sync key' },
  representativeName: { zh: '现场负责人', en: 'Representative' },
  leaderName: { zh: '带队负责人', en: 'Leader' },
  summary: { zh: '检查情况', en: 'Summary' },
  // 监管清单 (supervision lists and checklists)
  matter: { zh: '权力事项', en: 'Matter' },
  powerType: { zh: '权力类型', en: 'Power type' },
  basis: { zh: '依据', en: 'Legal basis' },
  subject: { zh: '检查对象', en: 'Subject' },
  method: { zh: '检查方式', en: 'Method' },
  frequency: { zh: '检查频次', en: 'Frequency' },
  content: { zh: '检查内容', en: 'Content' },
  major: { zh: '是否重大隐患', en: 'Major hazard' },
  effectiveFrom: { zh: '施行日期', en: 'Effective from' },
  keyUnit: { zh: '重点执法单位', en: 'Key unit' },
  sector: { zh: '行业类别', en: 'Sector' },
  standardization: { zh: '标准化等级', en: 'Standardization level' },
  credit: { zh: '信用等级', en: 'Credit rating' },
  clauseIds: { zh: '判定标准条款', en: 'Criteria clauses' },
  topic: { zh: '行业/专题', en: 'Topic' },
  industry: { zh: '适用行业', en: 'Industry' },
  versionId: { zh: '版本', en: 'Version' },
  keyUnitMin: { zh: '重点执法单位最少次数', en: 'Key unit minimum' },
  min: { zh: '最少次数', en: 'Minimum' },
  max: { zh: '最多次数', en: 'Maximum' },
};

/**
 * A field path as a person reads it: the label of its last named segment (a list index as 第 N 项), or
 * nothing when the segment has no label (then the message must say what it is about).
 */
export function fieldName(path: string): { zh: string; en: string } | undefined {
  const parts = path.split('.');
  let i = parts.length - 1;
  const index = /^\d+$/.test(parts[i] ?? '') ? Number(parts[i--]) : undefined;
  const label = FIELD_LABELS[parts[i] ?? ''];
  if (!label) return undefined;
  return index === undefined ? label : { zh: `${label.zh}第 ${index + 1} 项`, en: `${label.en} item ${index + 1}` };
}

/** The top-level words of a 400 for its first field: the field's name (unless the message already says it) and the message. */
export function fieldSentence(path: string, message: string, messageEn: string): { zh: string; en: string } {
  const name = fieldName(path);
  return {
    zh: name && !message.startsWith(name.zh) ? `${name.zh} ${message}` : message,
    en: `${name?.en ?? 'a value'} ${messageEn}`,
  };
}
