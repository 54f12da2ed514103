/**
 * The entry chunk: language, session and routes, the sign-in page, and nothing of Ant Design or Apollo.
 * A cold browser paints the sign-in form after React alone; the signed-in console (Console.tsx: Ant
 * Design, Apollo, the header, the pages) is its own chunk, loaded while the sign-in page is idle, when a
 * key is submitted, or when a stored key is restored after a reload. Chinese by default.
 */
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { keyStore } from './keyStore';
import { LanguageProvider, useLanguage } from './i18n';
import { lazyChunk, PAGE_CHUNKS } from './pageChunks';
import { SessionProvider, useSession, type HubConnection } from './session';
import { SignInPage } from './pages/SignInPage';

const Console = lazyChunk(PAGE_CHUNKS.console, (m) => m.Console);
const connect = (): Promise<HubConnection> => import('./hub').then((m) => m.hub);

export function App() {
  return (
    <LanguageProvider>
      <SessionProvider connect={connect}>
        <BrowserRouter>
          <Routes>
            <Route path="/signin" element={<SignInPage />} />
            <Route path="/*" element={<SignedInOnly />} />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </LanguageProvider>
  );
}

/** A visitor with no session and no stored key goes to sign in without loading the console's chunk. */
function SignedInOnly() {
  const session = useSession();
  const location = useLocation();
  const { t } = useLanguage();
  if (!session.caller && keyStore.get() === null) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  return (
    <Suspense fallback={<p role="status" className="console-loading">{t('loading')}</p>}>
      <Console />
    </Suspense>
  );
}
