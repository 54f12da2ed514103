import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { instantFormatter, LanguageProvider, translator, useLanguage } from './i18n';

function Switch() {
  const { t, language, setLanguage } = useLanguage();
  return <button onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>{`${t('navFlags')} ${t('language')}`}</button>;
}

describe('the i18n table', () => {
  it('is Chinese by default and switches to English', () => {
    render(
      <LanguageProvider>
        <Switch />
      </LanguageProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: '核查问题 English' }));
    expect(screen.getByRole('button', { name: 'Flags 中文' })).toBeTruthy();
  });

  it('fills placeholders in both languages', () => {
    expect(translator('zh')('bulkDone', { ok: 3, failed: 1 })).toBe('3 条成功，1 条失败');
    expect(translator('en')('bulkDone', { ok: 3, failed: 1 })).toBe('3 done, 1 refused');
  });

  it('formats instants in the language and the district time, whatever the browser zone', () => {
    // 16:30 UTC is 00:30 the next day in Beijing
    expect(instantFormatter('zh')('2026-03-31T16:30:00Z')).toBe('2026/04/01 00:30');
    expect(instantFormatter('en')('2026-03-31T16:30:00Z')).toBe('01/04/2026, 00:30');
    expect(instantFormatter('zh')('2026-03-31T16:30:00Z', 'date')).toBe('2026/04/01');
  });
});
