// 新建双随机抽查: a wizard — filters over the registry → the pool preview with counts → parameters → save and
// commit (the witness gives the hash of their secret) → the draw's page, where the draw itself is made.
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Statistic, Steps, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { DEFAULT_RECUSAL_WINDOW_DAYS, ENTERPRISE_SCALES, SCALE_HEADCOUNT } from '../../../../shared/draws.ts';
import type { PoolPreview } from '../../../../shared/draws.dto.ts';
import { RISK_GRADE_LABELS, RISK_GRADES, SPECIAL_CATEGORIES, STANDARDIZATION_LEVELS, STANDARDIZATION_NAMES } from '../../../../shared/registry.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { t } from '../../app/i18n';
import { Field, FieldRow, FormError, required, TableCard } from '../../components/FormParts';
import { applyFieldErrors } from '../../components/formErrors';
import { labelOf } from '../../components/LabelTag';
import { PageCard, PageNote } from '../../components/PageCard';
import { usePlaces } from '../../components/places';
import { drawKeys, randomSecret, sha256Hex } from './api';

interface Values {
  title: string;
  unitCode: string;
  towns?: string[];
  categories?: string[];
  industries?: string;
  scales?: string[];
  keyUnit?: 'yes' | 'no';
  riskGrades?: string[];
  standardizationLevels?: string[];
  entityCount: number;
  inspectorsPerEntity: number;
  crossArea: boolean;
  recusalWindowDays: number;
  dueDate: Dayjs;
  witnessName: string;
  secret: string;
}

const setupOf = (v: Values) => ({
  unitCode: v.unitCode,
  filter: {
    ...(v.towns?.length ? { towns: v.towns } : {}),
    ...(v.categories?.length ? { categories: v.categories } : {}),
    ...(v.industries?.trim() ? { industries: v.industries.split(/[,，\s]+/).filter(Boolean) } : {}),
    ...(v.scales?.length ? { scales: v.scales } : {}),
    ...(v.keyUnit ? { keyUnit: v.keyUnit === 'yes' } : {}),
    ...(v.riskGrades?.length ? { riskGrades: v.riskGrades } : {}),
    ...(v.standardizationLevels?.length ? { standardizationLevels: v.standardizationLevels } : {}),
  },
  params: {
    entityCount: v.entityCount,
    inspectorsPerEntity: v.inspectorsPerEntity,
    crossArea: v.crossArea,
    recusalWindowDays: v.recusalWindowDays,
    dueDate: v.dueDate?.format('YYYY-MM-DD'),
  },
});

/** A breakdown of the preview: a name and a count per row. */
function CountCard({ title, rows, name, count }: { title: string; rows: { code: string; name: string; count: number }[]; name: string; count: string }) {
  return (
    <TableCard
      title={title}
      rowKey="code"
      dataSource={rows}
      columns={[
        { title: name, dataIndex: 'name' },
        { title: count, dataIndex: 'count', width: 90 },
      ]}
    />
  );
}

export function NewDraw() {
  const [form] = Form.useForm<Values>();
  const { townOptions } = usePlaces();
  const { me: user } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [step, setStep] = useState(0);
  const [preview, setPreview] = useState<PoolPreview>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const all = () => form.getFieldsValue(true) as Values;
  const runPreview = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setPreview(await api.post<PoolPreview>('/api/draws/preview', setupOf(all())));
      setStep(1);
    } catch (e) {
      setError(applyFieldErrors(form, e));
    } finally {
      setBusy(false);
    }
  };
  const next = async (fields: (keyof Values)[], then: () => Promise<void> | void) => {
    try {
      await form.validateFields(fields);
    } catch {
      return;
    }
    await then();
  };
  const commit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const v = all();
      const created = await api.post<{ id: string }>('/api/draws', { title: v.title, ...setupOf(v) });
      await api.post(`/api/draws/${created.id}/commit`, { witnessName: v.witnessName, witnessHash: await sha256Hex(v.secret) });
      await qc.invalidateQueries({ queryKey: drawKeys.all });
      navigate(`/draws/${created.id}`);
    } catch (e) {
      setError(applyFieldErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageCard title={t('新建双随机抽查', 'New random inspection draw')}>
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[
          { title: t('圈定对象', 'Filters') },
          { title: t('名录预览', 'Pool preview') },
          { title: t('抽取参数', 'Parameters') },
          { title: t('公示承诺', 'Commit') },
        ]}
      />
      <FormError error={error} onClose={() => setError(undefined)} />
      <Form<Values>
        form={form}
        layout="vertical"
        preserve
        initialValues={{
          unitCode: user?.unitCode?.length === 9 ? user.unitCode : '330203',
          entityCount: 10,
          inspectorsPerEntity: 2,
          crossArea: true,
          recusalWindowDays: DEFAULT_RECUSAL_WINDOW_DAYS,
          dueDate: dayjs().add(60, 'day'),
        }}
      >
        <div style={{ display: step === 0 ? undefined : 'none' }}>
          <FieldRow>
            <Field span={16} name="title" label={t('抽查名称', 'Title')} rules={[required()]}>
              <Input maxLength={100} placeholder={t('如：2026年第三季度工贸企业“双随机”抽查', 'e.g. Q3 2026 random inspections')} />
            </Field>
            <Field span={8} name="unitCode" label={t('组织单位（执法人员来自该单位及下属）', 'Organising unit')} rules={[required(true)]}>
              <Select options={[{ value: '330203', label: t('海曙区应急管理局', 'District bureau') }, ...townOptions]} />
            </Field>
            <Field span={12} name="towns" label={t('镇街（不选为全部）', 'Towns')}>
              <Select mode="multiple" allowClear options={townOptions} />
            </Field>
            <Field span={12} name="categories" label={t('行业类别', 'Categories')}>
              <Select mode="multiple" allowClear options={SPECIAL_CATEGORIES.map((c) => ({ value: c.key, label: c.zh }))} />
            </Field>
            <Field span={8} name="industries" label={t('国民经济行业代码（逗号分隔，如 26, 3311）', 'Industry codes')}>
              <Input maxLength={120} />
            </Field>
            <Field span={8} name="scales" label={t('企业规模', 'Scale')}>
              <Select mode="multiple" allowClear options={ENTERPRISE_SCALES.map((s) => ({ value: s, label: SCALE_HEADCOUNT[s].zh }))} />
            </Field>
            <Field span={8} name="keyUnit" label={t('重点单位', 'Key units')}>
              <Select
                allowClear
                options={[
                  { value: 'yes', label: t('仅重点单位', 'Key units only') },
                  { value: 'no', label: t('排除重点单位', 'Exclude key units') },
                ]}
              />
            </Field>
            <Field span={12} name="riskGrades" label={t('风险等级', 'Risk grade')}>
              <Select mode="multiple" allowClear options={RISK_GRADES.map((g) => ({ value: g, label: labelOf(RISK_GRADE_LABELS, g) }))} />
            </Field>
            <Field span={12} name="standardizationLevels" label={t('标准化等级', 'Standardization')}>
              <Select mode="multiple" allowClear options={STANDARDIZATION_LEVELS.map((g) => ({ value: g, label: labelOf(STANDARDIZATION_NAMES, g) }))} />
            </Field>
          </FieldRow>
          <Button type="primary" loading={busy} onClick={() => next(['title', 'unitCode'], runPreview)} data-testid="to-preview">
            {t('预览名录', 'Preview the pools')}
          </Button>
        </div>

        {step === 1 && preview && (
          <div>
            <Row gutter={[12, 12]}>
              <Col xs={12} md={6}>
                <Statistic title={t('检查对象名录', 'Enterprises')} value={preview.entityCount} suffix={t('家', '')} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('持证执法人员', 'Licensed inspectors')} value={preview.inspectorCount} suffix={t('人', '')} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('回避关系', 'Exclusions')} value={preview.exclusionCount} suffix={t('对', '')} />
              </Col>
            </Row>
            {preview.problem && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={preview.problem} data-testid="preview-problem" />}
            <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
              <Col xs={24} md={12}>
                <CountCard title={t('按镇街', 'By town')} rows={preview.byTown} name={t('镇街', 'Town')} count={t('企业数', 'Enterprises')} />
              </Col>
              <Col xs={24} md={12}>
                <CountCard title={t('执法人员所在单位', 'Inspectors by unit')} rows={preview.byUnit} name={t('单位', 'Unit')} count={t('人数', 'Inspectors')} />
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('示例：', 'Sample: ')}
              {preview.sample
                .slice(0, 8)
                .map((e) => e.name)
                .join('、')}
            </Typography.Paragraph>
            <Space>
              <Button onClick={() => setStep(0)}>{t('上一步', 'Back')}</Button>
              <Button type="primary" disabled={preview.entityCount === 0} onClick={() => setStep(2)} data-testid="to-params">
                {t('下一步', 'Next')}
              </Button>
            </Space>
          </div>
        )}

        <div style={{ display: step === 2 ? undefined : 'none' }}>
          <FieldRow>
            <Field span={6} name="entityCount" label={t('抽取企业数', 'Enterprises to draw')} rules={[required()]}>
              <InputNumber min={1} max={5000} style={{ width: '100%' }} />
            </Field>
            <Field span={6} name="inspectorsPerEntity" label={t('每家执法人员数（不少于 2）', 'Inspectors each (≥ 2)')} rules={[required()]}>
              <InputNumber min={2} max={5} style={{ width: '100%' }} />
            </Field>
            <Field span={6} name="recusalWindowDays" label={t('回避期（天内检查过的不再派）', 'Recusal window (days)')} rules={[required()]}>
              <InputNumber min={0} max={1095} style={{ width: '100%' }} />
            </Field>
            <Field span={6} name="dueDate" label={t('完成期限', 'Due date')} rules={[required(true)]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day')} />
            </Field>
            <Field span={24} name="crossArea" label={t('交叉检查（镇街执法人员不检查本镇街企业）', 'Cross-area inspection')} valuePropName="checked">
              <Switch />
            </Field>
          </FieldRow>
          <Space>
            <Button onClick={() => setStep(1)}>{t('上一步', 'Back')}</Button>
            <Button
              type="primary"
              loading={busy}
              onClick={() =>
                next(['entityCount', 'inspectorsPerEntity', 'recusalWindowDays', 'dueDate'], async () => {
                  await runPreview();
                  setStep(3);
                })
              }
              data-testid="to-commit"
            >
              {t('下一步', 'Next')}
            </Button>
          </Space>
        </div>

        <div style={{ display: step === 3 ? undefined : 'none' }}>
          {preview?.problem && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={preview.problem} />}
          <PageNote>
            {t(
              '公示承诺后，名录和参数即被锁定，承诺值（对名录和参数的 SHA-256）立即公开；抽取时由见证人输入其随机数，随机种子由承诺值、局随机数（服务器生成，抽取时公开）和见证人随机数共同决定。',
              'Publishing fixes the pools and parameters and makes the commitment public; at the draw the witness enters the secret whose hash is given here.',
            )}
          </PageNote>
          <FieldRow>
            <Field span={12} name="witnessName" label={t('见证人（第二人，如纪检监察或企业代表）', 'Witness')} rules={step === 3 ? [required()] : []}>
              <Input maxLength={50} />
            </Field>
            <Field
              span={12}
              name="secret"
              label={t('见证人随机数（见证人保管，只提交其哈希）', 'Witness secret (only its hash is sent)')}
              rules={step === 3 ? [required(), { min: 8, message: t('至少 8 个字符', 'At least 8 characters') }] : []}
              extra={
                <Button size="small" type="link" style={{ padding: 0 }} onClick={() => form.setFieldValue('secret', randomSecret())}>
                  {t('在本设备生成随机数', 'Generate on this device')}
                </Button>
              }
            >
              <Input.Password maxLength={200} />
            </Field>
          </FieldRow>
          <Space>
            <Button onClick={() => setStep(2)}>{t('上一步', 'Back')}</Button>
            <Button type="primary" loading={busy} disabled={!!preview?.problem} onClick={() => next(['witnessName', 'secret'], commit)} data-testid="commit">
              {t('保存并公示承诺', 'Save and publish')}
            </Button>
          </Space>
        </div>
      </Form>
    </PageCard>
  );
}
