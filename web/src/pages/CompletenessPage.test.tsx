import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MockedProvider } from '@apollo/client/testing/react';
import { MemoryRouter } from 'react-router-dom';
import { CompletenessDocument, StreetsDocument, type CompletenessQuery } from '../graphql/generated';
import { LanguageProvider, translator } from '../i18n';
import { CompletenessPage, heatmapOption, periodChoices } from './CompletenessPage';

// jsdom draws no canvas: the chart shows the option it was given, the option itself is tested below.
vi.mock('../components/Chart', () => ({
  Chart: ({ option, label }: { option: { series: { data: unknown[] }[] }; label: string }) => (
    <div role="img" aria-label={label} data-testid="chart">
      {option.series[0]?.data.length} cells
    </div>
  ),
}));

const counts = (received: number, late: number, missing: number, revised: number, notDue: number) => ({
  __typename: 'CompletenessCounts' as const,

  received,
  late,
  missing,
  revised,
  notDue,
  expected: received + late + missing + revised + notDue,
});

function calendar(rows: { key: string; label: string; cells: [string, CompletenessQuery['completeness']['reporters'][number]['node']['cells'][number]['status']][] }[], hasNextPage: boolean) {
  return {
    completeness: {
      __typename: 'CompletenessCalendar' as const,

      period: '2026Q4',
      periods: ['2026-10', '2026-11', '2026-12', '2026Q4'],
      asOf: '2026-12-06T08:00:00.000Z',
      totalCount: 3,
      totals: counts(3, 1, 1, 1, 2),
      totalsByPeriod: [
        { __typename: 'CompletenessPeriodTotals' as const, period: '2026-10', totals: counts(2, 1, 0, 0, 0) },
        { __typename: 'CompletenessPeriodTotals' as const, period: '2026-11', totals: counts(1, 0, 1, 1, 0) },
        { __typename: 'CompletenessPeriodTotals' as const, period: '2026-12', totals: counts(0, 0, 0, 0, 2) },
      ],
      reporters: rows.map((row) => ({
        __typename: 'CompletenessReporterEdge' as const,

        cursor: `c-${row.key}`,
        node: {
          __typename: 'CompletenessReporter' as const,

          key: row.key,
          label: row.label,
          kind: 'HW_LEDGER' as const,
          stream: 'industrial',
          street: 'BAJIAO',
          firstPeriod: '2026-01',
          cells: row.cells.map(([period, status]) => ({ __typename: 'CompletenessCell' as const, period, status, receivedAt: null, dueAt: '2026-11-15T16:00:00.000Z' })),
          totals: counts(
            row.cells.filter(([, s]) => s === 'RECEIVED').length,
            row.cells.filter(([, s]) => s === 'LATE').length,
            row.cells.filter(([, s]) => s === 'MISSING').length,
            row.cells.filter(([, s]) => s === 'REVISED').length,
            row.cells.filter(([, s]) => s === 'NOT_DUE').length,
          ),
        },
      })),
      pageInfo: { __typename: 'PageInfo' as const, hasNextPage, endCursor: rows.length ? `c-${rows.at(-1)!.key}` : null },
    },
  };
}

const firstPage = calendar(
  [
    { key: 'U1', label: '北京甲化工有限公司', cells: [['2026-10', 'RECEIVED'], ['2026-11', 'MISSING'], ['2026-12', 'NOT_DUE']] },
    { key: 'U2', label: '北京乙制药有限公司', cells: [['2026-10', 'LATE'], ['2026-11', 'REVISED'], ['2026-12', 'NOT_DUE']] },
  ],
  true,
);
const secondPage = calendar([{ key: 'U3', label: '北京丙电子有限公司', cells: [['2026-10', 'RECEIVED'], ['2026-11', 'RECEIVED']] }], false);
const streets = { request: { query: StreetsDocument }, result: { data: { streets: [{ __typename: 'Street', code: 'BAJIAO', name: '八角' }] } } };

describe('periodChoices', () => {
  it('offers this year and its quarters so far, then the two years before, newest first', () => {
    expect(periodChoices(new Date(2026, 4, 20))).toEqual(['2026', '2026Q2', '2026Q1', '2025', '2025Q4', '2025Q3', '2025Q2', '2025Q1', '2024', '2024Q4', '2024Q3', '2024Q2', '2024Q1']);
  });
});

describe('heatmapOption', () => {
  it('puts each cell at its period and reporter with its status, the legend names every status', () => {
    const option = heatmapOption(firstPage.completeness, translator('zh'));
    expect(option.yAxis.data).toEqual(['北京甲化工有限公司 · 危险废物月台账', '北京乙制药有限公司 · 危险废物月台账']);
    // status index: RECEIVED 0, LATE 1, MISSING 2, REVISED 3, NOT_DUE 4
    expect(option.series[0]!.data).toEqual([[0, 0, 0], [1, 0, 2], [2, 0, 4], [0, 1, 1], [1, 1, 3], [2, 1, 4]]);
    expect(option.visualMap.pieces.map((p) => p.label)).toEqual(['按时报送', '逾期报送', '缺报', '已更正', '未到期']);
    expect(heatmapOption(firstPage.completeness, translator('en')).visualMap.pieces.map((p) => p.label)).toEqual(['Received', 'Late', 'Missing', 'Revised', 'Not yet due']);
  });

  it('escapes source names in the HTML tooltip', () => {
    const page = calendar([{ key: 'U9', label: '<img src=x onerror=alert(1)>', cells: [['2026-10', 'MISSING']] }], false);
    expect(heatmapOption(page.completeness, translator('en')).tooltip.formatter({ value: [0, 0, 2] })).toBe('&lt;img src=x onerror=alert(1)&gt; · Hazardous waste ledger · 2026-10: Missing');
  });
});

describe('CompletenessPage', () => {
  it('shows the calendar with totals per period and reporter, filters by stream and pages forward', async () => {
    const base = { period: '2026Q4', street: null, first: 25 };
    const mocks = [
      streets,
      { request: { query: CompletenessDocument, variables: { ...base, stream: null, after: null } }, result: { data: firstPage } },
      { request: { query: CompletenessDocument, variables: { ...base, stream: null, after: 'c-U2' } }, result: { data: secondPage } },
      { request: { query: CompletenessDocument, variables: { ...base, stream: 'taxstat', after: null } }, result: { data: calendar([], false) } },
    ];
    render(
      <MockedProvider mocks={mocks}>
        <LanguageProvider>
          <MemoryRouter initialEntries={['/completeness?period=2026Q4']}>
            <CompletenessPage streams={['industrial', 'taxstat']} today={new Date(2026, 11, 6)} />
          </MemoryRouter>
        </LanguageProvider>
      </MockedProvider>,
    );
    await screen.findByText('共 3 个报送主体（本页 2 个）', { exact: false });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('报送完整性日历 · 2026Q4');
    expect(screen.getByTestId('chart').textContent).toBe('6 cells');
    const byReporter = screen.getByTestId('completeness-reporter-totals');
    const first = within(byReporter).getByText('北京甲化工有限公司').closest('tr')!;
    // received, late, missing, revised, not due, expected
    expect(Array.from(first.querySelectorAll('td')).slice(3).map((td) => td.textContent)).toEqual(['1', '0', '1', '0', '1', '3']);
    const byPeriod = screen.getByTestId('completeness-period-totals');
    const headers = Array.from(byPeriod.querySelectorAll('thead th')).map((th) => th.textContent);
    expect(headers).toEqual(['状态', '2026-10', '2026-11', '2026-12', '全部']);
    const missing = within(byPeriod).getByText('缺报').closest('tr')!;
    expect(Array.from(missing.querySelectorAll('td')).slice(1).map((td) => td.textContent)).toEqual(['0', '1', '0', '1']);

    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    await screen.findByText('北京丙电子有限公司');
    expect(screen.getByTestId('chart').textContent).toBe('2 cells');

    fireEvent.mouseDown(screen.getByLabelText('数据流'));
    const listbox = document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    if (!(listbox instanceof HTMLElement)) throw new Error('no dropdown');
    const option = listbox.querySelector('.ant-select-item-option[title="taxstat"]');
    if (!option) throw new Error('no taxstat option');
    fireEvent.click(option);
    await waitFor(() => expect(screen.getByText('共 3 个报送主体（本页 0 个）', { exact: false })).toBeTruthy());
    expect(screen.queryByTestId('chart')).toBeNull();
  });
});
