import { handoverGaps, med48h, rowBreach } from '../../../../src/reconcile/rules/MED-48H';
import { grams, movement, runRule } from './ruleHarness';

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

describe('MED-48H over handovers', () => {
  const uscc = '12110107MB0000000X';
  const at = (d: number, hour: number) => new Date(Date.UTC(2026, 9, d, hour - 8));
  const handover = (no: string, rowDay: number, handedOver: Date | null, received: Date | null) =>
    movement({
      kind: 'MEDICAL_HANDOVER', sourceKey: no, stream: 'medical', status: received ? 'RECEIVED' : 'IN_TRANSIT', departedAt: handedOver, arrivedAt: received,
      from: { party: { uscc, name: '某医院', partyId: null }, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null },
      quantities: [grams('LEDGER', 5_000, { at: at(rowDay, 0) })],
    });
  const run = (ms: ReturnType<typeof handover>[]) => runRule(med48h, { movements: ms, asOf: new Date('2026-11-15T00:00:00+08:00') });
  it('a daily handover whose 交接时间 is missing is unknown: no gap is made of it', async () => {
    expect(await run([handover('M1', 1, at(1, 16), at(1, 18)), handover('M2', 2, null, at(2, 18)), handover('M3', 3, at(3, 17), at(3, 18))])).toEqual([]);
  });
  it('a real gap (no handover for three days) is still found', async () => {
    const flags = await run([handover('M1', 1, at(1, 16), at(1, 18)), handover('M3', 4, at(4, 17), at(4, 18))]);
    expect(flags.map((f) => f.subject.key)).toEqual([uscc]);
  });
  it('a handover the disposer received but the ledger lacks is MED-QTY\'s one flag: its receipt dates it, no MED-48H gap', async () => {
    const receiptOnly = { ...handover('M2', 2, null, at(2, 18)), quantities: [grams('RECEIPT', 5_000)] };
    expect(await run([handover('M1', 1, at(1, 16), at(1, 18)), receiptOnly, handover('M3', 3, at(3, 17), at(3, 18))])).toEqual([]);
  });
});
