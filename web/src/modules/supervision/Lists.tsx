// 赋权清单 and 检查事项清单: a version's rows (filter, page), the version bar, and row forms in a draft.
import { useQueryClient } from '@tanstack/react-query';
import { Button, Input, Select, Skeleton } from 'antd';
import { type ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Item, Power } from '../../../../shared/supervision.dto.ts';
import { type ListKind, POWER_TYPE_NAMES, POWER_TYPES } from '../../../../shared/supervision.ts';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { pick, t } from '../../app/i18n';
import { Field, FieldRow, FormModal, required } from '../../components/FormParts';
import { LabelTag, labelOptions } from '../../components/LabelTag';
import { type FilterSpec, type ListColumn, ListPage, selectFilter } from '../../components/ListPage';
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
function useShownVersion(kind: ListKind) {
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

type Values = Record<string, unknown>;

/** The props a list page gives its row form. */
export interface RowFormProps<T> {
  versionId: string;
  /** The row to change; none for a new one. */
  row?: T;
  onClose: () => void;
}

/** A draft's row form: 修改 PUTs the row, 新增 POSTs to the version's rows; then every list refreshes. */
export function RowForm<T extends { id: string }>({
  kind,
  versionId,
  row,
  onClose,
  title,
  width = 720,
  initialValues,
  body,
  children,
}: RowFormProps<T> & {
  kind: ListKind;
  title: string;
  width?: number;
  initialValues: Values;
  /** The request's body from the form's values (`adding`: for a new row). */
  body: (values: Values, adding: boolean) => Values;
  children: ReactNode;
}) {
  const qc = useQueryClient();
  return (
    <FormModal<Values>
      title={title}
      width={width}
      onClose={onClose}
      initialValues={row ?? initialValues}
      onSubmit={async (v) => {
        if (row) await api.put(`/api/supervision/${kind}/rows/${row.id}`, body(v, false));
        else await api.post(rowsUrl(kind, versionId), body(v, true));
        await qc.invalidateQueries({ queryKey: supervisionKeys.all });
      }}
    >
      {children}
    </FormModal>
  );
}

function PowerForm(props: RowFormProps<Power>) {
  const units = useUnitOptions();
  return (
    <RowForm<Power>
      {...props}
      kind="powers"
      title={props.row ? t('修改权力事项', 'Edit power') : t('新增权力事项', 'Add power')}
      initialValues={{ unitCode: '330203D01', powerType: 'inspect' }}
      body={(v) => ({ code: v.code, unitCode: v.unitCode, matter: v.matter, powerType: v.powerType, basis: v.basis, note: v.note || undefined })}
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
    </RowForm>
  );
}

export function PowersPage() {
  const units = useUnitOptions();
  const filters: FilterSpec[] = [
    { kind: 'search', key: 'q', placeholder: t('搜索事项、依据或编码', 'Search matter, basis or code') },
    selectFilter('powerType', t('权力类型', 'Type'), labelOptions(POWER_TYPES, POWER_TYPE_NAMES), { multiple: true }),
    selectFilter(
      'unitCode',
      t('实施单位', 'Unit'),
      units.flatMap((g) => g.options),
      { search: true, width: 200 },
    ),
  ];
  const columns: ListColumn<Power>[] = [
    { title: t('权力事项', 'Matter'), dataIndex: 'matter', card: 'title', width: 360 },
    { title: t('编码', 'Code'), dataIndex: 'code', width: 110 },
    { title: t('实施单位', 'Unit'), dataIndex: 'unitName', width: 160 },
    { title: t('类型', 'Type'), dataIndex: 'powerType', width: 100, render: (v: string) => <LabelTag labels={POWER_TYPE_NAMES} value={v} /> },
    { title: t('设定依据', 'Basis'), dataIndex: 'basis', width: 240 },
    { title: t('备注', 'Note'), dataIndex: 'note', width: 140 },
  ];
  return (
    <VersionRowsPage<Power>
      kind="powers"
      title={t('赋权清单', 'Enforcement powers')}
      shown={useShownVersion('powers')}
      filters={filters}
      columns={columns}
      empty={{
        draft: t('草稿还没有条目：新增或导入 Excel', 'The draft is empty: add rows or import'),
        published: t('没有符合条件的事项', 'No matching rows'),
        addFirst: true,
      }}
      addLabel={t('新增权力事项', 'Add power')}
      form={(p) => <PowerForm {...p} />}
    />
  );
}

type ShownVersion = ReturnType<typeof useShownVersion>;

/**
 * The page of one supervision list: the version bar, the chosen version's rows (filtered, paged; 修改 / 删除
 * and the 新增 button while it is a draft the user may edit) and the row form, or, while there is no version
 * yet, what to do.
 */
export function VersionRowsPage<T extends { id: string }>({
  kind,
  title,
  extra,
  shown,
  filters,
  columns,
  empty,
  addLabel,
  draftButtons,
  form,
  above,
  noVersion,
  exportQuery,
}: {
  kind: ListKind;
  title: string;
  extra?: ReactNode;
  shown: ShownVersion;
  filters: FilterSpec[];
  columns: ListColumn<T>[];
  /** What an empty list says in a draft and in a published version; `addFirst` offers the 新增 button in an empty draft. */
  empty: { draft: string; published: string; addFirst?: boolean };
  addLabel: string;
  /** The draft's buttons above the rows, given what opens a new row's form; default the one 新增 button. */
  draftButtons?: (add: () => void) => ReactNode;
  form: (props: RowFormProps<T>) => ReactNode;
  /** Shown above the rows of a version (the graded list's charts). */
  above?: (versionId: string) => ReactNode;
  /** What the page says while there is no version (default: create a draft). */
  noVersion?: string;
  /** The list's filters, added to the version's export. */
  exportQuery?: string;
}) {
  const { can } = useAuth();
  const [editing, setEditing] = useState<T | 'new'>();
  const { version, versions, select, loading } = shown;
  const draft = version?.status === 'draft' && can('inspection:lists');
  const add = () => setEditing('new');
  return (
    <PageCard title={title} extra={extra}>
      <VersionBar
        kind={kind}
        version={version}
        versions={versions}
        onSelect={select}
        draftUrl={`/api/supervision/${kind}/versions`}
        exportQuery={exportQuery}
      />
      {version ? (
        <>
          {above?.(version.id)}
          <ListPage<T>
            bare
            url={rowsUrl(kind, version.id)}
            queryKey={supervisionKeys.rows(kind, version.id)}
            filters={filters}
            columns={[...columns, ...rowActions<T>(draft, setEditing, (r) => `/api/supervision/${kind}/rows/${r.id}`)]}
            settingsKey={`supervision.${kind}`}
            empty={{ text: draft ? empty.draft : empty.published, action: draft && empty.addFirst && <Button onClick={add}>{addLabel}</Button> }}
          >
            {draft &&
              (draftButtons?.(add) ?? (
                <Button type="primary" style={{ marginBottom: 12 }} onClick={add}>
                  {addLabel}
                </Button>
              ))}
          </ListPage>
        </>
      ) : (
        <EmptyList loading={loading} text={noVersion} />
      )}
      {editing && version && form({ versionId: version.id, row: editing === 'new' ? undefined : editing, onClose: () => setEditing(undefined) })}
    </PageCard>
  );
}

/** While the versions load, a skeleton; once loaded and there are none, what to do. */
export function EmptyList({ loading, text }: { loading: boolean; text?: string }) {
  if (loading) return <Skeleton active />;
  return <p style={{ color: '#888' }}>{text ?? t('还没有任何版本：点“新建草稿版本”开始编制。', 'No version yet: create a draft to start.')}</p>;
}

function ItemForm(props: RowFormProps<Item>) {
  const units = useUnitOptions();
  return (
    <RowForm<Item>
      {...props}
      kind="items"
      title={props.row ? t('修改检查事项', 'Edit item') : t('新增检查事项', 'Add item')}
      initialValues={{ unitCode: '330203D01', method: '现场检查' }}
      body={(v) => ({ code: v.code, name: v.name, subject: v.subject, basis: v.basis, method: v.method, frequency: v.frequency, unitCode: v.unitCode })}
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
    </RowForm>
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
  const units = useUnitOptions();
  const filters: FilterSpec[] = [
    { kind: 'search', key: 'q', placeholder: t('搜索事项、依据、对象或编码', 'Search') },
    selectFilter(
      'unitCode',
      t('实施单位', 'Unit'),
      units.flatMap((g) => g.options),
      { search: true, width: 200 },
    ),
  ];
  return (
    <VersionRowsPage<Item>
      kind="items"
      title={t('检查事项清单', 'Supervision items')}
      extra={
        <a href="/public/supervision-items" target="_blank" rel="noreferrer">
          {t('查看公开页面', 'Public page')}
        </a>
      }
      shown={useShownVersion('items')}
      filters={filters}
      columns={itemColumns()}
      empty={{ draft: t('草稿还没有条目：新增或导入 Excel', 'The draft is empty'), published: t('没有符合条件的事项', 'No matching rows') }}
      addLabel={t('新增检查事项', 'Add item')}
      form={(p) => <ItemForm {...p} />}
    />
  );
}

export { useShownVersion };
