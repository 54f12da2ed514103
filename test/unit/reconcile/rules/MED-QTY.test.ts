import { compareMedQty, gramsByCategory } from '../../../../src/reconcile/rules/MED-QTY';

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

describe('MED-QTY categories (a category moved by more than 5 % of the ledger total)', () => {
  const cats = (entries: [string, number][]) => new Map(entries);
  it.each([
    ['same categories and masses', [['感染性', 100_000], ['损伤性', 20_000]], [['感染性', 100_000], ['损伤性', 20_000]], null],
    ['equal totals, an infectious load received as pathological', [['感染性', 100_000], ['损伤性', 20_000]], [['病理性', 100_000], ['损伤性', 20_000]], 'CATEGORY'],
    ['a small category off by 50 % but within 5 % of the total (near miss)', [['感染性', 110_000], ['损伤性', 10_000]], [['感染性', 110_000], ['损伤性', 15_000]], null],
    ['a category moved by exactly 5 % of the total', [['感染性', 100_000], ['损伤性', 20_000]], [['感染性', 94_000], ['损伤性', 26_000]], null],
    ['a category moved by just over 5 % of the total', [['感染性', 100_000], ['损伤性', 20_000]], [['感染性', 93_990], ['损伤性', 26_010]], 'CATEGORY'],
  ] as [string, [string, number][], [string, number][], string | null][])('%s', (_name, ledger, receipt, expected) => {
    const ledgerGrams = ledger.reduce((s, [, g]) => s + g, 0);
    const receiptGrams = receipt.reduce((s, [, g]) => s + g, 0);
    expect(compareMedQty({ ledgerGrams, receiptGrams, ledgerByCategory: cats(ledger), receiptByCategory: cats(receipt) }, 5)?.kind ?? null).toBe(expected);
  });
  it('rows without a category leave the categories unknown', () => {
    expect(gramsByCategory([{ role: 'LEDGER', grams: 1, category: null }], 'LEDGER')).toBeNull();
    expect(gramsByCategory([{ role: 'LEDGER', grams: 1, category: '感染性' }, { role: 'LEDGER', grams: 2, category: '感染性' }, { role: 'RECEIPT', grams: 5, category: null }], 'LEDGER')).toEqual(new Map([['感染性', 3]]));
  });
});
