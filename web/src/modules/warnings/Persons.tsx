// 责任人名录: 防汛责任人 and the village roles, with superiors and channel ladders; add/edit; .xlsx import.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, TreeSelect, Upload } from 'antd';
import { useState } from 'react';
import { CHANNELS, PERSON_ROLES } from '../../../../shared/warnings.ts';
import { ApiError, api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { applyFieldErrors, channelLabel, jurisdictionTree, L, roleLabel, toQuery, useOrgTree } from './shared';

interface Person {
  id: string;
  name: string;
  role: string;
  jurisdiction_code: string;
  jurisdiction_name: string | null;
  unit_name: string | null;
  grid: string | null;
  phone: string | null;
  email: string | null;
  channels: string[];
  superior_id: string | null;
  superior_name: string | null;
  households: number | null;
  active: boolean;
}

export function Persons() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tree = useOrgTree();
  const [f, setF] = useState<{ code?: string; role?: string; q?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [importErrors, setImportErrors] = useState<{ field: string; message: string }[]>([]);
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: ['warnings', 'persons', f],
    queryFn: () => api.get<{ items: Person[]; total: number }>(`/api/warnings/persons?${toQuery(f)}`),
    placeholderData: keepPreviousData,
  });
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      editing && editing !== 'new' ? api.put(`/api/warnings/persons/${editing.id}`, v) : api.post('/api/warnings/persons', v),
    onSuccess: () => {
      message.success(L('已保存', 'Saved'));
      setEditing(null);
      qc.invalidateQueries({ queryKey: ['warnings', 'persons'] });
    },
    onError: (e) => message.error(applyFieldErrors(form, e)),
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
      message.success(L(`导入完成：新增 ${r.created}，更新 ${r.updated}`, `Imported: ${r.created} new, ${r.updated} updated`));
      qc.invalidateQueries({ queryKey: ['warnings', 'persons'] });
    },
    onError: (e) => {
      setImportErrors(e instanceof ApiError ? e.fields : []);
      message.error((e as Error).message);
    },
  });

  const openEdit = (p: Person | 'new') => {
    setEditing(p);
    form.resetFields();
    if (p !== 'new')
      form.setFieldsValue({
        name: p.name,
        role: p.role,
        jurisdictionCode: p.jurisdiction_code,
        unitName: p.unit_name,
        grid: p.grid,
        phone: p.phone,
        email: p.email,
        channels: p.channels,
        superiorId: p.superior_id,
        households: p.households,
      });
  };

  return (
    <Card
      title={L('责任人名录', 'Responsible persons')}
      extra={
        can('warning:write') && (
          <Space>
            <Button icon={<DownloadOutlined />} href="/api/warnings/persons/template.xlsx">
              {L('导入模板', 'Template')}
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
                {L('导入 Excel', 'Import Excel')}
              </Button>
            </Upload>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')}>
              {L('新增', 'Add')}
            </Button>
          </Space>
        )
      }
    >
      {importErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setImportErrors([])}
          style={{ marginBottom: 12 }}
          message={L('以下行有错误，未导入任何数据', 'These rows have errors; nothing was imported')}
          description={
            <ul style={{ margin: 0 }}>
              {importErrors.slice(0, 30).map((e) => (
                <li key={e.field}>
                  {e.field.replace(/^rows\.(\d+)\./, L('第 $1 行 ', 'row $1 '))}：{e.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <TreeSelect
          allowClear
          showSearch
          treeNodeFilterProp="title"
          treeData={jurisdictionTree(tree.data)}
          placeholder={L('镇街/村社', 'Town/village')}
          style={{ width: 240 }}
          onChange={(v) => setF({ ...f, code: v, page: 1 })}
        />
        <Select
          allowClear
          placeholder={L('角色', 'Role')}
          style={{ width: 160 }}
          options={PERSON_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
          onChange={(v) => setF({ ...f, role: v, page: 1 })}
        />
        <Input.Search
          allowClear
          placeholder={L('姓名或手机', 'Name or phone')}
          onSearch={(v) => setF({ ...f, q: v || undefined, page: 1 })}
          style={{ width: 200 }}
        />
      </Space>
      <Table<Person>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: f.page, pageSize: f.pageSize, total: list.data?.total, onChange: (page, pageSize) => setF({ ...f, page, pageSize }) }}
        columns={[
          {
            title: L('姓名', 'Name'),
            dataIndex: 'name',
            render: (n, p) =>
              can('warning:write') ? (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => openEdit(p)}>
                  {n}
                </Button>
              ) : (
                n
              ),
          },
          { title: L('角色', 'Role'), dataIndex: 'role', render: roleLabel },
          { title: L('所属', 'Unit'), render: (_, p) => p.jurisdiction_name ?? p.jurisdiction_code },
          { title: L('网格', 'Grid'), dataIndex: 'grid' },
          { title: L('手机', 'Phone'), dataIndex: 'phone' },
          {
            title: L('叫应渠道', 'Channels'),
            dataIndex: 'channels',
            render: (cs: string[]) => (cs.length ? cs.map((c) => <Tag key={c}>{channelLabel(c)}</Tag>) : L('默认', 'Default')),
          },
          { title: L('上级', 'Superior'), dataIndex: 'superior_name' },
          { title: L('包保户数', 'Households'), dataIndex: 'households' },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? L('新增责任人', 'Add a person') : L('编辑责任人', 'Edit person')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        width={640}
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')))}>
          <Form.Item name="name" label={L('姓名', 'Name')} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="role" label={L('角色', 'Role')} rules={[{ required: true }]}>
            <Select options={PERSON_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
          </Form.Item>
          <Form.Item name="jurisdictionCode" label={L('所属区划', 'Jurisdiction')} rules={[{ required: true }]}>
            <TreeSelect showSearch treeNodeFilterProp="title" treeData={jurisdictionTree(tree.data)} />
          </Form.Item>
          <Form.Item name="unitName" label={L('单位/职务', 'Unit/post')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="grid" label={L('网格', 'Grid')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label={L('手机', 'Mobile')}>
            <Input maxLength={11} />
          </Form.Item>
          <Form.Item name="email" label={L('邮箱', 'E-mail')}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="channels" label={L('叫应渠道（按顺序）', 'Channel ladder (in order)')}>
            <Select mode="multiple" options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))} />
          </Form.Item>
          <Form.Item name="superiorId" label={L('上级责任人 ID', 'Superior (id)')}>
            <Input maxLength={36} />
          </Form.Item>
          <Form.Item name="households" label={L('包保户数', 'Households')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
