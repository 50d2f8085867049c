// 立案申请: the case team (at least two officers with a valid 行政执法证, 行政处罚法 §42), the place, and the
// parties — 一案双罚: the unit and its principal, each with its own violation, basis, discretion level and
// penalty; the discretion standard suggests the range, and a penalty outside it needs a written reason.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { CASE_SOURCES, DISCRETION_LEVELS, PARTY_KINDS, PENALTY_KINDS } from '../../../../shared/cases.ts';
import { api } from '../../app/api';
import { t } from '../../app/i18n';
import { Field, FieldRow, required, SaveForm } from '../../components/FormParts';
import { usePlaces } from '../../components/places';
import { caseKeys, type Discretion, fenOf, useDiscretion, useOfficers } from './api';
import { levelLabel, partyKindLabel, penaltyKindLabel, sourceLabel } from './shared';

interface PartyValues {
  kind: 'unit' | 'person';
  name: string;
  creditCode?: string;
  idNumber?: string;
  role?: string;
  violation: string;
  article: string;
  penaltyArticle: string;
  level: string;
  penaltyKind: string;
  fineYuan?: number;
  incomeYuan?: number;
  incomePercent?: number;
  dailyYuan?: number;
  dailyDays?: number;
  outsideReason?: string;
}
interface Values {
  title: string;
  cause: string;
  source: string;
  jurisdictionCode: string;
  facts?: string;
  officerIds: string[];
  parties: PartyValues[];
}

/** The discretion row for a party (same article, party kind and level), as the server would pick it. */
export function suggestion(rows: Discretion[], p: Partial<PartyValues> | undefined): Discretion | undefined {
  const article = p?.penaltyArticle?.trim();
  if (!article || !p?.kind || !p.level) return undefined;
  return rows.find((d) => d.active && d.article === article && d.partyKind === p.kind && d.level === p.level);
}
export const rangeOf = (d: Discretion) =>
  d.minPercent !== null
    ? t(`上一年年收入的 ${d.minPercent}%–${d.maxPercent}%`, `${d.minPercent}–${d.maxPercent}% of last year's income`)
    : `${(d.minFen ?? 0) / 100}–${(d.maxFen ?? 0) / 100} 元`;

function PartyFields({ index, remove }: { index: number; remove?: () => void }) {
  const form = Form.useFormInstance<Values>();
  const party = Form.useWatch(['parties', index], form) as PartyValues | undefined;
  const discretion = useDiscretion();
  const d = suggestion(discretion.data?.items ?? [], party);
  return (
    <Card
      size="small"
      title={`${t('当事人', 'Party')} ${index + 1}`}
      extra={remove && <Button type="text" icon={<MinusCircleOutlined />} onClick={remove} aria-label={t('删除当事人', 'Remove party')} />}
      style={{ marginBottom: 12 }}
    >
      <FieldRow>
        <Field span={6} name={[index, 'kind']} label={t('类型', 'Kind')} rules={[required(true)]}>
          <Select options={PARTY_KINDS.map((k) => ({ value: k, label: partyKindLabel(k) }))} />
        </Field>
        <Field span={10} name={[index, 'name']} label={t('名称/姓名', 'Name')} rules={[required()]}>
          <Input />
        </Field>
        {party?.kind === 'person' ? (
          <Field span={8} name={[index, 'idNumber']} label={t('身份证号', 'ID number')}>
            <Input />
          </Field>
        ) : (
          <Field span={8} name={[index, 'creditCode']} label={t('统一社会信用代码', 'Credit code')}>
            <Input />
          </Field>
        )}
        {party?.kind === 'person' && (
          <Field span={8} name={[index, 'role']} label={t('身份（主要负责人等）', 'Role')}>
            <Input />
          </Field>
        )}
        <Field span={16} name={[index, 'violation']} label={t('违法行为', 'Violation')} rules={[required()]}>
          <Input />
        </Field>
        <Field span={12} name={[index, 'article']} label={t('违反条款', 'Article violated')} rules={[required()]}>
          <Input placeholder="安全生产法第二十八条" />
        </Field>
        <Field span={12} name={[index, 'penaltyArticle']} label={t('处罚依据', 'Penalty basis')} rules={[required()]}>
          <Input placeholder="安全生产法第九十七条" />
        </Field>
        <Field span={6} name={[index, 'level']} label={t('裁量等级', 'Discretion level')} rules={[required(true)]}>
          <Select options={DISCRETION_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))} />
        </Field>
        <Field span={6} name={[index, 'penaltyKind']} label={t('处罚种类', 'Penalty')} rules={[required(true)]}>
          <Select options={PENALTY_KINDS.map((k) => ({ value: k, label: penaltyKindLabel(k) }))} />
        </Field>
        <Field span={6} name={[index, 'fineYuan']} label={t('罚款（元）', 'Fine (yuan)')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Field>
        <Field
          span={6}
          name={[index, 'dailyYuan']}
          label={t('按日连续处罚（元/日）', 'Daily fine')}
          tooltip={t('安全生产法第一百一十二条', 'Work Safety Law §112')}
        >
          <InputNumber min={0} style={{ width: '100%' }} />
        </Field>
        {party?.kind === 'person' && (
          <>
            <Field
              span={8}
              name={[index, 'incomeYuan']}
              label={t('上一年年收入（元）', 'Last year income')}
              tooltip={t('安全生产法第九十五条：按年收入百分比处罚', '§95')}
            >
              <InputNumber min={0} style={{ width: '100%' }} />
            </Field>
            <Field span={8} name={[index, 'incomePercent']} label={t('百分比（%）', 'Percent')}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Field>
          </>
        )}
        {(party?.dailyYuan ?? 0) > 0 && (
          <Field span={8} name={[index, 'dailyDays']} label={t('连续处罚天数', 'Days')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Field>
        )}
        <Field span={24} name={[index, 'outsideReason']} label={t('超出裁量基准的理由', 'Reason for a penalty outside the range')}>
          <Input.TextArea rows={2} />
        </Field>
      </FieldRow>
      {d ? (
        <Alert
          type="info"
          showIcon
          message={t(`裁量基准：${d.violation}，${levelLabel(d.level)}，建议 ${rangeOf(d)}（${d.circumstances}）`, `Discretion: ${rangeOf(d)}`)}
        />
      ) : (
        <Typography.Text type="secondary">
          {t('填写处罚依据、当事人类型和裁量等级后显示裁量基准', 'The discretion range shows once the basis, kind and level are set')}
        </Typography.Text>
      )}
    </Card>
  );
}

const partyBody = (p: PartyValues) => ({
  kind: p.kind,
  name: p.name,
  creditCode: p.kind === 'unit' ? p.creditCode || undefined : undefined,
  idNumber: p.kind === 'person' ? p.idNumber || undefined : undefined,
  role: p.role || undefined,
  violation: p.violation,
  article: p.article,
  penaltyArticle: p.penaltyArticle,
  level: p.level,
  penaltyKind: p.penaltyKind,
  fineFen: p.incomeYuan !== undefined && p.incomePercent !== undefined ? undefined : fenOf(p.fineYuan),
  incomeFen: fenOf(p.incomeYuan),
  incomePercent: p.incomePercent ?? undefined,
  dailyFineFen: fenOf(p.dailyYuan),
  dailyDays: p.dailyDays ?? undefined,
  outsideReason: p.outsideReason || undefined,
});

export function NewCase() {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { townOptions } = usePlaces();
  const officers = useOfficers();
  const submit = async (v: Values) => {
    const res = await api.post<{ id: string }>('/api/cases', {
      title: v.title,
      cause: v.cause,
      source: v.source,
      jurisdictionCode: v.jurisdictionCode,
      facts: v.facts || undefined,
      officerIds: v.officerIds ?? [],
      parties: (v.parties ?? []).map(partyBody),
    });
    await qc.invalidateQueries({ queryKey: caseKeys.all });
    navigate(`/cases/${res.id}`);
  };
  return (
    <Card title={t('立案申请', 'File a case')} style={{ maxWidth: 1000 }}>
      <SaveForm<Values>
        form={form}
        onSubmit={submit}
        initialValues={{ source: 'inspection', parties: [{ kind: 'unit', level: 'general', penaltyKind: 'fine' } as PartyValues] }}
        buttons={<Button onClick={() => navigate('/cases')}>{t('取消', 'Cancel')}</Button>}
      >
        <Field span={12} name="title" label={t('案件名称', 'Title')} rules={[required()]}>
          <Input />
        </Field>
        <Field span={12} name="cause" label={t('案由', 'Cause')} rules={[required()]}>
          <Input />
        </Field>
        <Field span={8} name="source" label={t('案件来源', 'Source')} rules={[required(true)]}>
          <Select options={CASE_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) }))} />
        </Field>
        <Field span={8} name="jurisdictionCode" label={t('案发镇街', 'Town')} rules={[required(true)]}>
          <Select showSearch optionFilterProp="label" options={townOptions} />
        </Field>
        <Field span={8} name="officerIds" label={t('承办人（不少于两名持证执法人员）', 'Officers (at least two, licensed)')} rules={[required(true)]}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={(officers.data?.items ?? []).map((o) => ({ value: o.userId, label: `${o.name}（${o.licenceNumber}）` }))}
          />
        </Field>
        <Field span={24} name="facts" label={t('简要案情', 'Facts')}>
          <Input.TextArea rows={3} />
        </Field>
        <Field span={24} label={t('当事人（一案双罚：单位及其主要负责人或直接责任人员各列一方）', 'Parties')}>
          <Form.List name="parties">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Form.Item key={f.key} noStyle>
                    <PartyFields index={f.name} remove={fields.length > 1 ? () => remove(f.name) : undefined} />
                  </Form.Item>
                ))}
                <Divider style={{ margin: '8px 0' }} />
                <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'person', level: 'general', penaltyKind: 'fine' })}>
                  {t('添加当事人', 'Add a party')}
                </Button>
              </>
            )}
          </Form.List>
        </Field>
      </SaveForm>
    </Card>
  );
}
