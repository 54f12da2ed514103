import { compareCdwProject, crossedIn } from '../../../../src/reconcile/rules/CDW-PROJECT';

describe('CDW-PROJECT compareCdwProject (100 % of approval)', () => {
  it.each([
    ['at approval', 500_000_000, 500_000_000, false],
    ['just inside', 499_999_999, 500_000_000, false],
    ['just beyond', 500_000_001, 500_000_000, true],
    ['no approval stated (missing side)', 500_000_001, null, false],
  ])('%s', (_name, hauled, approved, flagged) => {
    expect(compareCdwProject({ hauledGrams: hauled, approvedGrams: approved }, 100)).toBe(flagged);
  });
  it('belongs to the month the total crossed the approval', () => {
    expect(crossedIn({ hauledBeforeGrams: 400, hauledThroughGrams: 600, approvedGrams: 500 }, 100)).toBe(true);
    expect(crossedIn({ hauledBeforeGrams: 501, hauledThroughGrams: 600, approvedGrams: 500 }, 100)).toBe(false);
  });
});
