import { handoverGaps, rowBreach } from '../../../../src/reconcile/rules/MED-48H';

const day = new Date('2026-03-10T00:00:00+08:00');
const H = 3_600_000;

describe('MED-48H rowBreach (48 h from the row\'s day)', () => {
  it.each([
    ['at 48 h', 48 * H, false],
    ['just inside', 48 * H - 60_000, false],
    ['just beyond', 48 * H + 60_000, true],
  ])('%s', (_name, after, breached) => {
    expect(rowBreach({ rowDayStart: day, handoverAt: new Date(day.getTime() + after) }, 48) !== null).toBe(breached);
  });
});

describe('MED-48H handoverGaps', () => {
  it('flags consecutive distinct handovers more than 48 h apart, once each', () => {
    const t = day.getTime();
    expect(handoverGaps([t, t + 24 * H, t + 24 * H, t + 72 * H], 48)).toEqual([]);
    expect(handoverGaps([t, t + 48 * H + 1], 48)).toEqual([{ kind: 'HANDOVER_GAP', from: t, to: t + 48 * H + 1 }]);
    expect(handoverGaps([t], 48)).toEqual([]);
  });
});
