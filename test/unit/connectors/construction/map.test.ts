import { Types } from 'mongoose';
import { constructionMappers, waybillVersionRank } from '../../../../connectors/construction/map';
import type { Projection } from '../../../../connectors/mapping';

const sourceRecordId = new Types.ObjectId('64b000000000000000000003');
function only(stream: string, payload: Record<string, unknown>): Projection {
  const result = constructionMappers[stream]!(payload as never, { source: 'construction', stream, sourceId: 'x', sourceRecordId });
  if (!result.ok) throw new Error(result.reason);
  return result.projections[0]!;
}
const waybill = { waybillNo: 'W1', updatedAt: '2026-10-02T10:00:00+08:00', projectCode: 'P1', plateNo: '京ad12345', haulerUscc: '91110107MA01ABCD3X', category: 'SPOIL', exitAt: '2026-10-02T08:00:00+08:00', exitWeightT: '25.5', facilityCode: 'F1', entryAt: null, entryWeightT: null, status: 'DEPARTED' };

describe('construction map', () => {
  it.each([
    ['DEPARTED', 'IN_TRANSIT'],
    ['ARRIVED', 'RECEIVED'],
    ['CLOSED', 'CLOSED'],
    ['VOIDED', 'VOIDED'],
  ])('waybill status %s → %s', (status, expected) => {
    const p = only('waybills', { ...waybill, status });
    expect(p.target === 'movement' && p.doc.status).toBe(expected);
  });
  it('waybill: project → facility, hauler as carrier, EXIT only until arrival, ENTRY after', () => {
    const p = only('waybills', waybill);
    if (p.target !== 'movement') throw new Error('movement expected');
    expect([p.doc.from.projectCode, p.doc.to.facilityCode, p.doc.carrier?.uscc, p.doc.vehicle?.plate, p.doc.quantities.map((q) => [q.role, q.grams])]).toEqual(['P1', 'F1', '91110107MA01ABCD3X', '京AD12345', [['EXIT', 25_500_000]]]);
    const arrived = only('waybills', { ...waybill, entryAt: '2026-10-02 09:10:00', entryWeightT: '25.1', status: 'ARRIVED' });
    expect(arrived.target === 'movement' && [arrived.doc.arrivedAt?.toISOString(), arrived.doc.quantities.map((q) => q.role)]).toEqual(['2026-10-02T01:10:00.000Z', ['EXIT', 'ENTRY']]);
  });
  it('export rows in Chinese labels map the same as API records', () => {
    const p = only('waybills', { ...waybill, updatedAt: null, category: '工程渣土', exitAt: '2026-10-02 08:00:00', status: '已出场' });
    expect(p.target === 'movement' && [p.doc.category, p.doc.status, p.doc.departedAt?.toISOString()]).toEqual(['SPOIL', 'IN_TRANSIT', '2026-10-02T00:00:00.000Z']);
  });
  describe('waybillVersionRank: a later stage outranks an earlier one; on one stage the API outranks the export', () => {
    const api = '2026-10-02T10:00:00+08:00';
    const rank = (status: 'DEPARTED' | 'ARRIVED' | 'CLOSED' | 'VOIDED', entryAt: string | null, updatedAt: string | null) => waybillVersionRank({ status, entryAt, updatedAt });
    it.each([
      ['API CLOSED over export DEPARTED', rank('CLOSED', '2026-10-02 09:10:00', api), rank('DEPARTED', null, null)],
      ['API ARRIVED over export DEPARTED', rank('ARRIVED', '2026-10-02 09:10:00', api), rank('DEPARTED', null, null)],
      ['export CLOSED over API DEPARTED (the fallback after an outage)', rank('CLOSED', '2026-10-02 09:10:00', null), rank('DEPARTED', null, api)],
      ['API DEPARTED over export DEPARTED', rank('DEPARTED', null, api), rank('DEPARTED', null, null)],
      ['export DEPARTED with an entry time over API DEPARTED without', rank('DEPARTED', '2026-10-02 09:10:00', null), rank('DEPARTED', null, api)],
      ['VOIDED over CLOSED', rank('VOIDED', null, null), rank('CLOSED', '2026-10-02 09:10:00', api)],
    ])('%s', (_name, newer, older) => {
      expect(newer).toBeGreaterThan(older);
    });
    it('the rank travels on the movement for the projection to compare', () => {
      const p = only('waybills', waybill);
      expect(p.target === 'movement' && p.doc.attributes).toEqual({ versionRank: 3 });
    });
  });
  it('project with approved grams, floor area as stated, builder mention', () => {
    const p = only('projects', { projectCode: 'P1', updatedAt: '2026-01-01T00:00:00+08:00', permitNo: 'S1', name: '某项目', street: '古城', builderUscc: '91110107MA01ABCD3X', kind: 'NEW_BUILD', floorAreaM2: '12000.5', approvedTonnes: '3000', startDate: '2026-01-01', endDate: null, lat: '39.9', lon: '116.2' });
    if (p.target !== 'project') throw new Error('project expected');
    expect([p.doc.street, p.doc.approved?.grams, p.doc.floorArea, p.doc.startDate?.toISOString(), p.doc.location, p.mentions[0]!.roles]).toEqual(['GUCHENG', 3_000_000_000, { value: '12000.5', unit: 'm2' }, '2025-12-31T16:00:00.000Z', { lat: 39.9, lon: 116.2 }, ['BUILDER']]);
  });
  it('vehicle keyed by the normalised plate, raw plate kept', () => {
    const p = only('vehicles', { plateNo: '京a 12345', haulerUscc: '91110107MA01ABCD3X', permitValidTo: '2027-06-30', ratedLoadT: '30', updatedAt: '2026-01-01T00:00:00+08:00' });
    expect(p.target === 'vehicle' && [p.doc.plate, p.doc.plateRaw, p.doc.ratedLoad?.grams]).toEqual(['京A12345', '京a 12345', 30_000_000]);
  });
});
