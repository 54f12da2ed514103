import { cdwVehicle, overlappingTrips, tripFindings, type TripInterval } from '../../../../src/reconcile/rules/CDW-VEHICLE';
import { grams, movement, runRule } from './ruleHarness';

const trip = { waybillNo: 'W1', exitAt: new Date('2026-03-10T09:00:00+08:00'), exitGrams: 20_000_000, haulerUscc: '91110107MA01ABCD1X' };
const vehicle = { haulerUscc: '91110107MA01ABCD1X', permitValidTo: new Date('2026-03-10T00:00:00+08:00'), ratedLoadGrams: 20_000_000 };

describe('CDW-VEHICLE tripFindings', () => {
  it.each([
    ['clean (permit valid through the trip date, load at rating)', {}, {}, []],
    ['unregistered (registry side missing)', {}, null, ['UNREGISTERED']],
    ['permit expired the day before', {}, { permitValidTo: new Date('2026-03-09T00:00:00+08:00') }, ['PERMIT_EXPIRED']],
    ['overload by one gram', { exitGrams: 20_000_001 }, {}, ['OVERLOAD']],
    ['hauler mismatch', { haulerUscc: '91110108MA01XXXX2Y' }, {}, ['HAULER_MISMATCH']],
    ['no hauler stated (missing side)', { haulerUscc: null }, {}, []],
  ])('%s', (_name, tripOverrides, vehicleOverrides, expected) => {
    expect(tripFindings({ ...trip, ...tripOverrides }, vehicleOverrides === null ? null : { ...vehicle, ...vehicleOverrides })).toEqual(expected);
  });
});

const H = 3_600_000;
const asOf = 1000 * H;

describe('CDW-VEHICLE overlappingTrips', () => {
  it.each([
    ['back-to-back closed trips', [{ waybillNo: 'A', start: 0, end: 10 }, { waybillNo: 'B', start: 10, end: 20 }], []],
    ['a closed trip leaving before the last one arrived (cloned plate)', [{ waybillNo: 'A', start: 0, end: 10 }, { waybillNo: 'B', start: 9, end: 20 }], ['A', 'B']],
    ['a never-closed trip and later closed trips (CDW-OPEN only)', [{ waybillNo: 'A', start: 0, end: null }, { waybillNo: 'C', start: 100, end: 110 }, { waybillNo: 'D', start: 200, end: 210 }], []],
    ['an open trip that left while a closed trip was on the road', [{ waybillNo: 'A', start: 0, end: 10 }, { waybillNo: 'B', start: 5, end: null }], ['A', 'B']],
    ['an open trip that left as a closed trip arrived', [{ waybillNo: 'A', start: 0, end: 10 }, { waybillNo: 'B', start: 10, end: null }], []],
    ['two open trips both in progress at asOf', [{ waybillNo: 'A', start: asOf - 2 * H, end: null }, { waybillNo: 'B', start: asOf - H, end: null }], ['A', 'B']],
    ['two open trips, one overdue (a suspected dump, then another trip)', [{ waybillNo: 'A', start: asOf - 30 * H, end: null }, { waybillNo: 'B', start: asOf - H, end: null }], []],
    ['two open trips both overdue', [{ waybillNo: 'A', start: 0, end: null }, { waybillNo: 'B', start: H, end: null }], []],
    ['a trip of the previous month across the month end, and a trip of this month at once', [{ waybillNo: 'A', start: 0, end: 10, earlier: true }, { waybillNo: 'B', start: 5, end: 20 }], ['A', 'B']],
    ['two earlier trips (judged in their own month)', [{ waybillNo: 'A', start: 0, end: 10, earlier: true }, { waybillNo: 'B', start: 5, end: 20, earlier: true }], []],
  ] as [string, TripInterval[], string[]][])('%s', (_name, trips, expected) => {
    expect(overlappingTrips(trips, asOf, 24)).toEqual(expected);
  });
});

describe('CDW-VEHICLE over waybills', () => {
  const plate = '京A12345';
  const registered = { plate, haulerUscc: trip.haulerUscc, permitValidTo: new Date('2027-01-01T00:00:00+08:00'), ratedLoadGrams: 30_000_000, ratedLoadText: '30', sources: [] };
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 9, day, hour - 8));
  const waybill = (no: string, plateAsStored: string, exit: Date, entry: Date | null, status = entry ? 'CLOSED' : 'IN_TRANSIT') =>
    movement({ kind: 'CDW_WAYBILL', sourceKey: no, status: status as 'CLOSED', vehicle: { plate: plateAsStored, vehicleId: null }, carrier: null, departedAt: exit, arrivedAt: entry, quantities: [grams('EXIT', 20_000_000)] });
  const run = (waybills: ReturnType<typeof waybill>[]) => runRule(cdwVehicle, { movements: waybills, asOf: new Date('2026-11-15T00:00:00+08:00'), vehicles: [registered] });

  it('a never-closed trip does not make every later trip of the plate an overlap', async () => {
    const flags = await run([waybill('W1', plate, at(3, 9), null), waybill('W2', plate, at(4, 9), at(4, 10)), waybill('W3', plate, at(5, 9), at(5, 10))]);
    expect(flags).toEqual([]);
  });
  it('a cloned plate (two closed trips at once) is found, whatever the plate\'s spacing or case', async () => {
    const flags = await run([waybill('W1', plate, at(3, 9), at(3, 11)), waybill('W2', '京a 12345', at(3, 10), at(3, 12)), waybill('W3', plate, at(5, 9), at(5, 10))]);
    expect(flags.map((f) => [f.subject.key, f.evidence.difference])).toEqual([[plate, 'OVERLAPPING_TRIPS']]);
    expect(flags[0]!.evidence.message).toContain('同一车牌同时在两趟运输中（疑似套牌）（W1、W2）');
    expect(flags[0]!.evidence.message).toContain('one plate on two trips at once (cloned plate) (W1, W2)');
  });
  it('a voided waybill overlaps nothing', async () => {
    expect(await run([waybill('W1', plate, at(3, 9), at(3, 11)), waybill('W2', plate, at(3, 10), at(3, 12), 'VOIDED')])).toEqual([]);
  });
});
