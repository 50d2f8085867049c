// Parties and their penalties: the checks a party's penalty must pass (the discretion standard's range, or a
// written reason; 安全生产法 §95's percentage of income; 按日连续处罚 §112) and the amounts the law computes
// (加处罚款 §72, capped at the fine).
import type { Selectable } from 'kysely';
import { v7 } from 'uuid';
import { dailyPenaltyFen, hearingRight, incomeFineFen, lateSurchargeFen, type PartyKind } from '../../../shared/cases.ts';
import type { Party } from '../../../shared/cases.dto.ts';
import type { Ctx } from '../../platform/context.ts';
import { fieldError } from '../../platform/errors.ts';
import type { CaseDiscretionTable, CasePartiesTable } from './cases.tables.ts';
import type { Static } from 'typebox';
import type { PartyBody } from './cases.schema.ts';

export type PartyInput = Static<typeof PartyBody>;
export type PartyRow = Selectable<CasePartiesTable>;
type DiscretionRow = Selectable<CaseDiscretionTable>;

/** The discretion row that applies: the one named, or the active one for the article, party kind and level. */
async function discretionFor(ctx: Ctx, p: PartyInput, field: string): Promise<DiscretionRow | undefined> {
  if (p.discretionId) {
    const row = await ctx.db.selectFrom('case_discretion').selectAll().where('id', '=', p.discretionId).executeTakeFirst();
    if (!row) throw fieldError(`${field}.discretionId`, '裁量基准不存在', 'no such discretion row');
    if (row.party_kind !== p.kind) throw fieldError(`${field}.discretionId`, '裁量基准适用的当事人类型不符', 'applies to the other party kind');
    return row;
  }
  return ctx.db
    .selectFrom('case_discretion')
    .selectAll()
    .where('article', '=', p.article.trim())
    .where('party_kind', '=', p.kind)
    .where('level', '=', p.level)
    .where('active', '=', true)
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
}

const num = (v: string | number | null) => (v === null ? null : Number(v));

/** The fine the body states or (§95) computes from income × percent. */
function fineOf(p: PartyInput, field: string): number {
  if (p.incomePercent !== undefined || p.incomeFen !== undefined) {
    if (p.incomePercent === undefined || p.incomeFen === undefined)
      throw fieldError(
        `${field}.${p.incomeFen === undefined ? 'incomeFen' : 'incomePercent'}`,
        '按上一年年收入百分比处罚时须同时填写年收入和百分比（安全生产法第九十五条）',
        'income and percent go together',
      );
    const computed = incomeFineFen(p.incomeFen, p.incomePercent);
    if (p.fineFen !== undefined && p.fineFen !== computed)
      throw fieldError(`${field}.fineFen`, `罚款应为上一年年收入的 ${p.incomePercent}%（${computed / 100} 元）`, 'must equal income × percent');
    return computed;
  }
  return p.fineFen ?? 0;
}

/** Check one party's penalty against the law and the standard; returns the row to insert. */
export async function partyRow(ctx: Ctx, caseId: string, p: PartyInput, i: number, field = `body.parties.${i}`): Promise<PartyRow> {
  const f = `${field}`;
  if (p.kind === 'unit' && p.idNumber) throw fieldError(`${f}.idNumber`, '单位当事人填写统一社会信用代码', 'a unit has a credit code');
  if (p.kind === 'person' && p.creditCode) throw fieldError(`${f}.creditCode`, '个人当事人填写身份证号', 'a person has an ID number');
  const fine = fineOf(p, f);
  if (p.penaltyKind === 'fine' && fine <= 0) throw fieldError(`${f}.fineFen`, '罚款处罚须填写罚款金额', 'a fine needs an amount');
  if (p.penaltyKind !== 'fine' && fine > 0 && p.penaltyKind !== 'suspension' && p.penaltyKind !== 'confiscation')
    throw fieldError(`${f}.fineFen`, '该处罚种类不含罚款', 'this penalty kind has no fine');
  if ((p.dailyFineFen ?? 0) > 0 && !((p.dailyDays ?? 0) > 0))
    throw fieldError(`${f}.dailyDays`, '按日连续处罚须填写天数（安全生产法第一百一十二条）', 'days are required with a daily fine');
  if (p.leniencyId) {
    const l = await ctx.db.selectFrom('case_leniency').select('id').where('id', '=', p.leniencyId).where('active', '=', true).executeTakeFirst();
    if (!l) throw fieldError(`${f}.leniencyId`, '从轻减轻清单条目不存在', 'no such leniency entry');
  }
  const d = await discretionFor(ctx, p, f);
  const outside = d ? outsideRange(d, fine, p) : false;
  if (outside && !p.outsideReason?.trim())
    throw fieldError(
      `${f}.outsideReason`,
      `处罚金额超出裁量基准（${rangeText(d as DiscretionRow)}），须书面说明理由`,
      'outside the discretion range: a written reason is required',
    );
  return {
    id: v7(),
    case_id: caseId,
    sort: i,
    kind: p.kind,
    name: p.name.trim(),
    credit_code: p.creditCode ?? null,
    id_number: p.idNumber ? p.idNumber.toUpperCase() : null,
    phone: p.phone ?? null,
    address: p.address ?? null,
    role: p.role ?? '',
    violation: p.violation.trim(),
    article: p.article.trim(),
    penalty_article: p.penaltyArticle.trim(),
    discretion_id: d?.id ?? null,
    level: p.level,
    leniency_id: p.leniencyId ?? null,
    penalty_kind: p.penaltyKind,
    fine_fen: fine,
    income_fen: p.incomeFen ?? null,
    income_percent: p.incomePercent === undefined ? null : String(p.incomePercent),
    daily_fine_fen: p.dailyFineFen ?? 0,
    daily_days: p.dailyDays ?? 0,
    outside_reason: p.outsideReason?.trim() || null,
    paid_fen: 0,
  };
}

function outsideRange(d: DiscretionRow, fine: number, p: PartyInput): boolean {
  if (d.min_percent !== null && d.max_percent !== null) {
    if (p.incomePercent === undefined) return true;
    return p.incomePercent < Number(d.min_percent) || p.incomePercent > Number(d.max_percent);
  }
  return fine < Number(d.min_fen) || fine > Number(d.max_fen);
}

export function rangeText(d: Pick<DiscretionRow, 'min_fen' | 'max_fen' | 'min_percent' | 'max_percent'>): string {
  if (d.min_percent !== null && d.max_percent !== null) return `上一年年收入的 ${Number(d.min_percent)}%–${Number(d.max_percent)}%`;
  return `${Number(d.min_fen) / 100}–${Number(d.max_fen) / 100} 元`;
}

export async function insertParties(ctx: Ctx, caseId: string, parties: readonly PartyInput[], field = 'body.parties'): Promise<PartyRow[]> {
  const rows: PartyRow[] = [];
  for (const [i, p] of parties.entries()) rows.push(await partyRow(ctx, caseId, p, i, `${field}.${i}`));
  await ctx.db.insertInto('case_parties').values(rows).execute();
  return rows;
}

/** A party's amounts as of `daysLate` calendar days after the payment due day. */
export function amountsOf(r: PartyRow, daysLate: number) {
  const dailyTotal = dailyPenaltyFen(Number(r.daily_fine_fen), r.daily_days);
  const base = Number(r.fine_fen) + dailyTotal;
  const surcharge = lateSurchargeFen(base, daysLate);
  const due = base + surcharge;
  const paid = Number(r.paid_fen);
  return { dailyTotal, base, surcharge, due, paid, outstanding: Math.max(0, due - paid) };
}

export function partyDto(r: PartyRow, daysLate: number): Party {
  const a = amountsOf(r, daysLate);
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    creditCode: r.credit_code,
    idNumber: r.id_number,
    phone: r.phone,
    address: r.address,
    role: r.role,
    violation: r.violation,
    article: r.article,
    penaltyArticle: r.penalty_article,
    level: r.level,
    discretionId: r.discretion_id,
    leniencyId: r.leniency_id,
    penaltyKind: r.penalty_kind,
    fineFen: Number(r.fine_fen),
    incomeFen: r.income_fen === null ? null : Number(r.income_fen),
    incomePercent: num(r.income_percent),
    dailyFineFen: Number(r.daily_fine_fen),
    dailyDays: r.daily_days,
    dailyTotalFen: a.dailyTotal,
    outsideReason: r.outside_reason,
    hearingRight: hearingRight({ kind: r.kind as PartyKind, penaltyKind: r.penalty_kind, fineFen: a.base }),
    surchargeFen: a.surcharge,
    daysLate: a.surcharge > 0 ? daysLate : 0,
    dueFen: a.due,
    paidFen: a.paid,
    outstandingFen: a.outstanding,
  };
}

// ── what the public may see (查处一案、警示一批) ──────────────────────────────────────────────────────

/** A natural person's name as published: the surname and 某 (张三 → 张某, 欧阳明 → 欧阳某). */
export function maskName(name: string): string {
  const n = name.trim();
  const compound = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙'];
  const surname = compound.find((s) => n.startsWith(s)) ?? n.slice(0, 1);
  return `${surname}某`;
}

const ID_NUMBER = /\d{17}[\dXx]|\d{15}/g;
const PHONE = /(?:\+?86[- ]?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}/g;

/** Text with ID numbers and phone numbers removed and the named persons masked. */
export function maskText(text: string, persons: readonly string[]): string {
  let out = text.replace(ID_NUMBER, '［身份证号已删除］').replace(PHONE, '［电话已删除］');
  for (const p of [...persons].sort((a, b) => b.length - a.length)) if (p.trim().length >= 2) out = out.split(p.trim()).join(maskName(p));
  return out;
}
