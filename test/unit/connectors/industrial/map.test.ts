import { Types } from 'mongoose';
import { industrialMappers, routeOf } from '../../../../connectors/industrial/map';
import type { MapContext, Projection } from '../../../../connectors/mapping';

const context = (stream: string, sourceId = '1'): MapContext => ({ source: 'industrial', stream, sourceId, sourceRecordId: new Types.ObjectId('64b000000000000000000001') });
const USCC = '91110107MA01ABCD3X';

function only(stream: string, payload: Record<string, unknown>): Projection {
  const result = industrialMappers[stream]!(payload as never, context(stream));
  if (!result.ok) throw new Error(result.reason);
  expect(result.projections).toHaveLength(1);
  return result.projections[0]!;
}

const manifest = { ldbh: '20261001000000000001', ycdw: USCC, ycdwmc: '某化工有限公司', ysdw: '91110107MA01ABCD4Y', jsdw: '91110107MA01ABCD5Z', jsdwxkzh: 'D11000012', fwdm: '900-041-49', fwlb: 'HW49', xt: '固态', ycl: 12.3456, jsl: null, ycsj: '2026-10-31T23:30:00+08:00', jssj: null, lyczfs: 'D10', zt: '20', updatedAt: '2026-11-01T08:00:00+08:00' };

describe('industrial map', () => {
  it.each([
    ['R4', 'UTILISATION', false, false],
    ['D1', 'DISPOSAL', true, false],
    ['D10', 'DISPOSAL', false, true],
    ['D9', 'DISPOSAL', false, false],
    ['C', 'STORAGE', false, false],
  ])('route %s → %s landfill %s incineration %s', (code, kind, landfill, incineration) => {
    expect(routeOf(code)).toEqual({ code, kind, landfill, incineration });
  });

  it.each([
    ['10', 'OPEN'],
    ['20', 'IN_TRANSIT'],
    ['30', 'RECEIVED'],
    ['40', 'CLOSED'],
    ['90', 'VOIDED'],
  ])('manifest zt %s → %s with statusRaw kept', (zt, status) => {
    const p = only('hw-manifests', { ...manifest, zt });
    expect(p.target === 'movement' && [p.doc.status, p.doc.statusRaw]).toEqual([status, zt]);
  });

  it('maps a manifest: exact grams, CST period of ycsj, parties as stated, RECEIVED only when jsl is set', () => {
    const p = only('hw-manifests', manifest);
    if (p.target !== 'movement') throw new Error('expected a movement');
    expect(p.doc.period).toBe('2026-10');
    expect(p.doc.quantities.map((q) => [q.role, q.grams, q.original])).toEqual([['DECLARED', 12_345_600, { value: '12.3456', unit: 't' }]]);
    expect(p.doc.from.party).toEqual({ partyId: null, uscc: USCC, name: '某化工有限公司' });
    expect(p.doc.carrier?.uscc).toBe('91110107MA01ABCD4Y');
    expect(p.doc.attributes).toEqual({ receiverLicence: 'D11000012' });
    expect(p.mentions.map((m) => [m.slot, m.roles])).toEqual([['from.party', ['GENERATOR']], ['to.party', ['LICENSED_OPERATOR']], ['carrier', ['TRANSPORTER']]]);
    const received = only('hw-manifests', { ...manifest, jsl: '12.1', jssj: '2026-11-02T10:00:00+08:00', zt: '30' });
    expect(received.target === 'movement' && received.doc.quantities.map((q) => [q.role, q.grams])).toEqual([['DECLARED', 12_345_600], ['RECEIVED', 12_100_000]]);
  });

  it('dates a manifest by ycsj in CST: 00:30 on 1 Nov CST is November', () => {
    const p = only('hw-manifests', { ...manifest, ycsj: '2026-11-01T00:30:00+08:00' });
    expect(p.target === 'movement' && p.doc.period).toBe('2026-11');
  });

  it('dates a manifest without ycsj (voided before shipping) by its updatedAt', () => {
    const p = only('hw-manifests', { ...manifest, ycsj: null, zt: '90', updatedAt: '2026-09-30T20:00:00+08:00' });
    expect(p.target === 'movement' && [p.doc.period, p.doc.departedAt]).toEqual(['2026-09', null]);
  });

  it('maps a general ledger: a line per field present (zero included), negative stock kept, landfill flag, empty fwdm → null', () => {
    const p = only('general-ledgers', { id: 7, updatedAt: '2026-11-05T09:00:00+08:00', tyshxydm: USCC, qymc: '某厂', ny: '202610', fwdm: '', fwmc: '炉渣', csl: '10', zxlyl: '0', wtlyl: null, zxczl: '1.5', wtczl: null, tmfs: 'TM', wnzcly: null, qmzcl: '-0.2' });
    if (p.target !== 'periodReport') throw new Error('expected a report');
    expect([p.doc.kind, p.doc.reportKey, p.doc.period, p.doc.months, p.doc.category, p.doc.categoryName, p.doc.attributes]).toEqual(['GENERAL_LEDGER', '7', '2026-10', ['2026-10'], null, '炉渣', { landfill: true }]);
    expect(p.doc.lines.map((l) => [l.measure, l.grams])).toEqual([['GENERATED', 10_000_000], ['UTILISED_ONSITE', 0], ['DISPOSED_ONSITE', 1_500_000], ['STOCK_END', -200_000]]);
  });

  it('maps an HW ledger with its class and SHIPPED line', () => {
    const p = only('hw-ledgers', { id: 'h1', updatedAt: '2026-11-05T09:00:00+08:00', tyshxydm: USCC, ny: '2026-10', fwdm: '900-041-49', fwlb: 'HW49', csl: '2', zxlyczl: '0', wtzyl: '1.9', qmzcl: '0.1' });
    expect(p.target === 'periodReport' && [p.doc.kind, p.doc.category, p.doc.attributes, p.doc.lines.map((l) => l.measure)]).toEqual(['HW_LEDGER', '900-041-49', { hwClass: 'HW49' }, ['GENERATED', 'UTILISED_DISPOSED_ONSITE', 'SHIPPED', 'STOCK_END']]);
  });

  it('maps an enterprise to a party with roles, licence and profile', () => {
    const p = only('enterprises', { id: 3, tyshxydm: USCC, qymc: '某环保有限公司', zcdz: '某路1号', jdmc: '八角街道', hydm: '7724', sfgs: '1', qylx: 'CSDW,JYDW', xkzh: 'D11000012', hzlb: 'HW08,HW49', nhzl: '5000', updatedAt: '2026-01-01T00:00:00+08:00' });
    if (p.target !== 'party') throw new Error('expected a party');
    expect(p.mention).toEqual({ slot: null, uscc: USCC, name: '某环保有限公司', street: '八角街道', roles: ['GENERATOR', 'LICENSED_OPERATOR'], sourceKey: '3' });
    expect(p.profile.licences).toEqual([{ kind: 'HW_BUSINESS', number: 'D11000012', hwClasses: ['HW08', 'HW49'], annualCapacityGrams: 5_000_000_000, validFrom: null, validTo: null }]);
    expect([p.profile.industryCode, p.profile.aboveDesignatedSize]).toEqual(['7724', true]);
  });

  it('refuses (for the quarantine) a quantity finer than a gram and a record failing its schema', () => {
    const fine = industrialMappers['hw-manifests']!({ ...manifest, ycl: '0.0000001' } as never, context('hw-manifests'));
    expect(fine).toEqual({ ok: false, reason: expect.stringContaining('ycl') });
    const bad = industrialMappers['hw-manifests']!({ ...manifest, ycl: 'abc' } as never, context('hw-manifests'));
    expect(bad).toEqual({ ok: false, reason: expect.stringContaining('ycl') });
  });
});

describe('industrial plausibility: implausible values are stored with a finding, malformed ones rejected', () => {
  const ledger = { id: 7, updatedAt: '2026-11-05T10:00:00+08:00', tyshxydm: USCC, qymc: '某厂', ny: '202610', fwdm: '99-12-01', fwmc: '纸箱', csl: '10', zxlyl: '8', wtlyl: null, zxczl: null, wtczl: null, tmfs: null, wnzcly: null, qmzcl: '2' };
  const findingsOf = (stream: string, payload: Record<string, unknown>) => {
    const p = only(stream, payload);
    if (p.target !== 'periodReport' && p.target !== 'movement') throw new Error('document expected');
    return (p.doc.qualityFindings ?? []).map(({ field, value }) => `${field}=${value}`);
  };

  it.each([
    ['negative stock', { qmzcl: '-3' }, ['qmzcl=-3']],
    ['negative generated', { csl: '-1' }, ['csl=-1']],
    ['a mass no enterprise makes in a month', { csl: '2000000' }, ['csl=2000000']],
    ['a ledger month after the row was written', { ny: '202612' }, ['ny=2026-12']],
    ['a plausible row', {}, []],
  ])('general ledger: %s', (_name, change, expected) => {
    expect(findingsOf('general-ledgers', { ...ledger, ...change })).toEqual(expected);
  });

  it.each([
    ['received before shipped', { jsl: 12.3, jssj: '2026-10-29T10:00:00+08:00', zt: '30' }, ['jssj=2026-10-29T10:00:00+08:00']],
    ['shipped after the record was last written', { ycsj: '2026-11-03T10:00:00+08:00' }, ['ycsj=2026-11-03T10:00:00+08:00']],
    ['a negative quantity received', { jsl: -1, jssj: '2026-11-01T07:00:00+08:00', zt: '30' }, ['jsl=-1']],
    ['a thousand tonnes on one manifest', { ycl: 5000 }, ['ycl=5000']],
    ['a plausible manifest', {}, []],
  ])('manifest: %s', (_name, change, expected) => {
    expect(findingsOf('hw-manifests', { ...manifest, ...change })).toEqual(expected);
  });

  it('still rejects a quantity that is not a number', () => {
    const result = industrialMappers['general-ledgers']!({ ...ledger, qmzcl: 'n/a' } as never, context('general-ledgers'));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/qmzcl/) });
  });
});
