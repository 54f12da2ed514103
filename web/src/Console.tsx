/**
 * The signed-in console: Apollo, Ant Design (locale and theme), the header and the pages. Its own chunk
 * (App.tsx loads it), so the sign-in page paints without Ant Design, Apollo or the typed documents; the
 * sign-in page loads it while the browser is idle. The header's language switch changes both the
 * console's texts and Ant Design's own.
 */
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { ApolloProvider } from '@apollo/client/react';
import { App as AntApp, ConfigProvider, Layout, Menu, Button, Space, Tag, Typography, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { endSession, hub } from './hub';
import { keyStore } from './keyStore';
import { useLanguage, type MessageKey } from './i18n';
import { ROLE_LABEL } from './labels';
import { completenessStreams, homePath, useSession, type Permissions } from './session';
import { lazyChunk, PAGE_CHUNKS, prefetchPages, type PageName } from './pageChunks';
import { THEME } from './theme';
// Ant Design's styles for THEME, written at build time (vite.config.ts): loaded with this chunk, before it runs.
import 'virtual:antd-theme.css';

// One chunk per page: only the pages that draw charts load ECharts (its own chunk, vite.config.ts). Once
// signed in, the other pages' chunks load while the browser is idle (`prefetchPages`), so opening a page
// waits for its data, not for its code (nor for React's Suspense: `lazyChunk`).
const FlagQueuePage = lazyChunk(PAGE_CHUNKS.queue, (m) => m.FlagQueuePage);
const FlagDetailPage = lazyChunk(PAGE_CHUNKS.flag, (m) => m.FlagDetailPage);
const DashboardPage = lazyChunk(PAGE_CHUNKS.dashboard, (m) => m.DashboardPage);
const QuarantinePage = lazyChunk(PAGE_CHUNKS.quarantine, (m) => m.QuarantinePage);
const ResolutionCasesPage = lazyChunk(PAGE_CHUNKS.cases, (m) => m.ResolutionCasesPage);
const ResolutionCasePage = lazyChunk(PAGE_CHUNKS.case, (m) => m.ResolutionCasePage);
const TolerancesPage = lazyChunk(PAGE_CHUNKS.tolerances, (m) => m.TolerancesPage);
const CompletenessPage = lazyChunk(PAGE_CHUNKS.completeness, (m) => m.CompletenessPage);

export function Console() {
  const { language, t } = useLanguage();
  return (
    <ApolloProvider client={hub.client}>
      <SessionEndBridge />
      {/* Ant Design's own "no data" is too pale for WCAG AA: the console's text in secondary colour instead. */}
      <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={THEME} renderEmpty={() => <Typography.Text type="secondary">{t('noData')}</Typography.Text>}>
        <AntApp>
          <SignedIn />
        </AntApp>
      </ConfigProvider>
    </ApolloProvider>
  );
}

function SessionEndBridge() {
  const session = useSession();
  useEffect(() => {
    endSession.current = () => {
      if (session.caller) session.signOut('sessionEnded');
    };
  }, [session]);
  return null;
}

/** Restores a session from sessionStorage after a reload; otherwise sends the visitor to sign in. */
function SignedIn() {
  const session = useSession();
  const location = useLocation();
  const [restoring, setRestoring] = useState(() => session.caller === null && keyStore.get() !== null);
  useEffect(() => {
    const key = keyStore.get();
    if (session.caller === null && key) void session.signIn(key).finally(() => setRestoring(false));
    // Only on first mount: a later sign-out must not sign the stored key in again.
  }, []);
  const signedIn = session.caller !== null;
  useEffect(() => (signedIn ? prefetchPages(Object.keys(PAGE_CHUNKS) as PageName[]) : undefined), [signedIn]);
  if (restoring) return <Spin fullscreen />;
  if (!session.caller) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  const home = homePath(session.may);
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Navigate to={home} replace />} />
        <Route path="/flags" element={<FlagQueuePage />} />
        <Route path="/flags/:id" element={<FlagDetailPage />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/quarantine" element={<QuarantinePage />} />
        {session.may.readStewardship && <Route path="/resolution" element={<ResolutionCasesPage />} />}
        {session.may.readStewardship && <Route path="/resolution/:id" element={<ResolutionCasePage />} />}
        {session.may.readCompleteness && <Route path="/completeness" element={<CompletenessPage streams={completenessStreams(session.caller)} />} />}
        {session.may.administer && <Route path="/tolerances" element={<TolerancesPage />} />}
        <Route path="*" element={<Navigate to={home} replace />} />
      </Routes>
    </Shell>
  );
}

/** Pages in the header; `allowed` hides those the role may not open (the routes are left out too). */
const NAVIGATION: { path: string; label: MessageKey; allowed?: (may: Permissions) => boolean }[] = [
  { path: '/flags', label: 'navFlags' },
  { path: '/dashboard', label: 'navDashboard' },
  { path: '/quarantine', label: 'navQuarantine' },
  { path: '/resolution', label: 'navResolution', allowed: (may) => may.readStewardship },
  { path: '/completeness', label: 'navCompleteness', allowed: (may) => may.readCompleteness },
  { path: '/tolerances', label: 'navTolerances', allowed: (may) => may.administer },
];

function Shell({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useLanguage();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const caller = session.caller;
  const pages = NAVIGATION.filter((item) => item.allowed?.(session.may) ?? true);
  const selected = pages.find((item) => location.pathname.startsWith(item.path))?.path ?? '';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#0b3d2e' }}>
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          {t('appTitle')}
        </Typography.Text>
        <nav aria-label={t('appTitle')} style={{ flex: 1, minWidth: 0 }}>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[selected]}
            style={{ background: 'transparent' }}
            items={pages.map((item) => ({ key: item.path, label: t(item.label), onClick: () => navigate(item.path) }))}
          />
        </nav>
        {caller && (
          <Space>
            <Typography.Text style={{ color: '#fff' }}>
              {caller.label} · {caller.agency.name}
            </Typography.Text>
            <Tag color={session.may.act ? '#0b6e4f' : '#434343'}>
              {t(ROLE_LABEL[caller.role])}
              {session.may.act ? '' : ` · ${t('readOnly')}`}
            </Tag>
            <Button size="small" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} lang={language === 'zh' ? 'en' : 'zh'}>
              {t('language')}
            </Button>
            <Button size="small" onClick={() => session.signOut()}>
              {t('signOut')}
            </Button>
          </Space>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <main>
          <Suspense fallback={<Spin />}>{children}</Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}
