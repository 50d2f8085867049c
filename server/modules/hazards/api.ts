// What other modules may ask the hazards module (they never read its tables; see server/test/boundaries.test.ts).
// The monitoring module turns an IoT alarm into a hazard with createHazard({ source: 'iot_alarm', alarmId }); the
// inspections module a failed checklist item with createHazard({ source: 'inspection', inspectionId, inspectionItemId }).
export { type CreateHazardInput, createHazard } from './hazards.create.ts';
export { clauseIdsByNumber, criteriaClauses } from './hazards.criteria.repo.ts';
/** Code, state and title of linked hazards the caller may see (an inspection's "found hazards" list). */
export { hazardSummaries } from './hazards.repo.ts';
