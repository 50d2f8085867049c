// The district's places (towns, villages, departments) from the org tree: one query under one key, and the
// name of a place from its code, so pages show "石碶街道" where the API returns 330203009.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../app/api';

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

/** Invalidate this after renaming a unit. */
export const ORG_TREE_KEY = ['orgs', 'tree'] as const;

export function useOrgTree() {
  return useQuery({ queryKey: ORG_TREE_KEY, queryFn: () => api.get<OrgNode[]>('/api/orgs/tree'), staleTime: 10 * 60_000 });
}

const toOption =
  (keep: (n: OrgNode) => boolean) =>
  (n: OrgNode): TreeOption => {
    const children = n.children.filter(keep).map(toOption(keep));
    return { value: n.code, title: n.name, kind: n.kind, children: children.length ? children : undefined };
  };

/** Every node of the tree, code → node. */
function index(tree: OrgNode[] | undefined): Map<string, OrgNode> {
  const out = new Map<string, OrgNode>();
  const walk = (n: OrgNode) => {
    out.set(n.code, n);
    n.children.forEach(walk);
  };
  tree?.forEach(walk);
  return out;
}

/** The org tree as the pages need it: towns, departments, tree-select options and names from codes. */
export function usePlaces() {
  const q = useOrgTree();
  // Derived once per tree, so the arrays are stable between renders (safe as effect dependencies).
  const derived = useMemo(() => {
    const tree = q.data ?? [];
    const top = tree[0]?.children ?? [];
    const towns = top.filter((c) => c.kind === 'town');
    const nodes = index(tree);
    return {
      towns,
      departments: top.filter((c) => c.kind === 'department'),
      /** Town options for a Select. */
      townOptions: towns.map((t) => ({ value: t.code, label: t.name })),
      /** The whole tree (departments included) for a TreeSelect. */
      options: tree.map(toOption(() => true)),
      /** District, towns and villages (no departments): where a record can be filed. */
      jurisdictionOptions: tree.map(toOption((n) => n.kind !== 'department')),
      /** The place's name, or the code while the tree loads or when it is not a place. */
      name: (code: string | null | undefined) => (code ? (nodes.get(code)?.name ?? code) : ''),
    };
  }, [q.data]);
  return { ...q, ...derived };
}

/** A place's name with its code on hover. */
export function PlaceName({ code }: { code: string | null | undefined }) {
  const { name } = usePlaces();
  if (!code) return <>—</>;
  return <span title={code}>{name(code)}</span>;
}
