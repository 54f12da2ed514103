import { compareCdwSpeed, haversineKm } from '../../../../src/reconcile/rules/CDW-SPEED';

const exit = new Date('2026-03-10T09:00:00+08:00');
const after = (minutes: number) => new Date(exit.getTime() + minutes * 60_000);

describe('CDW-SPEED compareCdwSpeed (60 km/h)', () => {
  it.each([
    ['exactly 60 km/h (30 km in 30 min)', 30, 30, false],
    ['just inside (30 km in 30.01 min)', 30, 30.01, false],
    ['just beyond (30.01 km in 30 min)', 30.01, 30, true],
    ['arrived before leaving', 5, -1, true],
    ['same instant, no distance', 0, 0, false],
  ])('%s', (_name, km, minutes, flagged) => {
    expect(compareCdwSpeed({ distanceKm: km, exitAt: exit, entryAt: after(minutes) }, 60) !== null).toBe(flagged);
  });
  it('measures great-circle distance', () => {
    expect(haversineKm({ lat: 39.9, lon: 116.2 }, { lat: 40.0, lon: 116.2 })).toBeCloseTo(11.12, 1);
  });
});
