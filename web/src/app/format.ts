// One way to show times and money: everything a person reads is in the district's time zone, whatever the
// browser's zone is, formatted the same on every page.
/** The time zone every time on screen is shown in (the district's). */
export const TIME_ZONE = 'Asia/Shanghai';

const parts = (iso: string, withTime: boolean) => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' as const } : {}),
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
};

/** `2026-05-01 14:03:09` in TIME_ZONE; `—` for none. */
export function fmtTime(iso: string | null | undefined): string {
  const p = iso ? parts(iso, true) : undefined;
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : '—';
}

/** `2026-05-01 14:03` in TIME_ZONE (to the minute); `—` for none. */
export const fmtMinute = (iso: string | null | undefined) => fmtTime(iso).slice(0, 16);

/** `2026-05-01` in TIME_ZONE; `—` for none. A plain date (`2026-05-01`) is shown as it is. */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const p = parts(iso, false);
  return p ? `${p.year}-${p.month}-${p.day}` : '—';
}

/** Today's date in TIME_ZONE (`2026-05-01`), to compare with plain dates from the API. */
export const today = () => fmtDate(new Date().toISOString());

/** Fen as yuan: `1,200.00 元`. */
export const yuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? '—' : `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;
