// What the inspections API answers with (response schemas; fastify serialises by them) and the DTO types.
import { type Static, Type } from 'typebox';
import { Count, Day, Enum, HistoryEntry, Instant, Items, Nullable, Page } from './dto.ts';
import { INSPECTION_ACTIONS, INSPECTION_KINDS, INSPECTION_SIDE_STEPS, INSPECTION_STATES, ITEM_RESULTS, ITEM_SOURCES } from './inspections.ts';

const Id = Type.String();

export const OfficerOnInspection = Type.Object({
  userId: Id,
  name: Type.String(),
  unitCode: Type.String(),
  licenceNumber: Type.String(),
  confirmedAt: Nullable(Instant),
});

export const InspectionSchema = Type.Object({
  id: Id,
  code: Type.String(),
  kind: Enum(INSPECTION_KINDS),
  title: Type.String(),
  enterpriseId: Nullable(Id),
  enterpriseName: Nullable(Type.String()),
  parkId: Nullable(Id),
  parkName: Nullable(Type.String()),
  /** The 双随机 task this inspection carries out (draws module), if any. */
  drawTaskId: Nullable(Id),
  jurisdictionCode: Type.String(),
  townCode: Type.String(),
  state: Enum(INSPECTION_STATES),
  officers: Type.Array(OfficerOnInspection),
  representativeName: Nullable(Type.String()),
  leaderName: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  signatureFileId: Nullable(Id),
  signerName: Nullable(Type.String()),
  signedAt: Nullable(Instant),
  summary: Nullable(Type.String()),
  rectifyDeadline: Nullable(Day),
  cancelReason: Nullable(Type.String()),
  itemsTotal: Count,
  itemsFailed: Count,
  startedAt: Nullable(Instant),
  completedAt: Nullable(Instant),
  createdByName: Nullable(Type.String()),
  createdAt: Instant,
  version: Type.Integer(),
});
export type InspectionDto = Static<typeof InspectionSchema>;

export const ItemSchema = Type.Object({
  id: Id,
  seq: Type.Integer(),
  source: Enum(ITEM_SOURCES),
  sourceId: Nullable(Type.String()),
  content: Type.String(),
  basis: Nullable(Type.String()),
  method: Nullable(Type.String()),
  major: Type.Boolean(),
  result: Nullable(Enum(ITEM_RESULTS)),
  note: Nullable(Type.String()),
  photoIds: Type.Array(Id),
  hazardId: Nullable(Id),
  answeredAt: Nullable(Instant),
});
export type ItemDto = Static<typeof ItemSchema>;

export const HazardLink = Type.Object({ id: Id, code: Type.String(), state: Type.String(), title: Type.String() });

export const InspectionDetailSchema = Type.Object({
  inspection: InspectionSchema,
  items: Type.Array(ItemSchema),
  hazards: Type.Array(HazardLink),
  actions: Type.Array(Enum([...INSPECTION_ACTIONS, ...INSPECTION_SIDE_STEPS] as const)),
  timeline: Type.Array(HistoryEntry),
});
export type InspectionDetail = Static<typeof InspectionDetailSchema>;

export const InspectionPageSchema = Page(InspectionSchema);

/** An answer, a photo or a hazard made from an item: the item as it now is; `replayed` when the key was seen before. */
export const ItemResultSchema = Type.Object({
  item: ItemSchema,
  hazard: Nullable(HazardLink),
  fileId: Nullable(Id),
  replayed: Type.Boolean(),
});
export type ItemResultDto = Static<typeof ItemResultSchema>;

export const StepResultSchema = Type.Object({ inspection: InspectionSchema, replayed: Type.Boolean() });

export const CompletionSchema = Type.Object({
  day: Day,
  quarter: Type.String(),
  prefix: Type.String(),
  parks: Type.Object({ total: Count, patrolledToday: Count, monthlyDone: Count, quarterlyDone: Count, inspectedThisYear: Count }),
  enterprises: Type.Object({ total: Count, principalLedThisQuarter: Count, allStaffThisQuarter: Count }),
  notPatrolled: Type.Array(Type.Object({ parkId: Id, name: Type.String(), jurisdictionCode: Type.String() })),
  principalsMissing: Type.Array(
    Type.Object({ enterpriseId: Id, name: Type.String(), principalName: Nullable(Type.String()), jurisdictionCode: Type.String() }),
  ),
  byTown: Type.Array(
    Type.Object({ townCode: Type.String(), townName: Type.String(), parks: Count, patrolled: Count, enterprises: Count, principalLed: Count }),
  ),
});
export type CompletionDto = Static<typeof CompletionSchema>;

export { Items };
