// Inspections on the web: DTO types and query keys.
import type { CompletionDto, InspectionDetail, InspectionDto } from '../../../../shared/inspections.dto.ts';

export type Inspection = InspectionDto;
export type { CompletionDto, InspectionDetail };

/** Query keys: invalidate `inspectionKeys.all` after any inspection write. */
export const inspectionKeys = {
  all: ['inspections'] as const,
  ledger: ['inspections', 'ledger'] as const,
  detail: (id: string | undefined) => ['inspections', 'detail', id] as const,
  completion: (town: string | undefined, day: string | undefined) => ['inspections', 'completion', town, day] as const,
};
