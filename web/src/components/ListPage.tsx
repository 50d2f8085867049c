// The list page every module uses: filters kept in the URL (so a link, the export and the map see the same
// ones, and the back button works), a table with server paging, totals, page size and quick jumper, sorting,
// a sticky header, and empty states that say what to do next.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Input, Select, Space, Switch, Table, TreeSelect } from 'antd';
import type { ColumnType, TableProps } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { Fragment, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { api, toQuery } from '../app/api';
import { t } from '../app/i18n';

type Value = string | string[] | undefined;
type Option = { value: string; label: ReactNode };

export type FilterSpec =
  | { kind: 'search'; key: string; placeholder: string; width?: number }
  | { kind: 'select'; key: string; placeholder: string; options: Option[]; width?: number; multiple?: boolean; search?: boolean; defaultValue?: string }
  | { kind: 'tree'; key: string; placeholder: string; treeData: unknown[]; width?: number }
  | { kind: 'switch'; key: string; label: string }
  /** Two keys (from, to) with ISO timestamps, or plain dates without showTime. */
  | { kind: 'range'; key: string; to: string; showTime?: boolean }
  /** Anything else: drawn by the page, with the value and a setter. */
  | { kind: 'custom'; key: string; render: (value: string | undefined, set: (v: string | undefined) => void) => ReactNode };

const keysOf = (specs: readonly FilterSpec[]) => specs.flatMap((s) => (s.kind === 'range' ? [s.key, s.to] : [s.key]));

/** List state in the URL: filter values, page, page size and sort; every change but paging goes back to page 1. */
export function useUrlFilters(specs: readonly FilterSpec[], defaultPageSize = 20) {
  const [params, setParams] = useSearchParams();
  const multi = new Set(specs.filter((s) => s.kind === 'select' && s.multiple).map((s) => s.key));
  const values: Record<string, Value> = {};
  for (const s of specs) {
    for (const k of s.kind === 'range' ? [s.key, s.to] : [s.key]) {
      const all = params.getAll(k);
      values[k] = multi.has(k) ? (all.length ? all : undefined) : (all[0] ?? (s.kind === 'select' ? s.defaultValue : undefined));
    }
  }
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? defaultPageSize) || defaultPageSize;
  const sort = params.get('sort') ?? undefined;
  const set = (patch: Record<string, Value | number>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      next.delete(k);
      if (Array.isArray(v)) for (const x of v) next.append(k, x);
      else if (v !== undefined && v !== '') next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const active = keysOf(specs).some((k) => params.has(k));
  const reset = () => {
    const next = new URLSearchParams(params);
    for (const k of [...keysOf(specs), 'page']) next.delete(k);
    setParams(next, { replace: true });
  };
  /** The filters as the API wants them (no paging). */
  const filters = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
  return { values, filters, page, pageSize, sort, set, reset, active };
}

export type UrlFilters = ReturnType<typeof useUrlFilters>;

/** The filter controls of a list, bound to the URL state. */
export function FilterBar({ specs, state }: { specs: readonly FilterSpec[]; state: UrlFilters }) {
  const { values, set, reset, active } = state;
  const one = (k: string) => values[k] as string | undefined;
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      {specs.map((s) => {
        switch (s.kind) {
          case 'search':
            return (
              <Input.Search
                key={`${s.key}:${one(s.key) ?? ''}`}
                allowClear
                placeholder={s.placeholder}
                aria-label={s.placeholder}
                defaultValue={one(s.key)}
                onSearch={(v) => set({ [s.key]: v.trim() || undefined })}
                style={{ width: s.width ?? 220 }}
              />
            );
          case 'select':
            return (
              <Select
                key={s.key}
                mode={s.multiple ? 'multiple' : undefined}
                allowClear={!s.defaultValue}
                showSearch={s.search ? { optionFilterProp: 'label' } : undefined}
                placeholder={s.placeholder}
                aria-label={s.placeholder}
                value={values[s.key]}
                onChange={(v) => set({ [s.key]: v === s.defaultValue ? undefined : v })}
                style={s.multiple ? { minWidth: s.width ?? 160 } : { width: s.width ?? 140 }}
                options={s.options}
              />
            );
          case 'tree':
            return (
              <TreeSelect
                key={s.key}
                allowClear
                showSearch
                treeNodeFilterProp="title"
                placeholder={s.placeholder}
                value={one(s.key)}
                onChange={(v) => set({ [s.key]: v })}
                style={{ width: s.width ?? 200 }}
                treeData={s.treeData as never}
              />
            );
          case 'switch':
            return (
              <Space key={s.key} size={4}>
                <Switch size="small" aria-label={s.label} checked={one(s.key) === 'true'} onChange={(v) => set({ [s.key]: v ? 'true' : undefined })} />
                {s.label}
              </Space>
            );
          case 'range': {
            const from = one(s.key);
            const to = one(s.to);
            return (
              <DatePicker.RangePicker
                key={s.key}
                showTime={s.showTime}
                value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
                onChange={(v) => {
                  const [a, b] = v ?? [];
                  const fmt = (d: dayjs.Dayjs | null | undefined) => (d ? (s.showTime ? d.toISOString() : d.format('YYYY-MM-DD')) : undefined);
                  set({ [s.key]: fmt(a), [s.to]: fmt(b) });
                }}
              />
            );
          }
          default:
            return <Fragment key={s.key}>{s.render(one(s.key), (v) => set({ [s.key]: v }))}</Fragment>;
        }
      })}
      {active && (
        <Button type="link" size="small" onClick={reset}>
          {t('清除筛选', 'Clear filters')}
        </Button>
      )}
    </Space>
  );
}

/** A column; `sortKey` makes it sortable on the server (`sort=key` / `sort=-key` in the URL and the request). */
export type ListColumn<T> = ColumnType<T> & { sortKey?: string };

export interface Paged<T> {
  items: T[];
  total: number;
  totalCapped?: boolean;
}

export interface ListTableProps<T> {
  state: UrlFilters;
  data: Paged<T> | undefined;
  loading: boolean;
  columns: ListColumn<T>[];
  rowKey: TableProps<T>['rowKey'];
  /** What to do when there is nothing at all (no filters set): e.g. "登记第一家企业" with a button. */
  empty: { text: string; action?: ReactNode };
  /** `共 n 家` etc.; default `共 n 条`. */
  total?: (n: number) => string;
  onRow?: TableProps<T>['onRow'];
  rowSelection?: TableProps<T>['rowSelection'];
  size?: 'small' | 'middle';
  pageSizeOptions?: number[];
}

/** The table of a list page: server paging from the URL state, totals, quick jumper, sorting, sticky header. */
export function ListTable<T extends object>({ state, data, loading, columns, empty, total, size = 'middle', pageSizeOptions, ...rest }: ListTableProps<T>) {
  const { page, pageSize, sort, set, reset, active } = state;
  const cols = columns.map(({ sortKey, ...c }) =>
    sortKey
      ? {
          ...c,
          key: `sort:${sortKey}`,
          sorter: true,
          sortOrder: sort === sortKey ? ('ascend' as const) : sort === `-${sortKey}` ? ('descend' as const) : null,
        }
      : c,
  );
  return (
    <Table<T>
      {...rest}
      size={size}
      sticky
      scroll={{ x: 'max-content' }}
      loading={loading}
      dataSource={data?.items}
      columns={cols}
      showSorterTooltip={false}
      onChange={(p, _f, sorter, extra) => {
        if (extra.action === 'paginate') return set({ page: p.current ?? 1, pageSize: p.pageSize ?? pageSize });
        if (extra.action !== 'sort') return;
        const s = sorter as SorterResult<T>;
        const k = String(s.columnKey ?? '').replace(/^sort:/, '');
        set({ sort: k && s.order ? (s.order === 'descend' ? `-${k}` : k) : undefined });
      }}
      locale={{
        emptyText: active ? (
          <Empty description={t('没有符合筛选条件的记录', 'Nothing matches these filters')}>
            <Button onClick={reset}>{t('清除筛选', 'Clear filters')}</Button>
          </Empty>
        ) : (
          <Empty description={empty.text}>{empty.action}</Empty>
        ),
      }}
      pagination={{
        current: page,
        pageSize,
        total: data?.total,
        showSizeChanger: true,
        showQuickJumper: true,
        pageSizeOptions: pageSizeOptions ?? [10, 20, 50, 100],
        showTotal: (n) =>
          data?.totalCapped ? t(`超过 ${n} 条，请用筛选缩小范围`, `More than ${n}; narrow the filters`) : (total?.(n) ?? t(`共 ${n} 条`, `${n} in total`)),
      }}
    />
  );
}

export interface ListPageProps<T> extends Omit<ListTableProps<T>, 'state' | 'data' | 'loading'> {
  title?: ReactNode;
  /** Buttons in the card's header; a function gets the URL state (for an export with the same filters). */
  extra?: ReactNode | ((state: UrlFilters) => ReactNode);
  filters?: readonly FilterSpec[];
  /** The API list endpoint; filters, page, pageSize and sort are added as the query string. */
  url: string;
  /** The module's query key for this list (from its api.ts); the request's query is appended. */
  queryKey: readonly unknown[];
  /** Map URL filter values to the API's (e.g. a "show all" choice that the API expresses by no value). */
  apiParams?: (filters: Record<string, string | string[]>) => Record<string, unknown>;
  defaultPageSize?: number;
  /** Shown between the filters and the table (charts, notices). */
  children?: ReactNode;
  /** Without the Card around it (for a list inside a tab or another card). */
  bare?: boolean;
}

/** Card + FilterBar + ListTable over a paged API endpoint. */
export function ListPage<T extends object>({
  title,
  extra,
  filters = [],
  url,
  queryKey,
  apiParams,
  defaultPageSize,
  children,
  bare,
  ...table
}: ListPageProps<T>) {
  const state = useUrlFilters(filters, defaultPageSize);
  const query = toQuery({ ...(apiParams ? apiParams(state.filters) : state.filters), page: state.page, pageSize: state.pageSize, sort: state.sort });
  const list = useQuery({
    queryKey: [...queryKey, query],
    queryFn: () => api.get<Paged<T>>(`${url}${query}`),
    placeholderData: keepPreviousData,
  });
  const body = (
    <>
      {filters.length > 0 && <FilterBar specs={filters} state={state} />}
      {children}
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <ListTable<T> {...table} state={state} data={list.data} loading={list.isFetching} />
    </>
  );
  if (bare) return body;
  return (
    <Card title={title} extra={typeof extra === 'function' ? extra(state) : extra}>
      {body}
    </Card>
  );
}
