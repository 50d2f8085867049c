// One rule for every time a person reads, on the server (exports, documents, messages) and in the web app:
// it is shown in the district's time zone, whatever the zone of the server or the browser, and formatted the
// same way everywhere: `2026-05-01 14:03:09`, `2026-05-01 14:03`, `2026-05-01`.

/** The zone every time shown or exported is in (the district's). China keeps one zone all year. */
export const TIME_ZONE = 'Asia/Shanghai';

type Instant = Date | string | number;

const formatters = new Map<boolean, Intl.DateTimeFormat>();
function parts(at: Instant, withTime: boolean): Record<string, string> | undefined {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return undefined;
  let f = formatters.get(withTime);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    formatters.set(withTime, f);
  }
  return Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
}

/** `2026-05-01 14:03:09` in TIME_ZONE; `—` for none. */
export function fmtTime(at: Instant | null | undefined): string {
  const p = at === null || at === undefined || at === '' ? undefined : parts(at, true);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : '—';
}

/** `2026-05-01 14:03` in TIME_ZONE (to the minute); `—` for none. */
export const fmtMinute = (at: Instant | null | undefined) => fmtTime(at).slice(0, 16);

/** `2026-05-01` in TIME_ZONE; `—` for none. A plain date (`2026-05-01`) is shown as it is. */
export function fmtDate(at: Instant | null | undefined): string {
  if (at === null || at === undefined || at === '') return '—';
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const p = parts(at, false);
  return p ? `${p.year}-${p.month}-${p.day}` : '—';
}

/** The same as fmtTime/fmtMinute/fmtDate but '' for none: for cells of an export and text in documents. */
export const cellTime = (at: Instant | null | undefined) => (at ? fmtTime(at) : '');
export const cellMinute = (at: Instant | null | undefined) => (at ? fmtMinute(at) : '');
export const cellDate = (at: Instant | null | undefined) => (at ? fmtDate(at) : '');

/** The date in TIME_ZONE as `20260501`, for file names (`隐患台账-20260501.xlsx`). */
export const fileDate = (at: Instant) => fmtDate(at).replace(/-/g, '');
