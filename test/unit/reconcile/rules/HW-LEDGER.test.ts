import { compareHwLedger, hwLedger } from '../../../../src/reconcile/rules/HW-LEDGER';
import { manifestRecord, reportRow, runRule, t } from './ruleHarness';

describe('HW-LEDGER compareHwLedger (5 % of Σ manifests)', () => {
  it.each([
    ['equal', 20_000_000, 20_000_000, null],
    ['at tolerance', 21_000_000, 20_000_000, null],
    ['just inside', 20_999_900, 20_000_000, null],
    ['just beyond', 21_000_100, 20_000_000, 'GAP'],
    ['just beyond, ledger low', 18_999_900, 20_000_000, 'GAP'],
    ['no ledger row, manifests shipped', null, 20_000_000, 'NO_LEDGER'],
    ['ledger shipped, no manifests', 5_000_000, null, 'NO_MANIFESTS'],
    ['ledger zero, no manifests', 0, null, null],
    ['neither side', null, null, null],
  ])('%s', (_name, ledger, manifests, expected) => {
    expect(compareHwLedger({ ledgerGrams: ledger, manifestGrams: manifests }, 5)?.kind ?? null).toBe(expected);
  });
});

describe('HW-LEDGER evaluation: what counts, and what is unknown', () => {
  const USCC = '91110107MA01ABCD1X';
  const ledger = (code: string, wtzyl: number | null, extra: Partial<Parameters<typeof reportRow>[0]> = {}) =>
    reportRow({ kind: 'HW_LEDGER', period: '2026-10', uscc: USCC, category: code, lines: [t('GENERATED', 10), ...(wtzyl === null ? [] : [t('SHIPPED', wtzyl)])], ...extra });
  const shipped = (ldbh: string, fwdm: string, ycl: number, extra: Partial<Parameters<typeof manifestRecord>[0]> = {}) => manifestRecord({ ldbh, ycdw: USCC, fwdm, ycl, ...extra });
  const run = (rows: ReturnType<typeof reportRow>[], movements: ReturnType<typeof manifestRecord>[]) => runRule(hwLedger, { period: '2026-10', reports: rows, movements }).then((flags) => flags.map((f) => f.subject.key));

  it('joins code spellings that differ only in hyphens or spaces', async () => {
    expect(await run([ledger('900-041-49', 10)], [shipped('1', '90004149', 6), shipped('2', '900 041 49', 4)])).toEqual([]);
  });

  it('does not count voided manifests nor manifests not yet shipped', async () => {
    expect(await run([ledger('900-041-49', 10)], [shipped('1', '900-041-49', 10), shipped('2', '900-041-49', 5, { status: 'VOIDED' }), shipped('3', '900-041-49', 5, { status: 'OPEN', departedAt: null })])).toEqual([]);
  });

  it('flags a real gap', async () => {
    expect(await run([ledger('900-041-49', 7)], [shipped('1', '900-041-49', 10)])).toEqual([`${USCC}/900-041-49`]);
  });

  it.each([
    ['no HW ledger filed this month (a completeness matter)', [], [shipped('1', '900-041-49', 10)]],
    ['an empty wtzyl', [ledger('900-041-49', null)], [shipped('1', '900-041-49', 10)]],
    ['an implausible wtzyl', [ledger('900-041-49', -7, { qualityFindings: [{ field: 'wtzyl', value: '-7', reason: 'negative', measure: 'SHIPPED' }] })], [shipped('1', '900-041-49', 10)]],
    ['an implausible ycl', [ledger('900-041-49', 10)], [shipped('1', '900-041-49', 5000, { qualityFindings: [{ field: 'ycl', value: '5000', reason: 'absurd', measure: null }] })]],
  ])('raises nothing when a side is unknown: %s', async (_name, rows, movements) => {
    expect(await run(rows, movements)).toEqual([]);
  });

  it('flags manifests of a code the filed ledger does not list', async () => {
    expect(await run([ledger('900-041-49', 10)], [shipped('1', '900-041-49', 10), shipped('2', '772-002-18', 3)])).toEqual([`${USCC}/772-002-18`]);
  });
});
