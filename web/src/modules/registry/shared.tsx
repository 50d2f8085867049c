// Types, labels and small pieces the registry pages share (filters live in the URL, so list, export and
// map see the same ones).
import { useQuery } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { RISK_GRADE_LABELS, type RiskGrade } from '../../../../shared/registry.ts';
import { ApiError, api } from '../../app/api';
import { getLang } from '../../app/i18n';

export const L = (zh: string, en: string) => (getLang() === 'en' ? en : zh);

export interface Page<T> {
  items: T[];
  total: number;
  totalCapped?: boolean;
  page: number;
  pageSize: number;
}

export interface Enterprise {
  id: string;
  creditCode: string;
  name: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  jurisdictionCode: string;
  townCode: string;
  villageCode: string | null;
  industryCode: string | null;
  industryName: string | null;
  categories: string[];
  headcount: number | null;
  principalName: string | null;
  principalPhone: string | null;
  safetyManagerName: string | null;
  safetyManagerPhone: string | null;
  riskGrade: RiskGrade | null;
  standardizationLevel: 'level1' | 'level2' | 'level3' | 'none';
  creditRating: string | null;
  dishonestFrom: string | null;
  dishonestUntil: string | null;
  keyUnit: boolean;
  supervisingLevel: 'district' | 'town';
  supervisingDeptCode: string | null;
  iotDeviceCount: number;
  status: 'active' | 'suspended' | 'closed';
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Park {
  id: string;
  name: string;
  kind: 'micro' | 'industrial';
  address: string | null;
  lon: number | null;
  lat: number | null;
  jurisdictionCode: string;
  townCode: string;
  villageCode: string | null;
  landlordId: string | null;
  landlordName: string | null;
  safetyStaffCount: number;
  standardized: boolean;
  standardizedAt: string | null;
  insured: boolean;
  tenantCount?: number;
  agreementsSigned?: number;
  version: number;
  updatedAt: string;
}

export interface RiskPoint {
  id: string;
  enterpriseId: string;
  enterpriseName: string | null;
  jurisdictionCode: string;
  name: string;
  area: string;
  hazardSource: string | null;
  accidentType: string;
  lecL: number;
  lecE: number;
  lecC: number;
  lecD: number;
  grade: RiskGrade;
  policyVersion: number;
  controlMeasures: string | null;
  controlTier: 'company' | 'workshop' | 'team' | 'post';
  ownerName: string;
  ownerPhone: string | null;
  reviewCycleDays: number;
  lastReviewedOn: string | null;
  nextReviewOn: string;
  lon: number | null;
  lat: number | null;
  status: 'active' | 'retired';
  version: number;
}

export interface HistoryEntry {
  version: number;
  action: 'create' | 'update' | 'import';
  changed: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  at: string;
  byName: string | null;
}

export function GradeTag({ grade }: { grade: RiskGrade | null | undefined }) {
  if (!grade) return <Tag>{L('未评定', 'Not graded')}</Tag>;
  const g = RISK_GRADE_LABELS[grade];
  return (
    <Tag color={g.color} style={{ color: grade === 'yellow' ? '#3a3000' : undefined }}>
      {L(g.zh, g.en)}
    </Tag>
  );
}

interface OrgNode {
  code: string;
  name: string;
  kind: string;
  children: OrgNode[];
}

/** Towns (with their villages) and departments from the org tree. */
export function usePlaces() {
  const q = useQuery({ queryKey: ['orgs', 'tree'], queryFn: () => api.get<OrgNode[]>('/api/orgs/tree'), staleTime: 5 * 60_000 });
  const district = q.data?.[0];
  const towns = (district?.children ?? []).filter((c) => c.kind === 'town');
  const departments = (district?.children ?? []).filter((c) => c.kind === 'department');
  const names = new Map<string, string>();
  for (const t of towns) {
    names.set(t.code, t.name);
    for (const v of t.children) names.set(v.code, v.name);
  }
  for (const d of departments) names.set(d.code, d.name);
  return { towns, departments, name: (code: string | null | undefined) => (code ? (names.get(code) ?? code) : ''), loading: q.isLoading };
}

/** Query string from an object, leaving out empty values. */
export function qs(params: Record<string, unknown>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** List filters kept in the URL: shared by the list, the export and the map. */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Partial<Record<K, string>>;
  const page = Number(params.get('page') ?? 1);
  const set = (next: Partial<Record<K | 'page', string | number | undefined>>) => {
    const u = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '' || v === null) u.delete(k);
      else u.set(k, String(v));
    }
    if (!('page' in next)) u.delete('page');
    setParams(u, { replace: true });
  };
  return { filters, page, set, search: params.toString() };
}

export const ENTERPRISE_FILTER_KEYS = [
  'q',
  'town',
  'industry',
  'category',
  'sixKinds',
  'riskGrade',
  'keyUnit',
  'dishonest',
  'standardized',
  'status',
  'parkId',
] as const;

/** Download a file from the API (keeps the server's file name). */
export async function download(url: string, fallback: string) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    const body = await res.json().catch(() => undefined);
    throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? L('下载失败', 'Download failed'));
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : fallback;
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Put the server's field errors ("body.creditCode") on the form's fields; returns what did not fit. */
export function applyFieldErrors(form: FormInstance, err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return (err as Error)?.message ?? String(err);
  const known = new Set(Object.keys(form.getFieldsValue(true)));
  const rest: string[] = [];
  const fields = err.fields
    .map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] }))
    .filter((f) => {
      if (known.has(f.name) || f.name === 'version') return true;
      rest.push(f.errors[0]);
      return false;
    });
  form.setFields(fields.filter((f) => f.name !== 'version'));
  if (fields.some((f) => f.name === 'version')) return err.message;
  return fields.length && !rest.length ? undefined : err.message;
}

/** Upload a file as multipart with the session's CSRF token. */
export async function uploadFile<T>(url: string, file: File): Promise<T> {
  const { csrfToken } = await api.get<{ csrfToken: string }>('/api/auth/me');
  const fd = new FormData();
  fd.append('file', file);
  const res = await fetch(url, { method: 'POST', body: fd, credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken } });
  const body = await res.json().catch(() => undefined);
  if (!res.ok)
    throw new ApiError(
      res.status,
      body?.error?.code ?? `HTTP_${res.status}`,
      body?.error?.message ?? L('上传失败', 'Upload failed'),
      body?.error?.fields ?? [],
    );
  return body as T;
}

export const yesNo = (b: boolean) => (b ? L('是', 'Yes') : L('否', 'No'));
