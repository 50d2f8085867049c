// 行政执法证: the licences that make the inspector pool — list with a state filter, record one, revoke with a reason.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AdminUserPage } from '../../../../shared/admin.dto.ts';
import { LICENCE_STATE_LABELS, LICENCE_STATES, type Licence } from '../../../../shared/enforcement.dto.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { t } from '../../app/i18n';
import { Field, FieldRow, FormModal, required } from '../../components/FormParts';
import { LabelTag, labelOf } from '../../components/LabelTag';
import { ListPage } from '../../components/ListPage';
import { usePlaces } from '../../components/places';
import { drawKeys } from './api';

function UserPicker({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const [q, setQ] = useState('');
  const users = useQuery({
    queryKey: ['admin', 'users', 'pick', q],
    queryFn: () => api.get<AdminUserPage>(`/api/admin/users?pageSize=50${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('输入姓名或账号搜索', 'Search by name')}
      options={users.data?.items.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
    />
  );
}

interface LicenceForm {
  userId: string;
  number: string;
  issuer: string;
  unitCode: string;
  valid: [Dayjs, Dayjs];
}

export function LicenceList() {
  const { can } = useAuth();
  const qc = useQueryClient();
  const { townOptions, name } = usePlaces();
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<Licence>();
  const units = [{ value: '330203', label: t('海曙区应急管理局', 'District bureau') }, ...townOptions];
  const refresh = () => qc.invalidateQueries({ queryKey: drawKeys.licences });
  return (
    <>
      <ListPage<Licence>
        title={t('行政执法证', 'Enforcement licences')}
        extra={
          can('licence:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="new-licence">
              {t('登记执法证', 'Record a licence')}
            </Button>
          )
        }
        filters={[
          { kind: 'search', key: 'q', placeholder: t('姓名或证号', 'Name or number') },
          {
            kind: 'select',
            key: 'state',
            placeholder: t('状态', 'State'),
            options: LICENCE_STATES.map((s) => ({ value: s, label: labelOf(LICENCE_STATE_LABELS, s) })),
            width: 120,
          },
          { kind: 'select', key: 'unit', placeholder: t('单位', 'Unit'), options: units, width: 150 },
        ]}
        url="/api/enforcement/licences"
        queryKey={drawKeys.licences}
        rowKey="id"
        total={(n) => t(`共 ${n} 张`, `${n} licences`)}
        empty={{
          text: t('还没有登记执法证：持有效执法证的人员才能进入双随机执法人员名录', 'No licences yet: only licensed officers enter the inspector pool'),
        }}
        columns={[
          { title: t('姓名', 'Name'), dataIndex: 'userName', hideable: false },
          { title: t('执法证号', 'Number'), dataIndex: 'number', width: 150 },
          { title: t('单位', 'Unit'), dataIndex: 'unitCode', width: 140, render: (c) => name(c) },
          { title: t('发证机关', 'Issuer'), dataIndex: 'issuer', ellipsis: true },
          { title: t('有效期', 'Valid'), width: 200, render: (_, r) => `${r.validFrom} 至 ${r.validUntil}` },
          { title: t('状态', 'State'), dataIndex: 'state', width: 90, render: (s) => <LabelTag labels={LICENCE_STATE_LABELS} value={s} /> },
          { title: t('注销原因', 'Revoked because'), dataIndex: 'revokedReason', ellipsis: true },
          {
            width: 80,
            render: (_, r) =>
              can('licence:write') &&
              !r.revokedAt && (
                <Button size="small" danger onClick={() => setRevoking(r)}>
                  {t('注销', 'Revoke')}
                </Button>
              ),
          },
        ]}
      />
      <FormModal<LicenceForm>
        open={adding}
        title={t('登记执法证', 'Record a licence')}
        onClose={() => setAdding(false)}
        initialValues={{ issuer: '宁波市海曙区人民政府', unitCode: '330203' }}
        onSubmit={async (v) => {
          await api.post('/api/enforcement/licences', {
            userId: v.userId,
            number: v.number,
            issuer: v.issuer,
            unitCode: v.unitCode,
            validFrom: v.valid?.[0]?.format('YYYY-MM-DD'),
            validUntil: v.valid?.[1]?.format('YYYY-MM-DD'),
          });
          await refresh();
        }}
      >
        <FieldRow>
          <Field name="userId" label={t('持证人', 'Holder')} rules={[required(true)]}>
            <UserPicker />
          </Field>
          <Field span={12} name="number" label={t('执法证号', 'Number')} rules={[required()]}>
            <Input maxLength={32} />
          </Field>
          <Field span={12} name="unitCode" label={t('执法单位', 'Unit')} rules={[required(true)]}>
            <Select options={units} />
          </Field>
          <Field name="issuer" label={t('发证机关', 'Issuer')} rules={[required()]}>
            <Input maxLength={64} />
          </Field>
          <Field name="valid" label={t('有效期', 'Valid from – until')} rules={[required(true)]}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Field>
        </FieldRow>
      </FormModal>
      <FormModal<{ reason: string }>
        open={!!revoking}
        title={t(`注销执法证 ${revoking?.number ?? ''}`, `Revoke ${revoking?.number ?? ''}`)}
        okText={t('注销', 'Revoke')}
        onClose={() => setRevoking(undefined)}
        onSubmit={async (v) => {
          await api.post(`/api/enforcement/licences/${revoking?.id}/revoke`, v);
          await refresh();
        }}
      >
        <Field name="reason" label={t('注销原因', 'Reason')} rules={[required()]}>
          <Input.TextArea rows={2} maxLength={200} />
        </Field>
      </FormModal>
    </>
  );
}
