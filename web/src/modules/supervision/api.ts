// The supervision lists on the web: query keys and the hooks more than one page uses (DTO types from
// shared/supervision.dto.ts).
import { useQuery } from '@tanstack/react-query';
import type { VersionDetail, VersionList } from '../../../../shared/supervision.dto.ts';
import { KIND_PATHS, type ListKind } from '../../../../shared/supervision.ts';
import { api } from '../../app/api';

/** Query keys: invalidate `supervisionKeys.all` after any write. */
export const supervisionKeys = {
  all: ['supervision'] as const,
  versions: (kind: string, checklistId?: string) => ['supervision', 'versions', kind, checklistId ?? ''] as const,
  version: (id: string) => ['supervision', 'version', id] as const,
  rows: (kind: string, versionId: string) => ['supervision', 'rows', kind, versionId] as const,
  stats: (versionId: string) => ['supervision', 'stats', versionId] as const,
  policy: ['supervision', 'policy'] as const,
  checklists: ['supervision', 'checklists'] as const,
  checklist: (id: string) => ['supervision', 'checklist', id] as const,
};

export const rowsUrl = (kind: ListKind | 'checklist', versionId: string) => `/api/supervision/${KIND_PATHS[kind]}/versions/${versionId}/rows`;

export function useVersions(kind: ListKind) {
  return useQuery({ queryKey: supervisionKeys.versions(kind), queryFn: () => api.get<VersionList>(`/api/supervision/${kind}/versions`) });
}

export function useVersion(id: string | undefined) {
  return useQuery({
    queryKey: supervisionKeys.version(id ?? ''),
    queryFn: () => api.get<VersionDetail>(`/api/supervision/versions/${id}`),
    enabled: !!id,
  });
}
