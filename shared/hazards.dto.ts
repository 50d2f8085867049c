// What the hazards API answers with: the response schemas (OpenAPI and fastify's serialiser use them, so a
// field missing here is dropped from the answer) and the DTO types the server presenters return and the web
// pages read.
import { type Static, Type } from 'typebox';
import {
  HAZARD_ACTIONS,
  HAZARD_LEVELS,
  HAZARD_SIDE_STEPS,
  HAZARD_SOURCES,
  HAZARD_STATES,
  REPORT_STATUSES,
  REWARD_STATUSES,
  SUPERVISION_LEVELS,
} from './hazards.ts';
import { DateTime, IsoDate } from './schema.ts';

import { HistoryEntry, Enum as lit, Nullable, Page, Versioned } from './dto.ts';

export { Items, Page } from './dto.ts';
const Time = DateTime;
const Id = Type.String();

export const IdOnly = Type.Object({ id: Id });

export const HazardSchema = Type.Object({
  id: Id,
  code: Type.String(),
  enterpriseId: Nullable(Id),
  parkId: Nullable(Id),
  jurisdictionCode: Type.String(),
  townCode: Type.String(),
  location: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  title: Type.String(),
  description: Type.String(),
  source: lit(HAZARD_SOURCES),
  sector: Type.String(),
  finderName: Nullable(Type.String()),
  foundAt: Time,
  level: Nullable(lit(HAZARD_LEVELS)),
  clauseId: Nullable(Id),
  state: lit(HAZARD_STATES),
  deadline: Nullable(Time),
  overdue: Type.Boolean(),
  overdueSince: Nullable(Time),
  escalationLevel: Type.Integer(),
  rectifiedBy: Nullable(Id),
  alarmId: Nullable(Type.String()),
  reportId: Nullable(Id),
  /** The inspection (and its checklist item) the hazard was found in. */
  inspectionId: Nullable(Id),
  inspectionItemId: Nullable(Id),
  photoIds: Type.Array(Id),
  closedAt: Nullable(Time),
  cancelReason: Nullable(Type.String()),
  ...Versioned,
});
/** A hazard as the API returns it. */
export type HazardDto = Static<typeof HazardSchema>;

export const LedgerItemSchema = Type.Object({
  id: Id,
  code: Type.String(),
  title: Type.String(),
  state: lit(HAZARD_STATES),
  level: Nullable(lit(HAZARD_LEVELS)),
  source: lit(HAZARD_SOURCES),
  sector: Type.String(),
  jurisdictionCode: Type.String(),
  townCode: Type.String(),
  townName: Nullable(Type.String()),
  enterpriseId: Nullable(Id),
  /** The enterprise's or park's name, else the place. */
  unitName: Nullable(Type.String()),
  foundAt: Time,
  deadline: Nullable(Time),
  overdue: Type.Boolean(),
  closedAt: Nullable(Time),
});
export type LedgerItemDto = Static<typeof LedgerItemSchema>;
export const LedgerPageSchema = Page(LedgerItemSchema);

export const SupervisionSchema = Type.Object({
  id: Id,
  hazardId: Id,
  noticeNo: Type.String(),
  issuer: Type.String(),
  level: lit(SUPERVISION_LEVELS),
  deadline: Time,
  publishedAt: Time,
  withdrawnAt: Nullable(Time),
  withdrawReason: Nullable(Type.String()),
  stopProduction: Type.Boolean(),
  stopOrderNo: Nullable(Type.String()),
});
export type SupervisionDto = Static<typeof SupervisionSchema>;

const ExtensionStatus = lit(['pending', 'approved', 'denied'] as const);
export const PhotoSchema = Type.Object({ id: Id, filename: Type.String(), mime: Type.String(), size: Type.Integer() });

/** 一患一档: the hazard with everything that happened to it. */
export const HazardFileSchema = Type.Object({
  /** What the current user may do with this hazard now (permission, state and guards): the web's buttons. */
  actions: Type.Array(lit([...HAZARD_ACTIONS, ...HAZARD_SIDE_STEPS] as const)),
  hazard: HazardSchema,
  enterprise: Nullable(
    Type.Object({ id: Id, name: Type.String(), address: Nullable(Type.String()), creditCode: Type.String(), principalName: Nullable(Type.String()) }),
  ),
  park: Nullable(Type.Object({ id: Id, name: Type.String(), address: Nullable(Type.String()) })),
  jurisdictionName: Nullable(Type.String()),
  townName: Nullable(Type.String()),
  clause: Nullable(
    Type.Object({
      id: Id,
      number: Type.String(),
      category: lit(['management', 'industry', 'special'] as const),
      text: Type.String(),
      textKind: lit(['summary', 'full'] as const),
      standardName: Type.String(),
      standardVersion: Type.String(),
    }),
  ),
  plans: Type.Array(
    Type.Object({
      id: Id,
      measures: Type.String(),
      fundsFen: Type.Integer(),
      deadline: Time,
      responsiblePerson: Type.String(),
      responsiblePhone: Nullable(Type.String()),
      interimMeasures: Type.String(),
      createdAt: Time,
    }),
  ),
  progress: Type.Array(Type.Object({ id: Id, note: Type.String(), photoIds: Type.Array(Id), createdByName: Nullable(Type.String()), createdAt: Time })),
  extensions: Type.Array(
    Type.Object({
      id: Id,
      reason: Type.String(),
      oldDeadline: Time,
      newDeadline: Time,
      status: ExtensionStatus,
      requestedByName: Nullable(Type.String()),
      requestedAt: Time,
      decidedByName: Nullable(Type.String()),
      decidedAt: Nullable(Time),
      decisionNote: Nullable(Type.String()),
    }),
  ),
  supervisions: Type.Array(SupervisionSchema),
  events: Type.Array(
    Type.Object({
      id: Type.Integer(),
      ...HistoryEntry.properties,
      data: Type.Unknown({ description: 'what the step recorded (JSON), or null' }),
      at: Time,
    }),
  ),
  photos: Type.Array(PhotoSchema),
});
export type HazardFileDto = Static<typeof HazardFileSchema>;

export const ExtensionQueueItemSchema = Type.Object({
  id: Id,
  hazardId: Id,
  hazardCode: Type.String(),
  hazardTitle: Type.String(),
  reason: Type.String(),
  oldDeadline: Time,
  newDeadline: Time,
  status: ExtensionStatus,
  requestedByName: Nullable(Type.String()),
  requestedAt: Time,
});
export type ExtensionQueueItemDto = Static<typeof ExtensionQueueItemSchema>;
export const ExtensionDecisionSchema = Type.Object({ id: Id, status: lit(['approved', 'denied'] as const) });

export const PublicSupervisionSchema = Type.Object({
  noticeNo: Type.String(),
  issuer: Type.String(),
  level: lit(SUPERVISION_LEVELS),
  deadline: Time,
  publishedAt: Time,
  stopProduction: Type.Boolean(),
  hazardCode: Type.String(),
  title: Type.String(),
  unitName: Nullable(Type.String()),
  townName: Nullable(Type.String()),
});
export type PublicSupervisionDto = Static<typeof PublicSupervisionSchema>;

export const NotificationSchema = Type.Object({
  id: Id,
  hazardId: Nullable(Id),
  kind: Type.String(),
  targetUnitCode: Type.String(),
  message: Type.String(),
  createdAt: Time,
  readAt: Nullable(Time),
});
export type NotificationDto = Static<typeof NotificationSchema>;

export const StandardSchema = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  version: Type.String(),
  issuer: Nullable(Type.String()),
  effectiveFrom: Nullable(IsoDate),
  status: lit(['active', 'superseded'] as const),
  clauses: Type.Integer(),
  summaries: Type.Integer(),
});
export type StandardDto = Static<typeof StandardSchema>;

export const ClauseSchema = Type.Object({
  id: Id,
  standardId: Id,
  standardName: Type.String(),
  standardVersion: Type.String(),
  standardStatus: lit(['active', 'superseded'] as const),
  number: Type.String(),
  category: lit(['management', 'industry', 'special'] as const),
  industry: Nullable(Type.String()),
  text: Type.String(),
  textKind: lit(['summary', 'full'] as const),
});
export type ClauseDto = Static<typeof ClauseSchema>;
export const ImportResultSchema = Type.Object({ standardId: Id, imported: Type.Integer() });

const TownFigures = {
  stockMajorOpen: Type.Integer(),
  newMajorOpen: Type.Integer(),
  newMajorTotal: Type.Integer(),
  yearTotal: Type.Integer(),
  yearClosed: Type.Integer(),
  /** Closed ÷ recorded this year; null when nothing was recorded. */
  closingRate: Nullable(Type.Number()),
  openTotal: Type.Integer(),
  overdue: Type.Integer(),
};
const Breakdown = Type.Array(Type.Object({ key: Type.String(), total: Type.Integer(), open: Type.Integer() }));
export const DashboardSchema = Type.Object({
  year: Type.Integer(),
  asOf: Time,
  totals: Type.Object({ ...TownFigures, townsCleared: Type.Integer() }),
  towns: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...TownFigures, cleared: Type.Boolean() })),
  ageing: Type.Object({ d0_7: Type.Integer(), d7_30: Type.Integer(), d30_90: Type.Integer(), d90: Type.Integer() }),
  bySource: Breakdown,
  bySector: Breakdown,
});
export type DashboardDto = Static<typeof DashboardSchema>;

// ── public reports (举报) ──

export const ReportSchema = Type.Object({
  id: Id,
  trackingCode: Type.String(),
  description: Type.String(),
  address: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  jurisdictionCode: Type.String(),
  photoIds: Type.Array(Id),
  wantsReward: Type.Boolean(),
  status: lit(REPORT_STATUSES),
  rejectReason: Nullable(Type.String()),
  hazardId: Nullable(Id),
  rewardStatus: lit(REWARD_STATUSES),
  rewardFen: Nullable(Type.Integer()),
  rewardNote: Nullable(Type.String()),
  verifiedAt: Nullable(Time),
  createdAt: Time,
  /** Only for holders of hazard:reporter; otherwise null (not even whether a contact was left). */
  reporter: Nullable(
    Type.Object({
      contactName: Nullable(Type.String()),
      contactPhone: Nullable(Type.String()),
      ip: Nullable(Type.String()),
      deviceId: Nullable(Type.String()),
    }),
  ),
});
export type ReportDto = Static<typeof ReportSchema>;
export const ReportPageSchema = Page(ReportSchema);
export const ReportDetailSchema = Type.Object({ ...ReportSchema.properties, photos: Type.Array(PhotoSchema) });
export type ReportDetailDto = Static<typeof ReportDetailSchema>;
export const VerifyResultSchema = Type.Object({ id: Id, status: lit(['accepted', 'rejected'] as const), hazardId: Nullable(Id) });
export const RewardResultSchema = Type.Object({ id: Id, rewardStatus: lit(['granted', 'denied'] as const) });
export const SubmittedReportSchema = Type.Object({ trackingCode: Type.String(), createdAt: Time });
export const TrackedReportSchema = Type.Object({
  trackingCode: Type.String(),
  status: lit(REPORT_STATUSES),
  statusLabel: Type.String(),
  submittedAt: Time,
  verifiedAt: Nullable(Time),
  rejectReason: Nullable(Type.String()),
  hazard: Nullable(Type.Object({ code: Type.String(), state: lit(HAZARD_STATES), stateLabel: Type.String() })),
  reward: Type.Object({ status: lit(REWARD_STATUSES), amountFen: Nullable(Type.Integer()) }),
});
export type TrackedReportDto = Static<typeof TrackedReportSchema>;
