// 案件详情: the case file on one page — facts, team, parties with their penalties and amounts as of today,
// the stage clocks with the time left (working days where the law counts them so), the numbered documents
// (download), payments, the timeline, and exactly the actions the server allows (`actions`).
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Descriptions, Flex, Input, InputNumber, Row, Select, Space, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useParams } from 'react-router';
import { api, download } from '../../app/api';
import { fmtMinute, fmtTime, yuan } from '../../app/format';
import { t } from '../../app/i18n';
import { Field, FieldRow, FormModal, PlainTable, required } from '../../components/FormParts';
import { PageCard, RecordView } from '../../components/PageCard';
import { type CaseDetail, caseKeys, fenOf, useLeniency } from './api';
import { PartyList, type PartyValues, partyBody, partyValues } from './Parties';
import {
  actionLabel,
  CaseStateTag,
  ClockStateTag,
  clockLabel,
  eventLabel,
  leniencyLabel,
  LevelTag,
  partyKindLabel,
  penaltyKindLabel,
  PublicationTag,
  sourceLabel,
  stateLabel,
  YesNoField,
} from './shared';
import { RequestHelpButton } from '../assists/parts';

type Values = Record<string, unknown>;
const iso = (d: unknown) => (d ? (d as Dayjs).toISOString() : undefined);
const when = (name: string, label: string) => (
  <Field span={12} name={name} label={label} rules={[required(true)]}>
    <DatePicker showTime style={{ width: '100%' }} />
  </Field>
);
const text = (name: string, label: string, opts: { optional?: boolean; rows?: number } = {}) => (
  <Field span={24} name={name} label={label} rules={opts.optional ? [] : [required()]}>
    {opts.rows ? <Input.TextArea rows={opts.rows} /> : <Input />}
  </Field>
);

interface ActionSpec {
  path: string;
  fields?: (c: CaseDetail) => ReactNode;
  body?: (v: Values, c: CaseDetail) => object;
  /** The form's starting values. */
  initial?: (c: CaseDetail) => Values;
  width?: number;
  danger?: boolean;
}

function LeniencySelect(props: { id?: string; value?: string; onChange?: (v: string) => void }) {
  const list = useLeniency();
  return (
    <Select
      allowClear
      {...props}
      options={(list.data?.items ?? []).map((l) => ({ value: l.id, label: `${leniencyLabel(l.kind)}：${l.description}（${l.article}）` }))}
    />
  );
}

/** Each action's path, form fields and body. The buttons come from the server's `actions`. */
const ACTIONS: Record<string, ActionSpec> = {
  approve_filing: { path: 'approve-filing', fields: () => text('note', t('审批意见', 'Note'), { optional: true }) },
  reject_filing: { path: 'reject-filing', fields: () => text('reason', t('不予立案理由', 'Reason')), danger: true },
  set_parties: {
    path: 'parties',
    width: 960,
    fields: () => (
      <Field span={24} label={t('当事人（一案双罚：单位及其主要负责人或直接责任人员各列一方）', 'Parties')}>
        <PartyList />
      </Field>
    ),
    initial: (c) => ({ parties: c.parties.map(partyValues) }),
    body: (v) => ({ parties: (v.parties as PartyValues[]).map(partyBody) }),
  },
  record_interview: {
    path: 'interviews',
    fields: () => (
      <>
        {text('interviewee', t('被询问人', 'Interviewee'))}
        {text('place', t('询问地点', 'Place'))}
        {when('time', t('询问时间', 'Time'))}
        {text('content', t('询问内容（问答）', 'Content'), { rows: 6 })}
      </>
    ),
    body: (v) => ({ ...v, time: iso(v.time) }),
  },
  notify: {
    path: 'notify',
    fields: (c) => (
      <Field span={24} name="facts" label={t('违法事实（告知书）', 'Facts')} initialValue={c.facts}>
        <Input.TextArea rows={4} />
      </Field>
    ),
  },
  record_statement: { path: 'statement', fields: () => text('statement', t('当事人陈述申辩意见', 'Statement'), { rows: 4 }) },
  request_hearing: { path: 'request-hearing', fields: () => text('note', t('说明', 'Note'), { optional: true }) },
  schedule_hearing: {
    path: 'hearing',
    fields: () => (
      <>
        {when('hearingAt', t('听证时间（通知七个工作日后，行政处罚法第六十四条）', 'Hearing time'))}
        {text('place', t('听证地点', 'Place'))}
      </>
    ),
    body: (v) => ({ ...v, hearingAt: iso(v.hearingAt) }),
  },
  record_hearing: { path: 'hearing-result', fields: () => text('result', t('听证结果', 'Result'), { rows: 4 }) },
  decide: { path: 'decide', fields: () => text('note', t('决定意见', 'Note'), { optional: true }) },
  decide_no_penalty: {
    path: 'no-penalty',
    fields: () => (
      <>
        {text('reason', t('不予处罚理由', 'Reason'), { rows: 3 })}
        <Field span={24} name="leniencyId" label={t('适用清单', 'List entry')}>
          <LeniencySelect />
        </Field>
      </>
    ),
  },
  serve: {
    path: 'serve',
    fields: () => (
      <>
        <Field span={12} name="method" label={t('送达方式', 'Method')} rules={[required(true)]}>
          <Select options={['直接送达', '留置送达', '邮寄送达', '电子送达', '公告送达'].map((m) => ({ value: m, label: m }))} />
        </Field>
        {when('servedAt', t('送达时间', 'Served at'))}
        {text('recipient', t('受送达人', 'Recipient'))}
        {text('place', t('送达地点', 'Place'), { optional: true })}
      </>
    ),
    initial: () => ({ servedAt: dayjs() }),
    body: (v) => ({ ...v, servedAt: iso(v.servedAt) }),
  },
  record_payment: {
    path: 'payments',
    fields: (c) => (
      <>
        <Field span={24} name="partyId" label={t('缴款当事人', 'Party')} rules={[required(true)]}>
          <Select options={c.parties.map((p) => ({ value: p.id, label: `${p.name}（应缴余额 ${yuan(p.outstandingFen)}）` }))} />
        </Field>
        <Field span={12} name="amountYuan" label={t('缴款金额（元）', 'Amount (yuan)')} rules={[required()]}>
          <InputNumber min={0.01} style={{ width: '100%' }} />
        </Field>
        <Field span={12} name="paidOn" label={t('缴款日期', 'Paid on')} rules={[required(true)]}>
          <DatePicker style={{ width: '100%' }} />
        </Field>
        {text('receiptNo', t('票据号', 'Receipt no.'))}
      </>
    ),
    initial: () => ({ paidOn: dayjs() }),
    body: (v) => ({ partyId: v.partyId, amountFen: fenOf(v.amountYuan as number), paidOn: (v.paidOn as Dayjs).format('YYYY-MM-DD'), receiptNo: v.receiptNo }),
  },
  close: { path: 'close', fields: () => <>{text('reason', t('结案说明（罚款未缴清时必填）', 'Reason (required while unpaid)'), { optional: true })}</> },
  withdraw: { path: 'withdraw', fields: () => text('reason', t('撤案理由', 'Reason')), danger: true },
  propose_transfer: { path: 'transfer', fields: () => text('reason', t('涉嫌犯罪的事实和理由', 'Reason'), { rows: 3 }) },
  approve_transfer: { path: 'approve-transfer', fields: () => text('note', t('审批意见', 'Note'), { optional: true }) },
  reject_transfer: { path: 'reject-transfer', fields: () => text('reason', t('不予移送理由', 'Reason')) },
  hand_over: {
    path: 'hand-over',
    fields: () => (
      <>
        {text('receiver', t('接收机关/接收人', 'Receiver'))}
        {when('handedAt', t('移交时间', 'Handed at'))}
      </>
    ),
    initial: () => ({ handedAt: dayjs() }),
    body: (v) => ({ ...v, handedAt: iso(v.handedAt) }),
  },
  police_answer: {
    path: 'police-answer',
    fields: () => (
      <>
        <YesNoField name="accepted" label={t('公安机关意见', 'Answer')} yes={t('立案', 'Accepted')} no={t('不予立案', 'Refused')} />
        {text('answer', t('回复内容', 'Answer text'), { rows: 3 })}
      </>
    ),
  },
  propose_publication: {
    path: 'publication',
    fields: () => text('summary', t('典型案例摘要（公开前将隐去自然人姓名、身份证号和电话）', 'Summary'), { rows: 5 }),
  },
  decide_publication: {
    path: 'publication-decision',
    fields: () => (
      <>
        <YesNoField name="accept" label={t('审核结果', 'Decision')} yes={t('同意公开', 'Publish')} no={t('不予公开', 'Reject')} />
        {text('note', t('审核意见', 'Note'), { optional: true })}
      </>
    ),
  },
};

function ActionDialog({ c, action, onClose }: { c: CaseDetail; action: string; onClose: () => void }) {
  const qc = useQueryClient();
  const spec = ACTIONS[action];
  return (
    <FormModal<Values>
      title={actionLabel(action)}
      okText={t('确定', 'OK')}
      onClose={onClose}
      width={spec.width}
      initialValues={spec.initial?.(c)}
      onSubmit={async (v) => {
        // Blank optional fields are left out (the API refuses an empty string).
        const filled = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== undefined && x !== null));
        await api.post(`/api/cases/${c.id}/${spec.path}`, spec.body ? spec.body(filled, c) : filled);
        await qc.invalidateQueries({ queryKey: caseKeys.all });
      }}
    >
      <FieldRow>{spec.fields?.(c)}</FieldRow>
    </FormModal>
  );
}

export function Detail() {
  const { id } = useParams();
  const query = useQuery({ queryKey: caseKeys.detail(id), queryFn: () => api.get<CaseDetail>(`/api/cases/${id}`) });
  const [dialog, setDialog] = useState<string>();
  return (
    <RecordView query={query} notFound={t('案件不存在或不在您的管辖范围内', 'No such case in your jurisdiction')}>
      {(c) => (
        <Flex vertical gap={12}>
          <PageCard
            title={`${c.code} ${c.title}`}
            tags={
              <>
                <CaseStateTag state={c.state} overdue={c.overdue} />
                <PublicationTag value={c.publication} />
              </>
            }
            extra={
              <Space wrap>
                {c.actions
                  .filter((a) => a !== 'set_parties')
                  .map((a) => (
                    <Button key={a} danger={ACTIONS[a]?.danger} type={a === c.actions[0] ? 'primary' : 'default'} onClick={() => setDialog(a)}>
                      {actionLabel(a)}
                    </Button>
                  ))}
                {c.jurisdictionCode.length >= 9 && <RequestHelpButton on="case" id={c.id} label={`${c.code} ${c.title}`} />}
              </Space>
            }
          >
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
              <Descriptions.Item label={t('案由', 'Cause')}>{c.cause}</Descriptions.Item>
              <Descriptions.Item label={t('来源', 'Source')}>{sourceLabel(c.source)}</Descriptions.Item>
              <Descriptions.Item label={t('镇街', 'Town')}>{c.townName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('承办人', 'Officers')}>{c.officers.map((o) => o.name).join('、')}</Descriptions.Item>
              <Descriptions.Item label={t('立案申请', 'Filed')}>{fmtMinute(c.filedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('罚款合计', 'Total fine')}>{yuan(c.totalFineFen)}</Descriptions.Item>
              {c.notifiedAt && <Descriptions.Item label={t('告知', 'Notified')}>{fmtMinute(c.notifiedAt)}</Descriptions.Item>}
              {c.hearingAt && <Descriptions.Item label={t('听证', 'Hearing')}>{`${fmtMinute(c.hearingAt)} ${c.hearingPlace ?? ''}`}</Descriptions.Item>}
              {c.decidedAt && <Descriptions.Item label={t('决定', 'Decided')}>{fmtMinute(c.decidedAt)}</Descriptions.Item>}
              {c.servedAt && <Descriptions.Item label={t('送达', 'Served')}>{fmtMinute(c.servedAt)}</Descriptions.Item>}
              {c.closedAt && <Descriptions.Item label={t('结案', 'Closed')}>{fmtMinute(c.closedAt)}</Descriptions.Item>}
              {c.closeReason && <Descriptions.Item label={t('说明', 'Reason')}>{c.closeReason}</Descriptions.Item>}
              {c.transferReason && <Descriptions.Item label={t('移送理由', 'Transfer')}>{c.transferReason}</Descriptions.Item>}
              {c.policeAnswer && <Descriptions.Item label={t('公安回复', 'Police')}>{c.policeAnswer}</Descriptions.Item>}
              <Descriptions.Item label={t('案情', 'Facts')} span={3}>
                {c.facts || '—'}
              </Descriptions.Item>
              {c.statement && (
                <Descriptions.Item label={t('陈述申辩', 'Statement')} span={3}>
                  {c.statement}
                </Descriptions.Item>
              )}
            </Descriptions>
          </PageCard>

          <Card
            title={t('当事人与处罚（一案双罚）', 'Parties and penalties')}
            size="small"
            extra={
              c.actions.includes('set_parties') && (
                <Button size="small" onClick={() => setDialog('set_parties')}>
                  {t('修改当事人', 'Edit parties')}
                </Button>
              )
            }
          >
            <PlainTable
              rowKey="id"
              dataSource={c.parties}
              columns={[
                { title: t('当事人', 'Party'), dataIndex: 'name', render: (v, p) => `${v}（${partyKindLabel(p.kind)}${p.role ? `·${p.role}` : ''}）` },
                { title: t('违法行为', 'Violation'), dataIndex: 'violation' },
                { title: t('违反条款 / 处罚依据', 'Basis'), dataIndex: 'article', render: (v, p) => `${v} / ${p.penaltyArticle}` },
                { title: t('裁量', 'Level'), dataIndex: 'level', render: (v) => <LevelTag value={v} /> },
                {
                  title: t('处罚', 'Penalty'),
                  dataIndex: 'fineFen',
                  render: (v, p) => (
                    <Space direction="vertical" size={0}>
                      <span>
                        {penaltyKindLabel(p.penaltyKind)} {v > 0 && yuan(v)}
                        {p.incomePercent !== null && ` (${t('年收入', 'income')} ${yuan(p.incomeFen)} × ${p.incomePercent}%)`}
                      </span>
                      {p.dailyTotalFen > 0 && (
                        <Typography.Text type="secondary">{t(`按日连续处罚 ${yuan(p.dailyFineFen)} × ${p.dailyDays} 日`, 'Daily penalty')}</Typography.Text>
                      )}
                      {p.hearingRight && <Tag color="purple">{t('可申请听证', 'Hearing right')}</Tag>}
                      {p.outsideReason && <Typography.Text type="warning">{t(`超出裁量基准：${p.outsideReason}`, 'Outside the range')}</Typography.Text>}
                    </Space>
                  ),
                },
                { title: t('加处罚款', 'Surcharge'), dataIndex: 'surchargeFen', render: (v, p) => (v > 0 ? `${yuan(v)}（${p.daysLate} 日）` : '—') },
                { title: t('已缴 / 余额', 'Paid / left'), dataIndex: 'paidFen', render: (v, p) => `${yuan(v)} / ${yuan(p.outstandingFen)}` },
              ]}
            />
          </Card>

          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <Card title={t('办案期限', 'Clocks')} size="small">
                <PlainTable
                  rowKey="id"
                  dataSource={c.clocks}
                  empty={t('当前没有计时中的期限', 'No running clocks')}
                  columns={[
                    { title: t('期限', 'Clock'), dataIndex: 'kind', render: (v, k) => <span title={k.basis}>{clockLabel(v)}</span> },
                    { title: t('截止日', 'Due'), dataIndex: 'dueDay', render: (v, k) => (k.kind === 'transfer_handover' ? fmtMinute(k.dueAt) : v) },
                    {
                      title: t('剩余', 'Left'),
                      dataIndex: 'daysLeft',
                      render: (v, k) =>
                        k.state === 'running' || k.state === 'overdue' ? (
                          <Typography.Text type={v < 0 ? 'danger' : v <= 1 ? 'warning' : undefined}>
                            {v < 0
                              ? t(`超期 ${-v} ${k.working ? '个工作日' : '日'}`, `${-v} days over`)
                              : t(`${v} ${k.working ? '个工作日' : '日'}`, `${v} days`)}
                          </Typography.Text>
                        ) : (
                          '—'
                        ),
                    },
                    { title: t('状态', 'State'), dataIndex: 'state', render: (v) => <ClockStateTag value={v} /> },
                    { title: t('依据', 'Basis'), dataIndex: 'basis', ellipsis: true },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('执法文书', 'Documents')} size="small">
                <PlainTable
                  rowKey="id"
                  dataSource={c.documents}
                  empty={t('立案审批后生成立案审批表', 'Documents appear as the case goes on')}
                  columns={[
                    { title: t('文书', 'Document'), dataIndex: 'kindName' },
                    { title: t('文号', 'Number'), dataIndex: 'number' },
                    { title: t('制作', 'Issued'), dataIndex: 'issuedAt', render: (v, d) => `${fmtMinute(v)} ${d.issuedBy}` },
                    {
                      title: '',
                      dataIndex: 'id',
                      render: (v, d) => (
                        <Button size="small" icon={<DownloadOutlined />} onClick={() => download(`/api/documents/${v}/file`, `${d.kindName}.docx`)}>
                          {t('下载', 'Download')}
                        </Button>
                      ),
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>

          {c.payments.length > 0 && (
            <Card title={t('缴款记录', 'Payments')} size="small">
              <PlainTable
                rowKey="id"
                dataSource={c.payments}
                columns={[
                  { title: t('当事人', 'Party'), dataIndex: 'partyId', render: (v) => c.parties.find((p) => p.id === v)?.name ?? '' },
                  { title: t('金额', 'Amount'), dataIndex: 'amountFen', render: yuan },
                  { title: t('其中加处罚款', 'Surcharge'), dataIndex: 'surchargeFen', render: yuan },
                  { title: t('缴款日期', 'Paid on'), dataIndex: 'paidOn' },
                  { title: t('票据号', 'Receipt'), dataIndex: 'receiptNo' },
                ]}
              />
            </Card>
          )}

          <Card title={t('办案过程', 'Timeline')} size="small">
            <Timeline
              items={c.timeline.map((h) => ({
                children: (
                  <>
                    <Typography.Text strong>{eventLabel(h.action)}</Typography.Text>
                    {h.to && h.from !== h.to && <Typography.Text type="secondary">{` → ${stateLabel(h.to)}`}</Typography.Text>}
                    <div>
                      <Typography.Text type="secondary">
                        {fmtTime(h.at)} {h.actorName}
                      </Typography.Text>
                    </div>
                    {h.note && <div>{h.note}</div>}
                  </>
                ),
              }))}
            />
          </Card>
          {dialog && <ActionDialog c={c} action={dialog} onClose={() => setDialog(undefined)} />}
        </Flex>
      )}
    </RecordView>
  );
}
