// The Kysely table types reduced to what the database can check: for every table and column, roughly
// the type a select returns and whether it can be null. server/db/schema.test.ts compares this with the
// migrated database's information_schema (the types are written by hand, so they can drift).
import type { Selectable } from 'kysely';
import type { DB } from './schema.ts';

/** The rough kind of a selected value: what the driver hands back. */
export type Kind<V> = [NonNullable<V>] extends [never]
  ? 'null'
  : [NonNullable<V>] extends [Date]
    ? 'Date'
    : [NonNullable<V>] extends [string]
      ? 'string'
      : [NonNullable<V>] extends [number]
        ? 'number'
        : [NonNullable<V>] extends [boolean]
          ? 'boolean'
          : [NonNullable<V>] extends [Buffer]
            ? 'Buffer'
            : [NonNullable<V>] extends [readonly unknown[]]
              ? 'array'
              : 'json';

export type Column<V> = [Kind<V>, null extends V ? 'null' : 'not null'];

export type Shape = { [T in keyof DB]: { [C in keyof Selectable<DB[T]>]-?: Column<Selectable<DB[T]>[C]> } };
