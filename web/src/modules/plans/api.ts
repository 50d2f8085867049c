// Plans on the web: DTO types, query keys, and the hooks more than one page uses.
import { useQuery } from '@tanstack/react-query';
import type { ActivityDto, PlanDetail, PlanDto, ProgressRow } from '../../../../shared/plans.dto.ts';
import { api } from '../../app/api';

export type Plan = PlanDto;
export type { ActivityDto, PlanDetail, ProgressRow };

/** Query keys: invalidate `planKeys.all` after any plan write. */
export const planKeys = {
  all: ['plans'] as const,
  list: ['plans', 'list'] as const,
  detail: (id: string | undefined) => ['plans', 'detail', id] as const,
  progress: (id: string) => ['plans', 'progress', id] as const,
  activities: (id: string) => ['plans', 'activities', id] as const,
};

export function usePlan(id: string | undefined) {
  return useQuery({ queryKey: planKeys.detail(id), queryFn: () => api.get<PlanDetail>(`/api/plans/${id}`), enabled: !!id });
}
