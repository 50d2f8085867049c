// Safety operation center constants shared by server and web: device types, severities, alarm lifecycle.
import { fmtMinute } from './time.ts';

export const DEVICE_TYPES = ['smoke', 'temperature', 'gas', 'water_level', 'rainfall', 'wind', 'video', 'generic'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const DEVICE_TYPE_NAMES: Record<DeviceType, { zh: string; en: string }> = {
  smoke: { zh: '烟感', en: 'Smoke' },
  temperature: { zh: '温度', en: 'Temperature' },
  gas: { zh: '可燃气体', en: 'Combustible gas' },
  water_level: { zh: '水位', en: 'Water level' },
  rainfall: { zh: '雨量', en: 'Rainfall' },
  wind: { zh: '风速', en: 'Wind' },
  video: { zh: '视频在线', en: 'Video online' },
  generic: { zh: '通用', en: 'Generic' },
};
/** The Chinese names alone (spreadsheet columns). */
export const DEVICE_TYPE_LABELS = Object.fromEntries(DEVICE_TYPES.map((k) => [k, DEVICE_TYPE_NAMES[k].zh])) as Record<DeviceType, string>;

/** The metrics a device of each type reports by default (name, unit, label). */
export const DEFAULT_METRICS: Record<DeviceType, { name: string; unit: string; label: string }[]> = {
  smoke: [{ name: 'smoke', unit: 'dB/m', label: '烟雾浓度' }],
  temperature: [{ name: 'temp', unit: '℃', label: '温度' }],
  gas: [{ name: 'lel', unit: '%LEL', label: '可燃气体浓度' }],
  water_level: [{ name: 'level', unit: 'm', label: '水位' }],
  rainfall: [{ name: 'rain_1h', unit: 'mm', label: '小时雨量' }],
  wind: [{ name: 'wind', unit: 'm/s', label: '风速' }],
  video: [{ name: 'online', unit: '', label: '在线' }],
  generic: [{ name: 'value', unit: '', label: '读数' }],
};

export const OWNER_KINDS = ['enterprise', 'park', 'place'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];
export const OWNER_KIND_NAMES: Record<OwnerKind, { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  park: { zh: '园区', en: 'Park' },
  place: { zh: '场所/点位', en: 'Place' },
};
/** The Chinese names alone (spreadsheet columns). */
export const OWNER_KIND_LABELS = Object.fromEntries(OWNER_KINDS.map((k) => [k, OWNER_KIND_NAMES[k].zh])) as Record<OwnerKind, string>;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, { zh: string; en: string; color: string }> = {
  low: { zh: '一般', en: 'Low', color: '#1677ff' },
  medium: { zh: '较重', en: 'Medium', color: '#faad14' },
  high: { zh: '严重', en: 'High', color: '#fa541c' },
  critical: { zh: '特别严重', en: 'Critical', color: '#cf1322' },
};
/** Minutes allowed to triage a raised alarm, by severity (SLA); escalation fires when it passes. */
export const TRIAGE_SLA_MINUTES: Record<Severity, number> = { low: 60, medium: 30, high: 10, critical: 5 };
/** "High severity" for the live screen's sound. */
export const isLoud = (s: Severity) => s === 'high' || s === 'critical';

export const RULE_KINDS = ['threshold', 'duration', 'rate', 'offline'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_KIND_LABELS: Record<RuleKind, { zh: string; en: string }> = {
  threshold: { zh: '阈值', en: 'Threshold' },
  duration: { zh: '持续超限', en: 'Sustained' },
  rate: { zh: '变化速率', en: 'Rate of change' },
  offline: { zh: '离线', en: 'Offline' },
};
export const RULE_OPS = ['gt', 'lt', 'between'] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export const RULE_OP_LABELS: Record<RuleOp, { zh: string; en: string }> = {
  gt: { zh: '高于', en: 'above' },
  lt: { zh: '低于', en: 'below' },
  between: { zh: '介于', en: 'between' },
};

export const ALARM_STATES = ['raised', 'triaged', 'dispatched', 'handling', 'closed'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
export const ALARM_STATE_LABELS: Record<AlarmState, { zh: string; en: string; color: string }> = {
  raised: { zh: '待研判', en: 'Raised', color: 'red' },
  triaged: { zh: '已研判', en: 'Triaged', color: 'orange' },
  dispatched: { zh: '已派发', en: 'Dispatched', color: 'blue' },
  handling: { zh: '处置中', en: 'Handling', color: 'geekblue' },
  closed: { zh: '已关闭', en: 'Closed', color: 'default' },
};

export const ALARM_ACTIONS = ['triage', 'dispatch', 'handle', 'close'] as const;
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

/** The alarm lifecycle (anything else is 409 ILLEGAL_TRANSITION). A false alarm is closed at triage. */
export const ALARM_TRANSITIONS: readonly { action: AlarmAction; from: readonly AlarmState[]; to: AlarmState; permission: string }[] = [
  { action: 'triage', from: ['raised'], to: 'triaged', permission: 'monitoring:write' },
  { action: 'dispatch', from: ['triaged'], to: 'dispatched', permission: 'monitoring:write' },
  { action: 'handle', from: ['dispatched'], to: 'handling', permission: 'monitoring:write' },
  { action: 'close', from: ['raised', 'triaged', 'dispatched', 'handling'], to: 'closed', permission: 'monitoring:write' },
];

export const DUTY_LOG_KINDS = ['call', 'report', 'alarm', 'instruction', 'note'] as const;
export type DutyLogKind = (typeof DUTY_LOG_KINDS)[number];
export const DUTY_LOG_KIND_LABELS: Record<DutyLogKind, { zh: string; en: string }> = {
  call: { zh: '来电', en: 'Call' },
  report: { zh: '信息报送', en: 'Report' },
  alarm: { zh: '告警处置', en: 'Alarm' },
  instruction: { zh: '领导批示', en: 'Instruction' },
  note: { zh: '记事', en: 'Note' },
};

/** 493号令: the unit reports to the county within 1 h of learning of an accident; each level up within 2 h. */
export const REPORT_STEPS = [
  { key: 'county', label: '报告县级应急管理部门', labelEn: 'Report to the county emergency bureau', hours: 1 },
  { key: 'city', label: '上报设区的市级', labelEn: 'Report to the city', hours: 2 },
  { key: 'province', label: '上报省级', labelEn: 'Report to the province', hours: 2 },
] as const;

/** Limits of the telemetry ingest (also documented in server/modules/monitoring/README.md). */
export const INGEST_LIMITS = { maxMessageBytes: 16 * 1024, maxMetrics: 32, futureSkewMs: 5 * 60_000, maxAgeMs: 30 * 86_400_000 } as const;

/**
 * The hazard an alarm becomes, in words (never its id): the title names the device and what it reported, the
 * description when and how severe, with the place. The server writes it; the web shows it before asking to confirm.
 */
export function hazardFromAlarm(a: { deviceName: string; message: string; severity: Severity; raisedAt: string; place?: string | null }): {
  title: string;
  description: string;
} {
  const title = `${a.deviceName}：${a.message}`;
  const where = a.place && a.place !== a.deviceName ? `（${a.place}）` : '';
  return {
    title: title.length > 100 ? `${title.slice(0, 99)}…` : title,
    description: `由物联感知告警转入：${a.deviceName}${where}于 ${fmtMinute(a.raisedAt)} 报出${SEVERITY_LABELS[a.severity].zh}告警“${a.message}”。`,
  };
}
