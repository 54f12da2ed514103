import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { LanguageProvider } from '../i18n';
import { SessionValueProvider, staticSession, type Session } from '../session';
import { steward } from '../test/fixtures';
import { SignInPage } from './SignInPage';

// the console's chunks are not this test's business (Ant Design in jsdom is slow)
vi.mock('../pageChunks', () => ({ PAGE_CHUNKS: { console: async () => ({}), queue: async () => ({}), dashboard: async () => ({}) }, prefetchPages: () => () => undefined }));

/** A session whose `signIn` (the test's) sets the steward as its caller when it succeeds. */
function SignInSession({ session }: { session: Partial<Session> }) {
  const [caller, setCaller] = useState<Session['caller']>(null);
  const signIn = async (key: string) => {
    const ok = (await session.signIn?.(key)) ?? false;
    if (ok) setCaller(steward);
    return ok;
  };
  return (
    <SessionValueProvider value={{ ...staticSession(steward), ...session, caller, signIn }}>
      <MemoryRouter initialEntries={['/signin']}>
        <Routes>
          <Route path="/signin" element={<SignInPage />} />
          <Route path="/" element={<p>redirected</p>} />
          <Route path="/flags" element={<p>signed in</p>} />
        </Routes>
      </MemoryRouter>
    </SessionValueProvider>
  );
}

function renderSignIn(session: Partial<Session>) {
  render(
    <LanguageProvider>
      <SignInSession session={session} />
    </LanguageProvider>,
  );
}

describe('the sign-in page', () => {
  it('asks for a key before signing in and signs in with the key trimmed', async () => {
    const signIn = vi.fn(async () => true);
    renderSignIn({ signIn });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(screen.getByRole('alert').textContent).toBe('请输入 API 密钥');
    expect(signIn).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('API 密钥'), { target: { value: '  zwh_k1_secret ' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(signIn).toHaveBeenCalledWith('zwh_k1_secret'));
    // straight to the steward's first page, not through '/'
    await screen.findByText('signed in');
  });

  it('shows why the last session ended and stays on the page when the key is refused', async () => {
    const signIn = vi.fn(async () => false);
    renderSignIn({ signIn, notice: 'keyRejected' });
    expect(screen.getByTestId('signin-notice').textContent).toMatch(/吊销/);
    fireEvent.change(screen.getByLabelText('API 密钥'), { target: { value: 'zwh_bad' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(signIn).toHaveBeenCalledWith('zwh_bad'));
    expect(screen.queryByText('signed in')).toBeNull();
  });

  it('switches to English', () => {
    renderSignIn({});
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Sign in to the console');
    expect(screen.getByLabelText('API key')).toBeTruthy();
  });
});
