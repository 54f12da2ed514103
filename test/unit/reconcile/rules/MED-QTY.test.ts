import { compareMedQty } from '../../../../src/reconcile/rules/MED-QTY';

describe('MED-QTY compareMedQty (5 % of ledger)', () => {
  it.each([
    ['equal', 100_000, 100_000, null],
    ['at tolerance', 100_000, 95_000, null],
    ['just inside', 100_000, 95_010, null],
    ['just beyond', 100_000, 94_990, 'GAP'],
    ['no receipt', 100_000, null, 'NO_RECEIPT'],
    ['no ledger', null, 100_000, 'NO_LEDGER'],
    ['neither', null, null, null],
  ])('%s', (_name, ledger, receipt, expected) => {
    expect(compareMedQty({ ledgerGrams: ledger, receiptGrams: receipt }, 5)?.kind ?? null).toBe(expected);
  });
});
