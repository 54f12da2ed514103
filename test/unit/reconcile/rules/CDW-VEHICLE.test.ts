import { overlappingTrips, tripFindings } from '../../../../src/reconcile/rules/CDW-VEHICLE';

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

describe('CDW-VEHICLE overlappingTrips', () => {
  it('back-to-back trips do not overlap; a trip leaving before the last one arrived does', () => {
    expect(overlappingTrips([{ waybillNo: 'A', start: 0, end: 10 }, { waybillNo: 'B', start: 10, end: 20 }])).toEqual([]);
    expect(overlappingTrips([{ waybillNo: 'A', start: 0, end: 10 }, { waybillNo: 'B', start: 9, end: 20 }])).toEqual(['A', 'B']);
  });
  it('an open trip (no entry) overlaps every later trip', () => {
    expect(overlappingTrips([{ waybillNo: 'A', start: 0, end: Infinity }, { waybillNo: 'C', start: 100, end: 110 }])).toEqual(['A', 'C']);
  });
});
