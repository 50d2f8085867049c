// The work desk (工作台): what the signed-in person has to do today, assembled from every module they may
// work in. Each module answers its own part (AnlanModule.desk); a part the person may not see is absent.
import { type Static, Type } from 'typebox';

const Label = Type.Object({ zh: Type.String(), en: Type.String() });

/** One kind of to-do with how many are waiting and the list that shows them. */
export const DeskTodo = Type.Object({
  key: Type.String({ description: 'stable id, e.g. hazards.grade' }),
  module: Type.String(),
  label: Label,
  count: Type.Integer(),
  /** The count reached the list's cap: show "≥ count". */
  capped: Type.Boolean(),
  /** danger: past a deadline or a severe alarm; warning: waiting on this person; info: to look at. */
  tone: Type.Union([Type.Literal('danger'), Type.Literal('warning'), Type.Literal('info')]),
  href: Type.String(),
});
export type DeskTodo = Static<typeof DeskTodo>;

/** A dated thing due within the next seven days (rectification deadline, risk review, ack deadline). */
export const DeskDeadline = Type.Object({
  module: Type.String(),
  kind: Label,
  title: Type.String(),
  place: Type.Union([Type.Null(), Type.String()]),
  due: Type.String({ format: 'date-time' }),
  overdue: Type.Boolean(),
  href: Type.String(),
});
export type DeskDeadline = Static<typeof DeskDeadline>;

export const DeskAlarmLevel = Type.Object({ severity: Type.String(), label: Label, color: Type.String(), open: Type.Integer(), raised: Type.Integer() });
export type DeskAlarmLevel = Static<typeof DeskAlarmLevel>;

export const DeskWarning = Type.Object({
  id: Type.String(),
  headline: Type.String(),
  level: Type.String(),
  levelLabel: Label,
  color: Type.String(),
  recipients: Type.Integer(),
  acknowledged: Type.Integer(),
  overdue: Type.Integer(),
  expires: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]),
});
export type DeskWarning = Static<typeof DeskWarning>;

/** What one module adds to the desk. */
export const DeskPart = Type.Object({
  todos: Type.Optional(Type.Array(DeskTodo)),
  deadlines: Type.Optional(Type.Array(DeskDeadline)),
  alarms: Type.Optional(Type.Array(DeskAlarmLevel)),
  warnings: Type.Optional(Type.Array(DeskWarning)),
});
export type DeskPart = Static<typeof DeskPart>;

export const Desk = Type.Object({
  todos: Type.Array(DeskTodo),
  deadlines: Type.Array(DeskDeadline),
  /** Open alarms by level, most severe first; null when the person does not watch alarms. */
  alarms: Type.Union([Type.Null(), Type.Array(DeskAlarmLevel)]),
  /** Released warnings in force with their acknowledgement progress; null without warning:read. */
  warnings: Type.Union([Type.Null(), Type.Array(DeskWarning)]),
});
export type Desk = Static<typeof Desk>;
