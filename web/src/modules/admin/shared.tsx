// Bits the admin and audit pages share: the org tree as TreeSelect data, role labels, language picking.
import { useQuery } from '@tanstack/react-query';
import { ROLE_LABELS, type Role } from '../../../../shared/roles.ts';
import { api } from '../../app/api';
import { getLang } from '../../app/i18n';

export const L = (zh: string, en: string) => (getLang() === 'en' ? en : zh);

export const roleLabel = (r: string) => {
  const l = ROLE_LABELS[r as Role];
  return l ? (getLang() === 'en' ? l.en : l.zh) : r;
};

export interface OrgNode {
  code: string;
  name: string;
  shortName: string | null;
  kind: 'district' | 'town' | 'village' | 'department';
  children: OrgNode[];
}

export interface TreeOption {
  value: string;
  title: string;
  kind: OrgNode['kind'];
  children?: TreeOption[];
}

const toOption = (n: OrgNode): TreeOption => ({
  value: n.code,
  title: n.name,
  kind: n.kind,
  children: n.children.length ? n.children.map(toOption) : undefined,
});

export function useOrgTree() {
  return useQuery({ queryKey: ['orgs', 'tree'], queryFn: () => api.get<OrgNode[]>('/api/orgs/tree'), staleTime: 5 * 60_000 });
}

export function useOrgOptions() {
  const q = useOrgTree();
  return { ...q, options: (q.data ?? []).map(toOption) };
}

/** code → name for every node of the tree. */
export function orgNames(tree: OrgNode[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (n: OrgNode) => {
    out.set(n.code, n.name);
    n.children.forEach(walk);
  };
  tree?.forEach(walk);
  return out;
}

export const fmtTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
