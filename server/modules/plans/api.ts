// What other modules may ask the plans: count a completed inspection on the plans it belongs to. The inspections
// module calls recordInspectionDone (or publishes its completion event, which the plans subscribe to) — the plan
// view reads only this module's own read model, so the plans never read the inspections' tables.
export { type InspectionDone, recordInspectionDone } from './plans.progress.ts';
/** Plan completion per town for the enforcement dashboard. */
export { type PlanTownTotal, planTotalsByTown } from './plans.repo.ts';
