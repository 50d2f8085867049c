// Labels, tags and small helpers the warning pages share.
import { useQuery } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { Tag } from 'antd';
import {
  CHANNEL_LABELS,
  type Channel,
  EVENT_TYPES,
  LEVEL_LABELS,
  PERSON_ROLE_LABELS,
  type PersonRole,
  RECIPIENT_STATE_LABELS,
  type RecipientState,
  WARNING_STATE_LABELS,
  type WarningLevel,
  type WarningState,
} from '../../../../shared/warnings.ts';
import { ApiError, api } from '../../app/api';
import { getLang } from '../../app/i18n';

export const L = (zh: string, en: string) => (getLang() === 'en' ? en : zh);
const pick = (l: { zh: string; en: string } | undefined, fallback: string) => (l ? (getLang() === 'en' ? l.en : l.zh) : fallback);

export const levelLabel = (l: string) => pick(LEVEL_LABELS[l as WarningLevel], l);
export const stateLabel = (s: string) => pick(WARNING_STATE_LABELS[s as WarningState], s);
export const recipientStateLabel = (s: string) => pick(RECIPIENT_STATE_LABELS[s as RecipientState], s);
export const roleLabel = (r: string) =>
  r === 'enterprise_safety_manager' ? L('企业安全管理员', 'Enterprise safety manager') : pick(PERSON_ROLE_LABELS[r as PersonRole], r);
export const channelLabel = (c: string) => pick(CHANNEL_LABELS[c as Channel], c);
export const eventLabel = (code: string) =>
  pick(
    EVENT_TYPES.find((e) => e.code === code),
    code,
  );

const STATE_COLORS: Record<string, string> = {
  draft: 'default',
  pending_approval: 'gold',
  approved: 'cyan',
  rejected: 'volcano',
  released: 'green',
  superseded: 'default',
  cancelled: 'default',
  expired: 'default',
};

export function LevelTag({ level }: { level: string }) {
  const c = LEVEL_LABELS[level as WarningLevel]?.color;
  return (
    <Tag color={c} style={level === 'yellow' ? { color: '#614700' } : undefined}>
      {levelLabel(level)}
    </Tag>
  );
}
export const StateTag = ({ state }: { state: string }) => <Tag color={STATE_COLORS[state]}>{stateLabel(state)}</Tag>;

const RECIPIENT_COLORS: Record<string, string> = { pending: 'gold', acknowledged: 'green', not_reached: 'red', closed: 'default' };
export const RecipientTag = ({ state, overdue }: { state: string; overdue?: boolean }) => (
  <>
    <Tag color={RECIPIENT_COLORS[state]}>{recipientStateLabel(state)}</Tag>
    {overdue && state === 'pending' && <Tag color="orange">{L('超时', 'Overdue')}</Tag>}
  </>
);

export const fmtTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';

export const toQuery = (f: Record<string, unknown>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== null) p.set(k, String(v));
  return p.toString();
};

export interface OrgNode {
  code: string;
  name: string;
  kind: string;
  children: OrgNode[];
}
export function useOrgTree() {
  return useQuery({ queryKey: ['orgs', 'tree'], queryFn: () => api.get<OrgNode[]>('/api/orgs/tree'), staleTime: 10 * 60_000 });
}
/** Towns (and their villages) of the district, without departments. */
export interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}
export function jurisdictionTree(tree: OrgNode[] | undefined): TreeOption[] {
  const conv = (n: OrgNode): TreeOption => ({
    value: n.code,
    title: n.name,
    children: n.children.filter((c) => c.kind !== 'department').map(conv),
  });
  return (tree ?? []).map(conv);
}

/** Put the server's field errors (body.x.y) on the form; returns the message for anything else. */
export function applyFieldErrors(form: FormInstance, e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  const known: { name: (string | number)[]; errors: string[] }[] = [];
  for (const f of e.fields) {
    const path = f.field.replace(/^body\./, '').split('.');
    known.push({ name: path.slice(0, 1), errors: [f.message] });
  }
  if (known.length) form.setFields(known as never);
  return e.message;
}

export interface WarningListItem {
  id: string;
  identifier: string;
  source: 'platform' | 'external';
  msg_type: string;
  status: string;
  event_type: string;
  event_name: string;
  level: string;
  headline: string;
  area_desc: string;
  released_at: string | null;
  created_at: string;
  expires: string | null;
  sender_name: string | null;
  recipients: number;
  acknowledged: number;
}

export interface BoardRow {
  town_code: string;
  town_name: string | null;
  total: number;
  reached: number;
  acknowledged: number;
  overdue: number;
  not_reached: number;
  escalations: number;
}
