// 登记隐患: enterprise (searched in the registry) or a place in a town, what was found, photos.
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Select, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { HAZARD_SECTORS, HAZARD_SOURCES } from '../../../../shared/hazards.ts';
import { api } from '../../app/api';
import { sectorLabel, sourceLabel } from './shared';
import { formErrorMessage } from '../../components/formErrors';
import { usePlaces } from '../../components/places';
import { t } from '../../app/i18n';
import { type Hazard, uploadFiles } from './api';
import { useEnterpriseSearch } from '../registry/api';

interface Values {
  enterpriseId?: string;
  jurisdictionCode?: string;
  location?: string;
  title: string;
  description: string;
  source: string;
  sector?: string;
  finderName?: string;
  foundAt?: Dayjs;
}

export function NewHazard() {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { townOptions } = usePlaces();
  const [q, setQ] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const enterprises = useEnterpriseSearch(q);
  const enterpriseId = Form.useWatch('enterpriseId', form);

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const photoIds = await uploadFiles(files.map((f) => f.originFileObj as File).filter(Boolean));
      const h = await api.post<Hazard>('/api/hazards', {
        ...v,
        foundAt: v.foundAt?.toISOString(),
        photoIds: photoIds.length ? photoIds : undefined,
        enterpriseId: v.enterpriseId || undefined,
        jurisdictionCode: v.enterpriseId ? undefined : v.jurisdictionCode,
        location: v.location || undefined,
        finderName: v.finderName || undefined,
      });
      message.success(t(`已登记隐患 ${h.code}`, `Recorded ${h.code}`));
      navigate(`/hazards/${h.id}`);
    } catch (e) {
      message.error(formErrorMessage(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('登记隐患', 'Record a hazard')} style={{ maxWidth: 860 }}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ source: 'inspection', sector: 'other' }}>
        <Form.Item name="enterpriseId" label={t('企业（来自监管名录）', 'Enterprise (from the registry)')}>
          <Select
            showSearch
            allowClear
            filterOption={false}
            onSearch={setQ}
            placeholder={t('输入企业名称搜索；无企业时留空并选择镇街', 'Search by name; leave empty for a place')}
            options={(enterprises.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
            notFoundContent={enterprises.isError ? t('无法读取监管名录', 'Registry unavailable') : undefined}
          />
        </Form.Item>
        {!enterpriseId && (
          <Form.Item
            name="jurisdictionCode"
            label={t('所属镇街', 'Town')}
            rules={[{ required: true, message: t('未关联企业时必须选择镇街', 'Required without an enterprise') }]}
          >
            <Select showSearch optionFilterProp="label" options={townOptions} />
          </Form.Item>
        )}
        <Form.Item
          name="location"
          label={t('具体地点', 'Location')}
          rules={[{ required: !enterpriseId, message: t('未关联企业时必须填写地点', 'Required without an enterprise') }, { max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="title" label={t('隐患名称', 'Title')} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('隐患描述', 'Description')} rules={[{ required: true, min: 2, max: 4000 }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="source" label={t('来源', 'Source')} rules={[{ required: true }]}>
          <Select options={HAZARD_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) }))} />
        </Form.Item>
        <Form.Item name="sector" label={t('行业领域', 'Sector')}>
          <Select options={HAZARD_SECTORS.map((s) => ({ value: s, label: sectorLabel(s) }))} />
        </Form.Item>
        <Form.Item name="finderName" label={t('发现人', 'Found by')} rules={[{ max: 50 }]}>
          <Input placeholder={t('默认为当前用户', 'Defaults to you')} />
        </Form.Item>
        <Form.Item name="foundAt" label={t('发现时间', 'Found at')}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="photoIds" label={t('现场照片', 'Photos')}>
          <Upload listType="picture" multiple accept="image/*" beforeUpload={() => false} fileList={files} onChange={({ fileList }) => setFiles(fileList)}>
            <Button icon={<UploadOutlined />}>{t('选择照片', 'Choose photos')}</Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('提交', 'Submit')}
        </Button>
      </Form>
    </Card>
  );
}
