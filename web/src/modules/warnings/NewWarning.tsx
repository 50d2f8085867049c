// 起草预警: type, level, text, validity, and the area — towns/villages picked from the tree, or drawn.
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Select, Space, Tabs, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { EVENT_TYPES, WARNING_LEVELS } from '../../../../shared/warnings.ts';
import { api } from '../../app/api';
import { AreaMap, type DrawnArea } from './AreaMap';
import { levelLabel } from './shared';
import { applyFieldErrors } from '../../components/formErrors';
import { usePlaces } from '../../components/places';
import { t } from '../../app/i18n';

interface FormValues {
  eventType: string;
  level: string;
  headline?: string;
  description: string;
  instruction?: string;
  onset?: Dayjs;
  expires: Dayjs;
  geocodes?: string[];
  areaDesc?: string;
  area?: unknown;
}

export function NewWarning() {
  const [form] = Form.useForm<FormValues>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const supersedes = params.get('supersedes') ?? undefined;
  const { message } = App.useApp();
  const { jurisdictionOptions } = usePlaces();
  const [areaTab, setAreaTab] = useState('codes');
  const [drawn, setDrawn] = useState<DrawnArea>({ polygons: [], circles: [] });
  const [error, setError] = useState<string>();
  const onDrawn = useCallback((v: DrawnArea) => setDrawn(v), []);

  const save = useMutation({
    mutationFn: (v: FormValues) =>
      api.post<{ id: string }>('/api/warnings', {
        eventType: v.eventType,
        level: v.level,
        headline: v.headline || undefined,
        description: v.description,
        instruction: v.instruction || undefined,
        onset: v.onset?.toISOString(),
        expires: v.expires?.toISOString(),
        areaDesc: v.areaDesc || undefined,
        area: areaTab === 'codes' ? { geocodes: v.geocodes ?? [] } : drawn,
        supersedes,
      }),
    onSuccess: (w) => {
      message.success(t('预警草稿已保存', 'Draft saved'));
      navigate(`/warnings/${w.id}`);
    },
    onError: (e) => setError(applyFieldErrors(form, e)),
  });

  return (
    <Card title={supersedes ? t('更新预警', 'Update a warning') : t('起草预警', 'Draft a warning')}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ eventType: 'rainstorm', level: 'orange', expires: dayjs().add(12, 'hour') }}
        onFinish={(v) => {
          setError(undefined);
          save.mutate(v);
        }}
        style={{ maxWidth: 900 }}
      >
        <Form.Item name="eventType" label={t('预警类型', 'Event type')} rules={[{ required: true }]}>
          <Select options={EVENT_TYPES.map((e) => ({ value: e.code, label: `${e.zh}（${e.gbClass}）` }))} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="level" label={t('预警级别', 'Level')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={WARNING_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))} />
        </Form.Item>
        <Form.Item name="headline" label={t('标题（不填则自动生成）', 'Headline (generated if empty)')}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('预警内容', 'Description')}
          rules={[{ required: true, min: 2, message: t('请填写预警内容', 'Enter the description') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="instruction" label={t('防御指引', 'Instruction')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item label={t('有效期', 'Validity')} required htmlFor="warning-onset">
          <Space.Compact>
            <Form.Item name="onset" noStyle>
              <DatePicker id="warning-onset" showTime placeholder={t('生效（默认立即）', 'Onset (now)')} />
            </Form.Item>
            <Form.Item name="expires" noStyle rules={[{ required: true }]}>
              <DatePicker showTime placeholder={t('失效时间', 'Expires')} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item label={t('预警区域', 'Area')} required name="area" validateStatus={form.getFieldError('area').length ? 'error' : undefined}>
          <Tabs
            activeKey={areaTab}
            onChange={setAreaTab}
            items={[
              {
                key: 'codes',
                label: t('选择镇街/村社', 'Pick towns/villages'),
                children: (
                  <Form.Item name="geocodes" noStyle>
                    <TreeSelect
                      multiple
                      treeCheckable
                      showCheckedStrategy={TreeSelect.SHOW_PARENT}
                      treeData={jurisdictionOptions}
                      placeholder={t('选择镇街或村社', 'Choose towns or villages')}
                      style={{ width: '100%' }}
                      treeNodeFilterProp="title"
                      showSearch
                      aria-label={t('选择镇街或村社', 'Choose towns or villages')}
                    />
                  </Form.Item>
                ),
              },
              { key: 'map', label: t('地图绘制', 'Draw on map'), children: <AreaMap value={drawn} onChange={onDrawn} /> },
            ]}
          />
        </Form.Item>
        <Form.Item name="areaDesc" label={t('区域描述（不填则按所选区划生成）', 'Area description (generated if empty)')}>
          <Input maxLength={300} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('保存草稿', 'Save draft')}
        </Button>
      </Form>
    </Card>
  );
}
