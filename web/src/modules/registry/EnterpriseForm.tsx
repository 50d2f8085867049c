// Create or edit an enterprise. The credit code is checked as you type (same GB 32100 rule as the server);
// whatever the server still rejects comes back onto the field it names.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import {
  checkCreditCode,
  ENTERPRISE_STATUS_NAMES,
  HAISHU_BBOX,
  INDUSTRY_MAJORS,
  RISK_GRADE_LABELS,
  RISK_GRADES,
  SPECIAL_CATEGORIES,
  STANDARDIZATION_NAMES,
  SUPERVISING_LEVEL_NAMES,
} from '../../../../shared/registry.ts';
import { api } from '../../app/api';
import type { Enterprise } from '../../../../shared/registry.dto.ts';
import { usePlaces } from '../../components/places';
import { DateFields, Field, required, SaveForm } from '../../components/FormParts';
import { PageCard } from '../../components/PageCard';
import { t } from '../../app/i18n';
import { labelOptions } from '../../components/LabelTag';

const DATE_FIELDS = ['dishonestFrom', 'dishonestUntil'] as const;

export function EnterpriseForm() {
  const { id } = useParams();
  const editing = !!id;
  const [form] = Form.useForm();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { towns, departments } = usePlaces();
  const townCode = Form.useWatch('townCode', form);
  const current = useQuery({
    queryKey: ['registry', 'enterprise', id],
    queryFn: () => api.get<Enterprise>(`/api/registry/enterprises/${id}`),
    enabled: editing,
  });

  const save = async (values: Record<string, unknown>) => {
    const body: Record<string, unknown> = { ...values };
    for (const k of DATE_FIELDS) body[k] = values[k] ? dayjs(values[k] as dayjs.Dayjs).format('YYYY-MM-DD') : null;
    for (const k of [
      'address',
      'villageCode',
      'industryCode',
      'industryName',
      'principalName',
      'principalPhone',
      'safetyManagerName',
      'safetyManagerPhone',
      'creditRating',
      'riskGrade',
    ])
      if (body[k] === '' || body[k] === undefined) body[k] = null;
    if (body.lon === undefined) body.lon = null;
    if (body.lat === undefined) body.lat = null;
    if (body.headcount === undefined) body.headcount = null;
    const e = await (editing
      ? api.put<Enterprise>(`/api/registry/enterprises/${id}`, { ...body, version: current.data?.version })
      : api.post<Enterprise>('/api/registry/enterprises', body));
    qc.invalidateQueries({ queryKey: ['registry'] });
    message.success(editing ? t('已保存', 'Saved') : t('已登记', 'Created'));
    navigate(`/registry/enterprises/${e.id}`);
  };

  if (editing && !current.data) return <PageCard loading />;
  const initial = current.data
    ? {
        ...current.data,
        dishonestFrom: current.data.dishonestFrom ? dayjs(current.data.dishonestFrom) : undefined,
        dishonestUntil: current.data.dishonestUntil ? dayjs(current.data.dishonestUntil) : undefined,
      }
    : {
        categories: [],
        standardizationLevel: 'none',
        supervisingLevel: 'town',
        supervisingDeptCode: '330203D01',
        keyUnit: false,
        status: 'active',
        iotDeviceCount: 0,
      };
  const villages = towns.find((t) => t.code === townCode)?.children ?? [];

  return (
    <PageCard title={editing ? t(`修改企业：${current.data?.name}`, 'Edit enterprise') : t('登记企业', 'New enterprise')}>
      <SaveForm<Record<string, unknown>>
        form={form}
        initialValues={initial}
        onSubmit={save}
        onValuesChange={(changed) => {
          if ('townCode' in changed) form.setFieldValue('villageCode', undefined);
        }}
        buttons={<Button onClick={() => navigate(-1)}>{t('取消', 'Cancel')}</Button>}
      >
        <Field
          span={8}
          name="creditCode"
          label={t('统一社会信用代码', 'Unified social credit code')}
          rules={[
            { required: true, message: t('请填写信用代码', 'Required') },
            {
              validator: async (_, v: string) => {
                if (!v) return;
                const c = checkCreditCode(v);
                if (!c.ok) throw new Error(t(`统一社会信用代码${c.reason}`, `Credit code ${c.reasonEn}`));
              },
            },
          ]}
          normalize={(v: string) => v?.toUpperCase().trim()}
          extra={t('小写字母自动转为大写', 'Lower-case letters become capitals')}
        >
          <Input maxLength={18} placeholder="91330203MA2XXXXXXX" />
        </Field>
        <Field span={16} name="name" label={t('企业名称', 'Name')} rules={[{ required: true, message: t('请填写企业名称', 'Required') }]}>
          <Input maxLength={100} />
        </Field>
        <Field span={6} name="townCode" label={t('所在镇（乡、街道）', 'Town')} rules={[required(true)]}>
          <Select options={towns.map((t) => ({ value: t.code, label: t.name }))} />
        </Field>
        <Field span={6} name="villageCode" label={t('村（社区）', 'Village')}>
          <Select allowClear showSearch optionFilterProp="label" options={villages.map((v) => ({ value: v.code, label: v.name }))} />
        </Field>
        <Field span={12} name="address" label={t('生产经营地址', 'Address')}>
          <Input maxLength={200} />
        </Field>
        <Field span={6} name="lon" label={t(`经度（${HAISHU_BBOX.minLon}–${HAISHU_BBOX.maxLon}）`, 'Longitude')}>
          <InputNumber style={{ width: '100%' }} step={0.0001} />
        </Field>
        <Field span={6} name="lat" label={t(`纬度（${HAISHU_BBOX.minLat}–${HAISHU_BBOX.maxLat}）`, 'Latitude')}>
          <InputNumber style={{ width: '100%' }} step={0.0001} />
        </Field>
        <Field span={6} name="industryCode" label={t('行业代码（GB/T 4754）', 'Industry code')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={Object.entries(INDUSTRY_MAJORS).map(([c, m]) => ({ value: c, label: `${c} ${m.name}` }))}
            onChange={(c) => form.setFieldValue('industryName', c ? INDUSTRY_MAJORS[c]?.name : undefined)}
          />
        </Field>
        <Field span={6} name="industryName" label={t('行业名称', 'Industry name')}>
          <Input maxLength={60} />
        </Field>
        <Field span={12} name="categories" label={t('特殊类别', 'Special categories')}>
          <Select mode="multiple" options={SPECIAL_CATEGORIES.map((c) => ({ value: c.key, label: c.sixKinds ? `${c.zh}（六类）` : c.zh }))} />
        </Field>
        <Field span={4} name="headcount" label={t('从业人数', 'Headcount')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Field>
        <Field span={4} name="riskGrade" label={t('风险等级', 'Risk grade')}>
          <Select allowClear options={RISK_GRADES.map((g) => ({ value: g, label: RISK_GRADE_LABELS[g].zh }))} />
        </Field>
        <Field span={4} name="standardizationLevel" label={t('安全生产标准化', 'Standardization')}>
          <Select options={labelOptions(Object.keys(STANDARDIZATION_NAMES), STANDARDIZATION_NAMES)} />
        </Field>
        {(
          [
            ['principalName', t('主要负责人', 'Principal'), 6, 40],
            ['principalPhone', t('负责人电话', 'Principal phone'), 6, 20],
            ['safetyManagerName', t('安全管理人员', 'Safety manager'), 6, 40],
            ['safetyManagerPhone', t('安全管理人员电话', 'Safety manager phone'), 6, 20],
            ['creditRating', t('信用等级', 'Credit rating'), 4, 20],
          ] as const
        ).map(([name, label, span, max]) => (
          <Field key={name} span={span} name={name} label={label}>
            <Input maxLength={max} />
          </Field>
        ))}
        <DateFields
          span={5}
          fields={DATE_FIELDS.map(
            (k) => [k, k === 'dishonestFrom' ? t('严重失信列入日期', 'Dishonest from') : t('失信截止（空为 3 年）', 'Until (default 3 years)')] as const,
          )}
        />
        <Field span={4} name="supervisingLevel" label={t('监管层级', 'Supervising level')}>
          <Select options={labelOptions(Object.keys(SUPERVISING_LEVEL_NAMES), SUPERVISING_LEVEL_NAMES)} />
        </Field>
        <Field span={6} name="supervisingDeptCode" label={t('监管部门', 'Department')}>
          <Select options={departments.map((d) => ({ value: d.code, label: d.name }))} />
        </Field>
        <Field span={4} name="keyUnit" label={t('区级重点执法单位', 'Key enforcement unit')} valuePropName="checked">
          <Switch />
        </Field>
        <Field span={4} name="iotDeviceCount" label={t('物联感知设备数', 'IoT devices')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Field>
        <Field span={4} name="status" label={t('经营状态', 'Status')}>
          <Select options={labelOptions(Object.keys(ENTERPRISE_STATUS_NAMES), ENTERPRISE_STATUS_NAMES)} />
        </Field>
      </SaveForm>
    </PageCard>
  );
}
