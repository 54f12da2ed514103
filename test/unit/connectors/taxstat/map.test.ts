import { Types } from 'mongoose';
import type { Projection } from '../../../../connectors/mapping';
import { quarterOf, taxstatMappers } from '../../../../connectors/taxstat/map';

const USCC = '91110107MA01ABCD3X';
function only(stream: string, payload: Record<string, unknown>): Projection {
  const result = taxstatMappers[stream]!(payload as never, { source: 'taxstat', stream, sourceId: 'key', sourceRecordId: new Types.ObjectId('64b000000000000000000009') });
  if (!result.ok) throw new Error(result.reason);
  return result.projections[0]!;
}

describe('taxstat map', () => {
  it.each([
    ['2026-01-01', '2026Q1'],
    ['2026-07-01', '2026Q3'],
    ['2026-12-01', '2026Q4'],
  ])('税款所属期起 %s → %s', (date, quarter) => expect(quarterOf(date)).toBe(quarter));

  it('envtax row → ENV_TAX quarter report with lines and fen measures', () => {
    const p = only('envtax', { 纳税人识别号: USCC, 纳税人名称: '某厂', 税款所属期起: '2026-07-01', 税款所属期止: '2026-09-30', 污染物类别: '固体废物', 固体废物名称: '炉渣', '产生量(吨)': '100', '贮存量(吨)': '10', '处置量(吨)': '20', '综合利用量(吨)': '70', '当期排放量(吨)': '0', '单位税额(元/吨)': '25', '应纳税额(元)': '0' });
    if (p.target !== 'periodReport') throw new Error('report expected');
    expect([p.doc.kind, p.doc.periodKind, p.doc.period, p.doc.months, p.doc.category, p.doc.categoryName]).toEqual(['ENV_TAX', 'QUARTER', '2026Q3', ['2026-07', '2026-08', '2026-09'], '炉渣', '炉渣']);
    expect(p.doc.lines.map((l) => l.measure)).toEqual(['GENERATED', 'STORED', 'DISPOSED', 'UTILISED', 'DISCHARGED']);
    expect(p.doc.measures.map((m) => [m.measure, m.amount, m.unit])).toEqual([['TAX_RATE', 2500, 'fen_per_t'], ['TAX_DUE', 0, 'fen']]);
  });
  it('envstat elements → ENV_STAT year reports (污泥/其他 and HW)', () => {
    const general = only('envstat', { element: 'GeneralSolidWaste', year: '2026', region: '石景山区', uscc: USCC, name: '某厂', industry: '3670', category: '污泥', generated: '12', utilized: '10', utilizedFromStock: '0', disposed: '2', landfilled: '0', stored: '0' });
    expect(general.target === 'periodReport' && [general.doc.periodKind, general.doc.months.length, general.doc.category, general.doc.lines.length]).toEqual(['YEAR', 12, '污泥', 6]);
    const hw = only('envstat', { element: 'HazardousWaste', year: '2026', region: null, uscc: USCC, name: '某厂', industry: null, generated: '1', utilizedDisposed: '1', landfilled: '0', stored: '0' });
    expect(hw.target === 'periodReport' && [hw.doc.category, hw.doc.lines.map((l) => l.measure)]).toEqual(['HW', ['GENERATED', 'UTILISED_DISPOSED', 'LANDFILLED', 'STORED']]);
  });
  it.each([
    [{ 地区: '石景山区', 期别: '2026-10', 指标: '工业增加值', 数值: '1234.56', 单位: '万元' }, 'DISTRICT', null, 'MONTH', 'INDUSTRIAL_VALUE_ADDED', 12_345_600_00],
    [{ 地区: '八角街道', 期别: '2026', 指标: '地区生产总值', 数值: '10', 单位: '万元' }, 'STREET', 'BAJIAO', 'YEAR', 'GDP', 10_000_000],
    [{ 地区: '石景山区', 期别: '202610', 指标: '常住人口', 数值: '56.7891', 单位: '万人' }, 'DISTRICT', null, 'MONTH', 'RESIDENT_POPULATION', 567_891],
  ])('econ %j', (row, level, street, periodKind, measure, amount) => {
    const p = only('econ', row);
    expect(p.target === 'periodReport' && [p.doc.area?.level, p.doc.area?.street, p.doc.periodKind, p.doc.measures[0]!.measure, p.doc.measures[0]!.amount]).toEqual([level, street, periodKind, measure, amount]);
  });
});

describe('taxstat plausibility: implausible values are stored with a finding, malformed ones rejected', () => {
  const row = { 纳税人识别号: USCC, 纳税人名称: '某厂', 税款所属期起: '2026-07-01', 税款所属期止: '2026-09-30', 污染物类别: '固体废物', 固体废物名称: '其他固体废物', '产生量(吨)': '100', '贮存量(吨)': '10', '处置量(吨)': '20', '综合利用量(吨)': '70', '当期排放量(吨)': '0', '单位税额(元/吨)': '25', '应纳税额(元)': '0' };
  const map = (payload: Record<string, unknown>) => taxstatMappers.envtax!(payload as never, { source: 'taxstat', stream: 'envtax', sourceId: 'key', sourceRecordId: new Types.ObjectId('64b000000000000000000009') });

  it.each([
    ['a negative 贮存量', { '贮存量(吨)': '-10' }, [{ field: '贮存量(吨)', value: '-10', measure: 'STORED' }]],
    ['an absurd 产生量', { '产生量(吨)': '50000000' }, [{ field: '产生量(吨)', value: '50000000', measure: 'GENERATED' }]],
    ['a period that ends before it starts', { 税款所属期止: '2026-06-30' }, [{ field: '税款所属期止', value: '2026-06-30', measure: null }]],
    ['a plausible row', {}, []],
  ])('%s', (_name, change, findings) => {
    const result = map({ ...row, ...change });
    if (!result.ok) throw new Error(result.reason);
    const p = result.projections[0]!;
    if (p.target !== 'periodReport') throw new Error('report expected');
    expect((p.doc.qualityFindings ?? []).map(({ field, value, measure }) => ({ field, value, measure }))).toEqual(findings);
    if (findings.length > 0) expect(p.doc.qualityFindings![0]!.reason).toMatch(/\/ /);
  });

  it('still rejects a value that is not a number', () => {
    expect(map({ ...row, '贮存量(吨)': 'ten' })).toMatchObject({ ok: false, reason: expect.stringMatching(/贮存量\(吨\)/) });
  });
});
