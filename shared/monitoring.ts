// Safety operation center constants shared by server and web: device types, severities, alarm lifecycle.
import { labels } from './labels.ts';
import { fmtMinute } from './time.ts';

export const {
  keys: DEVICE_TYPES,
  labels: DEVICE_TYPE_NAMES,
  zh: DEVICE_TYPE_LABELS,
} = labels({
  smoke: { zh: '烟感', en: 'Smoke' },
  temperature: { zh: '温度', en: 'Temperature' },
  gas: { zh: '可燃气体', en: 'Combustible gas' },
  water_level: { zh: '水位', en: 'Water level' },
  rainfall: { zh: '雨量', en: 'Rainfall' },
  wind: { zh: '风速', en: 'Wind' },
  video: { zh: '视频在线', en: 'Video online' },
  generic: { zh: '通用', en: 'Generic' },
});
export type DeviceType = (typeof DEVICE_TYPES)[number];

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

export const {
  keys: OWNER_KINDS,
  labels: OWNER_KIND_NAMES,
  zh: OWNER_KIND_LABELS,
} = labels({
  enterprise: { zh: '企业', en: 'Enterprise' },
  park: { zh: '园区', en: 'Park' },
  place: { zh: '场所/点位', en: 'Place' },
});
export type OwnerKind = (typeof OWNER_KINDS)[number];

export const { keys: SEVERITIES, labels: SEVERITY_LABELS } = labels({
  low: { zh: '一般', en: 'Low', color: '#1677ff' },
  medium: { zh: '较重', en: 'Medium', color: '#faad14' },
  high: { zh: '严重', en: 'High', color: '#fa541c' },
  critical: { zh: '特别严重', en: 'Critical', color: '#cf1322' },
});
export type Severity = (typeof SEVERITIES)[number];
/** Minutes allowed to triage a raised alarm, by severity (SLA); escalation fires when it passes. */
export const TRIAGE_SLA_MINUTES: Record<Severity, number> = { low: 60, medium: 30, high: 10, critical: 5 };
/** "High severity" for the live screen's sound. */
export const isLoud = (s: Severity) => s === 'high' || s === 'critical';

export const { keys: RULE_KINDS, labels: RULE_KIND_LABELS } = labels({
  threshold: { zh: '阈值', en: 'Threshold' },
  duration: { zh: '持续超限', en: 'Sustained' },
  rate: { zh: '变化速率', en: 'Rate of change' },
  offline: { zh: '离线', en: 'Offline' },
});
export type RuleKind = (typeof RULE_KINDS)[number];
export const { keys: RULE_OPS, labels: RULE_OP_LABELS } = labels({
  gt: { zh: '高于', en: 'above' },
  lt: { zh: '低于', en: 'below' },
  between: { zh: '介于', en: 'between' },
});
export type RuleOp = (typeof RULE_OPS)[number];

export const { keys: ALARM_STATES, labels: ALARM_STATE_LABELS } = labels({
  raised: { zh: '待研判', en: 'Raised', color: 'red' },
  triaged: { zh: '已研判', en: 'Triaged', color: 'orange' },
  dispatched: { zh: '已派发', en: 'Dispatched', color: 'blue' },
  handling: { zh: '处置中', en: 'Handling', color: 'geekblue' },
  closed: { zh: '已关闭', en: 'Closed', color: 'default' },
});
export type AlarmState = (typeof ALARM_STATES)[number];

export const ALARM_ACTIONS = ['triage', 'dispatch', 'handle', 'close'] as const;
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

/** The alarm lifecycle (anything else is 409 ILLEGAL_TRANSITION). A false alarm is closed at triage. */
export const ALARM_TRANSITIONS: readonly { action: AlarmAction; from: readonly AlarmState[]; to: AlarmState; permission: string }[] = [
  { action: 'triage', from: ['raised'], to: 'triaged', permission: 'monitoring:write' },
  { action: 'dispatch', from: ['triaged'], to: 'dispatched', permission: 'monitoring:write' },
  { action: 'handle', from: ['dispatched'], to: 'handling', permission: 'monitoring:write' },
  { action: 'close', from: ['raised', 'triaged', 'dispatched', 'handling'], to: 'closed', permission: 'monitoring:write' },
];

export const { keys: DUTY_LOG_KINDS, labels: DUTY_LOG_KIND_LABELS } = labels({
  call: { zh: '来电', en: 'Call' },
  report: { zh: '信息报送', en: 'Report' },
  alarm: { zh: '告警处置', en: 'Alarm' },
  instruction: { zh: '领导批示', en: 'Instruction' },
  note: { zh: '记事', en: 'Note' },
});
export type DutyLogKind = (typeof DUTY_LOG_KINDS)[number];

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
