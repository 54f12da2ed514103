import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LanguageProvider } from '../i18n';
import { EscalateForm } from './EscalateForm';

const agencies = [
  { code: 'TAX', name: '税务局' },
  { code: 'HEALTH', name: '卫健委' },
];

function renderForm(onSubmit = vi.fn(async () => undefined)) {
  render(
    <LanguageProvider>
      <EscalateForm agencies={agencies} onSubmit={onSubmit} />
    </LanguageProvider>,
  );
  return onSubmit;
}

describe('EscalateForm', () => {
  it('sends the chosen agency and the trimmed reason', async () => {
    const onSubmit = renderForm();
    fireEvent.mouseDown(screen.getByLabelText('接收部门'));
    fireEvent.click(await screen.findByText('卫健委 (HEALTH)'));
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '  医疗废物由卫健委核实  ' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ agency: 'HEALTH', reason: '医疗废物由卫健委核实' }));
  });

  it('refuses to submit without an agency or a reason', async () => {
    const onSubmit = renderForm();
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    expect(await screen.findByText('请选择接收部门')).toBeTruthy();
    expect(await screen.findByText('请填写原因')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
