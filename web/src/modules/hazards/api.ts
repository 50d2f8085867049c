// Hazards on the web: DTO types, query keys, and the hooks and calls more than one page uses.
import { useQuery } from '@tanstack/react-query';
import type { HazardAction, HazardDto, HazardLevel, HazardSideStep, HazardSource, HazardState } from '../../../../shared/hazards.ts';
import { api, upload } from '../../app/api';

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
  /** What the current user may do now, as the server decides it (permission, state and guards). */
  actions: (HazardAction | HazardSideStep)[];
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

/** Query keys: invalidate `hazardKeys.all` after any hazard write. */
export const hazardKeys = {
  all: ['hazards'] as const,
  ledger: ['hazards', 'ledger'] as const,
  detail: (id: string | undefined) => ['hazards', 'detail', id] as const,
  clauses: ['hazards', 'clauses'] as const,
  standards: ['hazards', 'standards'] as const,
  dashboard: (town: string | undefined) => ['hazards', 'dashboard', town] as const,
  reports: ['hazards', 'reports'] as const,
  report: (id: string | undefined) => ['hazards', 'report', id] as const,
  extensions: ['hazards', 'extensions'] as const,
  notifications: ['hazards', 'notifications'] as const,
};

/** The district's towns from the public endpoint (the public report page has no session). */
export function useTowns() {
  return useQuery({
    queryKey: ['public', 'towns'],
    queryFn: () => api.get<{ items: { code: string; name: string }[] }>('/api/public/towns'),
    staleTime: 10 * 60_000,
  });
}

export function useClauses() {
  return useQuery({ queryKey: hazardKeys.clauses, queryFn: () => api.get<{ items: Clause[] }>('/api/hazards/criteria/clauses'), staleTime: 60_000 });
}

/** Store photos (or documents); returns their ids. */
export async function uploadFiles(files: File[], kind: 'image' | 'document' = 'image'): Promise<string[]> {
  if (files.length === 0) return [];
  const r = await upload<{ files: { id: string }[] }>(`/api/files?kind=${kind}`, files);
  return r.files.map((f) => f.id);
}
