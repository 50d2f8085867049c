// SQL for 乡呼县应 requests and joint teams. Every read of a request starts from scopedFrom(ctx, 'assist_requests')
// (the subject's place, under the requesting town: a town sees its own, the district all).
import { type Selectable, sql, type Updateable } from 'kysely';
import type { AssistKind, AssistState, AssistUrgency } from '../../../shared/assists.ts';
import { scopedFrom } from '../../platform/access.ts';
import type { Ctx } from '../../platform/context.ts';
import { containsLike, prefixLike } from '../../platform/sql.ts';
import type { AssistRequestsTable } from './assists.tables.ts';

export type AssistRow = Selectable<AssistRequestsTable>;

/** JSON columns are written as text. */
type Patch = Omit<Partial<AssistRow>, 'officers' | 'records'> & { officers?: string; records?: string };

export const lockAssist = (ctx: Ctx, id: string) =>
  ctx.db.selectFrom('assist_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst() as Promise<AssistRow | undefined>;

export const findAssist = (ctx: Ctx, id: string) =>
  scopedFrom(ctx, 'assist_requests').selectAll().where('id', '=', id).executeTakeFirst() as Promise<AssistRow | undefined>;

export const saveAssist = async (ctx: Ctx, row: AssistRow, state: AssistState, patch: Partial<AssistRow>) =>
  (await ctx.db
    .updateTable('assist_requests')
    .set({ ...(patch as Patch as Updateable<AssistRequestsTable>), state, version: row.version + 1, updated_at: ctx.deps.clock.now() })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow()) as AssistRow;

export const unitNames = async (ctx: Ctx, codes: (string | null)[]) => {
  const wanted = [...new Set(codes.filter((c): c is string => !!c))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await ctx.db.selectFrom('org_units').select(['code', 'name']).where('code', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
};

export interface AssistFilter {
  q?: string;
  state?: AssistState[];
  kind?: AssistKind;
  urgency?: AssistUrgency;
  town?: string;
  overdue?: boolean;
  caseId?: string;
  inspectionId?: string;
  from?: string;
  to?: string;
}

const SORTS = { requestedAt: 'requested_at', dueAt: 'response_due_at', code: 'code' } as const;
export type AssistSort = keyof typeof SORTS | `-${keyof typeof SORTS}`;

export function assistQuery(ctx: Ctx, f: AssistFilter) {
  let q = scopedFrom(ctx, 'assist_requests');
  if (f.q) {
    const like = containsLike(f.q);
    q = q.where((eb) => eb.or([eb('code', 'like', like), eb('subject_label', 'like', like), eb('reason', 'like', like)]));
  }
  if (f.state?.length) q = q.where('state', 'in', f.state);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.urgency) q = q.where('urgency', '=', f.urgency);
  if (f.town) q = q.where('jurisdiction_code', 'like', prefixLike(f.town));
  if (f.overdue !== undefined) q = q.where('overdue', '=', f.overdue);
  if (f.caseId) q = q.where('case_id', '=', f.caseId);
  if (f.inspectionId) q = q.where('inspection_id', '=', f.inspectionId);
  if (f.from) q = q.where('requested_at', '>=', new Date(`${f.from}T00:00:00+08:00`));
  if (f.to) q = q.where('requested_at', '<', new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000));
  return q;
}

export function assistRows(ctx: Ctx, f: AssistFilter, sort: AssistSort = '-requestedAt', limit = 20, offset = 0) {
  const desc = sort.startsWith('-');
  const key = SORTS[(desc ? sort.slice(1) : sort) as keyof typeof SORTS];
  return assistQuery(ctx, f)
    .selectAll()
    .orderBy(sql.ref(key), desc ? 'desc' : 'asc')
    .orderBy('id', desc ? 'desc' : 'asc')
    .limit(limit)
    .offset(offset)
    .execute() as Promise<AssistRow[]>;
}

export const findTeam = (ctx: Ctx, inspectionId: string) =>
  scopedFrom(ctx, 'assist_joint_teams').selectAll().where('inspection_id', '=', inspectionId).executeTakeFirst();
