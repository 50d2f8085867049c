// Response schemas of 双随机一公开 (camelCase): draws, their rounds and tasks, the pool preview, verification,
// declared conflicts, and the public page's answers (names of enterprises and inspectors, nothing personal).
import { type Static, Type } from 'typebox';
import { DRAW_ACTIONS, DRAW_STATES, ENTERPRISE_SCALES } from './draws.ts';
import { Count, CountBy, Day, Enum, HistoryEntry, Instant, Items, Nullable, Page } from './dto.ts';
import { INSPECTION_STATES } from './inspections.ts';

export const DrawFilterDto = Type.Object({
  towns: Type.Optional(Type.Array(Type.String())),
  industries: Type.Optional(Type.Array(Type.String())),
  categories: Type.Optional(Type.Array(Type.String())),
  scales: Type.Optional(Type.Array(Enum(ENTERPRISE_SCALES))),
  keyUnit: Type.Optional(Type.Boolean()),
  parkId: Type.Optional(Type.String()),
  riskGrades: Type.Optional(Type.Array(Type.String())),
  standardizationLevels: Type.Optional(Type.Array(Type.String())),
  supervisingLevel: Type.Optional(Type.String()),
});
export type DrawFilterDto = Static<typeof DrawFilterDto>;

export const DrawParamsDto = Type.Object({
  entityCount: Count,
  inspectorsPerEntity: Count,
  crossArea: Type.Boolean(),
  recusalWindowDays: Count,
  dueDate: Day,
});

export const TaskInspector = Type.Object({ userId: Type.String(), name: Type.String(), unitCode: Type.String(), unitName: Type.String() });
export const DrawTaskDto = Type.Object({
  id: Type.String(),
  seq: Count,
  enterpriseId: Type.String(),
  enterpriseName: Type.String(),
  townCode: Type.String(),
  townName: Type.String(),
  inspectors: Type.Array(TaskInspector),
  dueDate: Day,
  /** The enforcement inspection started from this task (staff pages only; null on the public page). */
  inspection: Nullable(Type.Object({ id: Type.String(), state: Enum(INSPECTION_STATES) })),
  /** Published once the inspection is completed: when, and how many items failed (findings). */
  result: Nullable(Type.Object({ completedAt: Instant, findings: Count })),
});
export type DrawTaskDto = Static<typeof DrawTaskDto>;

export const DrawRoundDto = Type.Object({
  round: Count,
  algorithm: Type.String(),
  commitment: Type.String(),
  bureauNonceHash: Type.String(),
  /** Revealed at the draw; null before. */
  bureauNonce: Nullable(Type.String()),
  witnessName: Type.String(),
  witnessHash: Type.String(),
  witnessSecret: Nullable(Type.String()),
  committedAt: Instant,
  seed: Nullable(Type.String()),
  drawnAt: Nullable(Instant),
  /** Why this round replaced the one before (rounds after the first). */
  reason: Nullable(Type.String()),
  superseded: Type.Boolean(),
  tasks: Type.Array(DrawTaskDto),
});
export type DrawRoundDto = Static<typeof DrawRoundDto>;

export const DrawListItem = Type.Object({
  id: Type.String(),
  code: Type.String(),
  title: Type.String(),
  state: Enum(DRAW_STATES),
  jurisdictionCode: Type.String(),
  jurisdictionName: Type.String(),
  inspectorUnit: Type.String(),
  entityCount: Count,
  inspectorCount: Count,
  taskCount: Count,
  round: Count,
  dueDate: Day,
  createdAt: Instant,
  updatedAt: Instant,
});
export type DrawListItem = Static<typeof DrawListItem>;
export const DrawPage = Page(DrawListItem);

export const PoolEntityDto = Type.Object({ id: Type.String(), name: Type.String(), townCode: Type.String(), townName: Type.String() });
export const ExclusionDto = Type.Object({ userId: Type.String(), enterpriseId: Type.String(), reason: Enum(['conflict', 'recent'] as const) });

export const DrawDetail = Type.Object({
  ...DrawListItem.properties,
  filter: DrawFilterDto,
  params: DrawParamsDto,
  poolDay: Nullable(Day),
  cancelReason: Nullable(Type.String()),
  /** The first entities of the snapshot (the whole pool: the inputs download). */
  entitiesSample: Type.Array(PoolEntityDto),
  inspectors: Type.Array(TaskInspector),
  exclusionCount: Count,
  rounds: Type.Array(DrawRoundDto),
  actions: Type.Array(Enum(DRAW_ACTIONS)),
  history: Type.Array(HistoryEntry),
});
export type DrawDetail = Static<typeof DrawDetail>;

export const PoolPreview = Type.Object({
  entityCount: Count,
  byTown: Type.Array(CountBy),
  sample: Type.Array(PoolEntityDto),
  inspectorCount: Count,
  byUnit: Type.Array(CountBy),
  exclusionCount: Count,
  /** Why this pool cannot be committed with these parameters (the refusal the commit would give), or null. */
  problem: Nullable(Type.String()),
});
export type PoolPreview = Static<typeof PoolPreview>;

export const RoundCheck = Type.Object({
  round: Count,
  commitment: Type.String(),
  commitmentMatches: Type.Boolean(),
  bureauNonceMatches: Type.Boolean(),
  witnessSecretMatches: Type.Boolean(),
  seed: Type.String(),
  seedMatches: Type.Boolean(),
  tasksMatch: Type.Boolean(),
  ok: Type.Boolean(),
});
export const VerificationDto = Type.Object({
  ok: Type.Boolean(),
  algorithm: Type.String(),
  checkedAt: Instant,
  /** Rounds committed but not drawn yet: only the commitment is checked. */
  rounds: Type.Array(RoundCheck),
  message: Type.String(),
});
export type VerificationDto = Static<typeof VerificationDto>;

export const PublicDraw = Type.Object({
  code: Type.String(),
  title: Type.String(),
  state: Enum(DRAW_STATES),
  jurisdictionName: Type.String(),
  entityCount: Count,
  inspectorCount: Count,
  exclusionCount: Count,
  params: DrawParamsDto,
  poolDay: Nullable(Day),
  cancelReason: Nullable(Type.String()),
  rounds: Type.Array(DrawRoundDto),
});
export type PublicDraw = Static<typeof PublicDraw>;
export const PublicDrawItem = Type.Object({
  code: Type.String(),
  title: Type.String(),
  state: Enum(DRAW_STATES),
  jurisdictionName: Type.String(),
  entityCount: Count,
  taskCount: Count,
  round: Count,
  committedAt: Nullable(Instant),
  drawnAt: Nullable(Instant),
});
export const PublicDrawList = Items(PublicDrawItem);

export const ConflictDto = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  userName: Type.String(),
  enterpriseId: Type.String(),
  enterpriseName: Type.String(),
  jurisdictionCode: Type.String(),
  reason: Type.String(),
  createdAt: Instant,
  withdrawnAt: Nullable(Instant),
  withdrawnReason: Nullable(Type.String()),
});
export type ConflictDto = Static<typeof ConflictDto>;
export const ConflictPage = Page(ConflictDto);
export const IdOnly = Type.Object({ id: Type.String() });

/**
 * A live task the signed-in officer was drawn for, whatever the draw's jurisdiction (交叉检查 sends her to another
 * town): what the field page needs to start it, and the inspection once started.
 */
export const MyDrawTask = Type.Object({
  id: Type.String(),
  drawCode: Type.String(),
  drawTitle: Type.String(),
  enterpriseId: Type.String(),
  enterpriseName: Type.String(),
  townCode: Type.String(),
  townName: Type.String(),
  /** Every drawn inspector, the caller included (the field page starts the record with all of them). */
  inspectors: Type.Array(Type.Object({ userId: Type.String(), name: Type.String() })),
  dueDate: Day,
  inspection: Nullable(Type.Object({ id: Type.String(), state: Enum(INSPECTION_STATES) })),
});
export type MyDrawTask = Static<typeof MyDrawTask>;
export const MyDrawTasks = Items(MyDrawTask);
