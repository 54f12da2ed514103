import { compareHhNet } from '../../../../src/reconcile/rules/HH-NET';

describe('HH-NET compareHhNet (exact)', () => {
  it.each([
    ['agrees', 15_000_000, 5_000_000, 10_000_000, null],
    ['off by 10 g (the sources\' precision)', 15_000_000, 5_000_000, 10_000_010, 10],
    ['off the other way', 15_000_000, 5_000_000, 9_999_990, -10],
    ['tare missing', 15_000_000, null, 10_000_000, null],
    ['net missing', 15_000_000, 5_000_000, null, null],
  ])('%s', (_name, gross, tare, net, expected) => {
    expect(compareHhNet({ grossGrams: gross, tareGrams: tare, netGrams: net })?.differenceGrams ?? null).toBe(expected);
  });
});
