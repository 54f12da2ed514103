import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LanguageProvider } from '../i18n';
import { DecideCaseForm, decisionInputOf } from './DecideCaseForm';

const candidates = [
  { id: 'p1', name: '北京某某环保科技有限公司', uscc: '91110107MA01ABCD1X' },
  { id: 'p2', name: '北京某某环保有限公司', uscc: null },
];

function renderForm(onSubmit = vi.fn(async () => undefined)) {
  render(
    <LanguageProvider>
      <DecideCaseForm candidates={candidates} onSubmit={onSubmit} />
    </LanguageProvider>,
  );
  return onSubmit;
}

describe('DecideCaseForm', () => {
  it('decides "same organisation" for the chosen candidate with the reason', async () => {
    const onSubmit = renderForm();
    fireEvent.click(screen.getByLabelText('同一单位'));
    fireEvent.mouseDown(await screen.findByLabelText('候选主体'));
    fireEvent.click(await screen.findByText('北京某某环保有限公司'));
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '营业执照一致' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ decision: 'SAME_ORGANISATION', candidate: 'p2', reason: '营业执照一致' }));
  });

  it('refuses a decision without a candidate or a reason', async () => {
    const onSubmit = renderForm();
    fireEvent.click(screen.getByLabelText('不同单位'));
    await screen.findByLabelText('候选主体');
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    expect(await screen.findByText('请选择候选主体')).toBeTruthy();
    expect(await screen.findByText('请填写原因')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('corrects the USCC only with a well-formed code', async () => {
    const onSubmit = renderForm();
    fireEvent.click(screen.getByLabelText('更正信用代码'));
    fireEvent.change(await screen.findByLabelText('正确的信用代码'), { target: { value: '9111010' } });
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '来源录入错误' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    expect(await screen.findByText('请输入 18 位统一社会信用代码')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('正确的信用代码'), { target: { value: '91110107ma01abcd1x' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ decision: 'CORRECT_USCC', correctedUscc: '91110107MA01ABCD1X', reason: '来源录入错误' }));
  });

  it('builds only inputs the API would accept', () => {
    expect(decisionInputOf({ decision: 'DIFFERENT_ORGANISATIONS', candidate: 'p1', reason: ' r ' })).toEqual({ decision: 'DIFFERENT_ORGANISATIONS', candidate: 'p1', reason: 'r' });
    expect(decisionInputOf({ decision: 'SAME_ORGANISATION', reason: 'r' })).toBeNull();
    expect(decisionInputOf({ decision: 'SAME_ORGANISATION', candidate: 'p1', reason: '  ' })).toBeNull();
    expect(decisionInputOf({ decision: 'CORRECT_USCC', correctedUscc: '91110107MA01ABCDIX', reason: 'r' })).toBeNull();
  });
});
