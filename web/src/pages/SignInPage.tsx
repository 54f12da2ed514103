/**
 * The sign-in page, in the entry chunk: plain elements styled in index.css after the console's Ant Design
 * theme, so a cold browser paints it without loading Ant Design. While the reader finds the key, the
 * console's chunk (Ant Design, Apollo) and the landing pages' load in idle time.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useLanguage } from '../i18n';
import { PAGE_CHUNKS, prefetchPages } from '../pageChunks';
import { homePath, useSession } from '../session';

export function SignInPage() {
  const { t, language, setLanguage } = useLanguage();
  const session = useSession();
  const location = useLocation();
  const [key, setKey] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  // the console's chunk, then the pages sign-ins land on: the queue (stewards, admins) and the dashboard
  // (analysts, partners; a small chunk: ECharts loads when a chart is drawn, components/Chart.tsx)
  useEffect(() => prefetchPages(['console', 'queue', 'dashboard']), []);
  // signed in: straight to the role's first page, not to '/', which renders the console once more to redirect there
  if (session.caller) return <Navigate to={from === '/' || from === '/signin' ? homePath(session.may) : from} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = key.trim();
    setMissing(trimmed === '');
    if (trimmed === '') return;
    setBusy(true);
    // the console's and the first pages' code load while the key is checked, if the browser was not idle long enough to load them before
    void PAGE_CHUNKS.console();
    void PAGE_CHUNKS.queue();
    void PAGE_CHUNKS.dashboard();
    // signed in, the session's caller takes the page to the first page (above)
    await session.signIn(trimmed);
    setBusy(false);
  };

  return (
    <main className="signin">
      <div className="signin-card">
        <h1>{t('appTitle')}</h1>
        <h2>{t('signInTitle')}</h2>
        <p className="signin-hint">{t('signInHint')}</p>
        {session.notice && (
          <div role="alert" className="signin-notice" data-testid="signin-notice">
            {t(session.notice)}
          </div>
        )}
        <form onSubmit={(event) => void submit(event)} noValidate>
          <label htmlFor="signin-key">{t('apiKey')}</label>
          <input
            id="signin-key"
            type="password"
            autoComplete="off"
            autoFocus
            value={key}
            onChange={(event) => setKey(event.target.value)}
            aria-invalid={missing}
            aria-describedby={missing ? 'signin-key-missing' : undefined}
          />
          <div id="signin-key-missing" className="signin-missing" role={missing ? 'alert' : undefined}>
            {missing ? t('apiKeyRequired') : ''}
          </div>
          <button type="submit" className="signin-submit" aria-busy={busy}>
            {t('signIn')}
          </button>
        </form>
        <button type="button" className="signin-language" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} lang={language === 'zh' ? 'en' : 'zh'}>
          {t('language')}
        </button>
      </div>
    </main>
  );
}
