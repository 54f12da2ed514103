import {
  formatGramsAsKg,
  formatGramsAsTonnes,
  parseMass,
  parseMoney,
  parsePersons,
  sumGrams,
  toSafeInteger,
  exactIntegerFromDb,
} from '../../../src/model/quantities';

describe('parseMass: exact conversion to integer grams', () => {
  it.each<[string | number, string, number]>([
    ['12.345', 't', 12_345_000],
    [12.345, 't', 12_345_000],
    [0.1 + 0.2, 't', NaN], // 0.30000000000000004 t: below a gram, refused (see the failure table)
    ['0.0001', 't', 100],
    ['0.01', 'kg', 10],
    ['1234', 'kg', 1_234_000],
    [1234, 'kg', 1_234_000],
    ['2.17', '万吨', 21_700_000_000],
    [2.17, '万吨', 21_700_000_000],
    ['１２.５', '吨', 12_500_000], // full-width digits
    ['  7.000000 ', 't', 7_000_000],
    ['.5', 't', 500_000],
    ['5.', 't', 5_000_000],
    ['1e-3', 't', 1_000],
    [1e-6, 't', 1],
    ['3', 'g', 3],
    ['0', 't', 0],
    ['-0', 't', 0],
    ['007.5', 'kg', 7_500],
    ['9007199254.740991', 't', 9_007_199_254_740_991],
  ])('%p %s → %p g', (value, unit, grams) => {
    const parsed = parseMass(value, unit);
    if (Number.isNaN(grams)) {
      expect(parsed.ok).toBe(false);
      return;
    }
    expect(parsed).toEqual({ ok: true, value: { grams, original: { value: typeof value === 'number' ? String(value) : expect.any(String), unit } } });
  });

  it('keeps the original statement', () => {
    expect(parseMass(' 12.345 ', 't')).toEqual({ ok: true, value: { grams: 12_345_000, original: { value: '12.345', unit: 't' } } });
  });

  it.each<[string | number, string, RegExp]>([
    ['12.3456789', 't', /more precision than 1 g/],
    ['0.0000001', 't', /more precision than 1 g/],
    ['0.5', 'g', /more precision than 1 g/],
    ['1.2.3', 't', /not a decimal number/],
    ['12,5', 't', /not a decimal number/],
    ['abc', 't', /not a decimal number/],
    ['', 't', /empty value/],
    ['.', 't', /not a decimal number/],
    [Number.NaN, 't', /not a finite number/],
    [Number.POSITIVE_INFINITY, 'kg', /not a finite number/],
    ['-1', 't', /negative mass/],
    ['5', 'lb', /unknown mass unit "lb"/],
    ['10000000000', 't', /too large/],
  ])('%p %s is refused: %s', (value, unit, reason) => {
    const parsed = parseMass(value, unit);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('accepts negatives when asked (stock changes)', () => {
    expect(parseMass('-1.5', 't', { allowNegative: true })).toMatchObject({ ok: true, value: { grams: -1_500_000 } });
  });
});

describe('formatting and sums', () => {
  it.each<[number | bigint, string]>([
    [12_345_000, '12.345'],
    [100, '0.0001'],
    [1, '0.000001'],
    [0, '0'],
    [-1_500_000, '-1.5'],
    [7_000_000, '7'],
    [123_456_789_012_345_678n, '123456789012.345678'],
  ])('%p g = %s t', (grams, tonnes) => {
    expect(formatGramsAsTonnes(grams)).toBe(tonnes);
  });

  it('formats kilograms', () => {
    expect(formatGramsAsKg(12_345)).toBe('12.345');
  });

  it('round-trips a table of tonne strings', () => {
    for (const t of ['0.001', '12.345', '999999.999999', '1']) {
      const parsed = parseMass(t, 't');
      expect(parsed.ok && formatGramsAsTonnes(parsed.value.grams)).toBe(t);
    }
  });

  it('sums exactly where floats drift', () => {
    const tenths = Array.from({ length: 10 }, () => parseMass(0.1, 't'));
    const grams = tenths.map((p) => (p.ok ? p.value.grams : 0));
    expect(sumGrams(grams)).toBe(1_000_000n);
    expect([0.1, 0.2].reduce((a, b) => a + b)).not.toBe(0.3); // the drift integer grams avoid
  });

  it('sums past Number.MAX_SAFE_INTEGER as BigInt and refuses to narrow it', () => {
    const total = sumGrams([Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);
    expect(total).toBe(2n * BigInt(Number.MAX_SAFE_INTEGER));
    expect(toSafeInteger(total).ok).toBe(false);
    expect(toSafeInteger(5n)).toEqual({ ok: true, value: 5 });
    expect(() => sumGrams([1.5])).toThrow(/not an integer/);
  });

  it('reads database integers only when exact', () => {
    expect(exactIntegerFromDb(12)).toEqual({ ok: true, value: 12 });
    expect(exactIntegerFromDb(1.5).ok).toBe(false);
    expect(exactIntegerFromDb(2 ** 60).ok).toBe(false);
  });
});

describe('money and persons', () => {
  it.each<[string, string, number]>([
    ['1234.56', '元', 123_456],
    ['1234.56', '万元', 1_234_560_000],
    ['63.45', '万人', 634_500],
    ['150', '元', 15_000],
  ])('%s %s → %d', (value, unit, amount) => {
    const parse = unit.endsWith('人') ? parsePersons : parseMoney;
    expect(parse(value, unit)).toMatchObject({ ok: true, value: { amount, original: { value, unit } } });
  });

  it('refuses fractions of a fen or a person', () => {
    expect(parseMoney('0.001', '元')).toMatchObject({ ok: false, reason: expect.stringMatching(/more precision than 1 分/) });
    expect(parsePersons('1.5', '人')).toMatchObject({ ok: false, reason: expect.stringMatching(/more precision than 1 person/) });
    expect(parseMoney('1', '美元')).toMatchObject({ ok: false, reason: expect.stringMatching(/unknown unit/) });
  });
});
