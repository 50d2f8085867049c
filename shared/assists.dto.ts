// Response schemas of 乡呼县应 requests (camelCase): the list row, the request with its work log and the actions
// the caller may take, and an inspection's joint team.
import { type Static, Type } from 'typebox';
import { ASSIST_ACTIONS, ASSIST_KINDS, ASSIST_RECORD_KINDS, ASSIST_SIDE_STEPS, ASSIST_STATES, ASSIST_SUBJECTS, ASSIST_URGENCIES } from './assists.ts';
import { Day, Enum, HistoryEntry, Instant, Nullable, Page } from './dto.ts';

export const AssistListItem = Type.Object({
  id: Type.String(),
  code: Type.String(),
  state: Enum(ASSIST_STATES),
  kind: Enum(ASSIST_KINDS),
  urgency: Enum(ASSIST_URGENCIES),
  subjectKind: Enum(ASSIST_SUBJECTS),
  subjectLabel: Type.String(),
  townCode: Type.String(),
  townName: Nullable(Type.String()),
  reason: Type.String(),
  requestedByName: Type.String(),
  requestedAt: Instant,
  responseDueDay: Day,
  overdue: Type.Boolean(),
  leadUnitName: Nullable(Type.String()),
});
export type AssistListItem = Static<typeof AssistListItem>;
export const AssistPage = Page(AssistListItem);

export const AssistOfficer = Type.Object({ userId: Type.String(), name: Type.String(), unitCode: Type.String(), licenceNumber: Type.String() });
export const AssistRecord = Type.Object({ kind: Enum(ASSIST_RECORD_KINDS), id: Type.String(), label: Type.String(), at: Instant });

export const AssistDetail = Type.Object({
  ...AssistListItem.properties,
  jurisdictionCode: Type.String(),
  caseId: Nullable(Type.String()),
  inspectionId: Nullable(Type.String()),
  enterpriseId: Nullable(Type.String()),
  attachmentIds: Type.Array(Type.String()),
  responseDueAt: Instant,
  answeredAt: Nullable(Instant),
  answeredByName: Nullable(Type.String()),
  declineReason: Nullable(Type.String()),
  withdrawReason: Nullable(Type.String()),
  leadUnitCode: Nullable(Type.String()),
  officers: Type.Array(AssistOfficer),
  assignedAt: Nullable(Instant),
  records: Type.Array(AssistRecord),
  resultSummary: Nullable(Type.String()),
  doneAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  version: Type.Integer(),
  timeline: Type.Array(HistoryEntry),
  actions: Type.Array(Enum([...ASSIST_ACTIONS, ...ASSIST_SIDE_STEPS])),
});
export type AssistDetail = Static<typeof AssistDetail>;

export const TeamMember = Type.Object({
  departmentCode: Type.String(),
  departmentName: Type.String(),
  name: Type.String(),
  credential: Nullable(Type.String()),
  phone: Nullable(Type.String()),
});

export const JointTeam = Type.Object({
  inspectionId: Type.String(),
  leadUnitCode: Type.String(),
  leadUnitName: Nullable(Type.String()),
  officers: Type.Array(AssistOfficer),
  members: Type.Array(TeamMember),
  /** The departments on the team, ours first. */
  departments: Type.Array(Type.String()),
  note: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Instant,
});
export type JointTeam = Static<typeof JointTeam>;
/** An inspection's team: null when it has none. */
export const JointTeamAnswer = Type.Object({ team: Nullable(JointTeam) });
export type JointTeamAnswer = Static<typeof JointTeamAnswer>;

export const Created = Type.Object({ id: Type.String(), code: Type.String() });
