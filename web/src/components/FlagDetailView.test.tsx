import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { LanguageProvider } from '../i18n';
import { permissionsOf } from '../session';
import { FlagDetailView, type FlagActions } from './FlagDetailView';
import { hwQtyFlag } from '../test/fixtures';

function actions(): FlagActions {
  return { acknowledge: vi.fn(async () => undefined), comment: vi.fn(async () => undefined), resolve: vi.fn(async () => undefined), dismiss: vi.fn(async () => undefined), reopen: vi.fn(async () => undefined), escalate: vi.fn(async () => undefined) };
}

const provenance = [
  { sourceRecordIds: ['rec-shipped'], payloadRef: 'sourcerecords/rec-shipped' },
  { sourceRecordIds: ['rec-received'], payloadRef: 'sourcerecords/rec-received' },
];

function renderView(props: Partial<Parameters<typeof FlagDetailView>[0]> = {}) {
  const handlers = actions();
  render(
    <LanguageProvider>
      <App>
        <FlagDetailView flag={hwQtyFlag} provenance={provenance} may={permissionsOf('STEWARD')} actions={handlers} {...props} />
      </App>
    </LanguageProvider>,
  );
  return handlers;
}

describe('FlagDetailView', () => {
  it('shows both sides with value, unit and source, the difference against the tolerance and the record references', () => {
    renderView();
    const sides = screen.getAllByTestId('flag-side');
    expect(sides).toHaveLength(2);
    expect(within(sides[0]!).getByText('移出量')).toBeTruthy();
    expect(within(sides[0]!).getByText('10.0000 t')).toBeTruthy();
    expect(within(sides[1]!).getByText('9.2000 t')).toBeTruthy();
    expect(within(sides[1]!).getByText('industrial / hw-manifests')).toBeTruthy();
    expect(within(sides[1]!).getByTestId('side-records').textContent).toBe('rec-received');
    expect(screen.getByTestId('flag-difference').textContent).toContain('差异: -8.00 % (-800000 g) · 容差: > 5 %');
  });

  it('lists the history with its actors and the comments', () => {
    renderView();
    const history = screen.getByTestId('flag-history');
    expect(within(history).getByText('发现')).toBeTruthy();
    expect(history.textContent).toContain('reconciliation engine');
    expect(screen.getByText('已联系接收单位')).toBeTruthy();
  });

  it('hides record references and every action from a PARTNER', () => {
    renderView({ may: permissionsOf('PARTNER'), provenance: undefined });
    expect(screen.queryByTestId('side-records')).toBeNull();
    expect(screen.getByText('原始记录仅对管理员、数据管理员和分析员可见。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /处\s*理/ })).toBeNull();
    expect(screen.queryByLabelText('添加评论')).toBeNull();
  });

  it('acknowledges, comments and resolves through the actions it is given', async () => {
    const handlers = renderView();
    fireEvent.click(screen.getByRole('button', { name: /确\s*认/ }));
    expect(handlers.acknowledge).toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('添加评论'), { target: { value: '复核中' } });
    fireEvent.click(screen.getByRole('button', { name: /发\s*送/ }));
    await waitFor(() => expect(handlers.comment).toHaveBeenCalledWith('复核中'));
    fireEvent.click(screen.getByRole('button', { name: /^处\s*理$/ }));
    fireEvent.click(await screen.findByLabelText(/移出量: 10.0000 t/));
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '移出单位台账正确' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(handlers.resolve).toHaveBeenCalledWith({ kind: 'ACCEPT_SIDE', side: 0, reason: '移出单位台账正确' }));
  });
});

describe('FlagDetailView, stewardship', () => {
  const records = [
    [{ id: 'r1', source: 'industrial', stream: 'hw-manifests', sourceId: 'M2026100001', version: 2, lastSeenAt: '2026-11-01T00:00:00Z', payload: { manifestNo: 'M2026100001', shippedKg: 10000 } }],
    [],
  ];

  it("shows each side's raw records and where the flag was escalated", () => {
    renderView({ records, flag: { ...hwQtyFlag, escalatedTo: [{ code: 'TAX', name: '税务局' }] } });
    const raw = screen.getAllByTestId('side-raw-records');
    expect(raw).toHaveLength(2);
    expect(within(raw[0]!).getByText('原始记录（1 条）')).toBeTruthy();
    expect(within(raw[0]!).getByText('shippedKg')).toBeTruthy();
    expect(within(raw[0]!).getByText('10000')).toBeTruthy();
    expect(within(raw[1]!).getByText('没有可见的原始记录')).toBeTruthy();
    expect(screen.getByTestId('flag-escalated-to').textContent).toBe('税务局');
  });

  it('shows no raw records and no escalate action to a partner', () => {
    renderView({ records, may: permissionsOf('PARTNER') });
    expect(screen.queryByTestId('side-raw-records')).toBeNull();
    expect(screen.queryByRole('button', { name: '移交其他部门' })).toBeNull();
  });
});
