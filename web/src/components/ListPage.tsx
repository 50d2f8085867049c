// The list page every module uses: filters kept in the URL (so a link, the export and the map see the same
// ones, and the back button works), a table with server paging, totals, page size and quick jumper, sorting,
// a sticky header, column settings, batch selection, and empty states that say what to do next. On a phone
// the filters fold under one button and the rows become compact cards.
import { DownloadOutlined, FilterOutlined, SettingOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  Input,
  List,
  Pagination,
  Popover,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import type { ColumnType, TableProps } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { Fragment, type Key, type ReactNode, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { api, download, toQuery } from '../app/api';
import { t } from '../app/i18n';
import { AddButton } from './FormParts';
import { cellValue, columnKey, readHidden, sortOrderOf, sortParam, writeHidden } from './listColumns';
import { PageCard, useIsPhone } from './PageCard';

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

/** A filter set by a link (`?enterpriseId=…` from a record page), shown as a tag that clears it. */
export const chipFilter = (key: string, label: string): FilterSpec => ({
  kind: 'custom',
  key,
  render: (v, set) =>
    v && (
      <Tag closable onClose={() => set(undefined)}>
        {label}
      </Tag>
    ),
});

/** Options for a label map's keys (`HAZARD_STATES`), each named by `label` (`stateLabel`). */
export const optionsOf = (keys: readonly string[], label: (key: string) => ReactNode): Option[] => keys.map((k) => ({ value: k, label: label(k) }));

/** The two choices of a yes/no filter (`?online=true|false`): 是 / 否 unless given their own words. */
export const yesNoOptions = (yes = t('是', 'Yes'), no = t('否', 'No')): Option[] => [
  { value: 'true', label: yes },
  { value: 'false', label: no },
];

/** A select filter on one line: `selectFilter('state', t('状态', 'State'), optionsOf(HAZARD_STATES, stateLabel), { multiple: true })`. */
export const selectFilter = (
  key: string,
  placeholder: string,
  options: Option[],
  more: { multiple?: boolean; width?: number; search?: boolean; defaultValue?: string } = {},
): FilterSpec => ({ kind: 'select', key, placeholder, options, ...more });

/** A filter the URL may carry (a dashboard drill-down) that has no control of its own. */
export const hiddenFilter = (key: string): FilterSpec => ({ kind: 'custom', key, render: () => null });

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
  const phone = useIsPhone();
  const [open, setOpen] = useState(false);
  const one = (k: string) => values[k] as string | undefined;
  // On a phone every control is full width, and all but the first search fold under a 筛选 button.
  const w = (width: number) => (phone ? '100%' : width);
  const drawn = (list: readonly FilterSpec[]) =>
    list.map((s) => {
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
              style={{ width: w(s.width ?? 220) }}
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
              style={phone ? { width: '100%' } : s.multiple ? { minWidth: s.width ?? 160 } : { width: s.width ?? 140 }}
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
              style={{ width: w(s.width ?? 200) }}
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
              style={phone ? { width: '100%' } : undefined}
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
    });
  const clearButton = active && (
    <Button type="link" size="small" onClick={reset}>
      {t('清除筛选', 'Clear filters')}
    </Button>
  );
  if (!phone) {
    return (
      <Space wrap style={{ marginBottom: 12 }}>
        {drawn(specs)}
        {clearButton}
      </Space>
    );
  }
  const first = specs.find((s) => s.kind === 'search');
  const folded = specs.filter((s) => s !== first && s.kind !== 'custom');
  const custom = specs.filter((s) => s.kind === 'custom');
  const setCount = folded.filter((s) => keysOf([s]).some((k) => values[k] !== undefined)).length;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }}>
      <Flex gap={8}>
        <div style={{ flex: 1, minWidth: 0 }}>{first ? drawn([first]) : null}</div>
        {folded.length > 0 && (
          <Badge count={setCount} size="small">
            <Button icon={<FilterOutlined />} onClick={() => setOpen(!open)} aria-expanded={open}>
              {t('筛选', 'Filters')}
            </Button>
          </Badge>
        )}
      </Flex>
      {open && drawn(folded)}
      {custom.length > 0 && (
        <Flex wrap gap={8}>
          {drawn(custom)}
        </Flex>
      )}
      {clearButton}
    </Flex>
  );
}

/**
 * A column. `sortKey` makes it sortable on the server (`sort=key` / `sort=-key` in the URL and the request;
 * `sortDirections` limits it when the API sorts one way only). `card` places it on the phone card: `'title'`
 * (default: the first column), `'hide'` (left off the card); columns without a title (actions) go to the
 * card's foot. `hideable: false` keeps it out of the column settings (always shown).
 */
export type ListColumn<T> = ColumnType<T> & { sortKey?: string; card?: 'title' | 'hide'; hideable?: boolean };

/** The column that opens a record: its value as a link to `to(row)`, always shown (`hideable: false`). */
export const linkColumn = <T extends object>(title: string, dataIndex: keyof T & string, to: (row: T) => string, more: ListColumn<T> = {}): ListColumn<T> => ({
  title,
  dataIndex,
  hideable: false,
  render: (v, r) => <Link to={to(r)}>{v}</Link>,
  ...more,
});

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
  /** Default `id`. */
  rowKey?: TableProps<T>['rowKey'];
  /** What to do when there is nothing at all (no filters set): e.g. "登记第一家企业" with a button. */
  empty: { text: string; action?: ReactNode };
  /** `共 n 家` etc.; default `共 n 条`. */
  total?: (n: number) => string;
  onRow?: TableProps<T>['onRow'];
  rowSelection?: TableProps<T>['rowSelection'];
  /**
   * Batch actions: rows get checkboxes, and while some are selected a bar shows their count and what this
   * returns (buttons acting on the selected rows; call `clear` when done).
   */
  batchActions?: (selected: { keys: Key[]; rows: T[]; clear: () => void }) => ReactNode;
  /** Where the column settings are remembered (localStorage); default: the URL's path. */
  settingsKey?: string;
  /** How many columns a phone card shows besides its title (default 5). */
  cardFields?: number;
  size?: 'small' | 'middle';
  pageSizeOptions?: number[];
}

const keyOf = <T extends object>(rowKey: TableProps<T>['rowKey'], r: T, i: number): Key =>
  typeof rowKey === 'function' ? rowKey(r, i) : ((r as Record<string, unknown>)[String(rowKey ?? 'key')] as Key);

/** The column settings: a popover of checkboxes, one per column, remembered in localStorage. */
function ColumnSettings({ columns, hidden, setHidden }: { columns: { key: string; title: ReactNode }[]; hidden: string[]; setHidden: (h: string[]) => void }) {
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={
        <Flex justify="space-between" align="center" gap={16}>
          {t('显示的列', 'Columns shown')}
          <Button type="link" size="small" disabled={!hidden.length} onClick={() => setHidden([])}>
            {t('重置', 'Reset')}
          </Button>
        </Flex>
      }
      content={
        <Flex vertical gap={4} data-testid="column-settings">
          {columns.map((c) => (
            <Checkbox
              key={c.key}
              checked={!hidden.includes(c.key)}
              onChange={(e) => setHidden(e.target.checked ? hidden.filter((h) => h !== c.key) : [...hidden, c.key])}
            >
              {c.title}
            </Checkbox>
          ))}
        </Flex>
      }
    >
      <Tooltip title={t('列设置', 'Column settings')}>
        <Button size="small" type="text" icon={<SettingOutlined />} aria-label={t('列设置', 'Column settings')} />
      </Tooltip>
    </Popover>
  );
}

/** One record as a compact card (phones): the title column, then label–value lines, actions at the foot. */
function RowCard<T extends object>({
  record,
  index,
  title,
  fields,
  actions,
  onRow,
  selection,
}: {
  record: T;
  index: number;
  title: ListColumn<T> | undefined;
  fields: ListColumn<T>[];
  actions: ListColumn<T>[];
  onRow?: TableProps<T>['onRow'];
  selection?: { checked: boolean; toggle: () => void };
}) {
  const show = (c: ListColumn<T>): ReactNode => {
    const v = cellValue(record, c.dataIndex);
    return (c.render ? c.render(v, record, index) : (v as ReactNode)) as ReactNode;
  };
  const handlers = onRow?.(record, index) ?? {};
  return (
    <Card size="small" data-testid="list-card" onClick={handlers.onClick as never} style={{ ...(handlers.style ?? {}), marginBottom: 8 }}>
      <Flex gap={8} align="flex-start">
        {selection && <Checkbox checked={selection.checked} onChange={selection.toggle} onClick={(e) => e.stopPropagation()} />}
        <div style={{ minWidth: 0, flex: 1 }}>
          {title && <div style={{ fontWeight: 600, marginBottom: 4, overflowWrap: 'anywhere' }}>{show(title)}</div>}
          {fields.map((c, i) => (
            <Flex key={columnKey(c, i)} gap={8} style={{ fontSize: 13, lineHeight: '22px' }}>
              <Typography.Text type="secondary" style={{ flex: '0 0 84px' }}>
                {c.title as ReactNode}
              </Typography.Text>
              <div style={{ minWidth: 0, flex: 1, overflowWrap: 'anywhere' }}>{show(c)}</div>
            </Flex>
          ))}
          {actions.length > 0 && (
            <Flex wrap gap={8} style={{ marginTop: 6 }} onClick={(e) => e.stopPropagation()}>
              {actions.map((c, i) => (
                <Fragment key={columnKey(c, i)}>{show(c)}</Fragment>
              ))}
            </Flex>
          )}
        </div>
      </Flex>
    </Card>
  );
}

/**
 * The table of a list page: server paging from the URL state, totals (≥N when the server stopped counting),
 * page size and quick jumper, server sorting, sticky header, column settings, batch selection; on a phone
 * the rows are compact cards with the same paging.
 */
export function ListTable<T extends object>({
  state,
  data,
  loading,
  columns,
  empty,
  total,
  size = 'middle',
  pageSizeOptions,
  batchActions,
  settingsKey,
  cardFields = 5,
  rowSelection,
  rowKey = 'id',
  ...rest
}: ListTableProps<T>) {
  const { page, pageSize, sort, set, reset, active } = state;
  const phone = useIsPhone();
  const { pathname } = useLocation();
  const id = settingsKey ?? pathname;
  const [hidden, setHiddenState] = useState<string[]>(() => readHidden(globalThis.localStorage, id));
  const setHidden = (h: string[]) => {
    setHiddenState(h);
    writeHidden(globalThis.localStorage, id, h);
  };
  const [selected, setSelected] = useState<{ keys: Key[]; rows: T[] }>({ keys: [], rows: [] });
  const clear = () => setSelected({ keys: [], rows: [] });

  const keyed = columns.map((c, i) => ({ c, key: columnKey(c, i) }));
  const settable = keyed.filter(({ c }) => c.hideable !== false && c.title);
  const shown = keyed.filter(({ c, key }) => c.hideable === false || !c.title || !hidden.includes(key));
  const cols = shown.map(({ c: { sortKey, card: _card, hideable: _h, ...c }, key }) =>
    sortKey ? { ...c, key: `sort:${sortKey}`, sorter: true, sortOrder: sortOrderOf(sort, sortKey) } : { ...c, key },
  );

  const selecting = !!batchActions;
  const selection: TableProps<T>['rowSelection'] = selecting
    ? { selectedRowKeys: selected.keys, onChange: (keys, rows) => setSelected({ keys, rows }), preserveSelectedRowKeys: true }
    : rowSelection;

  const showTotal = (n: number) =>
    data?.totalCapped
      ? t(`共 ≥${n} 条（超过计数上限，请用筛选缩小范围）`, `≥${n} in total (narrow the filters)`)
      : (total?.(n) ?? t(`共 ${n} 条`, `${n} in total`));
  const pagination = {
    current: page,
    pageSize,
    total: data?.total,
    showSizeChanger: true,
    showQuickJumper: !phone,
    simple: phone,
    size: phone ? ('small' as const) : undefined,
    pageSizeOptions: pageSizeOptions ?? [10, 20, 50, 100],
    showTotal,
  };
  const emptyNode = active ? (
    <Empty description={t('没有符合筛选条件的记录', 'Nothing matches these filters')}>
      <Button onClick={reset}>{t('清除筛选', 'Clear filters')}</Button>
    </Empty>
  ) : (
    <Empty description={empty.text}>{empty.action}</Empty>
  );

  const toolbar = (
    <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
      <Flex align="center" gap={8} wrap>
        {selecting && selected.keys.length > 0 && (
          <>
            <span data-testid="selected-count">{t(`已选 ${selected.keys.length} 项`, `${selected.keys.length} selected`)}</span>
            {batchActions({ keys: selected.keys, rows: selected.rows, clear })}
            <Button type="link" size="small" onClick={clear}>
              {t('取消选择', 'Clear selection')}
            </Button>
          </>
        )}
      </Flex>
      {!phone && settable.length > 1 && (
        <ColumnSettings columns={settable.map(({ c, key }) => ({ key, title: c.title as ReactNode }))} hidden={hidden} setHidden={setHidden} />
      )}
    </Flex>
  );

  if (phone) {
    const visible = shown.map(({ c }) => c);
    const titleCol = visible.find((c) => c.card === 'title') ?? visible.find((c) => c.title && c.card !== 'hide');
    const actions = visible.filter((c) => !c.title);
    const fields = visible.filter((c) => c !== titleCol && c.title && c.card !== 'hide').slice(0, cardFields);
    const keys = new Set(selected.keys);
    return (
      <div data-testid="list-cards">
        {toolbar}
        <List<T>
          loading={loading}
          dataSource={data?.items}
          locale={{ emptyText: emptyNode }}
          rowKey={(r) => keyOf(rowKey, r, 0) as never}
          renderItem={(r, i) => (
            <RowCard<T>
              record={r}
              index={i}
              title={titleCol}
              fields={fields}
              actions={actions}
              onRow={rest.onRow}
              selection={
                selecting
                  ? {
                      checked: keys.has(keyOf(rowKey, r, i)),
                      toggle: () => {
                        const k = keyOf(rowKey, r, i);
                        setSelected((s) =>
                          s.keys.includes(k)
                            ? { keys: s.keys.filter((x) => x !== k), rows: s.rows.filter((_, j) => s.keys[j] !== k) }
                            : { keys: [...s.keys, k], rows: [...s.rows, r] },
                        );
                      },
                    }
                  : undefined
              }
            />
          )}
        />
        <Flex vertical align="center" gap={4} style={{ marginTop: 8 }}>
          <Typography.Text type="secondary" data-testid="list-total">
            {data ? showTotal(data.total) : null}
          </Typography.Text>
          <Pagination {...pagination} showTotal={undefined} onChange={(p, ps) => set({ page: ps !== pageSize ? 1 : p, pageSize: ps })} />
        </Flex>
      </div>
    );
  }

  return (
    <>
      {(selecting || settable.length > 1) && toolbar}
      <Table<T>
        {...rest}
        rowKey={rowKey}
        rowSelection={selection}
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
          set({ sort: sortParam(String(s.columnKey ?? '').replace(/^sort:/, ''), s.order) });
        }}
        locale={{ emptyText: emptyNode }}
        pagination={pagination}
      />
    </>
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
  /** An 导出 Excel button in the header that exports with the list's filters. */
  exportTo?: { url: string; fileName: string };
  /**
   * The list's 新增 action: a primary button in the header (unless `show` is false), offered again when the
   * list is empty, as a plain button saying `first` (登记第一条隐患) when given, else the same button.
   */
  add?: { show?: boolean; label: string; to?: string; onClick?: () => void; icon?: ReactNode; first?: string };
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
  exportTo,
  add,
  empty,
  ...table
}: ListPageProps<T>) {
  const addButton = add && (
    <AddButton show={add.show} to={add.to} onClick={add.onClick} icon={add.icon}>
      {add.label}
    </AddButton>
  );
  const addFirst = add?.first && (
    <AddButton show={add.show} to={add.to} onClick={add.onClick} plain>
      {add.first}
    </AddButton>
  );
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
      <ListTable<T>
        {...table}
        empty={{ text: empty.text, action: empty.action ?? (addFirst || addButton) }}
        state={state}
        data={list.data}
        loading={list.isFetching}
      />
    </>
  );
  if (bare) return body;
  return (
    <PageCard
      title={title}
      extra={
        <>
          {exportTo && <ExportButton url={exportTo.url} filters={state.filters} fileName={exportTo.fileName} />}
          {typeof extra === 'function' ? extra(state) : extra}
          {addButton}
        </>
      }
    >
      {body}
    </PageCard>
  );
}

/** An export of a list with the filters it shows: GET `url` + the filters, saved under the server's file name. */
export function ExportButton({
  url,
  filters,
  fileName,
  label,
  primary,
}: {
  url: string;
  filters?: Record<string, unknown>;
  fileName: string;
  label?: string;
  primary?: boolean;
}) {
  const { message } = AntApp.useApp();
  return (
    <Button
      type={primary ? 'primary' : 'default'}
      icon={<DownloadOutlined />}
      onClick={() => download(`${url}${toQuery(filters ?? {})}`, fileName).catch((e: Error) => message.error(e.message))}
    >
      {label ?? t('导出 Excel', 'Export Excel')}
    </Button>
  );
}
