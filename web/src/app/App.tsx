// Providers (antd locale and theme, data fetching, auth) and the route table.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { ApiError } from './api';
import { AuthProvider, RequireAuth } from './auth';
import { useLang, useT } from './i18n';
import { AppLayout } from './Layout';
import { LoginPage } from './LoginPage';
import { ModulePage } from './ModulePage';
import { MODULES } from './modules';

const HomePage = lazy(() => import('../modules/home/index.tsx'));
// Public pages (举报, 挂牌督办公示): no account, outside the signed-in layout.
const PublicPages = lazy(() => import('../modules/hazards/public.tsx'));
// The public supervision-item list (检查事项清单, 国办发〔2024〕54号), no account.
const PublicItemsPage = lazy(() => import('../modules/supervision/public.tsx'));
const PublicCases = lazy(() => import('../modules/cases/public.tsx'));
const PublicDraws = lazy(() => import('../modules/draws/public.tsx'));
// One-tap warning acknowledgement from the signed link in an SMS (叫应), no account.
const AckPage = lazy(() => import('../modules/warnings/AckPage.tsx'));
const HelpPage = lazy(() => import('../modules/help/index.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // A 4xx will not change on retry; only transient failures are worth a second try.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('页面不存在', 'Page not found')}
      extra={
        <Link to="/">
          <Button type="primary">{t('返回首页', 'Back to home')}</Button>
        </Link>
      }
    />
  );
}

export function App() {
  const lang = useLang();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1d5fb0', colorInfo: '#1d5fb0', borderRadius: 4 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  path="/ack/:token"
                  element={
                    <Suspense>
                      <AckPage />
                    </Suspense>
                  }
                />
                <Route
                  path="/public/supervision-items"
                  element={
                    <Suspense>
                      <PublicItemsPage />
                    </Suspense>
                  }
                />
                <Route
                  path="/public/cases"
                  element={
                    <Suspense>
                      <PublicCases />
                    </Suspense>
                  }
                />
                <Route
                  path="/public/draws/*"
                  element={
                    <Suspense>
                      <PublicDraws />
                    </Suspense>
                  }
                />
                <Route
                  path="/public/*"
                  element={
                    <Suspense>
                      <PublicPages />
                    </Suspense>
                  }
                />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route
                    index
                    element={
                      <Suspense>
                        <HomePage />
                      </Suspense>
                    }
                  />
                  <Route
                    path="help"
                    element={
                      <Suspense>
                        <HelpPage />
                      </Suspense>
                    }
                  />
                  {MODULES.map((m) => (
                    <Route key={m.key} path={`${m.path}/*`} element={<ModulePage module={m} />} />
                  ))}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
