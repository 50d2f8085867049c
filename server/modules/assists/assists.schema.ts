// TypeBox schemas for 乡呼县应 routes and joint teams (bodies reject unknown fields).
import { Type } from 'typebox';
import { ASSIST_KINDS, ASSIST_RECORD_KINDS, ASSIST_STATES, ASSIST_SUBJECTS, ASSIST_URGENCIES } from '../../../shared/assists.ts';
import { Enum } from '../../../shared/dto.ts';
import { IsoDate, JurisdictionCode, Paging, Text, Uuid } from '../../../shared/schema.ts';

const closed = { additionalProperties: false } as const;

export const IdParams = Type.Object({ id: Uuid });
export const InspectionParams = Type.Object({ inspectionId: Uuid });

export const CreateAssistBody = Type.Object(
  {
    subjectKind: Enum(ASSIST_SUBJECTS),
    caseId: Type.Optional(Uuid),
    inspectionId: Type.Optional(Uuid),
    enterpriseId: Type.Optional(Uuid),
    kind: Enum(ASSIST_KINDS),
    urgency: Type.Optional(Enum(ASSIST_URGENCIES)),
    reason: Text(2000, 4),
    attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
  },
  closed,
);

export const ASSIST_SORTS = ['requestedAt', '-requestedAt', 'dueAt', '-dueAt', 'code', '-code'] as const;

export const AssistListQuery = Type.Object({
  q: Type.Optional(Text(100)),
  state: Type.Optional(Type.Array(Enum(ASSIST_STATES), { maxItems: ASSIST_STATES.length })),
  kind: Type.Optional(Enum(ASSIST_KINDS)),
  urgency: Type.Optional(Enum(ASSIST_URGENCIES)),
  town: Type.Optional(JurisdictionCode),
  overdue: Type.Optional(Type.Boolean()),
  caseId: Type.Optional(Uuid),
  inspectionId: Type.Optional(Uuid),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  sort: Type.Optional(Enum(ASSIST_SORTS)),
  ...Paging(),
});

export const NoteBody = Type.Object({ note: Type.Optional(Text(1000)) }, closed);
export const ReasonBody = Type.Object({ reason: Text(1000, 2) }, closed);
export const AddNoteBody = Type.Object({ note: Text(2000, 2) }, closed);
export const AssignBody = Type.Object(
  {
    leadUnitCode: Type.String({ pattern: '^330203(D\\d{2})?$', description: 'the bureau, or a district department' }),
    officerIds: Type.Array(Uuid, { minItems: 1, maxItems: 20 }),
    note: Type.Optional(Text(1000)),
  },
  closed,
);
export const ReportDoneBody = Type.Object({ summary: Text(2000, 4) }, closed);
export const LinkRecordBody = Type.Object({ kind: Enum(ASSIST_RECORD_KINDS), recordId: Uuid }, closed);

export const TeamMemberBody = Type.Object(
  {
    departmentCode: Type.String({ pattern: '^330203D\\d{2}$' }),
    name: Text(50, 2),
    credential: Type.Optional(Text(50)),
    phone: Type.Optional(Type.String({ pattern: '^[\\d-]{7,20}$' })),
  },
  closed,
);
export const JointTeamBody = Type.Object(
  {
    leadUnitCode: Type.String({ pattern: '^330203(D\\d{2})?$|^\\d{9}$' }),
    officerIds: Type.Array(Uuid, { minItems: 1, maxItems: 20 }),
    members: Type.Array(TeamMemberBody, { minItems: 1, maxItems: 30 }),
    note: Type.Optional(Text(1000)),
  },
  closed,
);
