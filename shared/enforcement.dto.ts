// Response schemas of the enforcement platform records: 行政执法证 (who may inspect) and the working-day calendar.
import { type Static, Type } from 'typebox';
import { Day, Enum, Instant, Items, Nullable, Page } from './dto.ts';

export const LICENCE_STATES = ['valid', 'expired', 'revoked', 'pending'] as const;
export const LICENCE_STATE_LABELS = {
  valid: { zh: '有效', en: 'Valid', color: 'green' },
  pending: { zh: '未生效', en: 'Not yet valid', color: 'blue' },
  expired: { zh: '已过期', en: 'Expired', color: 'default' },
  revoked: { zh: '已注销', en: 'Revoked', color: 'red' },
} as const;

export const Licence = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  userName: Type.String(),
  number: Type.String(),
  issuer: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  validFrom: Day,
  validUntil: Day,
  state: Enum(LICENCE_STATES),
  revokedAt: Nullable(Instant),
  revokedReason: Nullable(Type.String()),
  createdAt: Instant,
});
export type Licence = Static<typeof Licence>;
export const LicencePage = Page(Licence);
export const LicenceCreated = Type.Object({ id: Type.String() });

/** One officer of an inspector pool: a person holding a licence valid on the day asked. */
export const Officer = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  licenceNumber: Type.String(),
  validUntil: Day,
});
export type Officer = Static<typeof Officer>;
export const Officers = Items(Officer);

export const CalendarDay = Type.Object({
  day: Day,
  working: Type.Boolean(),
  source: Enum(['calendar', 'override'] as const),
  note: Nullable(Type.String()),
});
export type CalendarDay = Static<typeof CalendarDay>;
export const CalendarDays = Items(CalendarDay);

export const WorkdayOverride = Type.Object({
  day: Day,
  working: Type.Boolean(),
  note: Type.String(),
  updatedBy: Nullable(Type.String()),
  updatedAt: Instant,
});
export const WorkdayOverrides = Items(WorkdayOverride);
export const OverrideSet = Type.Object({ day: Day });
