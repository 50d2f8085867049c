// 检查计划: the plans of the caller's units (routine plans and special campaigns), and 编制计划 in a modal.
import { useQueryClient } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  CAMPAIGN_KINDS,
  CAMPAIGN_METRIC_NAMES,
  CAMPAIGN_METRICS,
  CAMPAIGN_KIND_NAMES,
  PLAN_KIND_NAMES,
  PLAN_KINDS,
  PLAN_STATES,
} from '../../../../shared/plans.ts';
import type { PlanDetail } from '../../../../shared/plans.dto.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { t } from '../../app/i18n';
import { Field, FieldRow, FormModal, required } from '../../components/FormParts';
import { labelOf, labelOptions } from '../../components/LabelTag';
import { linkColumn, ListPage, optionsOf, selectFilter } from '../../components/ListPage';
import { PlaceName, usePlaces } from '../../components/places';
import { type Plan, planKeys } from './api';
import { KindTag, periodText, PlanStateTag, stateLabel } from './shared';

const thisYear = new Date().getFullYear();

export function PlanList() {
  const { can } = useAuth();
  const [creating, setCreating] = useState(false);
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: `${y}` }));
  return (
    <>
      <ListPage<Plan>
        title={t('监督检查计划与专项检查', 'Inspection plans and campaigns')}
        add={{ show: can('inspection:write'), onClick: () => setCreating(true), label: t('编制计划', 'New plan') }}
        filters={[
          selectFilter('kind', t('类型', 'Kind'), labelOptions(PLAN_KINDS, PLAN_KIND_NAMES)),
          selectFilter('state', t('状态', 'State'), optionsOf(PLAN_STATES, stateLabel), { multiple: true }),
          selectFilter('year', t('年度', 'Year'), years, { width: 110 }),
        ]}
        url="/api/plans"
        queryKey={planKeys.list}
        empty={{ text: t('还没有检查计划：编制本年度的监督检查计划', 'No plans yet: draw up this year’s plan') }}
        columns={[
          linkColumn(t('计划名称', 'Title'), 'title', (r) => `/plans/${r.id}`, { card: 'title' }),
          { title: t('编号', 'Code'), dataIndex: 'code', width: 130 },
          { title: t('类型', 'Kind'), dataIndex: 'kind', width: 170, render: (v, r) => <KindTag kind={v} campaign={r.campaignKind} /> },
          { title: t('单位', 'Unit'), dataIndex: 'jurisdictionCode', width: 120, render: (v) => <PlaceName code={v} /> },
          { title: t('期间', 'Period'), dataIndex: 'year', width: 190, render: (_, r) => periodText(r) },
          { title: t('状态', 'State'), dataIndex: 'state', width: 100, render: (v) => <PlanStateTag state={v} /> },
        ]}
      />
      {creating && <NewPlanModal onClose={() => setCreating(false)} />}
    </>
  );
}

interface NewPlanValues {
  kind: 'routine' | 'campaign';
  campaignKind?: string;
  jurisdictionCode: string;
  year: number;
  quarter?: number;
  period?: [Dayjs, Dayjs];
  title?: string;
  drawSharePct?: number;
  description?: string;
  targets?: Record<string, number | null>;
}

function NewPlanModal({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { me } = useAuth();
  const { townOptions } = usePlaces();
  const [form] = Form.useForm<NewPlanValues>();
  const kind = Form.useWatch('kind', form) ?? 'routine';
  // A town station plans for its own town; the bureau for the district and any town.
  const ownTown = me?.unitCode && /^\d{9}$/.test(me.unitCode) ? me.unitCode : undefined;
  const units = [{ value: '330203', label: t('海曙区应急管理局（区级）', 'District bureau') }, ...townOptions].filter((u) => !ownTown || u.value === ownTown);
  return (
    <FormModal<NewPlanValues>
      form={form}
      title={t('编制检查计划', 'New plan')}
      width={760}
      onClose={onClose}
      initialValues={{ kind: 'routine', year: thisYear, jurisdictionCode: units[0]?.value, drawSharePct: 70 }}
      onSubmit={async (v) => {
        const targets = Object.fromEntries(Object.entries(v.targets ?? {}).filter(([, n]) => typeof n === 'number'));
        const p = await api.post<PlanDetail>('/api/plans', {
          kind: v.kind,
          jurisdictionCode: v.jurisdictionCode,
          year: v.year,
          ...(v.quarter && { quarter: v.quarter }),
          ...(v.title?.trim() && { title: v.title.trim() }),
          ...(v.description?.trim() && { description: v.description.trim() }),
          ...(v.kind === 'routine' && { drawSharePct: v.drawSharePct }),
          ...(v.kind === 'campaign' && {
            campaignKind: v.campaignKind,
            ...(v.period && { periodStart: v.period[0].format('YYYY-MM-DD'), periodEnd: v.period[1].format('YYYY-MM-DD') }),
            ...(Object.keys(targets).length > 0 && { targets }),
          }),
        });
        qc.invalidateQueries({ queryKey: planKeys.all });
        navigate(`/plans/${p.plan.id}`);
      }}
    >
      <FieldRow>
        <Field span={12} name="kind" label={t('计划类型', 'Kind')} rules={[required(true)]}>
          <Select options={labelOptions(PLAN_KINDS, PLAN_KIND_NAMES)} />
        </Field>
        <Field span={12} name="jurisdictionCode" label={t('编制单位', 'Unit')} rules={[required(true)]}>
          <Select options={units} showSearch optionFilterProp="label" />
        </Field>
        <Field span={8} name="year" label={t('年度', 'Year')} rules={[required()]}>
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Field>
        <Field span={8} name="quarter" label={t('季度（不选为年度计划）', 'Quarter (none: annual)')}>
          <Select allowClear options={[1, 2, 3, 4].map((q) => ({ value: q, label: t(`第${q}季度`, `Q${q}`) }))} />
        </Field>
        {kind === 'routine' ? (
          <Field span={8} name="drawSharePct" label={t('双随机抽查占比（%）', 'Random-draw share (%)')}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Field>
        ) : (
          <Field span={8} name="campaignKind" label={t('专项类型', 'Campaign kind')} rules={[required(true)]}>
            <Select options={labelOptions(CAMPAIGN_KINDS, CAMPAIGN_KIND_NAMES)} />
          </Field>
        )}
        <Field span={kind === 'campaign' ? 12 : 24} name="title" label={t('计划名称（可不填，自动生成）', 'Title (optional)')}>
          <Input maxLength={100} />
        </Field>
        {kind === 'campaign' && (
          <Field span={12} name="period" label={t('专项期间', 'Period')}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Field>
        )}
        {kind === 'campaign' &&
          CAMPAIGN_METRICS.map((m) => (
            <Field key={m} span={6} name={['targets', m]} label={`${t('目标', 'Target')}：${labelOf(CAMPAIGN_METRIC_NAMES, m)}`}>
              <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} addonAfter={CAMPAIGN_METRIC_NAMES[m].unit} />
            </Field>
          ))}
        <Field name="description" label={t('说明', 'Description')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Field>
      </FieldRow>
    </FormModal>
  );
}
