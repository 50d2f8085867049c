// The building blocks of every module's response schemas (shared/<name>.dto.ts): nullable fields, string enums,
// the list page, times and days. One definition, so every list answers the same page and every null is the same.
import { type Static, type TSchema, Type } from 'typebox';

// Null first: with coerceTypes, a number branch tried first would turn null into 0.
export const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
/** One of a constant list of strings (typed as that union). */
export const Enum = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Enum([...values]));
/** An instant as the API writes it (ISO 8601 with time zone). */
export const Instant = Type.String({ description: 'RFC 3339' });
/** A calendar day. */
export const Day = Type.String({ description: 'YYYY-MM-DD' });
export const Count = Type.Integer({ minimum: 0 });
/** A count for each key of a constant list (`{ low: 3, high: 1, … }`). */
export const CountsOf = <const K extends string>(keys: readonly K[]) => Type.Object(Object.fromEntries(keys.map((k) => [k, Count])) as Record<K, typeof Count>);
/** A thing people know by a code and a name (a town, a unit, a permission). */
export const CodeName = Type.Object({ code: Type.String(), name: Type.String() });
/** How many of something a place (or unit) has. */
export const CountBy = Type.Object({ ...CodeName.properties, count: Count });
/** An editable record's version (sent back with an update: a stale one is a 409) and when it last changed. */
export const Revision = { version: Type.Integer(), updatedAt: Instant };
/** The same with when the record was created. */
export const Versioned = { version: Type.Integer(), createdAt: Instant, updatedAt: Instant };

/** Who took a step of a record's history, with what note, and when (the tail of every history row). */
export const StepBy = { actorName: Nullable(Type.String()), note: Nullable(Type.String()), at: Instant };

/** A page of a list: `totalCapped` says `total` stopped counting at COUNT_CAP (server/platform/pagination.ts). */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), totalCapped: Type.Boolean(), page: Type.Integer(), pageSize: Type.Integer() });
export interface PageOf<T> {
  items: T[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}
/** A whole (short) list: `{ items }`. */
export const Items = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

/** One row of a record's timeline (the platform history), as every module's detail answer carries it. */
export const HistoryEntry = Type.Object({ action: Type.String(), fromState: Nullable(Type.String()), toState: Nullable(Type.String()), ...StepBy });
export type HistoryEntry = Static<typeof HistoryEntry>;
