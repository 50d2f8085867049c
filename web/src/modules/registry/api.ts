// The registry's API on the web: query keys and the hooks more than one page uses (the DTO types are
// shared/registry.dto.ts, the schemas the server answers by).
import { useQuery } from '@tanstack/react-query';
import type { Enterprise, PageOf } from '../../../../shared/registry.dto.ts';
import { api, toQuery } from '../../app/api';

/** Query keys: invalidate `registryKeys.all` after any registry write. */
export const registryKeys = {
  all: ['registry'] as const,
  enterprises: ['registry', 'enterprises'] as const,
  enterprise: (id: string) => ['registry', 'enterprise', id] as const,
  enterpriseStats: ['registry', 'stats'] as const,
  enterpriseSearch: (q: string) => ['registry', 'enterprise-picker', q] as const,
  parks: ['registry', 'parks'] as const,
  riskPoints: ['registry', 'risk-points'] as const,
  map: ['registry', 'map'] as const,
};

/** Enterprises by name or credit code, for pickers (first 20). */
export function useEnterpriseSearch(q: string) {
  return useQuery({
    queryKey: registryKeys.enterpriseSearch(q),
    queryFn: () => api.get<PageOf<Enterprise>>(`/api/registry/enterprises${toQuery({ q, pageSize: 20 })}`),
  });
}
