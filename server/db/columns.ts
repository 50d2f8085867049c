// Column type aliases for the Kysely table types (schema.ts and the modules' *.tables.ts): one definition
// of how each kind of column reads, inserts and updates. schema.test.ts checks the tables against the
// migrated database.
import type { ColumnType } from 'kysely';

/** timestamptz: reads as a Date; written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** timestamptz default now(), never updated. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** timestamptz default now(). */
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** date: the driver keeps it as 'YYYY-MM-DD' (server/db/connection.ts). */
export type DateOnly = ColumnType<string, string, string>;
/** jsonb written as JSON text; reads as T (by default any JSON value, never null: null is a nullable column). */
export type Json<T = NonNullable<unknown>> = ColumnType<T, string, string>;
/** A NOT NULL column with a database default: optional on insert. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** text[] default '{}'. */
export type TextArray<T extends string = string> = ColumnType<T[], T[] | undefined, T[]>;
