import { Types } from 'mongoose';
import { householdMappers } from '../../../../connectors/household/map';
import type { Projection } from '../../../../connectors/mapping';

const sourceRecordId = new Types.ObjectId('64b000000000000000000002');
function only(stream: string, payload: Record<string, unknown>): Projection {
  const result = householdMappers[stream]!(payload as never, { source: 'household', stream, sourceId: 'x', sourceRecordId });
  if (!result.ok) throw new Error(result.reason);
  return result.projections[0]!;
}
const ticket = { ticketNo: 'T1', updatedAt: '2026-10-01T08:00:00+08:00', facilityId: 'F-INC', direction: 'IN', plateNo: ' 京a 12345', category: 'OTHER', originStreet: '八角街道', originFacilityId: null, destinationFacilityId: null, grossKg: 15000, tareKg: 9000, netKg: 6100, weighedAt: '2026-10-01T00:10:00+08:00', status: 'VALID' };

describe('household map', () => {
  it('IN ticket: to the weighing facility, from the normalised street; plate normalised; kg stated, never recomputed', () => {
    const p = only('weigh-tickets', ticket);
    if (p.target !== 'movement') throw new Error('movement expected');
    expect([p.doc.kind, p.doc.direction, p.doc.to.facilityCode, p.doc.from.street, p.doc.vehicle?.plate, p.doc.period]).toEqual(['WEIGH_TICKET', 'IN', 'F-INC', 'BAJIAO', '京A12345', '2026-10']);
    expect(p.doc.quantities.map((q) => [q.role, q.grams])).toEqual([['GROSS', 15_000_000], ['TARE', 9_000_000], ['NET', 6_100_000]]);
  });
  it.each([
    ['VALID', 'CLOSED'],
    ['CANCELLED', 'VOIDED'],
  ])('status %s → %s', (status, expected) => {
    const p = only('weigh-tickets', { ...ticket, status });
    expect(p.target === 'movement' && [p.doc.status, p.doc.statusRaw]).toEqual([expected, status]);
  });
  it('OUT ticket: from the station to its destination; IN from another facility', () => {
    const out = only('weigh-tickets', { ...ticket, direction: 'OUT', facilityId: 'F-TS', originStreet: null, destinationFacilityId: 'F-INC' });
    expect(out.target === 'movement' && [out.doc.from.facilityCode, out.doc.to.facilityCode]).toEqual(['F-TS', 'F-INC']);
    const chained = only('weigh-tickets', { ...ticket, originStreet: null, originFacilityId: 'F-TS' });
    expect(chained.target === 'movement' && [chained.doc.from.facilityCode, chained.doc.from.street]).toEqual(['F-TS', null]);
  });
  it('recyclables → a street RECYCLABLES report with channel', () => {
    const p = only('recyclables', { id: 9, updatedAt: '2026-11-01T00:00:00+08:00', street: '鲁谷', month: '2026-10', material: 'PAPER', channel: 'STATION', weightKg: '1234.56' });
    expect(p.target === 'periodReport' && [p.doc.kind, p.doc.area, p.doc.category, p.doc.attributes, p.doc.lines[0]!.grams]).toEqual(['RECYCLABLES', { level: 'STREET', name: '鲁谷', street: 'LUGU' }, 'PAPER', { channel: 'STATION' }, 1_234_560]);
  });
  it('facility outside the district (street null) and its operator mention', () => {
    const p = only('facilities', { facilityId: 'F-LF', name: '填埋场', updatedAt: '2026-01-01T00:00:00+08:00', type: 'LANDFILL', street: null, operatorUscc: '91110107MA01ABCD3X', capacityTpd: '800' });
    if (p.target !== 'facility') throw new Error('facility expected');
    expect([p.doc.inDistrict, p.doc.dailyCapacityGrams, p.mentions[0]!.slot, p.mentions[0]!.roles]).toEqual([false, 800_000_000, 'operator', ['FACILITY_OPERATOR']]);
  });
});
