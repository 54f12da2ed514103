import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LanguageProvider } from '../i18n';
import { resolveInputOf, ResolveForm } from './ResolveForm';
import { toGrams, gramsToTonnes } from '../grams';
import { hwQtyFlag } from '../test/fixtures';

const sides = hwQtyFlag.evidence.sides;

function renderForm(onSubmit = vi.fn(async () => undefined)) {
  render(
    <LanguageProvider>
      <ResolveForm sides={sides} defaultUnit="t" onSubmit={onSubmit} />
    </LanguageProvider>,
  );
  return onSubmit;
}

describe('ResolveForm', () => {
  it('accepts the chosen side with the reason', async () => {
    const onSubmit = renderForm();
    fireEvent.click(screen.getByLabelText(/接收量: 9.2000 t/));
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '以过磅单为准' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ kind: 'ACCEPT_SIDE', side: 1, reason: '以过磅单为准' }));
  });

  it('refuses to submit without a reason or without a side', async () => {
    const onSubmit = renderForm();
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    expect(await screen.findByText('请填写原因')).toBeTruthy();
    expect(await screen.findByText('请选择一方')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends a corrected mass as exact grams with the value as entered', async () => {
    const onSubmit = renderForm();
    fireEvent.click(screen.getByLabelText('更正值'));
    fireEvent.change(await screen.findByLabelText('更正数值'), { target: { value: '9.6005' } });
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '复磅结果' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({ kind: 'CORRECTED_VALUE', correctedGrams: '9600500', correctedValue: '9.6005', correctedUnit: 't', reason: '复磅结果' }),
    );
  });

  it('builds inputs exactly and refuses what the API would', () => {
    expect(resolveInputOf({ kind: 'CORRECTED_VALUE', amount: '0.5', unit: 'kg', reason: 'r' })).toEqual({ kind: 'CORRECTED_VALUE', correctedGrams: '500', correctedValue: '0.5', correctedUnit: 'kg', reason: 'r' });
    expect(resolveInputOf({ kind: 'CORRECTED_VALUE', amount: '0.5', unit: 'g', reason: 'r' })).toBeNull();
    expect(resolveInputOf({ kind: 'CORRECTED_VALUE', amount: '3', unit: '车次', reason: 'r' })).toEqual({ kind: 'CORRECTED_VALUE', correctedValue: '3', correctedUnit: '车次', reason: 'r' });
    expect(resolveInputOf({ kind: 'ACCEPT_SIDE', side: 0, reason: '  ' })).toBeNull();
    expect(toGrams('12.3456', 't')).toBe('12345600');
    expect(toGrams('-1', 't')).toBeNull();
    expect(toGrams('0.0000001', 't')).toBeNull();
    expect(gramsToTonnes('12345600')).toBe('12.3456');
    expect(gramsToTonnes('500')).toBe('0.0005');
  });
});
