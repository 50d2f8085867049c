// What other modules may ask the inspections: the per-town counts the 监管执法看板 shows (scoped to the caller).
export { type InspectionTownTotal, inspectionTotalsByTown } from './inspections.totals.ts';
