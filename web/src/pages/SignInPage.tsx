import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useLanguage } from '../i18n';
import { PAGE_CHUNKS, prefetchPages } from '../pageChunks';
import { useSession } from '../session';

export function SignInPage() {
  const { t, language, setLanguage } = useLanguage();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  // the page most sign-ins land on (stewards' and admins' queue); the dashboard, with ECharts, is left to
  // the prefetch after sign-in (App.tsx), not to compete with the queue's first render
  useEffect(() => prefetchPages(['queue']), []);
  if (session.caller) return <Navigate to={from === '/signin' ? '/' : from} replace />;

  const submit = async ({ key }: { key: string }) => {
    setBusy(true);
    // the queue's code loads while the key is checked, if the browser was not idle long enough to load it before
    void PAGE_CHUNKS.queue();
    const ok = await session.signIn(key.trim());
    setBusy(false);
    if (ok) navigate(from === '/signin' ? '/' : from, { replace: true });
  };

  return (
    <main style={{ display: 'flex', justifyContent: 'center', paddingTop: '12vh', minHeight: '100vh', background: '#f0f4f2' }}>
      <Card style={{ width: 440 }}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('appTitle')}
        </Typography.Title>
        <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
          {t('signInTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signInHint')}</Typography.Paragraph>
        {session.notice && <Alert role="alert" type="warning" showIcon title={t(session.notice)} style={{ marginBottom: 16 }} data-testid="signin-notice" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label={t('apiKey')} name="key" rules={[{ required: true, whitespace: true, message: t('apiKeyRequired') }]}>
            <Input.Password autoComplete="off" autoFocus />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t('signIn')}
          </Button>
        </Form>
        <Button type="link" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} style={{ marginTop: 12, padding: 0 }}>
          {t('language')}
        </Button>
      </Card>
    </main>
  );
}
