// 设备管理: list with filters, add a device (its secret is shown once), import from Excel with the template.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography, Upload, message } from 'antd';
import { useState } from 'react';
import { DEVICE_TYPE_LABELS, DEVICE_TYPES, type DeviceType, OWNER_KIND_LABELS, OWNER_KINDS } from '../../../../shared/monitoring.ts';
import { ApiError, api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { Trend } from './Live';
import { type Device, fmt, type Page } from './shared';

export function DeviceList() {
  const { can } = useAuth();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [type, setType] = useState<string>();
  const [online, setOnline] = useState<string>();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ id: string; secret: string }[] | null>(null);
  const [importErrors, setImportErrors] = useState<string[]>([]);
  const [trend, setTrend] = useState<Device | null>(null);
  const [form] = Form.useForm();
  const qs = new URLSearchParams({ page: String(page), pageSize: '20', ...(q ? { q } : {}), ...(type ? { type } : {}), ...(online ? { online } : {}) });
  const list = useQuery({ queryKey: ['monitoring', 'devices', qs.toString()], queryFn: () => api.get<Page<Device>>(`/api/monitoring/devices?${qs}`) });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post<{ id: string; secret: string }>('/api/monitoring/devices', v),
    onSuccess: (r) => {
      setAdding(false);
      form.resetFields();
      setSecret([r]);
      void qc.invalidateQueries({ queryKey: ['monitoring'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })));
      else message.error((e as Error).message);
    },
  });
  const importFile = async (file: File) => {
    const buf = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    try {
      const r = await api.post<{ created: number; devices: { id: string; secret: string }[] }>('/api/monitoring/devices/import', { fileBase64: btoa(bin) });
      setImportErrors([]);
      message.success(`已导入 ${r.created} 台设备`);
      setSecret(r.devices);
      void qc.invalidateQueries({ queryKey: ['monitoring'] });
    } catch (e) {
      setImportErrors(e instanceof ApiError && e.fields.length ? e.fields.map((f) => `${f.field}：${f.message}`) : [(e as Error).message]);
    }
    return false;
  };
  return (
    <Card size="small">
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          placeholder="设备名称或编号"
          allowClear
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder="设备类型"
          style={{ width: 130 }}
          value={type}
          onChange={(v) => {
            setType(v);
            setPage(1);
          }}
          options={DEVICE_TYPES.map((t) => ({ value: t, label: DEVICE_TYPE_LABELS[t] }))}
        />
        <Select
          allowClear
          placeholder="在线状态"
          style={{ width: 110 }}
          value={online}
          onChange={(v) => {
            setOnline(v);
            setPage(1);
          }}
          options={[
            { value: 'true', label: '在线' },
            { value: 'false', label: '离线' },
          ]}
        />
        {can('monitoring:write') && (
          <>
            <Button type="primary" onClick={() => setAdding(true)}>
              新增设备
            </Button>
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={importFile}>
              <Button>从 Excel 导入</Button>
            </Upload>
            <Typography.Link href="/api/monitoring/devices/import-template">下载导入模板</Typography.Link>
          </>
        )}
      </Space>
      {importErrors.length > 0 && (
        <Alert type="error" showIcon title="导入失败，请修改后重新导入" description={importErrors.join('；')} style={{ marginBottom: 12 }} closable />
      )}
      <Table<Device>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ current: page, total: list.data?.total, pageSize: 20, onChange: setPage, showTotal: (t) => `共 ${t} 台` }}
        columns={[
          { title: '编号', dataIndex: 'id', width: 130 },
          { title: '名称', dataIndex: 'name', render: (n, d) => <Typography.Link onClick={() => setTrend(d)}>{n}</Typography.Link> },
          { title: '类型', dataIndex: 'type', width: 90, render: (t: DeviceType) => DEVICE_TYPE_LABELS[t] },
          { title: '归属', render: (_, d) => d.enterprise_name ?? d.park_name ?? d.place_name ?? '—' },
          { title: '状态', dataIndex: 'online', width: 70, render: (o) => (o ? <Tag color="green">在线</Tag> : <Tag>离线</Tag>) },
          {
            title: '最新读数',
            render: (_, d) =>
              d.last_values
                ? d.metrics.map((m) => (d.last_values?.[m.name] !== undefined ? `${m.label} ${d.last_values[m.name]}${m.unit}` : '')).join(' ')
                : '—',
          },
          { title: '最后上报', dataIndex: 'last_seen_at', width: 170, render: fmt },
        ]}
      />
      <Modal
        open={adding}
        title="新增设备"
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okText="保存"
        cancelText="取消"
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ ownerKind: 'place', type: 'smoke' }}
          onFinish={(v) => create.mutate({ ...v, installDate: v.installDate ? v.installDate.format('YYYY-MM-DD') : undefined })}
        >
          <Form.Item name="id" label="设备编号" rules={[{ required: true, message: '请填写设备编号' }]}>
            <Input placeholder="如 HS-SMK-0101" />
          </Form.Item>
          <Form.Item name="name" label="设备名称" rules={[{ required: true, message: '请填写设备名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="type" label="设备类型" rules={[{ required: true }]}>
            <Select options={DEVICE_TYPES.map((t) => ({ value: t, label: DEVICE_TYPE_LABELS[t] }))} />
          </Form.Item>
          <Form.Item name="ownerKind" label="归属" rules={[{ required: true }]}>
            <Select options={OWNER_KINDS.map((k) => ({ value: k, label: OWNER_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="placeName" label="场所名称（点位设备）">
            <Input />
          </Form.Item>
          <Form.Item name="enterpriseId" label="企业 ID（企业设备）">
            <Input />
          </Form.Item>
          <Form.Item name="jurisdictionCode" label="行政区划代码" rules={[{ required: true, message: '请填写行政区划代码' }]}>
            <Input placeholder="如 330203009（石碶街道）" />
          </Form.Item>
          <Space>
            <Form.Item name="lon" label="经度">
              <InputNumber step={0.0001} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="lat" label="纬度">
              <InputNumber step={0.0001} style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item name="installDate" label="安装日期">
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!secret} title="设备密钥（只显示这一次，请妥善交给设备安装方）" onCancel={() => setSecret(null)} footer={null} width={640}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={secret ?? []}
          columns={[
            { title: '设备编号', dataIndex: 'id' },
            {
              title: '密钥',
              dataIndex: 'secret',
              render: (s) => (
                <Typography.Text copyable code>
                  {s}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Modal>
      <Modal open={!!trend} title={trend?.name} onCancel={() => setTrend(null)} footer={null} width={820} destroyOnHidden>
        {trend && <Trend deviceId={trend.id} />}
      </Modal>
    </Card>
  );
}
