// 双随机一公开: the draw's states, its steps, recusal reasons and labels (server and web).
//
// A draw is prepared (filters and parameters), committed (the pools are snapshotted and the SHA-256 commitment
// to them is published together with the two nonce hashes), drawn (the witness reveals the secret, the seed
// follows from the commitment and both nonces, the algorithm picks the enterprises and the inspectors), and
// may be redrawn only with a written reason: the first round stays on record and on the public page.
import { labels } from './labels.ts';

export const DRAW_ALGORITHM = 'anlan-draw-v1';

export const { keys: DRAW_STATES, labels: DRAW_STATE_LABELS } = labels({
  prepared: { zh: '待发布承诺', en: 'Prepared', color: 'default' },
  committed: { zh: '已公示承诺，待抽取', en: 'Committed', color: 'blue' },
  drawn: { zh: '已抽取', en: 'Drawn', color: 'green' },
  cancelled: { zh: '已取消', en: 'Cancelled', color: 'default' },
});
export type DrawState = (typeof DRAW_STATES)[number];

export const { keys: DRAW_ACTIONS, labels: DRAW_ACTION_LABELS } = labels({
  commit: { zh: '锁定名录并公示承诺', en: 'Commit and publish' },
  draw: { zh: '抽取', en: 'Draw' },
  redraw: { zh: '重新抽取', en: 'Redraw' },
  cancel: { zh: '取消', en: 'Cancel' },
});
export type DrawAction = (typeof DRAW_ACTIONS)[number];

export const DRAW_TRANSITIONS: readonly { action: DrawAction; from: readonly DrawState[]; to: DrawState; permission: string }[] = [
  { action: 'commit', from: ['prepared'], to: 'committed', permission: 'inspection:write' },
  { action: 'draw', from: ['committed'], to: 'drawn', permission: 'inspection:write' },
  { action: 'redraw', from: ['drawn'], to: 'committed', permission: 'inspection:write' },
  { action: 'cancel', from: ['prepared', 'committed'], to: 'cancelled', permission: 'inspection:write' },
];

/** Why an inspector may not inspect an enterprise (recusal, 回避). */
export const { keys: RECUSAL_REASONS, labels: RECUSAL_LABELS } = labels({
  same_unit: { zh: '交叉检查：本镇街执法人员不查本镇街企业', en: 'Cross-area: own town' },
  conflict: { zh: '申报的利害关系', en: 'Declared conflict' },
  recent: { zh: '回避期内检查过该企业', en: 'Inspected within the recusal window' },
});
export type RecusalReason = (typeof RECUSAL_REASONS)[number];

/** Scale by headcount (从业人员): 微型 < 20, 小型 20–299, 中型 300–999, 大型 ≥ 1000 (industrial enterprises, 国统字〔2017〕213号). */
export const { keys: ENTERPRISE_SCALES, labels: SCALE_HEADCOUNT } = labels({
  micro: { min: 0, max: 19, zh: '微型（20人以下）', en: 'Micro (< 20)' },
  small: { min: 20, max: 299, zh: '小型（20–299人）', en: 'Small (20–299)' },
  medium: { min: 300, max: 999, zh: '中型（300–999人）', en: 'Medium (300–999)' },
  large: { min: 1000, max: null, zh: '大型（1000人以上）', en: 'Large (≥ 1000)' },
});
export type EnterpriseScale = (typeof ENTERPRISE_SCALES)[number];

export const DEFAULT_RECUSAL_WINDOW_DAYS = 365;
export const MAX_ENTITIES = 5000;
