// 维护时段: windows in which chosen devices (or every device of a place) raise no alarm — planned works, a
// power cut, a detector being replaced. Each is recorded with who, why and which devices, and can be ended early.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Popconfirm, Radio, Select, Tag, TreeSelect, Typography, message } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtTime } from '../../app/format';
import { t } from '../../app/i18n';
import { FormModal, PlainTable } from '../../components/FormParts';
import { PlaceName, usePlaces } from '../../components/places';
import { type Maintenance, monitoringKeys } from './api';

function stateOf(m: Maintenance) {
  if (m.cancelledAt) return <Tag>{t('已取消', 'Cancelled')}</Tag>;
  if (m.active) return <Tag color="orange">{t('生效中', 'In force')}</Tag>;
  return new Date(m.endsAt) < new Date() ? <Tag>{t('已结束', 'Over')}</Tag> : <Tag color="blue">{t('未开始', 'Scheduled')}</Tag>;
}

type FormValues = { target: 'place' | 'devices'; placeCode?: string; deviceIds?: string[]; span: [Dayjs, Dayjs]; reason: string };

export function MaintenancePage() {
  const { can } = useAuth();
  const qc = useQueryClient();
  const { jurisdictionOptions } = usePlaces();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const target = Form.useWatch('target', form);
  const q = useQuery({ queryKey: monitoringKeys.maintenance, queryFn: () => api.get<Maintenance[]>('/api/monitoring/maintenance') });
  const done = () => void qc.invalidateQueries({ queryKey: monitoringKeys.maintenance });
  const create = useMutation({
    mutationFn: (v: FormValues) =>
      api.post<{ id: string; devices: number }>('/api/monitoring/maintenance', {
        reason: v.reason,
        startsAt: v.span[0].toISOString(),
        endsAt: v.span[1].toISOString(),
        ...(v.target === 'place' ? { placeCode: v.placeCode } : { deviceIds: v.deviceIds }),
      }),
    onSuccess: (r) => {
      message.success(t(`已登记，${r.devices} 台设备在此期间不告警`, `Recorded: ${r.devices} devices will not alarm`));
      done();
    },
  });
  const cancel = useMutation({
    mutationFn: (id: string) => api.post(`/api/monitoring/maintenance/${id}/cancel`, {}),
    onSuccess: done,
    onError: (e) => message.error((e as Error).message),
  });
  const writable = can('monitoring:write');
  return (
    <Card
      size="small"
      title={t('维护时段（期间不产生告警）', 'Maintenance windows (no alarms raised)')}
      extra={
        writable && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('新增维护时段', 'Add a window')}
          </Button>
        )
      }
    >
      <PlainTable<Maintenance>
        sticky
        query={q}
        loading={q.isFetching}
        pagination={{ pageSize: 20, showTotal: (n) => t(`共 ${n} 条`, `${n} in total`) }}
        empty={t('没有维护时段；检修、停电时先登记，以免告警刷屏', 'None yet: record one before works or a power cut')}
        columns={[
          {
            title: t('范围', 'Scope'),
            render: (_v, m) =>
              m.targetKind === 'place' ? (
                <PlaceName code={m.targetRef} />
              ) : (
                <Typography.Text title={m.deviceIds.join('、')}>{t(`${m.deviceIds.length} 台设备`, `${m.deviceIds.length} devices`)}</Typography.Text>
              ),
          },
          { title: t('设备数', 'Devices'), render: (_v, m) => m.deviceIds.length, width: 80 },
          { title: t('开始', 'Starts'), dataIndex: 'startsAt', render: fmtTime, width: 170 },
          { title: t('结束', 'Ends'), dataIndex: 'endsAt', render: fmtTime, width: 170 },
          { title: t('原因', 'Reason'), dataIndex: 'reason' },
          { title: t('登记人', 'By'), dataIndex: 'createdByName', width: 100 },
          { title: t('状态', 'State'), render: (_v, m) => stateOf(m), width: 90 },
          {
            title: '',
            width: 90,
            render: (_v, m) =>
              writable &&
              !m.cancelledAt &&
              new Date(m.endsAt) > new Date() && (
                <Popconfirm title={t('提前结束该维护时段？', 'End this window now?')} onConfirm={() => cancel.mutate(m.id)}>
                  <Button size="small">{t('提前结束', 'End now')}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <FormModal<FormValues>
        open={adding}
        title={t('新增维护时段', 'Add a maintenance window')}
        onClose={() => setAdding(false)}
        form={form}
        initialValues={{ target: 'place' }}
        onSubmit={(v) => create.mutateAsync(v)}
      >
        <Form.Item name="target" label={t('范围', 'Scope')}>
          <Radio.Group>
            <Radio value="place">{t('一个区域的全部设备', 'Every device of a place')}</Radio>
            <Radio value="devices">{t('指定设备', 'Chosen devices')}</Radio>
          </Radio.Group>
        </Form.Item>
        {target === 'devices' ? (
          <Form.Item name="deviceIds" label={t('设备编号', 'Device IDs')} rules={[{ required: true, message: t('请填写设备编号', 'Give the device IDs') }]}>
            <Select mode="tags" tokenSeparators={[',', ' ', '，']} placeholder={t('输入设备编号后回车', 'Type an ID and press Enter')} />
          </Form.Item>
        ) : (
          <Form.Item name="placeCode" label={t('区域', 'Place')} rules={[{ required: true, message: t('请选择区域', 'Choose the place') }]}>
            <TreeSelect treeData={jurisdictionOptions} showSearch treeNodeFilterProp="title" />
          </Form.Item>
        )}
        <Form.Item name="span" label={t('起止时间', 'From – to')} rules={[{ required: true, message: t('请选择起止时间', 'Choose the time span') }]}>
          <DatePicker.RangePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('原因', 'Reason')} rules={[{ required: true, message: t('请填写原因', 'Give a reason') }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
