// The numbered documents (执法文书) the platform's document engine issues (server/platform/documents): each
// kind's name, its 文号 series, the permission that reads it, and the fields its template may use. The default
// templates (server/platform/documents/templates/<kind>.docx) are made from these by
// scripts/make-document-templates.ts; an administrator may replace any of them with a .docx that uses the same
// tags ({tag}; a list as {#parties}…{/parties}, easy-template-x syntax).

export interface DocumentField {
  tag: string;
  label: string;
}

export interface DocumentKindSpec {
  name: string;
  /** 文号 series: 海应急<series>〔2026〕12号. */
  series: string;
  permission: string;
  /** The facts, one per line in the default template. */
  fields: readonly DocumentField[];
  /** The repeated block for each party (一案双罚: one block per party). */
  parties?: readonly DocumentField[];
  /** Fixed text of the default template (the law it cites, the rights it states). */
  text?: readonly string[];
}

const CASE_HEAD: readonly DocumentField[] = [
  { tag: 'caseCode', label: '案件编号' },
  { tag: 'caseTitle', label: '案件名称' },
  { tag: 'cause', label: '案由' },
];
const PARTY: readonly DocumentField[] = [
  { tag: 'partyKind', label: '当事人类型' },
  { tag: 'name', label: '当事人' },
  { tag: 'identity', label: '统一社会信用代码/身份证号' },
  { tag: 'address', label: '地址' },
  { tag: 'violation', label: '违法行为' },
  { tag: 'article', label: '违反条款' },
  { tag: 'penaltyArticle', label: '处罚依据' },
  { tag: 'level', label: '裁量等级' },
  { tag: 'penalty', label: '处罚内容' },
];

export const DOCUMENT_KINDS = {
  filing_approval: {
    name: '立案审批表',
    series: '立',
    permission: 'enforcement:read',
    fields: [
      ...CASE_HEAD,
      { tag: 'source', label: '案件来源' },
      { tag: 'facts', label: '简要案情' },
      { tag: 'officers', label: '承办人（执法证号）' },
      { tag: 'filedDate', label: '立案日期' },
      { tag: 'approver', label: '批准人' },
    ],
    parties: [
      { tag: 'partyKind', label: '当事人类型' },
      { tag: 'name', label: '当事人' },
      { tag: 'identity', label: '统一社会信用代码/身份证号' },
      { tag: 'violation', label: '涉嫌违法行为' },
    ],
    text: ['依据《中华人民共和国行政处罚法》第五十四条，经负责人批准，予以立案。'],
  },
  interview_record: {
    name: '询问笔录',
    series: '询',
    permission: 'enforcement:read',
    fields: [
      ...CASE_HEAD,
      { tag: 'interviewee', label: '被询问人' },
      { tag: 'place', label: '询问地点' },
      { tag: 'time', label: '询问时间' },
      { tag: 'officers', label: '询问人（执法证号）' },
      { tag: 'content', label: '询问内容' },
    ],
    text: ['执法人员已出示执法证件，并告知被询问人有如实回答询问、协助调查的义务（《中华人民共和国行政处罚法》第五十五条）。'],
  },
  penalty_notice: {
    name: '行政处罚告知书',
    series: '告',
    permission: 'enforcement:read',
    fields: [
      ...CASE_HEAD,
      { tag: 'facts', label: '违法事实' },
      { tag: 'noticeDate', label: '告知日期' },
      { tag: 'statementDue', label: '陈述申辩截止日' },
      { tag: 'hearingDue', label: '听证申请截止日' },
    ],
    parties: PARTY,
    text: [
      '依据《中华人民共和国行政处罚法》第四十四条、第四十五条，你（单位）有权进行陈述和申辩，请于{statementDue}前（三个工作日内，第八十五条）提出。',
      '{hearingText}',
    ],
  },
  penalty_decision: {
    name: '行政处罚决定书',
    series: '罚',
    permission: 'enforcement:read',
    fields: [...CASE_HEAD, { tag: 'facts', label: '违法事实' }, { tag: 'decisionDate', label: '决定日期' }, { tag: 'total', label: '罚款合计' }],
    parties: PARTY,
    text: [
      '请自收到本决定书之日起十五日内缴纳罚款（《中华人民共和国行政处罚法》第六十七条）。到期不缴纳的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额（第七十二条）。',
      '如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。',
    ],
  },
  service_receipt: {
    name: '送达回证',
    series: '送',
    permission: 'enforcement:read',
    fields: [
      ...CASE_HEAD,
      { tag: 'servedDocument', label: '送达文书' },
      { tag: 'recipient', label: '受送达人' },
      { tag: 'method', label: '送达方式' },
      { tag: 'place', label: '送达地点' },
      { tag: 'servedTime', label: '送达时间' },
      { tag: 'officers', label: '送达人' },
    ],
    text: ['依据《中华人民共和国行政处罚法》第六十一条送达。'],
  },
  closing_approval: {
    name: '结案审批表',
    series: '结',
    permission: 'enforcement:read',
    fields: [
      ...CASE_HEAD,
      { tag: 'outcome', label: '处理结果' },
      { tag: 'execution', label: '执行情况' },
      { tag: 'closedDate', label: '结案日期' },
      { tag: 'approver', label: '批准人' },
    ],
    parties: [
      { tag: 'name', label: '当事人' },
      { tag: 'penalty', label: '处罚内容' },
      { tag: 'paid', label: '已缴纳' },
    ],
  },
  // Field inspection (the inspections module issues these through the same engine).
  site_inspection_record: {
    name: '现场检查记录',
    series: '检',
    permission: 'inspection:read',
    fields: [
      { tag: 'enterprise', label: '被检查单位' },
      { tag: 'address', label: '地址' },
      { tag: 'time', label: '检查时间' },
      { tag: 'officers', label: '检查人员（执法证号）' },
      { tag: 'findings', label: '检查情况' },
    ],
  },
  rectification_order: {
    name: '责令限期整改指令书',
    series: '责改',
    permission: 'inspection:read',
    fields: [
      { tag: 'enterprise', label: '被检查单位' },
      { tag: 'problems', label: '存在的问题' },
      { tag: 'deadline', label: '整改期限' },
      { tag: 'officers', label: '检查人员' },
    ],
    text: ['依据《中华人民共和国安全生产法》第六十五条第一款第三项，责令你单位于整改期限前整改完毕。'],
  },
} as const satisfies Record<string, DocumentKindSpec>;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export const DOCUMENT_KIND_LIST = Object.keys(DOCUMENT_KINDS) as DocumentKind[];

/** 文号: 海应急罚〔2026〕12号. */
export const documentNumber = (prefix: string, series: string, year: number, seq: number) => `${prefix}${series}〔${year}〕${seq}号`;
