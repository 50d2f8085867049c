// The usual Machine.save (server/platform/lifecycle.ts): write the step's patch with the new state, count the
// row's version up and stamp updated_at, on a table whose rows carry id, version and updated_at.
import type { DB } from '../db/schema.ts';
import type { Ctx } from './context.ts';

type Versioned = { [T in keyof DB]: DB[T] extends { id: unknown; version: unknown; updated_at: unknown } ? T : never }[keyof DB];

/** A save for `table`, the state kept in `column` ('state' unless the table calls it otherwise). */
export function saveVersioned<Row extends { id: string; version: number }>(table: Versioned, column = 'state') {
  return async (ctx: Ctx, row: Row, to: string, patch: Partial<Row>): Promise<Row> =>
    // One statement for every such table (seen as one of them): each machine's patch is typed by its own row.
    (await ctx.db
      .updateTable(table as 'inspections')
      .set({ ...patch, [column]: to, version: row.version + 1, updated_at: ctx.deps.clock.now() } as never)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow()) as unknown as Row;
}
