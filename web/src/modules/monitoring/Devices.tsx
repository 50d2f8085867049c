// 设备管理: list with filters, add a device (its secret is shown once), import from Excel with the template.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Tag, TreeSelect, Typography, Upload, message } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { DEVICE_TYPE_NAMES, DEVICE_TYPES, type DeviceType, OWNER_KIND_NAMES, OWNER_KINDS } from '../../../../shared/monitoring.ts';
import { ApiError, api, download } from '../../app/api';
import { t } from '../../app/i18n';
import { labelOf, labelOptions } from '../../components/LabelTag';
import { chipFilter, ListPage, selectFilter, yesNoOptions } from '../../components/ListPage';
import { usePlaces } from '../../components/places';
import { FormModal, PlainTable, TextItems } from '../../components/FormParts';
import { useAuth } from '../../app/auth';
import { Trend } from './Live';
import { fmtTime } from '../../app/format';
import { type Device, monitoringKeys } from './api';

export function DeviceList() {
  const { can } = useAuth();
  const { jurisdictionOptions } = usePlaces();
  const typeOptions = labelOptions(DEVICE_TYPES, DEVICE_TYPE_NAMES);
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ id: string; secret: string }[] | null>(null);
  const [importErrors, setImportErrors] = useState<string[]>([]);
  const [trend, setTrend] = useState<Device | null>(null);
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post<{ id: string; secret: string }>('/api/monitoring/devices', v),
    onSuccess: (r) => {
      setSecret([r]);
      void qc.invalidateQueries({ queryKey: monitoringKeys.all });
    },
  });
  const importFile = async (file: File) => {
    const buf = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    try {
      const r = await api.post<{ created: number; devices: { id: string; secret: string }[] }>('/api/monitoring/devices/import', { fileBase64: btoa(bin) });
      setImportErrors([]);
      message.success(t(`已导入 ${r.created} 台设备`, `Imported ${r.created} devices`));
      setSecret(r.devices);
      void qc.invalidateQueries({ queryKey: monitoringKeys.all });
    } catch (e) {
      setImportErrors(e instanceof ApiError && e.fields.length ? e.fields.map((f) => `${f.field}：${f.message}`) : [(e as Error).message]);
    }
    return false;
  };
  return (
    <>
      <ListPage<Device>
        bare
        filters={[
          { kind: 'search', key: 'q', placeholder: t('设备名称或编号', 'Device name or ID') },
          { kind: 'select', key: 'type', placeholder: t('设备类型', 'Device type'), width: 130, options: typeOptions },
          selectFilter('online', t('在线状态', 'Online'), yesNoOptions(t('在线', 'Online'), t('离线', 'Offline')), { width: 110 }),
          chipFilter('enterpriseId', t('限定企业', 'One enterprise')),
          {
            kind: 'custom',
            key: 'actions',
            render: () =>
              can('monitoring:write') && (
                <Space>
                  <Button type="primary" onClick={() => setAdding(true)}>
                    {t('新增设备', 'Add a device')}
                  </Button>
                  <Upload accept=".xlsx" showUploadList={false} beforeUpload={importFile}>
                    <Button>{t('从 Excel 导入', 'Import from Excel')}</Button>
                  </Upload>
                  <Typography.Link
                    onClick={() => download('/api/monitoring/devices/import-template', '设备导入模板.xlsx').catch((e) => message.error(e.message))}
                  >
                    {t('下载导入模板', 'Download the template')}
                  </Typography.Link>
                </Space>
              ),
          },
        ]}
        url="/api/monitoring/devices"
        queryKey={monitoringKeys.devices}
        size="small"
        total={(n) => t(`共 ${n} 台`, `${n} devices`)}
        empty={{ text: t('还没有感知设备：逐台新增，或按模板从 Excel 导入', 'No devices yet: add them one by one or import the template from Excel') }}
        columns={[
          { title: t('编号', 'ID'), dataIndex: 'id', width: 130 },
          { title: t('名称', 'Name'), dataIndex: 'name', render: (n, d) => <Typography.Link onClick={() => setTrend(d)}>{n}</Typography.Link> },
          { title: t('类型', 'Type'), dataIndex: 'type', width: 90, render: (v: DeviceType) => labelOf(DEVICE_TYPE_NAMES, v) },
          { title: t('归属', 'Owner'), render: (_, d) => d.enterpriseName ?? d.parkName ?? d.placeName ?? '—' },
          {
            title: t('状态', 'Status'),
            dataIndex: 'online',
            width: 70,
            render: (o) => (o ? <Tag color="green">{t('在线', 'Online')}</Tag> : <Tag>{t('离线', 'Offline')}</Tag>),
          },
          {
            title: t('最新读数', 'Latest reading'),
            render: (_, d) =>
              d.lastValues ? d.metrics.map((m) => (d.lastValues?.[m.name] !== undefined ? `${m.label} ${d.lastValues[m.name]}${m.unit}` : '')).join(' ') : '—',
          },
          { title: t('最后上报', 'Last report'), dataIndex: 'lastSeenAt', width: 170, render: fmtTime },
        ]}
      >
        {importErrors.length > 0 && (
          <Alert
            type="error"
            showIcon
            title={t('导入失败，请修改后重新导入', 'Import failed; fix the rows and import again')}
            description={importErrors.join('；')}
            style={{ marginBottom: 12 }}
            closable
          />
        )}
      </ListPage>
      <FormModal<{ installDate?: Dayjs } & Record<string, unknown>>
        open={adding}
        title={t('新增设备', 'Add a device')}
        onClose={() => setAdding(false)}
        initialValues={{ ownerKind: 'place', type: 'smoke' }}
        onSubmit={(v) => create.mutateAsync({ ...v, installDate: v.installDate ? v.installDate.format('YYYY-MM-DD') : undefined })}
      >
        <Form.Item name="id" label={t('设备编号', 'Device ID')} rules={[{ required: true, message: t('请填写设备编号', 'Enter the device ID') }]}>
          <Input placeholder={t('如 HS-SMK-0101', 'e.g. HS-SMK-0101')} />
        </Form.Item>
        <Form.Item name="name" label={t('设备名称', 'Device name')} rules={[{ required: true, message: t('请填写设备名称', 'Enter the device name') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="type" label={t('设备类型', 'Device type')} rules={[{ required: true }]}>
          <Select options={typeOptions} />
        </Form.Item>
        <Form.Item name="ownerKind" label={t('归属', 'Owner')} rules={[{ required: true }]}>
          <Select options={labelOptions(OWNER_KINDS, OWNER_KIND_NAMES)} />
        </Form.Item>
        <TextItems
          fields={[
            ['placeName', t('场所名称（点位设备）', 'Place name (for a place device)')],
            ['enterpriseId', t('企业 ID（企业设备）', 'Enterprise ID (for an enterprise device)')],
          ]}
        />
        <Form.Item
          name="jurisdictionCode"
          label={t('所在镇街/村社', 'Town or village')}
          rules={[{ required: true, message: t('请选择所在镇街/村社', 'Choose the town or village') }]}
        >
          <TreeSelect showSearch treeNodeFilterProp="title" treeData={jurisdictionOptions} />
        </Form.Item>
        <Space>
          <Form.Item name="lon" label={t('经度', 'Longitude')}>
            <InputNumber step={0.0001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="lat" label={t('纬度', 'Latitude')}>
            <InputNumber step={0.0001} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="installDate" label={t('安装日期', 'Installed on')}>
          <DatePicker />
        </Form.Item>
      </FormModal>
      <Modal
        open={!!secret}
        title={t('设备密钥（只显示这一次，请妥善交给设备安装方）', 'Device secrets (shown only once; hand them to the installer)')}
        onCancel={() => setSecret(null)}
        footer={null}
        width={640}
      >
        <PlainTable
          dataSource={secret ?? []}
          columns={[
            { title: t('设备编号', 'Device ID'), dataIndex: 'id' },
            {
              title: t('密钥', 'Secret'),
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
    </>
  );
}
