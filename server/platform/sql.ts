// Small SQL and value helpers every module needs: LIKE patterns that match user text literally, one table's
// qualified columns for a select list, and timestamps as ISO strings for JSON.
import type { DB } from '../db/schema.ts';

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

/** One table's columns, qualified, for a select list over a join: `columnsOf('hazards', ['id', 'title'])` is `['hazards.id', 'hazards.title']`. */
export function columnsOf<T extends keyof DB & string, C extends keyof DB[T] & string>(table: T, names: readonly C[]): `${T}.${C}`[] {
  return names.map((n) => `${table}.${n}` as `${T}.${C}`);
}
