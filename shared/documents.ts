// The numbered documents (执法文书) the platform's document engine issues (server/platform/documents): each
// kind's name, its 文号 series, the permission that reads it, and the fields its template may use. The default
// templates (server/platform/documents/templates/<kind>.docx) are made from these by
// server/platform/documents/make-templates.ts; an administrator may replace any of them with a .docx that uses the same
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
  /** Pictures: each tag's data is a list of stored file ids, shown as pictures ({#tag}{picture}{/tag}). */
  images?: readonly DocumentField[];
}

/** A template's fields from `{ tag: label }`, in the order written. */
const fields = (map: Record<string, string>): readonly DocumentField[] => Object.entries(map).map(([tag, label]) => ({ tag, label }));

/** What every case document starts with. */
const CASE_HEAD = { caseCode: '案件编号', caseTitle: '案件名称', cause: '案由' };
const PARTY = fields({
  partyKind: '当事人类型',
  name: '当事人',
  identity: '统一社会信用代码/身份证号',
  address: '地址',
  violation: '违法行为',
  article: '违反条款',
  penaltyArticle: '处罚依据',
  level: '裁量等级',
  penalty: '处罚内容',
});

export const DOCUMENT_KINDS = {
  filing_approval: {
    name: '立案审批表',
    series: '立',
    permission: 'enforcement:read',
    fields: fields({ ...CASE_HEAD, source: '案件来源', facts: '简要案情', officers: '承办人（执法证号）', filedDate: '立案日期', approver: '批准人' }),
    parties: fields({ partyKind: '当事人类型', name: '当事人', identity: '统一社会信用代码/身份证号', violation: '涉嫌违法行为' }),
    text: ['依据《中华人民共和国行政处罚法》第五十四条，经负责人批准，予以立案。'],
  },
  interview_record: {
    name: '询问笔录',
    series: '询',
    permission: 'enforcement:read',
    fields: fields({ ...CASE_HEAD, interviewee: '被询问人', place: '询问地点', time: '询问时间', officers: '询问人（执法证号）', content: '询问内容' }),
    text: ['执法人员已出示执法证件，并告知被询问人有如实回答询问、协助调查的义务（《中华人民共和国行政处罚法》第五十五条）。'],
  },
  penalty_notice: {
    name: '行政处罚告知书',
    series: '告',
    permission: 'enforcement:read',
    fields: fields({ ...CASE_HEAD, facts: '违法事实', noticeDate: '告知日期', statementDue: '陈述申辩截止日', hearingDue: '听证申请截止日' }),
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
    fields: fields({ ...CASE_HEAD, facts: '违法事实', decisionDate: '决定日期', total: '罚款合计' }),
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
    fields: fields({
      ...CASE_HEAD,
      servedDocument: '送达文书',
      recipient: '受送达人',
      method: '送达方式',
      place: '送达地点',
      servedTime: '送达时间',
      officers: '送达人',
    }),
    text: ['依据《中华人民共和国行政处罚法》第六十一条送达。'],
  },
  closing_approval: {
    name: '结案审批表',
    series: '结',
    permission: 'enforcement:read',
    fields: fields({ ...CASE_HEAD, outcome: '处理结果', execution: '执行情况', closedDate: '结案日期', approver: '批准人' }),
    parties: fields({ name: '当事人', penalty: '处罚内容', paid: '已缴纳' }),
  },
  // Field inspection (the inspections module issues these through the same engine).
  site_inspection_record: {
    name: '现场检查记录',
    series: '检',
    permission: 'inspection:read',
    fields: fields({ enterprise: '被检查单位', address: '地址', time: '检查时间', officers: '检查人员（执法证号）', findings: '检查情况' }),
    images: fields({ photos: '现场照片', signature: '被检查单位签字' }),
  },
  rectification_order: {
    name: '责令限期整改指令书',
    series: '责改',
    permission: 'inspection:read',
    fields: fields({ enterprise: '被检查单位', problems: '存在的问题', deadline: '整改期限', officers: '检查人员' }),
    text: ['依据《中华人民共和国安全生产法》第六十五条第一款第三项，责令你单位于整改期限前整改完毕。'],
  },
} as const satisfies Record<string, DocumentKindSpec>;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export const DOCUMENT_KIND_LIST = Object.keys(DOCUMENT_KINDS) as DocumentKind[];

/** 文号: 海应急罚〔2026〕12号. */
export const documentNumber = (prefix: string, series: string, year: number, seq: number) => `${prefix}${series}〔${year}〕${seq}号`;
