// 利害关系申报: inspector ↔ enterprise pairs a draw never assigns; the inspector declares their own, a licence
// administrator anyone's; withdrawn with a reason.
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Input, Select, Tag } from 'antd';
import { useState } from 'react';
import type { ConflictDto } from '../../../../shared/draws.dto.ts';
import type { Officer } from '../../../../shared/enforcement.dto.ts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { fmtDate } from '../../app/format';
import { t } from '../../app/i18n';
import { Field, FormModal, required } from '../../components/FormParts';
import { ListPage, selectFilter, yesNoOptions } from '../../components/ListPage';
import { EnterprisePicker } from '../registry/shared';
import { drawKeys } from './api';

export function Conflicts() {
  const { can, me: user } = useAuth();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<ConflictDto>();
  const officers = useQuery({
    queryKey: ['enforcement', 'officers'],
    queryFn: () => api.get<{ items: Officer[] }>('/api/enforcement/officers'),
    enabled: can('licence:read'),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: drawKeys.conflicts });
  const mayOthers = can('licence:write');
  return (
    <>
      <ListPage<ConflictDto>
        title={t('利害关系申报', 'Declared conflicts')}
        extra={
          can('inspection:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('申报', 'Declare')}
            </Button>
          )
        }
        filters={[selectFilter('active', t('状态', 'State'), yesNoOptions(t('有效', 'Standing'), t('已撤回', 'Withdrawn')), { width: 110 })]}
        url="/api/draws/conflicts"
        queryKey={drawKeys.conflicts}
        total={(n) => t(`共 ${n} 条`, `${n}`)}
        empty={{ text: t('暂无申报。执法人员与企业存在利害关系时在此申报，抽取时自动回避', 'None declared') }}
        columns={[
          { title: t('执法人员', 'Inspector'), dataIndex: 'userName', hideable: false },
          { title: t('企业', 'Enterprise'), dataIndex: 'enterpriseName' },
          { title: t('利害关系', 'Reason'), dataIndex: 'reason', ellipsis: true },
          { title: t('申报日期', 'Declared'), dataIndex: 'createdAt', width: 110, render: (v) => fmtDate(v) },
          {
            title: t('状态', 'State'),
            width: 90,
            render: (_, r) => (r.withdrawnAt ? <Tag>{t('已撤回', 'Withdrawn')}</Tag> : <Tag color="red">{t('回避中', 'Standing')}</Tag>),
          },
          {
            width: 80,
            render: (_, r) =>
              !r.withdrawnAt &&
              (mayOthers || r.userId === user?.id) && (
                <Button size="small" onClick={() => setWithdrawing(r)}>
                  {t('撤回', 'Withdraw')}
                </Button>
              ),
          },
        ]}
      />
      <FormModal<{ userId: string; enterpriseId: string; reason: string }>
        open={adding}
        title={t('申报利害关系', 'Declare a conflict')}
        initialValues={{ userId: user?.id }}
        onClose={() => setAdding(false)}
        onSubmit={async (v) => {
          await api.post('/api/draws/conflicts', v);
          await refresh();
        }}
      >
        <Field name="userId" label={t('执法人员', 'Inspector')} rules={[required(true)]}>
          <Select
            disabled={!mayOthers}
            showSearch={{ optionFilterProp: 'label' }}
            options={[
              ...(user ? [{ value: user.id, label: `${user.displayName}（${t('本人', 'me')}）` }] : []),
              ...(officers.data?.items ?? []).filter((o) => o.userId !== user?.id).map((o) => ({ value: o.userId, label: `${o.name}（${o.unitName}）` })),
            ]}
          />
        </Field>
        <Field name="enterpriseId" label={t('企业', 'Enterprise')} rules={[required(true)]}>
          <EnterprisePicker />
        </Field>
        <Field name="reason" label={t('利害关系', 'Reason')} rules={[required()]}>
          <Input maxLength={200} placeholder={t('如：近亲属在该企业任职', 'e.g. a close relative works there')} />
        </Field>
      </FormModal>
      <FormModal<{ reason: string }>
        open={!!withdrawing}
        title={t('撤回申报', 'Withdraw')}
        onClose={() => setWithdrawing(undefined)}
        onSubmit={async (v) => {
          await api.post(`/api/draws/conflicts/${withdrawing?.id}/withdraw`, v);
          await refresh();
        }}
      >
        <Field name="reason" label={t('撤回原因', 'Reason')} rules={[required()]}>
          <Input maxLength={200} />
        </Field>
      </FormModal>
    </>
  );
}
