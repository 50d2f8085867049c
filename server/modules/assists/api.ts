// What other modules may call of the assists module: an inspection's joint team (组团式执法), and the open
// requests for district help on a case or an inspection (for its detail page's "请求区级支援" state).
import { OPEN_ASSIST_STATES } from '../../../shared/assists.ts';
import type { JointTeam } from '../../../shared/assists.dto.ts';
import type { Ctx } from '../../platform/context.ts';
import { scopedFrom } from '../../platform/access.ts';
import { getJointTeam } from './assists.teams.ts';

/** The joint team recorded on an inspection the caller may see, or null. */
export const jointTeamOf = async (ctx: Ctx, inspectionId: string): Promise<JointTeam | null> => (await getJointTeam(ctx, inspectionId)).team;

/** The open requests about a case or an inspection, within the caller's scope. */
export const openAssistsOn = (ctx: Ctx, on: { caseId?: string; inspectionId?: string }) => {
  let q = scopedFrom(ctx, 'assist_requests').select(['id', 'code', 'state']).where('state', 'in', OPEN_ASSIST_STATES);
  if (on.caseId) q = q.where('case_id', '=', on.caseId);
  if (on.inspectionId) q = q.where('inspection_id', '=', on.inspectionId);
  return q.execute();
};
