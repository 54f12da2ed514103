import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { LanguageProvider } from '../i18n';
import { MonthSelect } from './MonthSelect';

// After a month-end sync: 2026-11 has a few straggling records, 4 of 11 priority indicators have a value.
const months = {
  defaultMonth: '2026-10',
  priorityCount: 11,
  months: [
    { period: '2026-09', valued: 11 },
    { period: '2026-10', valued: 11 },
    { period: '2026-11', valued: 4 },
  ],
};

describe('MonthSelect', () => {
  it('shows the default month, lists every month newest first with its coverage, and picks another', () => {
    const onChange = vi.fn();
    render(
      <LanguageProvider>
        <MonthSelect months={months} value="2026-10" onChange={onChange} />
      </LanguageProvider>,
    );
    expect(screen.getByTestId('month-select').textContent).toContain('2026-10（11/11 项指标有值，默认）');
    fireEvent.mouseDown(screen.getByLabelText('月份'));
    const listbox = document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    if (!(listbox instanceof HTMLElement)) throw new Error('no dropdown');
    const options = Array.from(listbox.querySelectorAll('.ant-select-item-option')).map((o) => o.textContent);
    expect(options).toEqual(['2026-11（4/11 项指标有值）', '2026-10（11/11 项指标有值，默认）', '2026-09（11/11 项指标有值）']);
    fireEvent.click(within(listbox).getByText('2026-11（4/11 项指标有值）'));
    expect(onChange).toHaveBeenCalledWith('2026-11');
  });

  it('speaks English after the switch', () => {
    render(
      <LanguageProvider initial="en">
        <MonthSelect months={months} value="2026-11" onChange={() => undefined} />
      </LanguageProvider>,
    );
    expect(screen.getByTestId('month-select').textContent).toContain('2026-11 (4/11 indicators with values)');
  });
});
