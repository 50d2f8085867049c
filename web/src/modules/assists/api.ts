// 乡呼县应 on the web: DTO types, query keys and the hooks more than one page uses.
import { useQuery } from '@tanstack/react-query';
import type { AssistDetail, AssistListItem, JointTeam, JointTeamAnswer } from '../../../../shared/assists.dto.ts';
import type { Officer } from '../../../../shared/enforcement.dto.ts';
import { api } from '../../app/api';

export type { AssistDetail, AssistListItem, JointTeam, Officer };

/** Query keys: invalidate `assistKeys.all` after any write. */
export const assistKeys = {
  all: ['assists'] as const,
  list: ['assists', 'list'] as const,
  detail: (id: string | undefined) => ['assists', 'detail', id] as const,
  team: (inspectionId: string) => ['assists', 'team', inspectionId] as const,
  officers: (unit: string) => ['assists', 'officers', unit] as const,
};

/** Officers with a licence valid today, under `unit` (the district's for an assignment, the town's for a team). */
export const useValidOfficers = (unit: string) =>
  useQuery({
    queryKey: assistKeys.officers(unit),
    queryFn: () => api.get<{ items: Officer[] }>(`/api/enforcement/officers?unit=${unit}`),
    staleTime: 60_000,
  });

export const useJointTeam = (inspectionId: string) =>
  useQuery({ queryKey: assistKeys.team(inspectionId), queryFn: () => api.get<JointTeamAnswer>(`/api/assists/joint-teams/${inspectionId}`) });
