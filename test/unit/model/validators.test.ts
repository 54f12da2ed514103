import {
  monthOf,
  usccCheckCharacter,
  validateCatalogueCode,
  validateHwClass,
  validateHwCode,
  validatePeriod,
  validatePlate,
  validateUscc,
} from '../../../src/model/validators';

describe('validateUscc (GB 32100-2015)', () => {
  it.each<[string, string]>([
    ['91350100M000100Y43', '91350100M000100Y43'], // the standard's example
    ['91110108551385082Q', '91110108551385082Q'], // a registered company
    ['91110108551385082q', '91110108551385082Q'], // lower case
    [' 9111 0108 5513 8508 2Q ', '91110108551385082Q'], // stray spaces
    ['９１１１０１０８５５１３８５０８２Ｑ', '91110108551385082Q'], // full width
  ])('%p is valid as %s', (raw, value) => {
    expect(validateUscc(raw)).toEqual({ ok: true, value });
  });

  it.each<[string | null, string]>([
    [null, 'missing USCC'],
    ['', 'missing USCC'],
    ['9111010855138508', 'USCC must have 18 characters, got 16 ("9111010855138508")'],
    ['91110108551385082QX', 'USCC must have 18 characters, got 19 ("91110108551385082QX")'],
    ['91110108551385082O', 'USCC character 18 "O" is not allowed (GB 32100 excludes I, O, Z, S, V)'],
    ['9111010855I385082Q', 'USCC character 11 "I" is not allowed (GB 32100 excludes I, O, Z, S, V)'],
    ['91110108551385082-', 'USCC character 18 "-" is not allowed'],
    ['911A0108551385082Q', 'USCC characters 3–8 must be the 6-digit administrative division code, got "1A0108"'],
    ['91110108551385082R', 'USCC check character is "R", expected "Q"'],
    ['91110108551385083Q', 'USCC check character is "Q", expected "U"'],
  ])('%p is refused: %s', (raw, reason) => {
    expect(validateUscc(raw)).toEqual({ ok: false, reason });
  });

  it('computes check characters for generated codes', () => {
    const first17 = '91110107MA01ABCD1';
    expect(validateUscc(first17 + usccCheckCharacter(first17)).ok).toBe(true);
  });
});

describe('validatePlate', () => {
  it.each<[string, string]>([
    ['京A12345', '京A12345'],
    ['京a12345', '京A12345'],
    ['京 A 12345', '京A12345'],
    ['京A·12345', '京A12345'],
    ['京AD12345', '京AD12345'], // new energy, small
    ['京A12345F', '京A12345F'], // new energy, large
    ['京AB123C', '京AB123C'],
    ['冀B1234挂', '冀B1234挂'], // trailer
    ['京Ａ１２３４５', '京A12345'],
  ])('%p → %s', (raw, value) => {
    expect(validatePlate(raw)).toEqual({ ok: true, value });
  });

  it.each<[string, RegExp]>([
    ['', /missing plate number/],
    ['A12345', /does not start with a province abbreviation/],
    ['京112345', /character 2 must be a letter, got "1"/],
    ['京I12345', /letter I is not used/],
    ['京A1234O', /letters I and O are not used/],
    ['京A1234', /must have 7 characters \(8 for new-energy\), got 6/],
    ['京A123456', /new-energy plate has D or F/],
    ['京A1234567', /must have 7 characters/],
  ])('%p is refused: %s', (raw, reason) => {
    const result = validatePlate(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('validateHwClass and validateHwCode', () => {
  const asOf = new Date('2026-10-01T00:00:00+08:00');
  it.each<[string, string]>([
    ['HW08', 'HW08'],
    ['hw49', 'HW49'],
    ['HW01', 'HW01'],
    ['HW50', 'HW50'],
  ])('class %p → %s', (raw, value) => {
    expect(validateHwClass(raw, asOf)).toEqual({ ok: true, value });
  });

  it.each<[string, string]>([
    ['HW8', 'HW class must look like HW01–HW50, got "HW8"'],
    ['HW51', 'HW class HW51 does not exist (classes run HW01–HW50)'],
    ['HW00', 'HW class HW00 does not exist (classes run HW01–HW50)'],
    ['HW41', 'HW class HW41 was retired on 2016-08-01 (merged into HW06 by the 2016 national list)'],
  ])('class %p refused: %s', (raw, reason) => {
    expect(validateHwClass(raw, asOf)).toEqual({ ok: false, reason });
  });

  it('accepts a retired class on a record dated before its retirement', () => {
    expect(validateHwClass('HW41', new Date('2015-01-01'))).toEqual({ ok: true, value: 'HW41' });
  });

  it.each<[string, string | null, { code: string; hwClass: string }]>([
    ['900-041-49', null, { code: '900-041-49', hwClass: 'HW49' }],
    ['900-041-49', 'HW49', { code: '900-041-49', hwClass: 'HW49' }],
    ['90004149', 'hw49', { code: '900-041-49', hwClass: 'HW49' }],
    ['841-001-01', 'HW01', { code: '841-001-01', hwClass: 'HW01' }],
    [' 900-249-08 ', 'HW08', { code: '900-249-08', hwClass: 'HW08' }],
  ])('code %p (class %p) is valid', (raw, statedClass, value) => {
    expect(validateHwCode(raw, { statedClass, asOf })).toEqual({ ok: true, value });
  });

  it.each<[string, string | null, string]>([
    ['900-041-4', null, 'HW waste code must be 8 digits as NNN-NNN-NN, got "900-041-4"'],
    ['HW49', null, 'HW waste code must be 8 digits as NNN-NNN-NN, got "HW49"'],
    ['900-041-49', 'HW08', 'HW waste code 900-041-49 ends in 49 (class HW49) but the record states class HW08'],
    ['900-041-99', null, 'HW waste code 900-041-99: HW class HW99 does not exist (classes run HW01–HW50)'],
  ])('code %p (class %p) refused: %s', (raw, statedClass, reason) => {
    expect(validateHwCode(raw, { statedClass, asOf })).toEqual({ ok: false, reason });
  });
});

describe('validateCatalogueCode', () => {
  const asOf = new Date('2026-10-01T00:00:00+08:00');
  it.each<[string, string, string | null, number]>([
    ['99-04-03', 'ISW04', '机加工铁屑', 0],
    ['990403', 'ISW04', '机加工铁屑', 0],
    ['07-13-02', 'ISW13', '一般工业污泥', 0],
    ['99-14-01', 'ISW14', '其他类废物（自填）', 0],
    ['99-06-04', 'ISW06', '废复合纸', 1], // duplicate name of 99-06-02
    ['99-07-01', 'ISW07', null, 1], // no printed name
    ['99-11-02', 'ISW11', '废灯管', 1], // hazard boundary
  ])('%p is in the catalogue (%s %s, %d warnings)', (raw, category, name, warnings) => {
    const result = validateCatalogueCode(raw, asOf);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.entry.category).toBe(category);
      expect(result.value.entry.name).toBe(name);
      expect(result.value.warnings).toHaveLength(warnings);
      expect(result.value.catalogueVersion).toBe('2020');
    }
  });

  it.each<[string, Date, string]>([
    ['99-4-3', asOf, 'catalogue waste code must be 6 digits as NN-NN-NN, got "99-4-3"'],
    ['99-15-01', asOf, 'catalogue waste code 99-15-01: digits 3–4 must be the class ISW01–ISW14, got 15'],
    ['99-00-01', asOf, 'catalogue waste code 99-00-01: digits 3–4 must be the class ISW01–ISW14, got 00'],
    ['98-04-03', asOf, 'catalogue waste code 98-04-03: digits 1–2 must be 99 (other waste) or 07 (sludge), got 98'],
    ['07-04-03', asOf, 'catalogue waste code 07-04-03: type 07 (sludge) goes with class ISW13 only'],
    ['99-13-01', asOf, 'catalogue waste code 99-13-01: type 07 (sludge) goes with class ISW13 only'],
    ['99-04-07', asOf, 'catalogue waste code 99-04-07 is not in catalogue version 2020'],
    ['99-04-03', new Date('2019-01-01T00:00:00+08:00'), 'no catalogue version in force on 2019-01-01'],
  ])('%p refused: %s', (raw, date, reason) => {
    expect(validateCatalogueCode(raw, date)).toEqual({ ok: false, reason });
  });
});

describe('validatePeriod', () => {
  it.each<[string, string, string, number]>([
    ['2026-10', 'MONTH', '2026-10', 1],
    ['202610', 'MONTH', '2026-10', 1],
    ['2026-1', 'MONTH', '2026-01', 1],
    ['2026年10月', 'MONTH', '2026-10', 1],
    ['2026Q3', 'QUARTER', '2026Q3', 3],
    ['2026-q4', 'QUARTER', '2026Q4', 3],
    ['2026', 'YEAR', '2026', 12],
  ])('%p → %s %s', (raw, kind, key, months) => {
    const result = validatePeriod(raw);
    expect(result).toMatchObject({ ok: true, value: { kind, key } });
    if (result.ok) expect(result.value.months).toHaveLength(months);
  });

  it('lists the months of a quarter', () => {
    expect(validatePeriod('2026Q3')).toMatchObject({ ok: true, value: { months: ['2026-07', '2026-08', '2026-09'] } });
  });

  it.each<[string, string | undefined, string]>([
    ['', undefined, 'missing period'],
    ['2026-13', undefined, 'month must be 01–12, got "13" in "2026-13"'],
    ['202600', undefined, 'month must be 01–12, got "00" in "202600"'],
    ['2026Q5', undefined, 'quarter must be 1–4, got 5 in "2026Q5"'],
    ['26-10', undefined, 'period must be YYYY-MM, YYYYMM, YYYYQn or YYYY, got "26-10"'],
    ['1899-01', undefined, 'year 1899 is outside 2000–2100'],
    ['2026Q3', 'MONTH', 'expected a month period, got quarter "2026Q3"'],
  ])('%p refused: %s', (raw, kind, reason) => {
    expect(validatePeriod(raw, kind as 'MONTH' | undefined)).toEqual({ ok: false, reason });
  });

  it('puts an instant in its China Standard Time month', () => {
    expect(monthOf(new Date('2026-10-31T16:30:00Z'))).toBe('2026-11');
    expect(monthOf(new Date('2026-10-31T15:59:59Z'))).toBe('2026-10');
  });
});
