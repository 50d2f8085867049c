// Warnings and call-response (预警叫应): levels, event types, person roles, channels, states and the
// default policy. Shared by the server (rules) and the web (labels, colours).
import { labels } from './labels.ts';

export const { keys: WARNING_LEVELS, labels: LEVEL_LABELS } = labels({
  red: { zh: '红色预警', en: 'Red', color: '#cf1322', grade: '一级' },
  orange: { zh: '橙色预警', en: 'Orange', color: '#fa8c16', grade: '二级' },
  yellow: { zh: '黄色预警', en: 'Yellow', color: '#fadb14', grade: '三级' },
  blue: { zh: '蓝色预警', en: 'Blue', color: '#1677ff', grade: '四级' },
});
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** CAP 1.2 <severity> ↔ GB/T 35965.1 colour level. */
export const SEVERITY_TO_LEVEL: Record<string, WarningLevel> = { Extreme: 'red', Severe: 'orange', Moderate: 'yellow', Minor: 'blue' };
export const LEVEL_TO_SEVERITY: Record<WarningLevel, string> = { red: 'Extreme', orange: 'Severe', yellow: 'Moderate', blue: 'Minor' };

/**
 * Event types used here, grouped by their GB/T 35561-2017 class (自然灾害) and sub-class, with the CAP
 * <category> each maps to. Keys are ours; the imported CAP <event> text is matched by name.
 */
export const EVENT_TYPES = [
  { code: 'rainstorm', zh: '暴雨', en: 'Rainstorm', gbClass: '气象灾害', capCategory: 'Met' },
  { code: 'typhoon', zh: '台风', en: 'Typhoon', gbClass: '气象灾害', capCategory: 'Met' },
  { code: 'gale', zh: '大风', en: 'Gale', gbClass: '气象灾害', capCategory: 'Met' },
  { code: 'cold_wave', zh: '寒潮', en: 'Cold wave', gbClass: '气象灾害', capCategory: 'Met' },
  { code: 'freezing', zh: '雨雪冰冻', en: 'Freezing rain and snow', gbClass: '气象灾害', capCategory: 'Met' },
  { code: 'heat', zh: '高温', en: 'Heat wave', gbClass: '气象灾害', capCategory: 'Met' },
  { code: 'thunder', zh: '雷电', en: 'Lightning', gbClass: '气象灾害', capCategory: 'Met' },
  { code: 'flood', zh: '洪水', en: 'River flood', gbClass: '水旱灾害', capCategory: 'Met' },
  { code: 'flash_flood', zh: '山洪', en: 'Flash flood', gbClass: '水旱灾害', capCategory: 'Geo' },
  { code: 'geo_hazard', zh: '地质灾害', en: 'Geological hazard', gbClass: '地质灾害', capCategory: 'Geo' },
  { code: 'forest_fire', zh: '森林火险', en: 'Forest fire danger', gbClass: '森林草原火灾', capCategory: 'Fire' },
] as const;
export type EventTypeCode = (typeof EVENT_TYPES)[number]['code'];
export const eventTypeByCode = (code: string) => EVENT_TYPES.find((e) => e.code === code);
export const eventTypeByName = (zh: string) => EVENT_TYPES.find((e) => zh.includes(e.zh));

/** Responsible-person roles: 防汛责任人 at each tier and the village roles of the 141 grid. */

export const { keys: PERSON_ROLES, labels: PERSON_ROLE_LABELS } = labels({
  flood_chief: { zh: '防汛责任人', en: 'Flood-control chief' },
  works_patroller: { zh: '水利工程巡查员', en: 'Water-works patroller' },
  flash_flood_warner: { zh: '山洪预警员', en: 'Flash-flood warner' },
  geo_monitor: { zh: '地灾群测群防员', en: 'Geo-hazard monitor' },
  shelter_manager: { zh: '避灾场所管理员', en: 'Shelter manager' },
  house_liaison: { zh: '危房联络员', en: 'Unsafe-housing liaison' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  cadre: { zh: '包保干部', en: 'Assigned cadre (包保)' },
});
export type PersonRole = (typeof PERSON_ROLES)[number];
export const personRoleByLabel = (zh: string) => PERSON_ROLES.find((r) => PERSON_ROLE_LABELS[r].zh === zh.trim());

export const { keys: CHANNELS, labels: CHANNEL_LABELS } = labels({
  inapp: { zh: '站内', en: 'In-app' },
  sms: { zh: '短信', en: 'SMS' },
  voice: { zh: '语音电话', en: 'Voice call' },
  wecom: { zh: '企业微信群', en: 'WeCom robot' },
  dingtalk: { zh: '钉钉群', en: 'DingTalk robot' },
  email: { zh: '电子邮件', en: 'E-mail' },
});
export type Channel = (typeof CHANNELS)[number];

// ── warning lifecycle ─────────────────────────────────────────────────────────────────────────────────
export const { keys: WARNING_STATES, labels: WARNING_STATE_LABELS } = labels({
  draft: { zh: '草稿', en: 'Draft' },
  pending_approval: { zh: '待审批', en: 'Awaiting approval' },
  approved: { zh: '已审批', en: 'Approved' },
  rejected: { zh: '已退回', en: 'Rejected' },
  released: { zh: '已发布', en: 'Released' },
  superseded: { zh: '已更新替代', en: 'Superseded' },
  cancelled: { zh: '已解除', en: 'Cancelled' },
  expired: { zh: '已过期', en: 'Expired' },
});
export type WarningState = (typeof WARNING_STATES)[number];
export const WARNING_ACTIONS = ['submit', 'approve', 'reject', 'release', 'cancel'] as const;
export type WarningAction = (typeof WARNING_ACTIONS)[number];

/**
 * The lifecycle people drive; anything else is 409 ILLEGAL_TRANSITION. `expire` is the system's (an onset
 * job finds the warning expired; never offered to a person); superseded is reached when a released update
 * supersedes its predecessor.
 */
export const WARNING_TRANSITIONS: readonly {
  action: WarningAction | 'expire';
  from: readonly WarningState[];
  to: WarningState;
  permission: string;
  system?: boolean;
}[] = [
  { action: 'submit', from: ['draft', 'rejected'], to: 'pending_approval', permission: 'warning:write' },
  { action: 'approve', from: ['pending_approval'], to: 'approved', permission: 'warning:approve' },
  { action: 'reject', from: ['pending_approval'], to: 'rejected', permission: 'warning:approve' },
  { action: 'release', from: ['approved'], to: 'released', permission: 'warning:write' },
  { action: 'cancel', from: ['draft', 'rejected', 'approved', 'released'], to: 'cancelled', permission: 'warning:write' },
  { action: 'expire', from: ['released'], to: 'expired', permission: 'warning:write', system: true },
];

// ── recipients ───────────────────────────────────────────────────────────────────────────────────────
export const { keys: RECIPIENT_STATES, labels: RECIPIENT_STATE_LABELS } = labels({
  pending: { zh: '待确认', en: 'Awaiting ack' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  not_reached: { zh: '未叫醒', en: 'Not reached' },
  closed: { zh: '已关闭', en: 'Closed' },
});
export type RecipientState = (typeof RECIPIENT_STATES)[number];
/**
 * How far a recipient's messages got, named for what happened (never "已送达" for a message that did not
 * leave the machine). Ordered: a later one supersedes an earlier one.
 */
export const { keys: DELIVERY_STATES, labels: DELIVERY_STATE_LABELS } = labels({
  outbox: { zh: '已写入发件箱（未发出）', en: 'Recorded in outbox (not sent)', color: 'default' },
  inapp: { zh: '已推送站内消息', en: 'In-app message', color: 'cyan' },
  gateway: { zh: '已提交网关', en: 'Handed to gateway', color: 'blue' },
  delivered: { zh: '网关回执已送达', en: 'Delivered (gateway receipt)', color: 'green' },
});
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const ACK_VIA = ['link', 'inapp', 'sms'] as const;
export type AckVia = (typeof ACK_VIA)[number];

// ── policy (defaults; stored as data in warning_settings and editable) ──────────────────────────────
export interface LevelPolicy {
  /** Minutes to acknowledge after the first message (叫应时限). */
  ackMinutes: number;
  /** Minutes between later steps of the channel ladder (and after the last step before escalation). */
  retryMinutes: number;
  /** Person roles this level reaches. */
  roles: PersonRole[];
  /** Whether enterprises' safety managers in the area are reached too. */
  enterprises: boolean;
}

export interface WarningPolicy {
  levels: Record<WarningLevel, LevelPolicy>;
  /** Channel ladder used when a person has none of their own. */
  defaultLadder: Channel[];
  /** Enterprise safety managers are reached on this ladder. */
  enterpriseLadder: Channel[];
  /** Lifetime of a one-tap acknowledgement link, hours. */
  linkTtlHours: number;
}

const BASE: PersonRole[] = ['flood_chief', 'flash_flood_warner'];
export const DEFAULT_POLICY: WarningPolicy = {
  levels: {
    blue: { ackMinutes: 60, retryMinutes: 20, roles: BASE, enterprises: false },
    yellow: { ackMinutes: 30, retryMinutes: 10, roles: [...BASE, 'works_patroller', 'geo_monitor'], enterprises: false },
    orange: { ackMinutes: 10, retryMinutes: 5, roles: [...BASE, 'works_patroller', 'geo_monitor', 'shelter_manager', 'house_liaison'], enterprises: true },
    red: { ackMinutes: 5, retryMinutes: 2, roles: [...PERSON_ROLES], enterprises: true },
  },
  defaultLadder: ['inapp', 'sms', 'voice'],
  enterpriseLadder: ['sms', 'voice'],
  linkTtlHours: 24,
};

/** "2026Q2" for a date, in China time. */
export function quarterOf(d: Date): string {
  const cn = new Date(d.getTime() + 8 * 3_600_000);
  return `${cn.getUTCFullYear()}Q${Math.floor(cn.getUTCMonth() / 3) + 1}`;
}

/**
 * Town/street centroids of Haishu, APPROXIMATE (read off a map to about 1 km, WGS-84 lon/lat): good enough to
 * decide which towns a drawn polygon covers and to show towns on an offline map, not for navigation.
 */
export const TOWN_CENTROIDS: Record<string, [number, number]> = {
  '330203001': [121.548, 29.862], // 南门街道
  '330203002': [121.556, 29.871], // 江厦街道
  '330203003': [121.536, 29.874], // 西门街道
  '330203004': [121.541, 29.867], // 月湖街道
  '330203005': [121.549, 29.876], // 鼓楼街道
  '330203006': [121.522, 29.863], // 白云街道
  '330203007': [121.53, 29.848], // 段塘街道
  '330203008': [121.5, 29.882], // 望春街道
  '330203009': [121.5, 29.815], // 石碶街道
  '330203100': [121.462, 29.887], // 高桥镇
  '330203101': [121.398, 29.872], // 横街镇
  '330203102': [121.44, 29.851], // 集士港镇
  '330203103': [121.452, 29.815], // 古林镇
  '330203104': [121.43, 29.762], // 洞桥镇
  '330203105': [121.352, 29.78], // 鄞江镇
  '330203106': [121.27, 29.801], // 章水镇
  '330203200': [121.3, 29.752], // 龙观乡
};
