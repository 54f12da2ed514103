import { compareDeclaredKind, taxPlatform } from '../../../../src/reconcile/rules/TAX-PLATFORM';
import { reportRow, runRule, t } from './ruleHarness';

const T = 1_000_000;

describe('TAX-PLATFORM compareDeclaredKind (10 % of the platform reading, per measure)', () => {
  it.each([
    ['equal', 100 * T, 100 * T, false],
    ['at tolerance', 110 * T, 100 * T, false],
    ['just inside', 90 * T + 100, 100 * T, false],
    ['just beyond', 110 * T + 100, 100 * T, true],
    ['just beyond, under-declared', 90 * T - 100, 100 * T, true],
    ['no platform ledger (zero side)', 5 * T, 0, true],
    ['nothing declared against a ledger', 0, 5 * T, true],
  ])('%s', (_name, declared, platform, flagged) => {
    expect(compareDeclaredKind([{ measure: 'GENERATED', declared: [declared], platform: [platform] }], 10).length > 0).toBe(flagged);
  });

  it('agrees when any platform reading is within tolerance, and an unknown side is not a gap', () => {
    expect(compareDeclaredKind([{ measure: 'STORED', declared: [5 * T], platform: [1 * T, 5 * T] }], 10)).toEqual([]);
    expect(compareDeclaredKind([{ measure: 'STORED', declared: [], platform: [1 * T] }], 10)).toEqual([]);
    expect(compareDeclaredKind([{ measure: 'DISPOSED', declared: [7 * T], platform: [10 * T] }], 10)).toEqual([{ measure: 'DISPOSED', declaredGrams: 7 * T, platformGrams: 10 * T }]);
  });
});

const USCC = '91110107MA01ABCD1X';
const months = ['2026-07', '2026-08', '2026-09'];
/** a general ledger month: 100 t generated, 80 utilised (of which 5 from stock), 20 disposed, 5 newly stored */
const generalMonth = (period: string) => reportRow({ kind: 'GENERAL_LEDGER', period, uscc: USCC, category: '99-12-01', lines: [t('GENERATED', 100), t('UTILISED_ONSITE', 80), t('UTILISED_FROM_STOCK', 5), t('DISPOSED_CONTRACTED', 20), t('STOCK_END', 50)] });
/** an HW ledger month: 10 t generated, 9 shipped, 1 stored */
const hwMonth = (period: string) => reportRow({ kind: 'HW_LEDGER', period, uscc: USCC, category: '900-041-49', lines: [t('GENERATED', 10), t('SHIPPED', 9), t('STOCK_END', 3)] });
const declaration = (name: string, values: { generated: number; stored: number; disposed: number; utilised: number }, extra: Partial<Parameters<typeof reportRow>[0]> = {}) =>
  reportRow({ kind: 'ENV_TAX', period: '2026Q3', uscc: USCC, category: name, categoryName: name, lines: [t('GENERATED', values.generated), t('STORED', values.stored), t('DISPOSED', values.disposed), t('UTILISED', values.utilised), t('DISCHARGED', 0)], ...extra });
const platform = [...months.map(generalMonth), ...months.map(hwMonth)];
const honestGeneral = { generated: 300, stored: 15, disposed: 60, utilised: 225 };
const honestHw = { generated: 30, stored: 3, disposed: 27, utilised: 0 };
const run = (rows: ReturnType<typeof reportRow>[]) => runRule(taxPlatform, { period: '2026Q3', reports: [...platform, ...rows], registered: [USCC] });

describe('TAX-PLATFORM evaluation: each kind against its own ledgers', () => {
  it('raises nothing for an honest declaration of both kinds', async () => {
    expect(await run([declaration('其他固体废物', honestGeneral), declaration('危险废物', honestHw)])).toEqual([]);
  });

  it('finds a 30 % under-declared 危险废物 line that the larger general total would hide', async () => {
    const flags = await run([declaration('其他固体废物', honestGeneral), declaration('危险废物', { generated: 21, stored: 0, disposed: 21, utilised: 0 })]);
    expect(flags.map((f) => f.subject.key)).toEqual([`${USCC}/HW`]);
    expect(flags[0]!.evidence.message).toMatch(/环保税申报与平台台账不一致.*disagrees/);
  });

  it('finds one measure that disagrees while the generated totals agree, in one flag', async () => {
    const flags = await run([declaration('其他固体废物', { ...honestGeneral, disposed: 30, utilised: 255 }), declaration('危险废物', honestHw)]);
    expect(flags.map((f) => f.subject.key)).toEqual([`${USCC}/GENERAL`]);
    // 255 t utilised is within 10 % of the platform's 240 t (with utilisation out of stock): only 处置量 disagrees
    expect(flags[0]!.evidence.difference).toMatch(/^处置量 disposed: declared 30 t, platform 60 t/);
    expect(flags[0]!.evidence.difference).not.toMatch(/综合利用量/);
  });

  it('sums the general lines (煤矸石, 炉渣 …) into one general comparison', async () => {
    const half = { generated: 150, stored: 7.5, disposed: 30, utilised: 112.5 };
    expect(await run([declaration('炉渣', half), declaration('其他固体废物', half), declaration('危险废物', honestHw)])).toEqual([]);
  });

  it('does not compare a measure the declaration states implausibly (DATA-QUALITY reports it)', async () => {
    const negative = declaration('其他固体废物', { ...honestGeneral, stored: -15 }, { qualityFindings: [{ field: '贮存量(吨)', value: '-15', reason: 'negative', measure: 'STORED' }] });
    expect(await run([negative, declaration('危险废物', honestHw)])).toEqual([]);
  });

  it('accepts non-compliant storage declared as 当期排放量', async () => {
    const row = reportRow({ kind: 'ENV_TAX', period: '2026Q3', uscc: USCC, category: '其他固体废物', lines: [t('GENERATED', 300), t('STORED', 7), t('DISPOSED', 60), t('UTILISED', 225), t('DISCHARGED', 8)] });
    expect(await run([row, declaration('危险废物', honestHw)])).toEqual([]);
  });

  it('leaves a taxpayer the platform does not register to COVERAGE', async () => {
    expect(await runRule(taxPlatform, { period: '2026Q3', reports: [declaration('危险废物', honestHw)], registered: [] })).toEqual([]);
  });
});

describe('TAX-PLATFORM: an incomplete platform quarter is unknown', () => {
  it('does not compare a kind when the enterprise filed no ledger for a month others filed for', async () => {
    const other = '91110107MA01WXYZ2K';
    const otherMonths = months.map((m) => reportRow({ kind: 'GENERAL_LEDGER', period: m, uscc: other, category: '99-12-01', lines: [t('GENERATED', 1)] }));
    const twoMonths = [generalMonth('2026-07'), generalMonth('2026-08'), ...months.map(hwMonth)];
    const flags = await runRule(taxPlatform, { period: '2026Q3', reports: [...twoMonths, ...otherMonths, declaration('其他固体废物', honestGeneral), declaration('危险废物', honestHw)], registered: [USCC, other] });
    expect(flags).toEqual([]);
  });
});
