// The discretion standard (裁量基准, 应急管理部令第12号; published as 行政处罚法 §34 requires) and the
// inclusive-enforcement lists (首违不罚 / 不予 / 从轻 / 减轻, §32, §33): data an administrator keeps.
import type { Selectable } from 'kysely';
import type { Static } from 'typebox';
import { v7 } from 'uuid';
import type { Discretion, Leniency } from '../../../shared/cases.dto.ts';
import { requirePermission } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import type { DiscretionBody, DiscretionQuery, LeniencyBody } from './cases.schema.ts';
import type { CaseDiscretionTable, CaseLeniencyTable } from './cases.tables.ts';

type DiscretionInput = Static<typeof DiscretionBody>;
type LeniencyInput = Static<typeof LeniencyBody>;

const numOrNull = (v: number | string | null) => (v === null ? null : Number(v));

export const discretionDto = (r: Selectable<CaseDiscretionTable>): Discretion => ({
  id: r.id,
  article: r.article,
  violation: r.violation,
  partyKind: r.party_kind,
  level: r.level,
  minFen: numOrNull(r.min_fen),
  maxFen: numOrNull(r.max_fen),
  minPercent: numOrNull(r.min_percent),
  maxPercent: numOrNull(r.max_percent),
  circumstances: r.circumstances,
  active: r.active,
});

export const leniencyDto = (r: Selectable<CaseLeniencyTable>): Leniency => ({
  id: r.id,
  kind: r.kind,
  article: r.article,
  description: r.description,
  conditions: r.conditions,
  active: r.active,
});

export async function listDiscretion(ctx: Ctx, q: Static<typeof DiscretionQuery>) {
  requirePermission(ctx, 'enforcement:read');
  let s = ctx.db.selectFrom('case_discretion').selectAll();
  if (q.article) s = s.where('article', '=', q.article);
  if (q.partyKind) s = s.where('party_kind', '=', q.partyKind);
  const rows = await s.orderBy('article').orderBy('party_kind').orderBy('level').orderBy('id').execute();
  return { items: rows.map(discretionDto) };
}

function discretionValues(input: DiscretionInput) {
  const byFen = input.minFen !== undefined || input.maxFen !== undefined;
  const byPct = input.minPercent !== undefined || input.maxPercent !== undefined;
  if (byFen === byPct) throw fieldError('body.minFen', '请填写金额范围或收入百分比范围（二选一）', 'give either an amount range or a percent range');
  if (byFen && (input.minFen === undefined || input.maxFen === undefined || input.maxFen < input.minFen))
    throw fieldError('body.maxFen', '金额上限不能低于下限', 'max must not be below min');
  if (byPct && (input.minPercent === undefined || input.maxPercent === undefined || input.maxPercent < input.minPercent))
    throw fieldError('body.maxPercent', '百分比上限不能低于下限', 'max must not be below min');
  return {
    article: input.article.trim(),
    violation: input.violation.trim(),
    party_kind: input.partyKind,
    level: input.level,
    min_fen: input.minFen ?? null,
    max_fen: input.maxFen ?? null,
    min_percent: input.minPercent ?? null,
    max_percent: input.maxPercent ?? null,
    circumstances: input.circumstances ?? '',
    active: input.active ?? true,
  };
}

/** How a standard list's rows are kept: the table, the audit name (case.<kind>.create/update), the 404's name, the DTO. */
interface StandardList<Row, Dto> {
  table: 'case_discretion' | 'case_leniency';
  kind: 'discretion' | 'leniency';
  name: readonly [zh: string, en: string];
  dto: (row: Row) => Dto;
}

/** Create a row of a standard list (no id) or replace its values, audited with before/after in one transaction. */
async function saveStandardRow<Row, Dto>(ctx: Ctx, list: StandardList<Row, Dto>, id: string | undefined, values: object): Promise<Dto> {
  // Both lists have id, updated_by and updated_at; each caller's values are typed by its own table.
  const table = list.table as 'case_leniency';
  return withTx(ctx, async (c) => {
    const before = id ? await c.db.selectFrom(table).selectAll().where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
    if (id && !before) throw notFound(...list.name);
    const row = id
      ? await c.db
          .updateTable(table)
          .set({ ...values, updated_by: c.actor.id, updated_at: c.deps.clock.now() } as never)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await c.db
          .insertInto(table)
          .values({ id: v7(), ...values, updated_by: c.actor.id } as never)
          .returningAll()
          .executeTakeFirstOrThrow();
    await audit(c.db, c, {
      action: `case.${list.kind}.${id ? 'update' : 'create'}`,
      resourceType: list.table,
      resourceId: row.id,
      before: before ? list.dto(before as Row) : undefined,
      after: list.dto(row as Row),
    });
    return list.dto(row as Row);
  });
}

const DISCRETION: StandardList<Selectable<CaseDiscretionTable>, Discretion> = {
  table: 'case_discretion',
  kind: 'discretion',
  name: ['裁量基准', 'Discretion row'],
  dto: discretionDto,
};
const LENIENCY: StandardList<Selectable<CaseLeniencyTable>, Leniency> = {
  table: 'case_leniency',
  kind: 'leniency',
  name: ['清单条目', 'Leniency entry'],
  dto: leniencyDto,
};

export async function saveDiscretion(ctx: Ctx, id: string | undefined, input: DiscretionInput): Promise<Discretion> {
  requirePermission(ctx, 'enforcement:standard');
  return saveStandardRow(ctx, DISCRETION, id, discretionValues(input));
}

export async function listLeniency(ctx: Ctx) {
  requirePermission(ctx, 'enforcement:read');
  const rows = await ctx.db.selectFrom('case_leniency').selectAll().orderBy('kind').orderBy('article').orderBy('id').execute();
  return { items: rows.map(leniencyDto) };
}

export async function saveLeniency(ctx: Ctx, id: string | undefined, input: LeniencyInput): Promise<Leniency> {
  requirePermission(ctx, 'enforcement:standard');
  const values = {
    kind: input.kind,
    article: input.article.trim(),
    description: input.description.trim(),
    conditions: input.conditions ?? '',
    active: input.active ?? true,
  };
  return saveStandardRow(ctx, LENIENCY, id, values);
}
