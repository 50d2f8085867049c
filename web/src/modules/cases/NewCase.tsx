// 立案申请: the enterprise concerned (picked from the registry by name or credit code: it fills the place and
// the parties), the case team (at least two officers with a valid 行政执法证, 行政处罚法 §42), the place, and
// the parties (./Parties.tsx) — 一案双罚: the unit and its principal.
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select } from 'antd';
import { useNavigate } from 'react-router';
import { CASE_SOURCES } from '../../../../shared/cases.ts';
import type { Enterprise } from '../../../../shared/registry.dto.ts';
import { api } from '../../app/api';
import { t } from '../../app/i18n';
import { Field, required, SaveForm } from '../../components/FormParts';
import { usePlaces } from '../../components/places';
import { EnterprisePicker } from '../registry/shared';
import { caseKeys, useOfficers } from './api';
import { newParty, PartyList, type PartyValues, partiesFromEnterprise, partyBody } from './Parties';
import { sourceLabel } from './shared';

interface Values {
  title: string;
  cause: string;
  source: string;
  enterpriseId?: string;
  jurisdictionCode: string;
  facts?: string;
  officerIds: string[];
  parties: PartyValues[];
}

export function NewCase() {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { townOptions } = usePlaces();
  const officers = useOfficers();
  // Picking the enterprise fills its town and the parties (the unit and its principal) from the registry.
  const pickEnterprise = async (id: string | undefined) => {
    if (!id) return;
    const e = await api.get<Enterprise>(`/api/registry/enterprises/${id}`);
    form.setFieldsValue({ jurisdictionCode: e.townCode, parties: partiesFromEnterprise(form.getFieldValue('parties') ?? [], e) });
  };
  const submit = async (v: Values) => {
    const res = await api.post<{ id: string }>('/api/cases', {
      title: v.title,
      cause: v.cause,
      source: v.source,
      enterpriseId: v.enterpriseId || undefined,
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
        onValuesChange={(changed) => {
          if ('enterpriseId' in changed) void pickEnterprise(changed.enterpriseId);
        }}
        initialValues={{ source: 'inspection', parties: [newParty('unit')] }}
        buttons={<Button onClick={() => navigate('/cases')}>{t('取消', 'Cancel')}</Button>}
      >
        <Field span={12} name="title" label={t('案件名称', 'Title')} rules={[required()]}>
          <Input />
        </Field>
        <Field span={12} name="cause" label={t('案由', 'Cause')} rules={[required()]}>
          <Input />
        </Field>
        <Field
          span={12}
          name="enterpriseId"
          label={t('涉案企业（按名称或统一社会信用代码搜索）', 'Enterprise (search by name or credit code)')}
          tooltip={t('选择后自动填写镇街和当事人（单位及其主要负责人）', 'Fills the town and the parties')}
        >
          <EnterprisePicker withCode />
        </Field>
        <Field span={12} name="source" label={t('案件来源', 'Source')} rules={[required(true)]}>
          <Select options={CASE_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) }))} />
        </Field>
        <Field span={12} name="jurisdictionCode" label={t('案发镇街', 'Town')} rules={[required(true)]}>
          <Select showSearch optionFilterProp="label" options={townOptions} />
        </Field>
        <Field span={12} name="officerIds" label={t('承办人（不少于两名持证执法人员）', 'Officers (at least two, licensed)')} rules={[required(true)]}>
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
          <PartyList />
        </Field>
      </SaveForm>
    </Card>
  );
}
