import { compareStatPlatform } from '../../../../src/reconcile/rules/STAT-PLATFORM';

const base = { statGeneralGrams: 100_000_000, platformGeneralGrams: 100_000_000, statHwGrams: null as number | null, platformHwGrams: 0 };

describe('STAT-PLATFORM compareStatPlatform (10 %)', () => {
  it.each([
    ['equal', {}, []],
    ['general at tolerance', { statGeneralGrams: 110_000_000 }, []],
    ['general just beyond', { statGeneralGrams: 110_000_100 }, ['GENERAL']],
    ['HW just inside', { statHwGrams: 10_999_900, platformHwGrams: 10_000_000 }, []],
    ['HW just beyond', { statHwGrams: 11_000_100, platformHwGrams: 10_000_000 }, ['HW']],
    ['HW element missing while the platform has HW', { platformHwGrams: 10_000_000 }, ['HW']],
    ['HW stated, platform none', { statHwGrams: 1_000_000 }, ['HW']],
    ['general missing on the platform', { platformGeneralGrams: 0 }, ['GENERAL']],
  ])('%s', (_name, overrides, expected) => {
    expect(compareStatPlatform({ ...base, ...overrides }, 10)).toEqual(expected);
  });
});
