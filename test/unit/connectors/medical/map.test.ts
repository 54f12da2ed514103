import { Types } from 'mongoose';
import { buildMedicalHandover, manifestNoOf, medicalMappers } from '../../../../connectors/medical/map';
import type { MedicalHandoverPart, Projection } from '../../../../connectors/mapping';

const HOSPITAL = '12110107400000000X';
const DISPOSER = '91110302565410146D';
const id = (n: number) => new Types.ObjectId(`64b0000000000000000000${String(n).padStart(2, '0')}`);
function only(stream: string, payload: Record<string, unknown>, path: string, n = 1): Projection {
  const result = medicalMappers[stream]!(payload as never, { source: 'medical', stream, sourceId: `${stream}-${n}`, sourceRecordId: id(n), origin: { path, line: n + 1 } });
  if (!result.ok) throw new Error(result.reason);
  return result.projections[0]!;
}
const ledgerRow = { 日期: '2026-10-03', 科室: '内科', 废物类别: '感染性废物', '重量(kg)': '１２.５', 包装数: '3', 交接时间: '2026-10-04 09:00', 交接人: '张三', 转移联单号: 'M1' };
const receiptRow = { 转移联单号: 'M1', 医疗机构统一社会信用代码: HOSPITAL, 接收时间: '2026-10-04 11:30:00', 废物类别: '感染性', '重量(kg)': '12.4', 处置方式: '焚烧' };

function part(p: Projection): MedicalHandoverPart {
  if (p.target !== 'medicalPart') throw new Error('part expected');
  return p.part;
}

describe('medical map', () => {
  it('ledger and receipt rows become parts of their manifest (full-width digits, full category names)', () => {
    const ledger = part(only('ledgers', ledgerRow, `ledgers/${HOSPITAL}/2026-10.csv`));
    expect([ledger.kind, ledger.manifestNo, ledger.kind === 'ledger' && ledger.institutionUscc, ledger.kind === 'ledger' && ledger.record.category, ledger.kind === 'ledger' && ledger.record.weightKg]).toEqual(['ledger', 'M1', HOSPITAL, '感染性', '12.5']);
    const receipt = part(only('receipts', receiptRow, `receipts/${DISPOSER}/2026-10.csv`, 2));
    expect([receipt.kind, receipt.kind === 'receipt' && receipt.disposerUscc]).toEqual(['receipt', DISPOSER]);
  });
  it('a ledger row not yet handed over (no 转移联单号) projects nothing', () => {
    expect(only('ledgers', { ...ledgerRow, 交接时间: '', 交接人: '', 转移联单号: '' }, `ledgers/${HOSPITAL}/2026-10.csv`)).toEqual({ target: 'none' });
    expect(manifestNoOf({ 转移联单号: ' Ｍ1 ' })).toBe('M1');
  });
  it('builds one handover from all rows: LEDGER and RECEIPT quantities, earliest times, Σ packages, route, status', () => {
    const parts = [
      part(only('ledgers', ledgerRow, `ledgers/${HOSPITAL}/2026-10.csv`, 1)),
      part(only('ledgers', { ...ledgerRow, 科室: '外科', 废物类别: '损伤性', '重量(kg)': '2', 包装数: '1', 交接时间: '2026-10-04 08:30' }, `ledgers/${HOSPITAL}/2026-10.csv`, 3)),
      part(only('receipts', receiptRow, `receipts/${DISPOSER}/2026-10.csv`, 2)),
    ];
    const built = buildMedicalHandover('M1', parts)!;
    expect([built.doc.kind, built.doc.sourceKey, built.doc.status, built.doc.packages, built.doc.period, built.doc.category]).toEqual(['MEDICAL_HANDOVER', 'M1', 'RECEIVED', 4, '2026-10', null]);
    // each quantity carries its record's id and sourceId (a reference to the record needs no read)
    expect(built.doc.quantities.map((q) => [q.role, q.grams, q.category, q.sourceRecordId.toHexString(), q.sourceId])).toEqual([
      ['LEDGER', 12_500, '感染性', id(1).toHexString(), 'ledgers-1'],
      ['LEDGER', 2_000, '损伤性', id(3).toHexString(), 'ledgers-3'],
      ['RECEIPT', 12_400, '感染性', id(2).toHexString(), 'receipts-2'],
    ]);
    expect([built.doc.departedAt?.toISOString(), built.doc.arrivedAt?.toISOString()]).toEqual(['2026-10-04T00:30:00.000Z', '2026-10-04T03:30:00.000Z']);
    expect(built.doc.route).toEqual({ code: '焚烧', kind: 'DISPOSAL', landfill: false, incineration: true });
    expect([built.doc.from.party?.uscc, built.doc.to.party?.uscc]).toEqual([HOSPITAL, DISPOSER]);
    expect(built.mentions.map((m) => [m.slot, m.roles])).toEqual([['from.party', ['HOSPITAL']], ['to.party', ['DISPOSER']]]);
  });
  it('without receipts the handover is IN_TRANSIT; a receipt alone dates it by 接收时间; no parts → nothing', () => {
    expect(buildMedicalHandover('M1', [part(only('ledgers', ledgerRow, `ledgers/${HOSPITAL}/2026-10.csv`))])!.doc.status).toBe('IN_TRANSIT');
    const receiptOnly = buildMedicalHandover('M1', [part(only('receipts', { ...receiptRow, 接收时间: '2026-11-01 00:10:00' }, `receipts/${DISPOSER}/2026-11.csv`))])!;
    expect([receiptOnly.doc.period, receiptOnly.doc.from.party?.uscc]).toEqual(['2026-11', HOSPITAL]);
    expect(buildMedicalHandover('M1', [])).toBeNull();
  });
  it('institutions.csv row → a HOSPITAL party with its profile', () => {
    const p = only('institutions', { 机构名称: '某医院', 统一社会信用代码: HOSPITAL, 执业许可证登记号: 'PDY0001', 机构类别: '医院', 床位数: '300', 街道: '八角', 收运方式: '小箱进大箱' }, 'institutions.csv');
    if (p.target !== 'party') throw new Error('party expected');
    expect([p.mention.roles, p.profile.institution, p.profile.licences?.[0]?.kind]).toEqual([['HOSPITAL'], { category: '医院', beds: 300, collectionMode: 'POOLED' }, 'MEDICAL_PRACTICE']);
  });
  it('recyclables → MEDICAL_RECYCLABLES with GENERATED and RECOVERED', () => {
    const p = only('recyclables', { 统一社会信用代码: HOSPITAL, 月份: '202610', 可回收物类别: '输液瓶', '产生量(kg)': '100', '回收量(kg)': '95.5', 回收企业: '某回收公司' }, 'recyclables/2026-10.csv');
    expect(p.target === 'periodReport' && [p.doc.kind, p.doc.period, p.doc.attributes, p.doc.lines.map((l) => [l.measure, l.grams])]).toEqual(['MEDICAL_RECYCLABLES', '2026-10', { recycler: '某回收公司' }, [['GENERATED', 100_000], ['RECOVERED', 95_500]]]);
  });
});
