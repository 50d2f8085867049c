// 判定标准: the versioned criteria catalogue, and the administrator's .xlsx import (row errors listed).
import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, List, Modal, Select, Space, Tag, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { CATEGORY_LABELS, CLAUSE_CATEGORIES } from '../../../../shared/hazards.ts';
import { PlainTable, TextItems } from '../../components/FormParts';
import { labelOf } from '../../components/LabelTag';
import { PageCard, PageNote } from '../../components/PageCard';
import { api, type ApiError, toQuery, upload } from '../../app/api';
import { useAuth } from '../../app/auth';
import { sectorLabel } from './shared';
import { t } from '../../app/i18n';
import type { StandardDto } from '../../../../shared/hazards.dto.ts';
import { type Clause, hazardKeys } from './api';

type Standard = StandardDto;

const catLabel = (c: string) => labelOf(CATEGORY_LABELS, c);

export function Criteria() {
  const { can } = useAuth();
  const [standardId, setStandardId] = useState<string>();
  const [category, setCategory] = useState<string>();
  const [importing, setImporting] = useState(false);
  const standards = useQuery({ queryKey: hazardKeys.standards, queryFn: () => api.get<{ items: Standard[] }>('/api/hazards/criteria/standards') });
  const clauses = useQuery({
    queryKey: [...hazardKeys.clauses, standardId, category],
    queryFn: () => api.get<{ items: Clause[] }>(`/api/hazards/criteria/clauses${toQuery({ standardId, category })}`),
  });
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <PageCard
        title={t('重大事故隐患判定标准', 'Major hazard criteria')}
        extra={
          can('hazard:criteria') && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('导入条文（Excel）', 'Import (.xlsx)')}
            </Button>
          )
        }
      >
        <PlainTable<Standard>
          empty={t('还没有判定标准：点“导入条文（Excel）”添加', 'No standards yet: import them from Excel')}
          query={standards}
          onRow={(r) => ({ onClick: () => setStandardId(r.id), style: { cursor: 'pointer' } })}
          rowClassName={(r) => (r.id === standardId ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('标准', 'Standard'), dataIndex: 'name' },
            { title: t('编号', 'Code'), dataIndex: 'code' },
            { title: t('版本', 'Version'), dataIndex: 'version' },
            { title: t('发布机关', 'Issuer'), dataIndex: 'issuer' },
            { title: t('施行日期', 'In force'), dataIndex: 'effectiveFrom' },
            {
              title: t('状态', 'Status'),
              dataIndex: 'status',
              render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{s === 'active' ? t('现行', 'Active') : t('已替代', 'Superseded')}</Tag>,
            },
            {
              title: t('条款', 'Clauses'),
              dataIndex: 'clauses',
              render: (n: number, r) => (
                <>
                  {n}
                  {r.summaries > 0 && <Tag style={{ marginLeft: 8 }}>{t(`${r.summaries} 条为摘要，待导入全文`, `${r.summaries} summaries`)}</Tag>}
                </>
              ),
            },
          ]}
        />
      </PageCard>
      <PageCard
        size="small"
        title={t('条款', 'Clauses')}
        extra={
          <Select
            allowClear
            placeholder={t('全部类别', 'All categories')}
            style={{ width: 140 }}
            value={category}
            onChange={setCategory}
            options={CLAUSE_CATEGORIES.map((c) => ({ value: c, label: catLabel(c) }))}
          />
        }
      >
        <PlainTable<Clause>
          query={clauses}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: t('标准', 'Standard'), render: (_, c) => `${c.standardName}（${c.standardVersion}）`, width: 260 },
            { title: t('编号', 'No.'), dataIndex: 'number', width: 140 },
            { title: t('类别', 'Category'), dataIndex: 'category', width: 90, render: catLabel },
            { title: t('行业', 'Industry'), dataIndex: 'industry', width: 90, render: (v: string | null) => (v ? sectorLabel(v) : '—') },
            {
              title: t('条文', 'Text'),
              dataIndex: 'text',
              render: (text: string, c) => (
                <>
                  {text}
                  {c.textKind === 'summary' && <Tag style={{ marginLeft: 8 }}>{t('摘要', 'summary')}</Tag>}
                </>
              ),
            },
          ]}
        />
      </PageCard>
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </Space>
  );
}

function ImportDialog({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<{ code: string; name: string; version: string; issuer?: string; effectiveFrom?: Dayjs }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<UploadFile[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { code: string; name: string; version: string; issuer?: string; effectiveFrom?: Dayjs }) => {
    const f = file[0]?.originFileObj as File | undefined;
    if (!f) return setErrors([t('请选择 .xlsx 文件', 'Choose an .xlsx file')]);
    setBusy(true);
    setErrors([]);
    try {
      const body = await upload<{ imported: number }>('/api/hazards/criteria/import', [f], {
        code: v.code,
        name: v.name,
        version: v.version,
        issuer: v.issuer || undefined,
        effectiveFrom: v.effectiveFrom?.format('YYYY-MM-DD'),
      });
      message.success(t(`已导入 ${body.imported} 条`, `Imported ${body.imported} clauses`));
      qc.invalidateQueries({ queryKey: hazardKeys.all });
      onClose();
    } catch (e) {
      const err = e as ApiError;
      setErrors(err.fields?.length ? err.fields.map((x) => x.message) : [err.message]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('导入判定标准条文', 'Import criteria')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <PageNote>
        {t(
          'Excel 第一个工作表，第 1 行为表头：编号、类别（管理类/行业类/专项类）、行业、条文。同一标准同一版本的同编号条款将被替换为全文。',
          'First sheet, header row: 编号, 类别, 行业, 条文.',
        )}
      </PageNote>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ code: 'MEM-10-2023', name: '工贸企业重大事故隐患判定标准', version: '2023' }}>
        <TextItems
          rules={[{ required: true }]}
          fields={[
            ['code', t('标准编号', 'Code')],
            ['name', t('标准名称', 'Name')],
            ['version', t('版本', 'Version')],
          ]}
        />
        <TextItems fields={[['issuer', t('发布机关', 'Issuer')]]} />
        <Form.Item name="effectiveFrom" label={t('施行日期', 'In force from')}>
          <DatePicker />
        </Form.Item>
        <Upload accept=".xlsx" maxCount={1} beforeUpload={() => false} fileList={file} onChange={({ fileList }) => setFile(fileList)}>
          <Button icon={<UploadOutlined />}>{t('选择文件', 'Choose file')}</Button>
        </Upload>
      </Form>
      {errors.length > 0 && (
        <List size="small" style={{ marginTop: 12 }} dataSource={errors} renderItem={(e) => <List.Item style={{ color: '#cf1322' }}>{e}</List.Item>} />
      )}
    </Modal>
  );
}
