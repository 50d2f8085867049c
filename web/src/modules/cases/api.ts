// Cases on the web: DTO types, query keys and the hooks more than one page uses.
import { useQuery } from '@tanstack/react-query';
import type { CaseDetail, CaseListItem, Discretion, Leniency } from '../../../../shared/cases.dto.ts';
import type { Officer } from '../../../../shared/enforcement.dto.ts';
import { api } from '../../app/api';

export type { CaseDetail, CaseListItem, Discretion, Leniency };

/** Query keys: invalidate `caseKeys.all` after any case write. */
export const caseKeys = {
  all: ['cases'] as const,
  ledger: ['cases', 'ledger'] as const,
  dashboard: ['cases', 'dashboard'] as const,
  detail: (id: string | undefined) => ['cases', 'detail', id] as const,
  discretion: ['cases', 'discretion'] as const,
  leniency: ['cases', 'leniency'] as const,
  officers: ['cases', 'officers'] as const,
  templates: ['cases', 'templates'] as const,
  calendar: (month: string) => ['cases', 'calendar', month] as const,
  overrides: ['cases', 'overrides'] as const,
};

export const useDiscretion = () =>
  useQuery({ queryKey: caseKeys.discretion, queryFn: () => api.get<{ items: Discretion[] }>('/api/cases/discretion'), staleTime: 60_000 });
export const useLeniency = () =>
  useQuery({ queryKey: caseKeys.leniency, queryFn: () => api.get<{ items: Leniency[] }>('/api/cases/leniency'), staleTime: 60_000 });
export const useOfficers = () =>
  useQuery({ queryKey: caseKeys.officers, queryFn: () => api.get<{ items: Officer[] }>('/api/enforcement/officers'), staleTime: 60_000 });

/** Yuan typed in a form → fen for the API. */
export const fenOf = (yuanValue: number | null | undefined) => (yuanValue === null || yuanValue === undefined ? undefined : Math.round(yuanValue * 100));
