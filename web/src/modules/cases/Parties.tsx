// The parties of a case (当事人, 一案双罚: the unit and its principal or the person directly responsible, each
// with its own violation, basis, discretion level and penalty), as form fields shared by 立案申请 and the case
// file's 修改当事人 (set_parties): the discretion standard suggests the range, a penalty outside it needs a
// written reason. Amounts are typed in yuan and sent in fen.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Form, Input, Select, Typography } from 'antd';
import type { Party } from '../../../../shared/cases.dto.ts';
import { DISCRETION_LEVELS, PARTY_KINDS, PENALTY_KINDS } from '../../../../shared/cases.ts';
import type { Enterprise } from '../../../../shared/registry.dto.ts';
import { t } from '../../app/i18n';
import { Field, FieldRow, NumberField, required } from '../../components/FormParts';
import { type Discretion, fenOf, useDiscretion } from './api';
import { levelLabel, partyKindLabel, penaltyKindLabel } from './shared';

export interface PartyValues {
  kind: 'unit' | 'person';
  name: string;
  creditCode?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
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

const text = (span: number, name: (string | number)[], label: string, placeholder?: string, rules = [required()]) => (
  <Field span={span} name={name} label={label} rules={rules}>
    <Input placeholder={placeholder} />
  </Field>
);

function PartyFields({ index, remove }: { index: number; remove?: () => void }) {
  const form = Form.useFormInstance();
  const party = Form.useWatch(['parties', index], form) as PartyValues | undefined;
  const discretion = useDiscretion();
  const d = suggestion(discretion.data?.items ?? [], party);
  const person = party?.kind === 'person';
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
        {text(10, [index, 'name'], t('名称/姓名', 'Name'))}
        {person
          ? text(8, [index, 'idNumber'], t('身份证号', 'ID number'), undefined, [])
          : text(8, [index, 'creditCode'], t('统一社会信用代码', 'Credit code'), undefined, [])}
        {person && text(8, [index, 'role'], t('身份（主要负责人等）', 'Role'), undefined, [])}
        {text(8, [index, 'phone'], t('联系电话', 'Phone'), undefined, [])}
        {!person && text(16, [index, 'address'], t('住所/地址', 'Address'), undefined, [])}
        {text(24, [index, 'violation'], t('违法行为', 'Violation'))}
        {text(12, [index, 'article'], t('违反条款', 'Article violated'), '安全生产法第二十八条')}
        {text(12, [index, 'penaltyArticle'], t('处罚依据', 'Penalty basis'), '安全生产法第九十七条')}
        <Field span={6} name={[index, 'level']} label={t('裁量等级', 'Discretion level')} rules={[required(true)]}>
          <Select options={DISCRETION_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))} />
        </Field>
        <Field span={6} name={[index, 'penaltyKind']} label={t('处罚种类', 'Penalty')} rules={[required(true)]}>
          <Select options={PENALTY_KINDS.map((k) => ({ value: k, label: penaltyKindLabel(k) }))} />
        </Field>
        <NumberField span={6} name={[index, 'fineYuan']} label={t('罚款（元）', 'Fine (yuan)')} />
        <NumberField
          span={6}
          name={[index, 'dailyYuan']}
          label={t('按日连续处罚（元/日）', 'Daily fine')}
          tooltip={t('安全生产法第一百一十二条', 'Work Safety Law §112')}
        />
        {person && (
          <NumberField
            span={8}
            name={[index, 'incomeYuan']}
            label={t('上一年年收入（元）', 'Last year income')}
            tooltip={t('安全生产法第九十五条：按年收入百分比处罚', '§95')}
          />
        )}
        {person && <NumberField span={8} name={[index, 'incomePercent']} label={t('百分比（%）', 'Percent')} max={100} />}
        {(party?.dailyYuan ?? 0) > 0 && <NumberField span={8} name={[index, 'dailyDays']} label={t('连续处罚天数', 'Days')} min={1} />}
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

/** A new party of a kind, with the usual level and penalty. */
export const newParty = (kind: PartyValues['kind'], over: Partial<PartyValues> = {}) =>
  ({ kind, level: 'general', penaltyKind: 'fine', ...over }) as PartyValues;

/** The `parties` list of the surrounding form: one card a party, a party can be added or removed (at least one). */
export function PartyList() {
  return (
    <Form.List name="parties">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Form.Item key={f.key} noStyle>
              <PartyFields index={f.name} remove={fields.length > 1 ? () => remove(f.name) : undefined} />
            </Form.Item>
          ))}
          <Divider style={{ margin: '8px 0' }} />
          <Button icon={<PlusOutlined />} onClick={() => add(newParty('person'))}>
            {t('添加当事人', 'Add a party')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** A party as the API takes it (amounts in fen; the fields of the other kind left out). */
export const partyBody = (p: PartyValues) => ({
  kind: p.kind,
  name: p.name,
  creditCode: p.kind === 'unit' ? p.creditCode || undefined : undefined,
  idNumber: p.kind === 'person' ? p.idNumber || undefined : undefined,
  phone: p.phone || undefined,
  address: p.address || undefined,
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

const yuanOf = (fen: number | null) => (fen === null || fen === 0 ? undefined : fen / 100);
/** The record's nulls as absent fields (a form leaves an empty input undefined). */
const withoutNulls = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

/** A party of the case file back into the form (fen → yuan; the amounts the server derives are not fields). */
export const partyValues = (p: Party): PartyValues => ({
  ...(withoutNulls(p) as Omit<PartyValues, 'fineYuan'>),
  role: p.role || undefined,
  fineYuan: p.incomePercent === null ? yuanOf(p.fineFen) : undefined,
  incomeYuan: yuanOf(p.incomeFen),
  dailyYuan: yuanOf(p.dailyFineFen),
  dailyDays: p.dailyDays || undefined,
});

/**
 * The parties an enterprise of the registry gives (一案双罚): the unit itself as the first party, and its
 * principal as a person unless the list already has one. What was typed about the violation stays.
 */
export function partiesFromEnterprise(parties: PartyValues[], e: Enterprise): PartyValues[] {
  const [first, ...rest] = parties.length ? parties : [newParty('unit')];
  const unit = { ...first, kind: 'unit' as const, name: e.name, creditCode: e.creditCode, address: e.address ?? undefined, phone: first.phone };
  const hasPerson = rest.some((p) => p.kind === 'person');
  const principal =
    e.principalName && !hasPerson ? [newParty('person', { name: e.principalName, phone: e.principalPhone ?? undefined, role: '主要负责人' })] : [];
  return [unit, ...rest, ...principal];
}
