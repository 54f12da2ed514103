import { compareHwQty, implausibleQuantity } from '../../../../src/reconcile/rules/HW-QTY';

// 10 t shipped; 5 % = 500 kg.
describe('HW-QTY compareHwQty (tolerance 5 %)', () => {
  it.each([
    ['equal', 10_000_000, 10_000_000, null],
    ['at tolerance (−5 %)', 10_000_000, 9_500_000, null],
    ['just inside (−4.999 %)', 10_000_000, 9_500_100, null],
    ['just beyond (−5.001 %)', 10_000_000, 9_499_900, 'GAP'],
    ['just beyond over (+5.001 %)', 10_000_000, 10_500_100, 'GAP'],
    ['not received yet (jsl null): unknown, not short', 10_000_000, null, null],
    ['shipped side missing', null, 10_000_000, 'MISSING_SHIPPED'],
  ])('%s', (_name, shipped, received, expected) => {
    const verdict = compareHwQty({ voided: false, shippedGrams: shipped, receivedGrams: received }, 5);
    expect(verdict?.kind ?? null).toBe(expected);
  });

  it('ignores voided manifests, compares a stated 接收量 whatever the status, and reports the signed difference', () => {
    expect(compareHwQty({ voided: true, shippedGrams: 10_000_000, receivedGrams: 5_000_000 }, 5)).toBeNull();
    expect(compareHwQty({ voided: false, shippedGrams: 10_000_000, receivedGrams: 9_000_000 }, 5)).toEqual({ kind: 'GAP', differenceGrams: -1_000_000 });
  });

  it('leaves a quantity DATA-QUALITY reports alone', () => {
    expect(implausibleQuantity({ qualityFindings: [{ field: 'jsl', value: '-1', reason: 'negative', measure: null }] })).toBe(true);
    expect(implausibleQuantity({ qualityFindings: [{ field: 'jssj', value: 'x', reason: 'before ycsj', measure: null }] })).toBe(false);
  });
});
