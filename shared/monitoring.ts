// Safety operation center constants shared by server and web: device types, severities, alarm lifecycle.

export const DEVICE_TYPES = ['smoke', 'temperature', 'gas', 'water_level', 'rainfall', 'wind', 'video', 'generic'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const DEVICE_TYPE_LABELS: Record<DeviceType, string> = {
  smoke: '烟感',
  temperature: '温度',
  gas: '可燃气体',
  water_level: '水位',
  rainfall: '雨量',
  wind: '风速',
  video: '视频在线',
  generic: '通用',
};

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
export const OWNER_KIND_LABELS: Record<OwnerKind, string> = { enterprise: '企业', park: '园区', place: '场所/点位' };

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { low: '一般', medium: '较重', high: '严重', critical: '特别严重' };
export const SEVERITY_COLORS: Record<Severity, string> = { low: '#1677ff', medium: '#faad14', high: '#fa541c', critical: '#cf1322' };
/** Minutes allowed to triage a raised alarm, by severity (SLA); escalation fires when it passes. */
export const TRIAGE_SLA_MINUTES: Record<Severity, number> = { low: 60, medium: 30, high: 10, critical: 5 };
/** "High severity" for the live screen's sound. */
export const isLoud = (s: Severity) => s === 'high' || s === 'critical';

export const RULE_KINDS = ['threshold', 'duration', 'rate', 'offline'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_KIND_LABELS: Record<RuleKind, string> = { threshold: '阈值', duration: '持续超限', rate: '变化速率', offline: '离线' };
export const RULE_OPS = ['gt', 'lt', 'between'] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export const RULE_OP_LABELS: Record<RuleOp, string> = { gt: '高于', lt: '低于', between: '介于' };

export const ALARM_STATES = ['raised', 'triaged', 'dispatched', 'handling', 'closed'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
export const ALARM_STATE_LABELS: Record<AlarmState, string> = {
  raised: '待研判',
  triaged: '已研判',
  dispatched: '已派发',
  handling: '处置中',
  closed: '已关闭',
};

export const ALARM_ACTIONS = ['triage', 'dispatch', 'handle', 'close'] as const;
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

/** Which action moves an alarm from which state. A false alarm is closed at triage. */
export const ALARM_TRANSITIONS: Record<AlarmAction, { from: readonly AlarmState[]; to: AlarmState }> = {
  triage: { from: ['raised'], to: 'triaged' },
  dispatch: { from: ['triaged'], to: 'dispatched' },
  handle: { from: ['dispatched'], to: 'handling' },
  close: { from: ['raised', 'triaged', 'dispatched', 'handling'], to: 'closed' },
};

export const DUTY_LOG_KINDS = ['call', 'report', 'alarm', 'instruction', 'note'] as const;
export type DutyLogKind = (typeof DUTY_LOG_KINDS)[number];
export const DUTY_LOG_KIND_LABELS: Record<DutyLogKind, string> = { call: '来电', report: '信息报送', alarm: '告警处置', instruction: '领导批示', note: '记事' };

/** 493号令: the unit reports to the county within 1 h of learning of an accident; each level up within 2 h. */
export const REPORT_STEPS = [
  { key: 'county', label: '报告县级应急管理部门', hours: 1 },
  { key: 'city', label: '上报设区的市级', hours: 2 },
  { key: 'province', label: '上报省级', hours: 2 },
] as const;

/** Limits of the telemetry ingest (also documented in server/modules/monitoring/README.md). */
export const INGEST_LIMITS = { maxMessageBytes: 16 * 1024, maxMetrics: 32, futureSkewMs: 5 * 60_000, maxAgeMs: 30 * 86_400_000 } as const;
