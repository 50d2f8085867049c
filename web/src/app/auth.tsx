// Who is signed in, what they may do, and the guard that sends everyone else to /login.
import { useQueryClient } from '@tanstack/react-query';
import { Button, Result, Spin } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Me, Session } from '../../../shared/platform.dto.ts';
import { can as canWith } from '../../../shared/roles.ts';
import { AccountGate } from '../modules/admin/AccountSecurity';
import { ApiError, api, setCsrfToken, setUnauthorizedHandler } from './api';
import { useT } from './i18n';

type State = { status: 'loading' } | { status: 'anonymous' } | { status: 'signedIn'; me: Me } | { status: 'error'; error: ApiError };

interface Auth {
  me: Me | undefined;
  can: (permission: string) => boolean;
  login: (input: { username: string; password: string; totp?: string }) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | undefined>(undefined);
const StateContext = createContext<{ state: State; reload: () => void }>({
  state: { status: 'loading' },
  reload: () => {},
});

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>({ status: 'loading' });

  const signedIn = useCallback((s: Session) => {
    setCsrfToken(s.csrfToken);
    setState({ status: 'signedIn', me: s.user });
  }, []);

  const anonymous = useCallback(() => {
    setCsrfToken(undefined);
    setState({ status: 'anonymous' });
  }, []);

  // Only a session that ended drops cached data; clearing on the first anonymous /me would also cancel
  // the queries of public pages (report tracking, one-tap acknowledgement) already in flight.
  const signedOut = useCallback(() => {
    queryClient.clear();
    anonymous();
  }, [queryClient, anonymous]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    // /api/auth/session answers 200 with null when nobody is signed in: no 401 in the console of the
    // sign-in and public pages (/api/auth/me answers 401 there).
    api.get<{ session: Session | null }>('/api/auth/session').then(
      ({ session }) => (session ? signedIn(session) : anonymous()),
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 401) anonymous();
        else setState({ status: 'error', error: e as ApiError });
      },
    );
  }, [signedIn, anonymous]);

  useEffect(() => {
    reload();
    setUnauthorizedHandler(signedOut);
    return () => setUnauthorizedHandler(undefined);
  }, [reload, signedOut]);

  const auth = useMemo<Auth>(() => {
    const me = state.status === 'signedIn' ? state.me : undefined;
    const perms = new Set(me?.permissions ?? []);
    return {
      me,
      can: (permission) => canWith(perms, permission),
      login: async (input) => {
        queryClient.clear();
        signedIn(await api.post<Session>('/api/auth/login', input));
      },
      logout: async () => {
        try {
          await api.post('/api/auth/logout');
        } finally {
          signedOut();
        }
      },
    };
  }, [state, queryClient, signedIn, signedOut]);

  return (
    <StateContext.Provider value={{ state, reload }}>
      <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>
    </StateContext.Provider>
  );
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** Renders children for a signed-in user; otherwise goes to /login remembering where the user was going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, reload } = useContext(StateContext);
  const { logout } = useAuth();
  const location = useLocation();
  const t = useT();
  if (state.status === 'loading') return <Spin fullscreen />;
  if (state.status === 'error') {
    return (
      <Result
        status="error"
        title={t('加载失败', 'Failed to load')}
        subTitle={state.error.message}
        extra={<Button onClick={reload}>{t('重试', 'Retry')}</Button>}
      />
    );
  }
  if (state.status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (state.me.mfaEnrollmentRequired || state.me.passwordExpired) return <AccountGate user={state.me} onDone={reload} onLogout={() => void logout()} />;
  return children;
}
