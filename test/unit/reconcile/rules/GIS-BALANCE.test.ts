import { compareBalance, gisBalance, resolveWasteKeys } from '../../../../src/reconcile/rules/GIS-BALANCE';
import { reportRow, runRule, t, type RowInput } from './ruleHarness';

// opening 10 t + generated 90 t = 100 t in; 2 % = 2 t.
const balance = (outflow: number, closing: number, opening = 10_000_000) => compareBalance({ openingGrams: opening, generatedGrams: 90_000_000, outflowGrams: outflow, closingGrams: closing }, 2);

describe('GIS-BALANCE compareBalance (2 % of opening + generated)', () => {
  it.each([
    ['balanced', 80_000_000, 20_000_000, false],
    ['at tolerance', 78_000_000, 20_000_000, false],
    ['just inside', 78_000_100, 20_000_000, false],
    ['just beyond (missing outflow)', 77_999_900, 20_000_000, true],
    ['just beyond (excess outflow)', 82_000_100, 20_000_000, true],
  ])('%s', (_name, outflow, closing, flagged) => {
    expect(balance(outflow, closing) !== null).toBe(flagged);
  });

  it('reports the signed gap (the pure comparison: an unknown opening never reaches it)', () => {
    expect(compareBalance({ openingGrams: 0, generatedGrams: 90_000_000, outflowGrams: 70_000_000, closingGrams: 10_000_000 }, 2)).toEqual({ gapGrams: 10_000_000 });
    expect(compareBalance({ openingGrams: 0, generatedGrams: 0, outflowGrams: 1, closingGrams: 0 }, 2)).toEqual({ gapGrams: -1 });
  });
});


const USCC = '91110107MA01ABCD1X';
const ledger = (input: Omit<RowInput, 'kind'>) => reportRow({ kind: 'GENERAL_LEDGER', uscc: USCC, ...input });
/** a row: generated, outflow (all utilised on site), closing stock */
const balanced = (period: string, code: string | null, name: string | null, generated: number, outflow: number, closing: number | null, extra: Partial<RowInput> = {}) =>
  ledger({ period, category: code, categoryName: name, lines: [t('GENERATED', generated), t('UTILISED_ONSITE', outflow), ...(closing === null ? [] : [t('STOCK_END', closing)])], ...extra });

describe('GIS-BALANCE waste keys: free-text names resolve to codes', () => {
  it.each([
    ['a code is its own key', '99-12-01', '纸箱', { kind: 'CODE', key: '99-12-01' }],
    ['a catalogue name', null, '纸箱', { kind: 'CATALOGUE_NAME', key: '99-12-01' }],
    ['a catalogue name in full-width brackets', '', '废玻璃（电子）', { kind: 'CATALOGUE_NAME', key: '99-01-04' }],
    ['the free-text catch-all name is not a code', null, '其他类废物（自填）', { kind: 'UNRESOLVED', key: 'name:其他类废物自填' }],
    ['an unknown name keeps its own chain', null, '生产边角料', { kind: 'UNRESOLVED', key: 'name:生产边角料' }],
  ])('%s', (_name, code, wasteName, expected) => {
    const row = balanced('2026-10', code, wasteName, 1, 1, 0);
    expect(resolveWasteKeys([row]).get(row.reportKey)).toMatchObject(expected);
  });

  it("uses the same enterprise's coded rows with that name, only when they name one code", () => {
    const coded = balanced('2026-09', '99-04-03', '车间边角料', 1, 1, 0);
    const free = balanced('2026-10', null, '车间 边角料', 1, 1, 0);
    const other = balanced('2026-10', null, '车间边角料', 1, 1, 0, { party: { partyId: null, uscc: '91110107MA01WXYZ2K', name: null } });
    const keys = resolveWasteKeys([coded, free, other]);
    expect(keys.get(free.reportKey)).toMatchObject({ kind: 'ENTERPRISE_NAME', key: '99-04-03' });
    expect(keys.get(other.reportKey)).toMatchObject({ kind: 'UNRESOLVED' });
    const ambiguous = balanced('2026-09', '99-04-04', '车间边角料', 1, 1, 0);
    expect(resolveWasteKeys([coded, ambiguous, free]).get(free.reportKey)).toMatchObject({ kind: 'UNRESOLVED' });
  });
});

describe('GIS-BALANCE evaluation: the month chain and unknown openings', () => {
  it('keeps the chain when one month writes the code and the next only the name (no flag)', async () => {
    const rows = [balanced('2026-09', '99-12-01', '纸箱', 10, 8, 2), balanced('2026-10', null, '纸箱', 10, 10, 2)];
    expect(await runRule(gisBalance, { period: '2026-10', reports: rows })).toEqual([]);
  });

  it('flags a real imbalance on a row keyed by its resolved name', async () => {
    const rows = [balanced('2026-09', '99-12-01', '纸箱', 10, 8, 2), balanced('2026-10', null, '纸箱', 10, 7, 2)];
    const flags = await runRule(gisBalance, { period: '2026-10', reports: rows });
    expect(flags.map((f) => f.subject.key)).toEqual([`${USCC}/99-12-01`]);
    expect(flags[0]!.evidence.message).toMatch(/台账不平衡.*does not balance/);
  });

  it('chains an unresolved name by the name itself', async () => {
    const rows = [balanced('2026-09', null, '生产边角料', 10, 8, 2), balanced('2026-10', null, '生产边角料', 10, 10, 2)];
    expect(await runRule(gisBalance, { period: '2026-10', reports: rows })).toEqual([]);
    const short = [balanced('2026-09', null, '生产边角料', 10, 8, 2), balanced('2026-10', null, '生产边角料', 10, 5, 2)];
    expect((await runRule(gisBalance, { period: '2026-10', reports: short })).map((f) => f.subject.key)).toEqual([`${USCC}/name:生产边角料`]);
  });

  it.each([
    ['first month seen (no previous row)', [balanced('2026-10', '99-12-01', '纸箱', 10, 5, 0)]],
    ['previous month states no closing stock', [balanced('2026-09', '99-12-01', '纸箱', 10, 8, null), balanced('2026-10', '99-12-01', '纸箱', 10, 5, 0)]],
    ['this month states no closing stock', [balanced('2026-09', '99-12-01', '纸箱', 10, 8, 2), balanced('2026-10', '99-12-01', '纸箱', 10, 5, null)]],
    [
      'an implausible value (DATA-QUALITY reports it)',
      [balanced('2026-09', '99-12-01', '纸箱', 10, 8, 2), balanced('2026-10', '99-12-01', '纸箱', 10, 5, -3, { qualityFindings: [{ field: 'qmzcl', value: '-3', reason: 'negative', measure: 'STOCK_END' }] })],
    ],
  ])('raises nothing when the balance cannot be known: %s', async (_name, rows) => {
    expect(await runRule(gisBalance, { period: '2026-10', reports: rows })).toEqual([]);
  });

  it('counts empty utilisation and disposal columns as nothing and still judges the balance', async () => {
    const rows = [balanced('2026-09', '99-12-01', '纸箱', 10, 8, 2), ledger({ period: '2026-10', category: '99-12-01', categoryName: '纸箱', lines: [t('GENERATED', 10), t('STOCK_END', 12)] })];
    expect(await runRule(gisBalance, { period: '2026-10', reports: rows })).toEqual([]);
    const lost = [balanced('2026-09', '99-12-01', '纸箱', 10, 8, 2), ledger({ period: '2026-10', category: '99-12-01', categoryName: '纸箱', lines: [t('GENERATED', 10), t('STOCK_END', 6)] })];
    expect(await runRule(gisBalance, { period: '2026-10', reports: lost })).toHaveLength(1);
  });
});
