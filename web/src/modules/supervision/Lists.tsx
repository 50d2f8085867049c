// 赋权清单 and 检查事项清单: a version's rows (filter, page), the version bar, and row forms in a draft.
import { useQueryClient } from '@tanstack/react-query';
import { Button, Input, Select } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Item, Power } from '../../../../shared/supervision.dto.ts';
import { POWER_TYPE_NAMES, POWER_TYPES } from '../../../../shared/supervision.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { pick, t } from '../../app/i18n';
import { Field, FieldRow, FormModal, required } from '../../components/FormParts';
import { LabelTag } from '../../components/LabelTag';
import { type FilterSpec, type ListColumn, ListPage } from '../../components/ListPage';
import { PageCard } from '../../components/PageCard';
import { usePlaces } from '../../components/places';
import { rowsUrl, supervisionKeys, useVersions } from './api';
import { pickVersion, rowActions, VersionBar } from './shared';

/** The org units a power or item may belong to: the bureau and other departments, the towns. */
export function useUnitOptions() {
  const { towns, departments } = usePlaces();
  return [
    { label: t('区级部门', 'Departments'), options: departments.map((d) => ({ value: d.code, label: d.name })) },
    { label: t('镇（街道）', 'Towns'), options: towns.map((x) => ({ value: x.code, label: x.name })) },
  ];
}

/** The version a list page shows, from `?v=`, and a setter. */
function useShownVersion(kind: 'powers' | 'items' | 'grades') {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const versions = useVersions(kind);
  const items = versions.data?.items ?? [];
  const version = pickVersion(items, params.get('v'), can('inspection:lists'));
  const select = (id: string) => {
    const next = new URLSearchParams();
    next.set('v', id);
    setParams(next, { replace: true });
  };
  return { versions: items, version, select, loading: versions.isLoading };
}

function PowerForm({ versionId, row, onClose }: { versionId: string; row?: Power; onClose: () => void }) {
  const qc = useQueryClient();
  const units = useUnitOptions();
  return (
    <FormModal<Record<string, unknown>>
      title={row ? t('修改权力事项', 'Edit power') : t('新增权力事项', 'Add power')}
      width={720}
      onClose={onClose}
      initialValues={row ?? { unitCode: '330203D01', powerType: 'inspect' }}
      onSubmit={async (v) => {
        const body = { code: v.code, unitCode: v.unitCode, matter: v.matter, powerType: v.powerType, basis: v.basis, note: v.note || undefined };
        if (row) await api.put(`/api/supervision/powers/rows/${row.id}`, body);
        else await api.post(rowsUrl('powers', versionId), body);
        await qc.invalidateQueries({ queryKey: supervisionKeys.all });
      }}
    >
      <FieldRow>
        <Field span={8} name="code" label={t('编码', 'Code')} rules={[required()]}>
          <Input maxLength={40} />
        </Field>
        <Field span={8} name="unitCode" label={t('实施单位', 'Unit')} rules={[required(true)]}>
          <Select options={units} showSearch optionFilterProp="label" />
        </Field>
        <Field span={8} name="powerType" label={t('权力类型', 'Type')} rules={[required(true)]}>
          <Select options={POWER_TYPES.map((p) => ({ value: p, label: pick(POWER_TYPE_NAMES[p]) }))} />
        </Field>
        <Field name="matter" label={t('权力事项', 'Matter')} rules={[required()]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Field>
        <Field name="basis" label={t('设定依据', 'Legal basis')} rules={[required()]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Field>
        <Field name="note" label={t('备注', 'Note')}>
          <Input maxLength={500} />
        </Field>
      </FieldRow>
    </FormModal>
  );
}

export function PowersPage() {
  const { can } = useAuth();
  const { versions, version, select } = useShownVersion('powers');
  const [editing, setEditing] = useState<Power | 'new'>();
  const draft = version?.status === 'draft' && can('inspection:lists');
  const units = useUnitOptions();
  const filters: FilterSpec[] = [
    { kind: 'search', key: 'q', placeholder: t('搜索事项、依据或编码', 'Search matter, basis or code') },
    {
      kind: 'select',
      key: 'powerType',
      placeholder: t('权力类型', 'Type'),
      multiple: true,
      options: POWER_TYPES.map((p) => ({ value: p, label: pick(POWER_TYPE_NAMES[p]) })),
    },
    { kind: 'select', key: 'unitCode', placeholder: t('实施单位', 'Unit'), search: true, options: units.flatMap((g) => g.options), width: 200 },
  ];
  const columns: ListColumn<Power>[] = [
    { title: t('权力事项', 'Matter'), dataIndex: 'matter', card: 'title', width: 360 },
    { title: t('编码', 'Code'), dataIndex: 'code', width: 110 },
    { title: t('实施单位', 'Unit'), dataIndex: 'unitName', width: 160 },
    { title: t('类型', 'Type'), dataIndex: 'powerType', width: 100, render: (v: string) => <LabelTag labels={POWER_TYPE_NAMES} value={v} /> },
    { title: t('设定依据', 'Basis'), dataIndex: 'basis' },
    { title: t('备注', 'Note'), dataIndex: 'note', width: 140 },
    ...rowActions<Power>(draft, setEditing, (r) => `/api/supervision/powers/rows/${r.id}`),
  ];
  return (
    <PageCard title={t('赋权清单', 'Enforcement powers')}>
      <VersionBar kind="powers" version={version} versions={versions} onSelect={select} draftUrl="/api/supervision/powers/versions" />
      {version ? (
        <ListPage<Power>
          bare
          url={rowsUrl('powers', version.id)}
          queryKey={supervisionKeys.rows('powers', version.id)}
          filters={filters}
          columns={columns}
          rowKey="id"
          settingsKey="supervision.powers"
          empty={{
            text: draft ? t('草稿还没有条目：新增或导入 Excel', 'The draft is empty: add rows or import') : t('没有符合条件的事项', 'No matching rows'),
            action: draft && <Button onClick={() => setEditing('new')}>{t('新增权力事项', 'Add power')}</Button>,
          }}
        >
          {draft && (
            <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
              {t('新增权力事项', 'Add power')}
            </Button>
          )}
        </ListPage>
      ) : (
        <EmptyList />
      )}
      {editing && version && <PowerForm versionId={version.id} row={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </PageCard>
  );
}

function EmptyList() {
  return <p style={{ color: '#888' }}>{t('还没有任何版本：点“新建草稿版本”开始编制。', 'No version yet: create a draft to start.')}</p>;
}

function ItemForm({ versionId, row, onClose }: { versionId: string; row?: Item; onClose: () => void }) {
  const qc = useQueryClient();
  const units = useUnitOptions();
  return (
    <FormModal<Record<string, unknown>>
      title={row ? t('修改检查事项', 'Edit item') : t('新增检查事项', 'Add item')}
      width={720}
      onClose={onClose}
      initialValues={row ?? { unitCode: '330203D01', method: '现场检查' }}
      onSubmit={async (v) => {
        const body = { code: v.code, name: v.name, subject: v.subject, basis: v.basis, method: v.method, frequency: v.frequency, unitCode: v.unitCode };
        if (row) await api.put(`/api/supervision/items/rows/${row.id}`, body);
        else await api.post(rowsUrl('items', versionId), body);
        await qc.invalidateQueries({ queryKey: supervisionKeys.all });
      }}
    >
      <FieldRow>
        <Field span={8} name="code" label={t('编码', 'Code')} rules={[required()]}>
          <Input maxLength={40} />
        </Field>
        <Field span={16} name="name" label={t('检查事项', 'Item')} rules={[required()]}>
          <Input maxLength={300} />
        </Field>
        <Field span={12} name="subject" label={t('检查对象', 'Subject')} rules={[required()]}>
          <Input maxLength={300} />
        </Field>
        <Field span={12} name="unitCode" label={t('实施单位', 'Unit')} rules={[required(true)]}>
          <Select options={units} showSearch optionFilterProp="label" />
        </Field>
        <Field name="basis" label={t('检查依据', 'Basis')} rules={[required()]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Field>
        <Field span={12} name="method" label={t('检查方式', 'Method')} rules={[required()]}>
          <Input maxLength={300} />
        </Field>
        <Field span={12} name="frequency" label={t('检查频次', 'Frequency')} rules={[required()]}>
          <Input maxLength={200} />
        </Field>
      </FieldRow>
    </FormModal>
  );
}

export const itemColumns = (): ListColumn<Item>[] => [
  { title: t('检查事项', 'Item'), dataIndex: 'name', card: 'title', width: 260 },
  { title: t('编码', 'Code'), dataIndex: 'code', width: 110 },
  { title: t('检查对象', 'Subject'), dataIndex: 'subject', width: 180 },
  { title: t('检查依据', 'Basis'), dataIndex: 'basis' },
  { title: t('检查方式', 'Method'), dataIndex: 'method', width: 140 },
  { title: t('检查频次', 'Frequency'), dataIndex: 'frequency', width: 180 },
  { title: t('实施单位', 'Unit'), dataIndex: 'unitName', width: 150 },
];

export function ItemsPage() {
  const { can } = useAuth();
  const { versions, version, select } = useShownVersion('items');
  const [editing, setEditing] = useState<Item | 'new'>();
  const draft = version?.status === 'draft' && can('inspection:lists');
  const units = useUnitOptions();
  const filters: FilterSpec[] = [
    { kind: 'search', key: 'q', placeholder: t('搜索事项、依据、对象或编码', 'Search') },
    { kind: 'select', key: 'unitCode', placeholder: t('实施单位', 'Unit'), search: true, options: units.flatMap((g) => g.options), width: 200 },
  ];
  const columns: ListColumn<Item>[] = [...itemColumns(), ...rowActions<Item>(draft, setEditing, (r) => `/api/supervision/items/rows/${r.id}`)];
  return (
    <PageCard
      title={t('检查事项清单', 'Supervision items')}
      extra={
        <a href="/public/supervision-items" target="_blank" rel="noreferrer">
          {t('查看公开页面', 'Public page')}
        </a>
      }
    >
      <VersionBar kind="items" version={version} versions={versions} onSelect={select} draftUrl="/api/supervision/items/versions" />
      {version ? (
        <ListPage<Item>
          bare
          url={rowsUrl('items', version.id)}
          queryKey={supervisionKeys.rows('items', version.id)}
          filters={filters}
          columns={columns}
          rowKey="id"
          settingsKey="supervision.items"
          empty={{ text: draft ? t('草稿还没有条目：新增或导入 Excel', 'The draft is empty') : t('没有符合条件的事项', 'No matching rows') }}
        >
          {draft && (
            <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
              {t('新增检查事项', 'Add item')}
            </Button>
          )}
        </ListPage>
      ) : (
        <EmptyList />
      )}
      {editing && version && <ItemForm versionId={version.id} row={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </PageCard>
  );
}

export { useShownVersion };
