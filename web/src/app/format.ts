// One way to show times and money: everything a person reads is in the district's time zone, whatever the
// browser's zone is, formatted the same on every page.
export { fmtDate, fmtMinute, fmtTime, TIME_ZONE } from '../../../shared/time.ts';
import { fmtDate } from '../../../shared/time.ts';

/** Today's date in TIME_ZONE (`2026-05-01`), to compare with plain dates from the API. */
export const today = () => fmtDate(new Date().toISOString());

/** Fen as yuan: `1,200.00 元`. */
export const yuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? '—' : `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;

/** A deadline picked as a day: the end of that day in TIME_ZONE (China keeps +08:00 all year), as an instant. */
export const endOfDay = (day: string) => new Date(`${day}T23:59:59+08:00`).toISOString();

/** A day (`YYYY-MM-DD`) before today in TIME_ZONE: not offered by a deadline picker. */
export const isPastDay = (day: string) => day < today();
