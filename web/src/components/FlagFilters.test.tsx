import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import type { FlagFilter } from '../graphql/generated';
import { LanguageProvider } from '../i18n';
import { DEFAULT_FLAG_FILTER } from '../firstPages';
import { cleanFilter, FlagFilters } from './FlagFilters';
import { facets } from '../test/fixtures';

function Harness({ onChange }: { onChange(next: FlagFilter): void }) {
  const [value, setValue] = useState<FlagFilter>(DEFAULT_FLAG_FILTER);
  return (
    <LanguageProvider>
      <FlagFilters
        value={value}
        facets={facets}
        streams={['industrial']}
        callerKeyId="k1steward"
        onChange={(next) => {
          setValue(next);
          onChange(next);
        }}
      />
    </LanguageProvider>
  );
}

/** Opens an antd Select by its label and picks the option with this text. */
function pick(label: string, option: RegExp) {
  const select = screen.getByLabelText(label);
  fireEvent.mouseDown(select);
  const listbox = document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  if (!(listbox instanceof HTMLElement)) throw new Error(`no dropdown for ${label}`);
  fireEvent.click(within(listbox).getByText(option));
}

describe('FlagFilters', () => {
  it('lists the rules with the facet counts and filters by the chosen rule', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    pick('规则', /HW-QTY \(7\)/);
    expect(onChange).toHaveBeenLastCalledWith({ rule: ['HW-QTY'], status: ['OPEN', 'ACKNOWLEDGED'] });
  });

  it('shows status counts and applies text, period and street on Enter, not per keystroke', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    const text = screen.getByLabelText('搜索主体或说明');
    fireEvent.change(text, { target: { value: 'M2026' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.keyDown(text, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(onChange).toHaveBeenLastCalledWith({ status: ['OPEN', 'ACKNOWLEDGED'], text: 'M2026' });
    const period = screen.getByLabelText('期间（YYYY-MM）');
    fireEvent.change(period, { target: { value: '2026-10' } });
    fireEvent.blur(period);
    expect(onChange).toHaveBeenLastCalledWith({ status: ['OPEN', 'ACKNOWLEDGED'], text: 'M2026', period: '2026-10' });
    expect(screen.getByText('待处理 (9)')).toBeTruthy();
  });

  it('filters to the flags assigned to the signed-in key, and resets to the open queue', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    pick('处理人', /^分配给我$/);
    expect(onChange).toHaveBeenLastCalledWith({ status: ['OPEN', 'ACKNOWLEDGED'], assignee: 'k1steward' });
    fireEvent.click(screen.getByRole('button', { name: /清除筛选/ }));
    expect(onChange).toHaveBeenLastCalledWith(DEFAULT_FLAG_FILTER);
  });

  it('drops empty fields from the filter it sends', () => {
    expect(cleanFilter({ rule: [], text: '', street: null, period: '2026-10', status: ['OPEN'] })).toEqual({ period: '2026-10', status: ['OPEN'] });
  });
});
