// The data each stage's document is issued with (server/platform/documents renders it into the template).
import { DISCRETION_LEVEL_LABELS, PARTY_KIND_LABELS, PENALTY_KIND_LABELS, yuan } from '../../../shared/cases.ts';
import type { CaseDocumentKind } from '../../../shared/cases.ts';
import { DOCUMENT_KINDS } from '../../../shared/documents.ts';
import { fmtDate, fmtMinute } from '../../../shared/time.ts';
import type { Ctx } from '../../platform/context.ts';
import { type IssuedDocument, issueDocument } from '../../platform/documents/documents.ts';
import { CASE_SOURCE_LABELS, type CaseSource } from '../../../shared/cases.ts';
import { amountsOf, type PartyRow } from './cases.penalties.ts';
import { type CaseRow, partiesOf } from './cases.repo.ts';

export function penaltyText(p: PartyRow): string {
  const a = amountsOf(p, 0);
  const parts: string[] = [];
  if (p.penalty_kind === 'none') return '不予处罚';
  if (p.penalty_kind !== 'fine') parts.push(PENALTY_KIND_LABELS[p.penalty_kind].zh);
  if (Number(p.fine_fen) > 0) {
    const pct = p.income_percent !== null ? `（上一年年收入 ${yuan(Number(p.income_fen))} 的 ${Number(p.income_percent)}%）` : '';
    parts.push(`罚款 ${yuan(Number(p.fine_fen))}${pct}`);
  }
  if (a.dailyTotal > 0) parts.push(`按日连续处罚 ${yuan(Number(p.daily_fine_fen))}/日 × ${p.daily_days} 日 = ${yuan(a.dailyTotal)}`);
  return parts.join('；') || PENALTY_KIND_LABELS[p.penalty_kind].zh;
}

const partyData = (p: PartyRow, i: number) => ({
  index: String(i + 1),
  partyKind: PARTY_KIND_LABELS[p.kind].zh,
  name: p.name,
  identity: p.credit_code ?? p.id_number ?? '',
  address: p.address ?? '',
  violation: p.violation,
  article: p.article,
  penaltyArticle: p.penalty_article,
  level: DISCRETION_LEVEL_LABELS[p.level].zh,
  penalty: penaltyText(p),
  paid: yuan(Number(p.paid_fen)),
});

/** Issue a case document in ctx's transaction, with the case's current facts and parties plus `extra`. */
export async function issueCaseDocument(ctx: Ctx, row: CaseRow, kind: CaseDocumentKind, extra: Record<string, string> = {}): Promise<IssuedDocument> {
  const parties = await partiesOf(ctx, row.id);
  const officers = row.officer_names.join('、');
  const data: Record<string, unknown> = {
    caseCode: row.code,
    caseTitle: row.title,
    cause: row.cause,
    source: CASE_SOURCE_LABELS[row.source as CaseSource]?.zh ?? row.source,
    facts: row.facts,
    officers,
    filedDate: fmtDate(row.filed_at),
    total: yuan(parties.reduce((s, p) => s + amountsOf(p, 0).base, 0)),
    parties: parties.map(partyData),
    ...extra,
  };
  return issueDocument(ctx, {
    kind,
    aggregate: 'case',
    aggregateId: row.id,
    jurisdictionCode: row.jurisdiction_code,
    unitCode: row.unit_code,
    title: `${DOCUMENT_KINDS[kind].name}（${row.title}）`,
    data,
  });
}

export const minute = (d: Date) => fmtMinute(d);
