// A module's pages: the tab bar (scrolls sideways on a phone) and the routes, from one list the module states.
import { Flex, Segmented } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../app/auth';
import { useLang } from '../app/i18n';

/**
 * The pages of a module as a tab bar (`/<base>/<value>`; the value '' is the module's index page); scrolls
 * sideways on a phone instead of widening it.
 */
export function ModuleTabs({ base, tabs, style }: { base: string; tabs: { value: string; label: string }[]; style?: CSSProperties }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = tabs.find((x) => x.value && pathname.startsWith(`${base}/${x.value}`))?.value ?? tabs[0]?.value;
  return (
    <div style={{ overflowX: 'auto', maxWidth: '100%', ...style }}>
      <Segmented options={tabs} value={current} onChange={(v) => navigate(v ? `${base}/${v}` : base)} />
    </div>
  );
}

export interface ModulePage {
  /** The route under the module ('' for its index page, 'enterprises/:id' …). */
  path: string;
  element: ReactNode;
  /** Its label in the tab bar; pages without one (a record, a form) are routes only. */
  tab?: string;
  /** False: neither route nor tab (a permission the user lacks). */
  show?: boolean;
}

/** A module's pages for the signed-in user: `can` decides the ones marked `show: can(…)`. */
export type ModulePageList = (can: (permission: string) => boolean) => ModulePage[];

/**
 * A module's pages: the tab bar and the routes from one list, read on every render (tab labels follow the
 * language, `show` the user's permissions). `home` is where the index (and an unknown path) goes when the
 * module has no '' page.
 */
export function ModulePages({ base, pages, home }: { base: string; pages: ModulePageList; home?: string }) {
  useLang();
  const { can } = useAuth();
  const shown = pages(can).filter((p) => p.show !== false);
  const tabs = shown.flatMap((p) => (p.tab ? [{ value: p.path, label: p.tab }] : []));
  return (
    <Flex vertical gap={12}>
      <ModuleTabs base={base} tabs={tabs} />
      <div style={{ minWidth: 0 }}>
        <Routes>
          {home && <Route index element={<Navigate to={home} replace />} />}
          {shown.map((p) => (p.path === '' ? <Route key="" index element={p.element} /> : <Route key={p.path} path={p.path} element={p.element} />))}
          {home && <Route path="*" element={<Navigate to={home} replace />} />}
        </Routes>
      </div>
    </Flex>
  );
}
