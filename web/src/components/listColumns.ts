// Plain functions behind the list table's column settings, phone cards and server sorting (no React, so
// web/parts.test.ts covers them).

/** The part of an antd column these functions read. */
export interface ColumnLike {
  key?: string | number | bigint;
  dataIndex?: unknown;
  title?: unknown;
}

/** A column's stable key: its `key`, its dataIndex path, or its title when that is a plain string. */
export function columnKey(c: ColumnLike, index: number): string {
  if (c.key !== undefined && c.key !== null) return String(c.key);
  if (typeof c.dataIndex === 'string' || typeof c.dataIndex === 'number') return String(c.dataIndex);
  if (Array.isArray(c.dataIndex)) return c.dataIndex.join('.');
  if (typeof c.title === 'string' && c.title) return `title:${c.title}`;
  return `col:${index}`;
}

/** The raw value a column shows for a record (its dataIndex, a key or a path), before `render`. */
export function cellValue(record: object, dataIndex: unknown): unknown {
  if (dataIndex === undefined || dataIndex === null || dataIndex === '') return undefined;
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  let v: unknown = record;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p as string];
  }
  return v;
}

/** The server's sort parameter for a column key and an antd sort order (`name`, `-name`, or none). */
export function sortParam(key: string, order: 'ascend' | 'descend' | null | undefined): string | undefined {
  if (!key || !order) return undefined;
  return order === 'descend' ? `-${key}` : key;
}

/** The antd sort order a column shows for the URL's `sort` value. */
export function sortOrderOf(sort: string | undefined, key: string): 'ascend' | 'descend' | null {
  if (sort === key) return 'ascend';
  if (sort === `-${key}`) return 'descend';
  return null;
}

/** The hidden columns remembered for a list (localStorage), or none; anything unreadable counts as none. */
export function readHidden(storage: Pick<Storage, 'getItem'> | undefined, id: string): string[] {
  try {
    const raw = storage?.getItem(`anlan.columns.${id}`);
    const v: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function writeHidden(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, id: string, hidden: string[]) {
  try {
    if (hidden.length) storage?.setItem(`anlan.columns.${id}`, JSON.stringify(hidden));
    else storage?.removeItem(`anlan.columns.${id}`);
  } catch {
    // private mode or full storage: the choice lasts for this page only
  }
}
