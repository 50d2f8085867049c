// Response schemas of enforcement cases (camelCase): the ledger row, the case file (parties, penalties, clocks,
// documents, timeline, actions), the discretion standard and leniency lists, and the public typical case.
import { type Static, Type } from 'typebox';
import {
  CASE_ACTIONS,
  CASE_SIDE_STEPS,
  CASE_SOURCES,
  CASE_STAGE_STATES,
  CASE_STATES,
  CLOCK_KINDS,
  CLOCK_STATES,
  DISCRETION_LEVELS,
  LENIENCY_KINDS,
  PARTY_KINDS,
  PENALTY_KINDS,
  PUBLICATION_STATES,
} from './cases.ts';
import { IssuedDocument } from './documents.dto.ts';
import { Count, Day, Enum, Instant, Items, Nullable, Page, StepBy } from './dto.ts';

/** What the list and the file both show first. */
const CaseHead = {
  id: Type.String(),
  code: Type.String(),
  title: Type.String(),
  cause: Type.String(),
  source: Enum(CASE_SOURCES),
  state: Enum(CASE_STATES),
  jurisdictionCode: Type.String(),
  townName: Nullable(Type.String()),
};

export const CaseListItem = Type.Object({
  ...CaseHead,
  partyNames: Type.Array(Type.String()),
  fineFen: Count,
  filedAt: Instant,
  overdue: Type.Boolean(),
  publication: Enum(PUBLICATION_STATES),
  nextDue: Nullable(Day),
});
export type CaseListItem = Static<typeof CaseListItem>;
export const CasePage = Page(CaseListItem);

export const Party = Type.Object({
  id: Type.String(),
  kind: Enum(PARTY_KINDS),
  name: Type.String(),
  creditCode: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  address: Nullable(Type.String()),
  role: Type.String(),
  violation: Type.String(),
  article: Type.String(),
  penaltyArticle: Type.String(),
  level: Enum(DISCRETION_LEVELS),
  discretionId: Nullable(Type.String()),
  leniencyId: Nullable(Type.String()),
  penaltyKind: Enum(PENALTY_KINDS),
  fineFen: Count,
  incomeFen: Nullable(Count),
  incomePercent: Nullable(Type.Number()),
  dailyFineFen: Count,
  dailyDays: Count,
  dailyTotalFen: Count,
  outsideReason: Nullable(Type.String()),
  hearingRight: Type.Boolean(),
  /** 加处罚款 as of today (§72: 3 % a day after the payment due day, at most the fine). */
  surchargeFen: Count,
  daysLate: Count,
  dueFen: Count,
  paidFen: Count,
  outstandingFen: Count,
});
export type Party = Static<typeof Party>;

export const Payment = Type.Object({
  id: Type.String(),
  partyId: Type.String(),
  amountFen: Count,
  surchargeFen: Count,
  paidOn: Day,
  receiptNo: Type.String(),
  createdAt: Instant,
});

export const Clock = Type.Object({
  id: Type.String(),
  kind: Enum(CLOCK_KINDS),
  startedAt: Instant,
  dueDay: Day,
  dueAt: Instant,
  working: Type.Boolean(),
  basis: Type.String(),
  state: Enum(CLOCK_STATES),
  /** Days left (working days when the law counts them so); negative when overdue. */
  daysLeft: Type.Integer(),
  metAt: Nullable(Instant),
});
export type Clock = Static<typeof Clock>;

export const TimelineEntry = Type.Object({
  action: Type.String(),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  ...StepBy,
  actorName: Type.String(),
});

export const CaseDetail = Type.Object({
  ...CaseHead,
  unitCode: Type.String(),
  enterpriseId: Nullable(Type.String()),
  facts: Type.String(),
  officers: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  filedAt: Instant,
  openedAt: Nullable(Instant),
  notifiedAt: Nullable(Instant),
  hearingAt: Nullable(Instant),
  hearingPlace: Nullable(Type.String()),
  hearingResult: Nullable(Type.String()),
  statement: Nullable(Type.String()),
  decidedAt: Nullable(Instant),
  servedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  closeReason: Nullable(Type.String()),
  transferReason: Nullable(Type.String()),
  handedOverAt: Nullable(Instant),
  policeAnswer: Nullable(Type.String()),
  policeAccepted: Nullable(Type.Boolean()),
  publication: Enum(PUBLICATION_STATES),
  publicationSummary: Nullable(Type.String()),
  overdue: Type.Boolean(),
  version: Type.Integer(),
  totalFineFen: Count,
  parties: Type.Array(Party),
  payments: Type.Array(Payment),
  clocks: Type.Array(Clock),
  documents: Type.Array(IssuedDocument),
  timeline: Type.Array(TimelineEntry),
  actions: Type.Array(Enum([...CASE_ACTIONS, ...CASE_SIDE_STEPS])),
});
export type CaseDetail = Static<typeof CaseDetail>;

export const Discretion = Type.Object({
  id: Type.String(),
  article: Type.String(),
  violation: Type.String(),
  partyKind: Enum(PARTY_KINDS),
  level: Enum(DISCRETION_LEVELS),
  minFen: Nullable(Count),
  maxFen: Nullable(Count),
  minPercent: Nullable(Type.Number()),
  maxPercent: Nullable(Type.Number()),
  circumstances: Type.String(),
  active: Type.Boolean(),
});
export type Discretion = Static<typeof Discretion>;
export const DiscretionList = Items(Discretion);

export const Leniency = Type.Object({
  id: Type.String(),
  kind: Enum(LENIENCY_KINDS),
  article: Type.String(),
  description: Type.String(),
  conditions: Type.String(),
  active: Type.Boolean(),
});
export type Leniency = Static<typeof Leniency>;
export const LeniencyList = Items(Leniency);

export const PublicCase = Type.Object({
  id: Type.String(),
  title: Type.String(),
  cause: Type.String(),
  townName: Nullable(Type.String()),
  summary: Type.String(),
  parties: Type.Array(Type.Object({ kind: Enum(PARTY_KINDS), name: Type.String(), violation: Type.String(), article: Type.String(), penalty: Type.String() })),
  decidedAt: Nullable(Instant),
  publishedAt: Instant,
});
export type PublicCase = Static<typeof PublicCase>;
export const PublicCasePage = Page(PublicCase);

export const IdOnly = Type.Object({ id: Type.String() });

// ── 监管执法看板: per-town enforcement figures of a year or quarter ──

const EnforcementFigures = {
  /** Inspections the approved routine plans of the period require, and those done towards it. */
  planRequired: Count,
  planDone: Count,
  /** planDone ÷ planRequired; null when no plan requires anything. */
  planCompletion: Nullable(Type.Number()),
  /** Signed enforcement inspections of the period and the failed items they found. */
  inspections: Count,
  findings: Count,
  /** findings ÷ inspections; null without inspections. */
  findingsPerInspection: Nullable(Type.Number()),
  casesFiled: Count,
  casesDecided: Count,
  /** Fines (with continuing daily penalties) of the cases decided in the period, what was paid, what is left; in fen. */
  fineDecidedFen: Count,
  finePaidFen: Count,
  fineOutstandingFen: Count,
};
export const EnforcementTown = Type.Object({ code: Type.String(), name: Type.String(), ...EnforcementFigures });
export type EnforcementTown = Static<typeof EnforcementTown>;
export const EnforcementDashboard = Type.Object({
  year: Type.Integer(),
  quarter: Nullable(Type.Integer({ minimum: 1, maximum: 4 })),
  from: Day,
  /** Last day of the period (inclusive). */
  to: Day,
  asOf: Instant,
  /** The town picked, or null for every town the caller may see. */
  town: Nullable(Type.String()),
  totals: Type.Object(EnforcementFigures),
  towns: Type.Array(EnforcementTown),
  /** Cases filed in the period by cause (案由), most first. */
  byCause: Type.Array(Type.Object({ cause: Type.String(), cases: Count })),
  /** Average calendar days a case spent in each stage, over the cases that left it in the period. */
  stages: Type.Array(Type.Object({ stage: Enum(CASE_STAGE_STATES), averageDays: Nullable(Type.Number()), cases: Count })),
});
export type EnforcementDashboard = Static<typeof EnforcementDashboard>;
