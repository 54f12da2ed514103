import {
  AGENCIES,
  CATALOGUE_VERSIONS,
  HW_CLASSES,
  MEDICAL_CATEGORIES,
  STREETS,
  agencyByName,
  catalogueAt,
  normaliseCategoryLabel,
  normaliseStreet,
  referenceItems,
} from '../../../src/model/reference';

describe('general industrial catalogue', () => {
  const catalogue = CATALOGUE_VERSIONS[0]!;

  it('has 14 classes and 81 unique codes, in printed order', () => {
    expect(catalogue.categories).toHaveLength(14);
    expect(catalogue.entries).toHaveLength(81);
    expect(new Set(catalogue.entries.map((e) => e.code6)).size).toBe(81);
    expect(catalogue.entries.map((e) => e.seq)).toEqual(Array.from({ length: 81 }, (_, i) => i + 1));
    const perClass = new Map<string, number>();
    for (const e of catalogue.entries) perClass.set(e.category, (perClass.get(e.category) ?? 0) + 1);
    expect(Object.fromEntries(perClass)).toEqual({
      ISW01: 6, ISW02: 9, ISW03: 6, ISW04: 6, ISW05: 4, ISW06: 8, ISW07: 6,
      ISW08: 6, ISW09: 12, ISW10: 2, ISW11: 2, ISW12: 11, ISW13: 2, ISW14: 1,
    });
  });

  it('handles the printed defects explicitly', () => {
    const byCode = new Map(catalogue.entries.map((e) => [e.display, e]));
    expect(byCode.get('99-06-04')).toMatchObject({ name: '废复合纸', ambiguousDuplicateOf: '99-06-02', needsReview: true });
    expect(byCode.get('99-06-05')).toMatchObject({ name: '黑边条', ambiguousDuplicateOf: '99-06-03', needsReview: true });
    expect(byCode.get('99-07-01')).toMatchObject({ name: null, needsReview: true });
    expect(byCode.get('99-14-01')).toMatchObject({ requiresFreeTextName: true });
    expect(byCode.get('99-11-02')!.hazardNote).toMatch(/HW29/);
    expect(byCode.get('07-13-01')).toMatchObject({ statTypeCode: '07', category: 'ISW13', materialGroup: 'SLUDGE' });
    expect(catalogue.entries.filter((e) => e.needsReview)).toHaveLength(3);
    expect(normaliseCategoryLabel('电子行业 废物')).toBe('电子行业废物');
  });

  it('is versioned by date', () => {
    expect(catalogueAt(new Date('2020-09-22T12:00:00+08:00'))).toBeNull();
    expect(catalogueAt(new Date('2020-09-23T00:00:00+08:00'))?.version).toBe('2020');
  });
});

describe('other reference tables', () => {
  it('lists HW01–HW50 with HW41/HW42 retired', () => {
    expect(HW_CLASSES.map((c) => c.code)).toEqual(Array.from({ length: 50 }, (_, i) => `HW${String(i + 1).padStart(2, '0')}`));
    expect(HW_CLASSES.filter((c) => c.validTo).map((c) => c.code)).toEqual(['HW41', 'HW42']);
    expect(MEDICAL_CATEGORIES).toHaveLength(5);
  });

  it('names the nine streets of 石景山区 and reads them however a source writes them', () => {
    expect(STREETS.map((s) => s.name)).toEqual(['八宝山', '老山', '八角', '古城', '苹果园', '金顶街', '广宁', '五里坨', '鲁谷']);
    expect(normaliseStreet('八角')).toBe('BAJIAO');
    expect(normaliseStreet('八角街道')).toBe('BAJIAO');
    expect(normaliseStreet('石景山区八角街道')).toBe('BAJIAO');
    expect(normaliseStreet('金顶街街道')).toBe('JINDINGJIE');
    expect(normaliseStreet('金顶街')).toBe('JINDINGJIE');
    expect(normaliseStreet('BAJIAO')).toBe('BAJIAO');
    expect(normaliseStreet('荣华街道')).toBeNull();
    expect(normaliseStreet(null)).toBeNull();
  });

  it('knows agencies by current and former names', () => {
    expect(AGENCIES.map((a) => a.code)).toEqual(['EEB', 'UMC', 'HUC', 'HHC', 'TAX', 'STATS', 'TASKFORCE']);
    expect(agencyByName('环境保护局')).toBe('EEB');
    expect(agencyByName('区生态环境局')).toBe('EEB');
    expect(agencyByName('石景山区城市管理委')).toBe('UMC');
    expect(agencyByName('住建委')).toBe('HUC');
    expect(agencyByName('卫健委')).toBe('HHC');
    expect(agencyByName('教委')).toBeNull();
  });

  it('flattens to unique (table, code, version) rows', () => {
    const items = referenceItems();
    const keys = items.map((i) => `${i.table}|${i.code}|${i.version}`);
    expect(new Set(keys).size).toBe(items.length);
    expect(items.filter((i) => i.table === 'ISW_CODE')).toHaveLength(81);
    expect(items.filter((i) => i.table === 'STREET')).toHaveLength(9);
  });
});
