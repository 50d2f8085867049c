// Small SQL and value helpers every module needs: LIKE patterns that match user text literally, and
// timestamps as ISO strings for JSON.

/** Escape LIKE/ILIKE wildcards (`%`, `_`) and the escape character itself, so the text matches literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern matching values that contain `term` (wildcards in the term are literal). */
export const containsLike = (term: string) => `%${escapeLike(term)}%`;

/** A LIKE pattern matching values that start with `prefix` (wildcards in the prefix are literal). */
export const prefixLike = (prefix: string) => `${escapeLike(prefix)}%`;

/** A timestamp (driver Date or text) as an ISO 8601 string; null/undefined stay null. */
export function iso(d: Date | string): string;
export function iso(d: Date | string | null | undefined): string | null;
export function iso(d: Date | string | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null;
}
