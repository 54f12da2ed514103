import { compareTaxPlatform } from '../../../../src/reconcile/rules/TAX-PLATFORM';

describe('TAX-PLATFORM compareTaxPlatform (10 % of platform)', () => {
  it.each([
    ['equal', 100_000_000, 100_000_000, false],
    ['at tolerance', 110_000_000, 100_000_000, false],
    ['just inside', 90_000_100, 100_000_000, false],
    ['just beyond', 110_000_100, 100_000_000, true],
    ['just beyond, under-declared', 89_999_900, 100_000_000, true],
    ['no platform ledger (missing side)', 5_000_000, 0, true],
    ['nothing declared against a ledger', 0, 5_000_000, true],
  ])('%s', (_name, tax, platform, flagged) => {
    expect(compareTaxPlatform({ taxGrams: tax, platformGrams: platform }, 10) !== null).toBe(flagged);
  });
});
