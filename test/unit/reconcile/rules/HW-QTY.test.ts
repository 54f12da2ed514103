import { compareHwQty } from '../../../../src/reconcile/rules/HW-QTY';

// 10 t shipped; 5 % = 500 kg.
describe('HW-QTY compareHwQty (tolerance 5 %)', () => {
  it.each([
    ['equal', 10_000_000, 10_000_000, null],
    ['at tolerance (−5 %)', 10_000_000, 9_500_000, null],
    ['just inside (−4.999 %)', 10_000_000, 9_500_100, null],
    ['just beyond (−5.001 %)', 10_000_000, 9_499_900, 'GAP'],
    ['just beyond over (+5.001 %)', 10_000_000, 10_500_100, 'GAP'],
    ['received side missing', 10_000_000, null, 'MISSING_RECEIVED'],
    ['shipped side missing', null, 10_000_000, 'MISSING_SHIPPED'],
  ])('%s', (_name, shipped, received, expected) => {
    const verdict = compareHwQty({ received: true, shippedGrams: shipped, receivedGrams: received }, 5);
    expect(verdict?.kind ?? null).toBe(expected);
  });

  it('ignores manifests not yet received, and reports the signed difference', () => {
    expect(compareHwQty({ received: false, shippedGrams: 10_000_000, receivedGrams: null }, 5)).toBeNull();
    expect(compareHwQty({ received: true, shippedGrams: 10_000_000, receivedGrams: 9_000_000 }, 5)).toEqual({ kind: 'GAP', differenceGrams: -1_000_000 });
  });
});
