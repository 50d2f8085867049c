// What other modules may ask the hazards module (they never read its tables; see server/test/boundaries.test.ts).
// The monitoring module turns an IoT alarm into a hazard with createHazard({ source: 'iot_alarm', alarmId }).
export { type CreateHazardInput, createHazard } from './hazards.create.ts';
export { clauseIdsByNumber, criteriaClauses } from './hazards.criteria.repo.ts';
