import { compareHwLedger } from '../../../../src/reconcile/rules/HW-LEDGER';

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
