import { compareCdwWeight } from '../../../../src/reconcile/rules/CDW-WEIGHT';

describe('CDW-WEIGHT compareCdwWeight (5 % of exit)', () => {
  it.each([
    ['equal', 30_000_000, 30_000_000, null],
    ['at tolerance', 30_000_000, 28_500_000, null],
    ['just inside', 30_000_000, 28_500_100, null],
    ['just beyond', 30_000_000, 28_499_900, 'GAP'],
    ['not yet arrived (entry missing)', 30_000_000, null, null],
    ['entry without exit (exit missing: unknown, not a mismatch)', null, 28_000_000, null],
  ])('%s', (_name, exit, entry, expected) => {
    expect(compareCdwWeight({ exitGrams: exit, entryGrams: entry }, 5)?.kind ?? null).toBe(expected);
  });
});
