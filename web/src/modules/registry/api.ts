// The registry's API on the web: DTO types, query keys and the hooks more than one page uses.
import { useQuery } from '@tanstack/react-query';
import type { RiskGrade } from '../../../../shared/registry.ts';
import { api, toQuery } from '../../app/api';

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
    queryFn: () => api.get<Page<Enterprise>>(`/api/registry/enterprises${toQuery({ q, pageSize: 20 })}`),
  });
}
