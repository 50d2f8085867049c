// One request for district help: what the town asked and why, the district's answer and deadline, the lead
// unit and officers, the records the help produced, the work log, and exactly the actions the server allows.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Flex, Input, Radio, Select, Space, Timeline, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { AssistAction } from '../../../../shared/assists.ts';
import { api } from '../../app/api';
import { fmtMinute, fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { Field, FieldRow, FormModal } from '../../components/FormParts';
import { PageCard, RecordView } from '../../components/PageCard';
import { usePlaces } from '../../components/places';
import { type AssistDetail, assistKeys, useValidOfficers } from './api';
import { actionLabel, AssistStateTag, eventLabel, KindTag, stateLabel, subjectLabel, UrgencyTag } from './shared';

type Values = Record<string, unknown>;
const DISTRICT = '330203';

const textField = (name: string, label: string, optional = false) => (
  <Field span={24} name={name} label={label} rules={optional ? [] : [{ required: true, message: t('请填写', 'Required') }]}>
    <Input.TextArea rows={3} />
  </Field>
);

function LeadUnitSelect(props: { id?: string; value?: string; onChange?: (v: string) => void }) {
  const { departments } = usePlaces();
  const options = [{ value: DISTRICT, label: t('区应急管理局', 'District bureau') }, ...departments.map((d) => ({ value: d.code, label: d.name }))];
  return <Select {...props} showSearch optionFilterProp="label" options={options} />;
}

function OfficerSelect(props: { id?: string; value?: string[]; onChange?: (v: string[]) => void; unit: string }) {
  const { unit, ...rest } = props;
  const q = useValidOfficers(unit);
  return (
    <Select
      {...rest}
      mode="multiple"
      optionFilterProp="label"
      loading={q.isLoading}
      options={(q.data?.items ?? []).map((o) => ({ value: o.userId, label: `${o.name}（${o.licenceNumber}）` }))}
    />
  );
}

/** A case or an inspection of the requesting town, to link as what the help produced. */
function RecordSelect(props: { id?: string; value?: string; onChange?: (v: string) => void; kind: 'case' | 'inspection'; town: string }) {
  const { kind, town, ...rest } = props;
  const url = kind === 'case' ? `/api/cases?town=${town}&pageSize=100` : `/api/inspections?town=${town}&pageSize=100`;
  const q = useQuery({ queryKey: ['assists', 'records', kind, town], queryFn: () => api.get<{ items: { id: string; code: string; title: string }[] }>(url) });
  return <Select {...rest} showSearch optionFilterProp="label" options={(q.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.code} ${r.title}` }))} />;
}

function LinkFields({ town }: { town: string }) {
  const [kind, setKind] = useState<'case' | 'inspection'>('inspection');
  return (
    <>
      <Field span={24} name="kind" label={t('记录类型', 'Kind')} initialValue="inspection">
        <Radio.Group
          onChange={(e) => setKind(e.target.value)}
          options={[
            { value: 'inspection', label: t('执法检查', 'Inspection') },
            { value: 'case', label: t('执法案件', 'Case') },
          ]}
        />
      </Field>
      <Field span={24} name="recordId" label={t('关联记录', 'Record')} rules={[{ required: true, message: t('请选择', 'Required') }]}>
        <RecordSelect key={kind} kind={kind} town={town} />
      </Field>
    </>
  );
}

/** Each action's path and form fields. The buttons come from the server's `actions`. */
const ACTIONS: Record<AssistAction, { path: string; fields: (a: AssistDetail) => ReactNode; danger?: boolean }> = {
  accept: { path: 'accept', fields: () => textField('note', t('受理意见', 'Note'), true) },
  decline: { path: 'decline', fields: () => textField('reason', t('不予受理的理由', 'Reason')), danger: true },
  withdraw: { path: 'withdraw', fields: () => textField('reason', t('撤回理由', 'Reason')), danger: true },
  assign: {
    path: 'assign',
    fields: () => (
      <>
        <Field
          span={24}
          name="leadUnitCode"
          label={t('牵头单位', 'Lead unit')}
          initialValue={DISTRICT}
          rules={[{ required: true, message: t('请选择', 'Required') }]}
        >
          <LeadUnitSelect />
        </Field>
        <Field
          span={24}
          name="officerIds"
          label={t('执法人员（至少两名持证，行政处罚法第四十二条）', 'Officers (two licensed at least)')}
          rules={[{ required: true, message: t('请选择', 'Required') }]}
        >
          <OfficerSelect unit={DISTRICT} />
        </Field>
        {textField('note', t('说明', 'Note'), true)}
      </>
    ),
  },
  add_note: { path: 'notes', fields: () => textField('note', t('处置记录', 'Note')) },
  link_record: { path: 'links', fields: (a) => <LinkFields town={a.townCode} /> },
  report_done: { path: 'done', fields: () => textField('summary', t('处置情况', 'What was done')) },
  confirm: { path: 'confirm', fields: () => textField('note', t('确认意见', 'Note'), true) },
  reopen: { path: 'reopen', fields: () => textField('reason', t('退回理由', 'Reason')), danger: true },
};

function ActionDialog({ a, action, onClose }: { a: AssistDetail; action: AssistAction; onClose: () => void }) {
  const qc = useQueryClient();
  return (
    <FormModal<Values>
      title={actionLabel(action)}
      okText={t('确定', 'OK')}
      onClose={onClose}
      onSubmit={async (v) => {
        // Blank optional fields are left out (the API refuses an empty string).
        const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== undefined && x !== null));
        await api.post(`/api/assists/${a.id}/${ACTIONS[action].path}`, body);
        await qc.invalidateQueries({ queryKey: assistKeys.all });
      }}
    >
      <FieldRow>{ACTIONS[action].fields(a)}</FieldRow>
    </FormModal>
  );
}

const subjectLink = (a: AssistDetail) => {
  const to = a.caseId ? `/cases/${a.caseId}` : a.inspectionId ? `/inspections/${a.inspectionId}` : `/registry/enterprises/${a.enterpriseId}`;
  return <Link to={to}>{`${subjectLabel(a.subjectKind)}：${a.subjectLabel}`}</Link>;
};

export function Detail() {
  const { id } = useParams();
  const query = useQuery({ queryKey: assistKeys.detail(id), queryFn: () => api.get<AssistDetail>(`/api/assists/${id}`) });
  const [dialog, setDialog] = useState<AssistAction>();
  return (
    <RecordView query={query} notFound={t('支援请求不存在或不在您的管辖范围内', 'No such request in your jurisdiction')}>
      {(a) => (
        <Flex vertical gap={12}>
          <PageCard
            title={`${a.code} ${t('请求区级支援', 'Request for district help')}`}
            tags={
              <>
                <AssistStateTag state={a.state} overdue={a.overdue} />
                <KindTag value={a.kind} />
                <UrgencyTag value={a.urgency} />
              </>
            }
            extra={
              <Space wrap>
                {a.actions.map((x, i) => (
                  <Button key={x} danger={ACTIONS[x].danger} type={i === 0 ? 'primary' : 'default'} onClick={() => setDialog(x)}>
                    {actionLabel(x)}
                  </Button>
                ))}
              </Space>
            }
          >
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
              <Descriptions.Item label={t('请求对象', 'Subject')}>{subjectLink(a)}</Descriptions.Item>
              <Descriptions.Item label={t('提出镇街', 'Town')}>{a.townName ?? a.townCode}</Descriptions.Item>
              <Descriptions.Item label={t('提出人', 'Asked by')}>{`${a.requestedByName} ${fmtMinute(a.requestedAt)}`}</Descriptions.Item>
              <Descriptions.Item label={t('区级响应期限', 'Answer by')}>
                <Typography.Text type={a.overdue ? 'danger' : undefined}>{a.responseDueDay}</Typography.Text>
              </Descriptions.Item>
              {a.answeredAt && <Descriptions.Item label={t('响应', 'Answered')}>{`${a.answeredByName ?? ''} ${fmtMinute(a.answeredAt)}`}</Descriptions.Item>}
              {a.leadUnitName && <Descriptions.Item label={t('牵头单位', 'Lead unit')}>{a.leadUnitName}</Descriptions.Item>}
              {a.officers.length > 0 && (
                <Descriptions.Item label={t('执法人员', 'Officers')}>{a.officers.map((o) => `${o.name}（${o.licenceNumber}）`).join('、')}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('请求理由', 'Reason')} span={3}>
                {a.reason}
              </Descriptions.Item>
              {a.declineReason && <Descriptions.Item label={t('不予受理理由', 'Declined')}>{a.declineReason}</Descriptions.Item>}
              {a.withdrawReason && <Descriptions.Item label={t('撤回理由', 'Withdrawn')}>{a.withdrawReason}</Descriptions.Item>}
              {a.resultSummary && <Descriptions.Item label={t('处置情况', 'Result')}>{a.resultSummary}</Descriptions.Item>}
              {a.records.length > 0 && (
                <Descriptions.Item label={t('形成的检查和案件', 'Records produced')} span={3}>
                  <Space wrap>
                    {a.records.map((r) => (
                      <Link key={r.id} to={r.kind === 'case' ? `/cases/${r.id}` : `/inspections/${r.id}`}>
                        {r.label}
                      </Link>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
          </PageCard>
          <Card title={t('处置过程', 'Work log')} size="small">
            <Timeline
              items={a.timeline.map((e) => ({
                color: e.action === 'response_overdue' ? 'red' : e.toState === 'closed' ? 'green' : 'blue',
                children: (
                  <Space direction="vertical" size={0}>
                    <span>
                      <Typography.Text strong>{eventLabel(e.action)}</Typography.Text>
                      {e.toState && e.toState !== e.fromState ? ` → ${stateLabel(e.toState)}` : ''}
                    </span>
                    <Typography.Text type="secondary">{`${fmtTime(e.at)} ${e.actorName ?? ''}`}</Typography.Text>
                    {e.note && <span style={{ whiteSpace: 'pre-wrap' }}>{e.note}</span>}
                  </Space>
                ),
              }))}
            />
          </Card>
          {dialog && <ActionDialog a={a} action={dialog} onClose={() => setDialog(undefined)} />}
        </Flex>
      )}
    </RecordView>
  );
}
