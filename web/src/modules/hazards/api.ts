// Hazards on the web: DTO types, query keys, and the hooks and calls more than one page uses.
import { useQuery } from '@tanstack/react-query';
import type { ClauseDto, HazardDto, HazardFileDto, LedgerItemDto } from '../../../../shared/hazards.dto.ts';
import { api, upload } from '../../app/api';

export type HazardListItem = LedgerItemDto;
export type Hazard = HazardDto;
export type HazardFile = HazardFileDto;
export type Clause = ClauseDto;

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
