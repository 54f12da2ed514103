import { coverageOf, defaultDashboardMonth } from '../../../src/indicators/dashboardMonth';

describe('defaultDashboardMonth', () => {
  it.each([
    ['a month-end straggler month after a full one: the full one', [['2026-10', 11], ['2026-11', 4]], '2026-10'],
    ['the newest month as full as any: the newest', [['2026-09', 10], ['2026-10', 11], ['2026-11', 11]], '2026-11'],
    ['a straggler across the year end', [['2026-12', 11], ['2027-01', 2]], '2026-12'],
    ['one month only', [['2026-10', 3]], '2026-10'],
    ['months without any value: none', [['2026-10', 0]], null],
    ['no months: none', [], null],
  ] as [string, [string, number][], string | null][])('%s', (_name, rows, expected) => {
    expect(defaultDashboardMonth(rows.map(([period, valued]) => ({ period, valued })))).toBe(expected);
  });
});

describe('coverageOf', () => {
  it('counts the values per month, oldest first, null values not counted', () => {
    expect(
      coverageOf([
        { period: '2026-11', value: '0' },
        { period: '2026-10', value: '0.95' },
        { period: '2026-11', value: null },
        { period: '2026-10', value: '0.5' },
        { period: '2026-11' },
      ]),
    ).toEqual([
      { period: '2026-10', valued: 2 },
      { period: '2026-11', valued: 1 },
    ]);
  });
});
