import { statPlatform } from '../../../../src/reconcile/rules/STAT-PLATFORM';
import { reportRow, runRule, t } from './ruleHarness';

const USCC = '91110107MA01ABCD1X';
const months = ['2026-10', '2026-11'];
/** a general ledger month: 100 t generated, 80 utilised (5 out of stock), 25 disposed */
const generalMonth = (period: string) => reportRow({ kind: 'GENERAL_LEDGER', period, uscc: USCC, category: '99-12-01', lines: [t('GENERATED', 100), t('UTILISED_ONSITE', 80), t('UTILISED_FROM_STOCK', 5), t('DISPOSED_CONTRACTED', 25), t('STOCK_END', 0)] });
const hwMonth = (period: string) => reportRow({ kind: 'HW_LEDGER', period, uscc: USCC, category: '900-041-49', lines: [t('GENERATED', 10), t('SHIPPED', 10)] });
const platform = [...months.map(generalMonth), ...months.map(hwMonth)];
const general = (values: { generated: number; utilized: number; fromStock: number; disposed: number }) =>
  reportRow({ kind: 'ENV_STAT', period: '2026', uscc: USCC, category: '其他', lines: [t('GENERATED', values.generated), t('UTILISED', values.utilized), t('UTILISED_FROM_STOCK', values.fromStock), t('DISPOSED', values.disposed)] });
const hazardous = (generated: number, handled: number) => reportRow({ kind: 'ENV_STAT', period: '2026', uscc: USCC, category: 'HW', lines: [t('GENERATED', generated), t('UTILISED_DISPOSED', handled)] });
const honest = { generated: 200, utilized: 150, fromStock: 10, disposed: 50 };
const run = (rows: ReturnType<typeof reportRow>[], tolerance = 10) => runRule(statPlatform, { period: '2026', reports: [...platform, ...rows], registered: [USCC], tolerance });

describe('STAT-PLATFORM: each kind and each measure against the monthly ledgers', () => {
  it('raises nothing for honest statistics', async () => {
    expect(await run([general(honest), hazardous(20, 20)])).toEqual([]);
  });

  it.each([
    ['general generated at tolerance (+10 %)', [general({ ...honest, generated: 220 }), hazardous(20, 20)], null],
    ['general generated just beyond', [general({ ...honest, generated: 220.0001 }), hazardous(20, 20)], /general generated 产生量/],
    ['HW generated 30 % under, hidden in a larger general total', [general(honest), hazardous(14, 20)], /HW generated 产生量/],
    ['general disposed under while generated agrees', [general({ ...honest, disposed: 30 }), hazardous(20, 20)], /general disposed 处置量/],
    ['HW element missing while the platform has HW', [general(honest)], /HW generated 产生量: statistics 0 t/],
  ])('%s', async (_name, rows, expected) => {
    const flags = await run(rows);
    if (expected === null) expect(flags).toEqual([]);
    else expect(flags.map((f) => f.evidence.difference)).toEqual([expect.stringMatching(expected)]);
  });

  it('leaves an implausible statistics value to DATA-QUALITY', async () => {
    const row = general({ ...honest, disposed: -50 });
    row.qualityFindings = [{ field: 'disposed', value: '-50', reason: 'negative', measure: 'DISPOSED' }];
    expect(await run([row, hazardous(20, 20)])).toEqual([]);
  });

  it('leaves an enterprise the platform does not register to COVERAGE', async () => {
    expect(await runRule(statPlatform, { period: '2026', reports: [...platform, general({ ...honest, generated: 999 })], registered: [] })).toEqual([]);
  });
});

describe('STAT-PLATFORM: an incomplete platform year is unknown', () => {
  it('does not compare a kind when the enterprise filed no ledger for a month others filed for', async () => {
    const other = '91110107MA01WXYZ2K';
    const rows = [generalMonth('2026-10'), ...months.map(hwMonth), ...months.map((m) => reportRow({ kind: 'GENERAL_LEDGER', period: m, uscc: other, category: '99-12-01', lines: [t('GENERATED', 1)] })), general(honest), hazardous(20, 20)];
    expect(await runRule(statPlatform, { period: '2026', reports: rows, registered: [USCC, other] })).toEqual([]);
  });
});
