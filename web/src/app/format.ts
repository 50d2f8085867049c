// One way to show times and money: everything a person reads is in the district's time zone, whatever the
// browser's zone is, formatted the same on every page.
export { fmtDate, fmtMinute, fmtTime, TIME_ZONE } from '../../../shared/time.ts';
import { fmtDate } from '../../../shared/time.ts';

/** Today's date in TIME_ZONE (`2026-05-01`), to compare with plain dates from the API. */
export const today = () => fmtDate(new Date().toISOString());

/** Fen as yuan: `1,200.00 元`. */
export const yuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? '—' : `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;
