import { compareBalance } from '../../../../src/reconcile/rules/GIS-BALANCE';

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

  it('treats a missing opening stock as 0 and reports the signed gap', () => {
    expect(compareBalance({ openingGrams: 0, generatedGrams: 90_000_000, outflowGrams: 70_000_000, closingGrams: 10_000_000 }, 2)).toEqual({ gapGrams: 10_000_000 });
    expect(compareBalance({ openingGrams: 0, generatedGrams: 0, outflowGrams: 1, closingGrams: 0 }, 2)).toEqual({ gapGrams: -1 });
  });
});
