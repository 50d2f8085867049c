// Types, labels and small helpers the hazard pages share.
import { useQuery } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { Tag } from 'antd';
import {
  type HazardDto,
  type HazardLevel,
  type HazardSource,
  type HazardState,
  LEVEL_LABELS,
  SECTOR_LABELS,
  SOURCE_LABELS,
  STATE_LABELS,
} from '../../../../shared/hazards.ts';
import { ApiError, api } from '../../app/api';
import { getLang } from '../../app/i18n';

export const L = (zh: string, en: string) => (getLang() === 'en' ? en : zh);
const pickLabel = (l: { zh: string; en: string } | undefined, fallback: string) => (l ? (getLang() === 'en' ? l.en : l.zh) : fallback);

export const stateLabel = (s: string) => pickLabel(STATE_LABELS[s as HazardState], s);
export const levelLabel = (l: string | null) => (l ? pickLabel(LEVEL_LABELS[l as HazardLevel], l) : L('未定级', 'Ungraded'));
export const sourceLabel = (s: string) => pickLabel(SOURCE_LABELS[s as HazardSource], s);
export const sectorLabel = (s: string) => pickLabel(SECTOR_LABELS[s as keyof typeof SECTOR_LABELS], s);

export function StateTag({ state, overdue }: { state: string; overdue?: boolean }) {
  return (
    <>
      <Tag color={STATE_LABELS[state as HazardState]?.color}>{stateLabel(state)}</Tag>
      {overdue && <Tag color="red">{L('超期', 'Overdue')}</Tag>}
    </>
  );
}

export function LevelTag({ level }: { level: string | null }) {
  return <Tag color={level ? LEVEL_LABELS[level as HazardLevel]?.color : undefined}>{levelLabel(level)}</Tag>;
}

export const fmtTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
export const fmtDate = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' }) : '—';
export const yuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? '—' : `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;

export interface HazardListItem {
  id: string;
  code: string;
  title: string;
  state: HazardState;
  level: HazardLevel | null;
  source: HazardSource;
  sector: string;
  townCode: string;
  townName: string | null;
  unitName: string | null;
  foundAt: string;
  deadline: string | null;
  overdue: boolean;
  closedAt: string | null;
}

export type Hazard = HazardDto;

export interface HazardFile {
  hazard: Hazard;
  enterprise: { id: string; name: string; address: string | null; credit_code: string; principal_name: string | null } | null;
  park: { id: string; name: string; address: string | null } | null;
  jurisdictionName: string | null;
  townName: string | null;
  clause: { id: string; number: string; category: string; text: string; text_kind: string; standard_name: string; standard_version: string } | null;
  plans: {
    id: string;
    measures: string;
    fundsFen: number;
    deadline: string;
    responsiblePerson: string;
    responsiblePhone: string | null;
    interimMeasures: string;
    createdAt: string;
  }[];
  progress: { id: string; note: string; photoIds: string[]; createdByName: string | null; createdAt: string }[];
  extensions: {
    id: string;
    reason: string;
    oldDeadline: string;
    newDeadline: string;
    status: 'pending' | 'approved' | 'denied';
    requestedByName: string | null;
    requestedAt: string;
    decidedByName: string | null;
    decidedAt: string | null;
    decisionNote: string | null;
  }[];
  supervisions: {
    id: string;
    noticeNo: string;
    issuer: string;
    level: 'district' | 'town';
    deadline: string;
    publishedAt: string;
    withdrawnAt: string | null;
    withdrawReason: string | null;
    stopProduction: boolean;
    stopOrderNo: string | null;
  }[];
  events: { id: number; action: string; fromState: string | null; toState: string | null; actorName: string | null; note: string | null; at: string }[];
  photos: { id: string; filename: string; mime: string; size: number }[];
}

export interface Clause {
  id: string;
  standardId: string;
  standardName: string;
  standardVersion: string;
  standardStatus: string;
  number: string;
  category: 'management' | 'industry' | 'special';
  industry: string | null;
  text: string;
  textKind: 'summary' | 'full';
}

export function useTowns() {
  return useQuery({
    queryKey: ['public', 'towns'],
    queryFn: () => api.get<{ items: { code: string; name: string }[] }>('/api/public/towns'),
    staleTime: 10 * 60_000,
  });
}

export function useClauses() {
  return useQuery({ queryKey: ['hazards', 'clauses'], queryFn: () => api.get<{ items: Clause[] }>('/api/hazards/criteria/clauses'), staleTime: 60_000 });
}

/** Put the server's field errors (body.x) on the form's fields; returns the message for anything else. */
export function applyFieldErrors(form: FormInstance, e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  const names = new Set(Object.keys(form.getFieldsValue(true)));
  const rest: string[] = [];
  const fields = e.fields
    .map((f) => ({ name: f.field.replace(/^body\./, '').split('.')[0], errors: [f.message] }))
    .filter((f) => {
      if (names.has(f.name)) return true;
      rest.push(f.errors[0]);
      return false;
    });
  if (fields.length) form.setFields(fields);
  return fields.length && rest.length === 0 ? L('请检查标红的字段', 'Please check the highlighted fields') : e.message;
}

/** Upload files (multipart) with the session's CSRF token; returns the stored ids. */
export async function uploadFiles(files: File[], kind: 'image' | 'document' = 'image'): Promise<string[]> {
  if (files.length === 0) return [];
  const { csrfToken } = await api.get<{ csrfToken: string }>('/api/auth/me');
  const fd = new FormData();
  for (const f of files) fd.append('file', f, f.name);
  const res = await fetch(`/api/files?kind=${kind}`, { method: 'POST', body: fd, credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken } });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = body?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? L('上传失败', 'Upload failed'), err?.fields ?? []);
  }
  return (body.files as { id: string }[]).map((f) => f.id);
}

export const toQuery = (f: Record<string, unknown>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === '' || v === null) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.set(k, String(v));
  }
  return p.toString();
};
