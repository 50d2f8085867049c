// 责任人名录: 防汛责任人 and the village roles, with superiors and channel ladders; add/edit; .xlsx import.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Tag, TreeSelect, Upload } from 'antd';
import { useState } from 'react';
import { CHANNELS, PERSON_ROLES } from '../../../../shared/warnings.ts';
import { api, ApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { channelLabel, roleLabel } from './shared';
import { AddButton, FormModal, TextItems } from '../../components/FormParts';
import { PlaceName, usePlaces } from '../../components/places';
import { t } from '../../app/i18n';
import { ListPage } from '../../components/ListPage';
import { type PersonListItem as Person, warningKeys } from './api';

export function Persons() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { jurisdictionOptions } = usePlaces();
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [importErrors, setImportErrors] = useState<{ field: string; message: string }[]>([]);
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      editing && editing !== 'new' ? api.put(`/api/warnings/persons/${editing.id}`, v) : api.post('/api/warnings/persons', v),
    onSuccess: () => {
      message.success(t('已保存', 'Saved'));
      qc.invalidateQueries({ queryKey: warningKeys.persons });
    },
  });
  const importFile = useMutation({
    mutationFn: async (file: File) => {
      const buf = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
      return api.post<{ created: number; updated: number }>('/api/warnings/persons/import', { fileName: file.name, contentBase64: btoa(bin) });
    },
    onSuccess: (r) => {
      setImportErrors([]);
      message.success(t(`导入完成：新增 ${r.created}，更新 ${r.updated}`, `Imported: ${r.created} new, ${r.updated} updated`));
      qc.invalidateQueries({ queryKey: warningKeys.persons });
    },
    onError: (e) => {
      setImportErrors(e instanceof ApiError ? e.fields : []);
      message.error((e as Error).message);
    },
  });

  const p = editing === 'new' ? null : editing;
  const initialValues = p && {
    name: p.name,
    role: p.role,
    jurisdictionCode: p.jurisdictionCode,
    unitName: p.unitName,
    grid: p.grid,
    phone: p.phone,
    email: p.email,
    channels: p.channels,
    superiorId: p.superiorId,
    households: p.households,
  };

  return (
    <>
      <ListPage<Person>
        title={t('责任人名录', 'Responsible persons')}
        extra={
          can('warning:write') && (
            <Space>
              <Button icon={<DownloadOutlined />} href="/api/warnings/persons/template.xlsx">
                {t('导入模板', 'Template')}
              </Button>
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  importFile.mutate(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={importFile.isPending}>
                  {t('导入 Excel', 'Import Excel')}
                </Button>
              </Upload>
              <AddButton onClick={() => setEditing('new')}>{t('新增', 'Add')}</AddButton>
            </Space>
          )
        }
        filters={[
          { kind: 'tree', key: 'code', placeholder: t('镇街/村社', 'Town/village'), treeData: jurisdictionOptions, width: 240 },
          { kind: 'select', key: 'role', placeholder: t('角色', 'Role'), width: 160, options: PERSON_ROLES.map((r) => ({ value: r, label: roleLabel(r) })) },
          { kind: 'search', key: 'q', placeholder: t('姓名或手机', 'Name or phone'), width: 200 },
        ]}
        url="/api/warnings/persons"
        queryKey={warningKeys.persons}
        size="small"
        total={(n) => t(`共 ${n} 人`, `${n} people`)}
        empty={{ text: t('名录为空：逐人新增，或下载模板填好后导入 Excel', 'No one listed yet: add people one by one, or fill in the template and import it') }}
        columns={[
          {
            title: t('姓名', 'Name'),
            dataIndex: 'name',
            render: (n, p) =>
              can('warning:write') ? (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setEditing(p)}>
                  {n}
                </Button>
              ) : (
                n
              ),
          },
          { title: t('角色', 'Role'), dataIndex: 'role', render: roleLabel },
          {
            title: t('所属', 'Unit'),
            render: (_, p) => (p.jurisdictionName ? <span title={p.jurisdictionCode}>{p.jurisdictionName}</span> : <PlaceName code={p.jurisdictionCode} />),
          },
          { title: t('网格', 'Grid'), dataIndex: 'grid' },
          { title: t('手机', 'Phone'), dataIndex: 'phone' },
          {
            title: t('叫应渠道', 'Channels'),
            dataIndex: 'channels',
            render: (cs: string[]) => (cs.length ? cs.map((c) => <Tag key={c}>{channelLabel(c)}</Tag>) : t('默认', 'Default')),
          },
          { title: t('上级', 'Superior'), dataIndex: 'superiorName' },
          { title: t('包保户数', 'Households'), dataIndex: 'households' },
        ]}
      >
        {importErrors.length > 0 && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setImportErrors([])}
            style={{ marginBottom: 12 }}
            message={t('以下行有错误，未导入任何数据', 'These rows have errors; nothing was imported')}
            description={
              <ul style={{ margin: 0 }}>
                {importErrors.slice(0, 30).map((e) => (
                  <li key={e.field}>
                    {e.field.replace(/^rows\.(\d+)\./, t('第 $1 行 ', 'row $1 '))}：{e.message}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </ListPage>
      <FormModal<Record<string, unknown>>
        open={editing !== null}
        title={editing === 'new' ? t('新增责任人', 'Add a person') : t('编辑责任人', 'Edit person')}
        onClose={() => setEditing(null)}
        width={640}
        okText={t('确定', 'OK')}
        initialValues={initialValues ?? undefined}
        onSubmit={(v) => save.mutateAsync(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')))}
      >
        <Form.Item name="name" label={t('姓名', 'Name')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label={t('角色', 'Role')} rules={[{ required: true }]}>
          <Select options={PERSON_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
        </Form.Item>
        <Form.Item name="jurisdictionCode" label={t('所属区划', 'Jurisdiction')} rules={[{ required: true }]}>
          <TreeSelect showSearch treeNodeFilterProp="title" treeData={jurisdictionOptions} />
        </Form.Item>
        <TextItems
          fields={[
            ['unitName', t('单位/职务', 'Unit/post'), 100],
            ['grid', t('网格', 'Grid'), 50],
            ['phone', t('手机', 'Mobile'), 11],
            ['email', t('邮箱', 'E-mail'), 120],
          ]}
        />
        <Form.Item name="channels" label={t('叫应渠道（按顺序）', 'Channel ladder (in order)')}>
          <Select mode="multiple" options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))} />
        </Form.Item>
        <TextItems fields={[['superiorId', t('上级责任人 ID', 'Superior (id)'), 36]]} />
        <Form.Item name="households" label={t('包保户数', 'Households')}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
