import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { ApiKeyModel } from '../../../src/auth/apiKey';
import type { Caller } from '../../../src/auth/roles';
import { CSV_COLUMNS, exportFlags } from '../../../src/reconcile/export';
import { checkFlagCounts, FlagCountsModel } from '../../../src/reconcile/flagCounts';
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { actOnFlag, closeMissing, goldenValues, upsertFlags, type FlagDiff } from '../../../src/reconcile/flags';
import { useTestDatabase } from '../../support/mongo';
import { cdwWeightFlag, hwQtyFlag } from './raisedFlags';

useTestDatabase(__filename);
// 1,203 flags through the writers: about 40 s on a quiet 2-core machine, more when it is shared
jest.setTimeout(300_000);

const admin: Caller = { keyId: 'admin0000001', label: 'admin@TASKFORCE', role: 'ADMIN', agency: 'TASKFORCE' };
const scope = { rules: ['HW-QTY', 'CDW-WEIGHT'], periods: ['2026-03'] };
const diff = (d: Partial<FlagDiff>): FlagDiff => ({ new: 0, changed: 0, reopened: 0, autoClosed: 0, unchanged: 0, ...d });
const byKey = async (key: string) => (await FlagModel.findOne({ key }).lean<FlagRecord>())!;

async function exported(format: 'json' | 'csv', options: { period?: string; rule?: string; status?: 'OPEN' | 'RESOLVED' } = {}) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const { count } = await exportFlags({ format, ...options }, out);
  return { count, text: Buffer.concat(chunks).toString('utf8') };
}

beforeEach(async () => {
  await FlagModel.deleteMany({});
  // with the flags gone their counters go too: the next writer builds them again
  await FlagCountsModel.deleteMany({});
});

describe('upsertFlags / closeMissing', () => {
  // raises, changes, re-opens, closes and steward actions keep the queue's counters equal to the flags
  afterEach(async () => expect(await checkFlagCounts()).toEqual([]));
  const first = [hwQtyFlag('HW001', 10_000_000, 9_000_000), hwQtyFlag('HW002', 5_000_000, 4_000_000), cdwWeightFlag('CDW001')];

  it('raises new flags OPEN, and a second run on the same data writes nothing', async () => {
    const run1 = await upsertFlags({ runId: 'r1' }, first);
    expect(run1.diff).toEqual(diff({ new: 3 }));
    expect([...run1.seenKeys]).toEqual(['HW-QTY|HW001|2026-03', 'HW-QTY|HW002|2026-03', 'CDW-WEIGHT|CDW001|2026-03']);
    const before = await FlagModel.find().sort({ key: 1 }).lean();
    expect(before.map((f) => f.status)).toEqual(['OPEN', 'OPEN', 'OPEN']);
    expect(before[0]!.history).toEqual([expect.objectContaining({ action: 'RAISED', to: 'OPEN', actor: { id: 'engine', label: 'reconciliation run r1' } })]);

    const run2 = await upsertFlags({ runId: 'r2' }, first);
    expect(run2.diff).toEqual(diff({ unchanged: 3 }));
    expect(await closeMissing({ runId: 'r2' }, scope, run2.seenKeys)).toEqual(diff({}));
    expect(await FlagModel.find().sort({ key: 1 }).lean()).toEqual(before);
  });

  it('works in batches larger than one bulkWrite, from an async source', async () => {
    async function* many() {
      for (let i = 0; i < 1203; i++) yield hwQtyFlag(`HWB${String(i).padStart(5, '0')}`, 10_000_000, 9_000_000 - i);
    }
    expect((await upsertFlags({ runId: 'big' }, many())).diff).toEqual(diff({ new: 1203 }));
    expect((await upsertFlags({ runId: 'big2' }, many())).diff).toEqual(diff({ unchanged: 1203 }));
    expect(await FlagModel.countDocuments()).toBe(1203);
  });

  it('refuses a run that raises the same key twice', async () => {
    await expect(upsertFlags({ runId: 'dup' }, [first[0]!, first[0]!])).rejects.toThrow(/raised twice/);
  });

  it('re-opens acknowledged, resolved and dismissed flags when their data changes, and keeps their audit trail', async () => {
    await upsertFlags({ runId: 'r1' }, first);
    await actOnFlag(admin, 'HW-QTY|HW001|2026-03', { kind: 'ACKNOWLEDGE' });
    await actOnFlag(admin, 'HW-QTY|HW002|2026-03', { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: 1, reason: 'weighbridge' } });
    await actOnFlag(admin, 'CDW-WEIGHT|CDW001|2026-03', { kind: 'DISMISS', reason: 'mud washed off' });

    const changed = [hwQtyFlag('HW001', 10_000_000, 8_900_000), hwQtyFlag('HW002', 5_000_000, 4_100_000), { ...cdwWeightFlag('CDW001'), severity: 'HIGH' as const }];
    const run2 = await upsertFlags({ runId: 'r2' }, changed);
    // CDW001 only changed severity: described, not evidence, so the dismissal stands.
    expect(run2.diff).toEqual(diff({ reopened: 2, changed: 1 }));

    const hw2 = await byKey('HW-QTY|HW002|2026-03');
    expect(hw2.status).toBe('OPEN');
    expect(hw2.resolution).toBeNull();
    expect(hw2.evidence.sides[1]!.grams).toBe(4_100_000);
    expect(hw2.history.map((h) => h.action)).toEqual(['RAISED', 'RESOLVED', 'REOPENED_DATA_CHANGED']);
    expect(hw2.history[2]).toMatchObject({ from: 'RESOLVED', to: 'OPEN', actor: { id: 'engine' }, changes: { resolution: { from: { kind: 'ACCEPT_SIDE' }, to: null } } });
    expect(hw2.runIds).toEqual(['r1', 'r2']);
    expect((await byKey('HW-QTY|HW001|2026-03')).status).toBe('OPEN');
    const cdw = await byKey('CDW-WEIGHT|CDW001|2026-03');
    expect(cdw).toMatchObject({ status: 'DISMISSED', severity: 'HIGH' });
    expect(cdw.history.at(-1)).toMatchObject({ action: 'DATA_CHANGED', changes: { severity: { from: 'MEDIUM', to: 'HIGH' } } });
  });

  it('closes what a run no longer raises, within its scope only, and re-opens it if it returns', async () => {
    const otherPeriod = { ...hwQtyFlag('HW900', 10_000_000, 1), period: '2026-02' };
    await upsertFlags({ runId: 'r1' }, [...first, otherPeriod]);
    await actOnFlag(admin, 'HW-QTY|HW002|2026-03', { kind: 'RESOLVE', resolution: { kind: 'CORRECTED_VALUE', correctedGrams: 4_500_000, reason: 'scale recalibrated' } });
    expect(await collect(goldenValues({ periods: ['2026-03'] }))).toEqual([expect.objectContaining({ flagKey: 'HW-QTY|HW002|2026-03', grams: 4_500_000 })]);

    // The data was fixed at the source: the run raises only CDW001.
    const run2 = await upsertFlags({ runId: 'r2' }, [first[2]!]);
    expect(await closeMissing({ runId: 'r2' }, scope, run2.seenKeys)).toEqual(diff({ autoClosed: 1, changed: 1 }));
    expect(await byKey('HW-QTY|HW001|2026-03')).toMatchObject({ status: 'RESOLVED', resolution: { kind: 'CONDITION_CLEARED', by: { id: 'engine' } } });
    const hw2 = await byKey('HW-QTY|HW002|2026-03');
    expect(hw2).toMatchObject({ status: 'RESOLVED', resolution: { kind: 'CORRECTED_VALUE' } });
    expect(hw2.closedByEngineAt).toBeInstanceOf(Date);
    expect(await collect(goldenValues({ periods: ['2026-03'] }))).toEqual([]);
    expect((await byKey('HW-QTY|HW900|2026-02')).status).toBe('OPEN');

    // Closing again is idempotent.
    expect(await closeMissing({ runId: 'r3' }, scope, run2.seenKeys)).toEqual(diff({}));

    // The condition returns with the same evidence: the engine-closed flag re-opens, the steward's decision stands.
    const run4 = await upsertFlags({ runId: 'r4' }, first);
    expect(run4.diff).toEqual(diff({ reopened: 1, changed: 1, unchanged: 1 }));
    expect(await byKey('HW-QTY|HW001|2026-03')).toMatchObject({ status: 'OPEN', resolution: null, closedByEngineAt: null });
    expect((await byKey('HW-QTY|HW001|2026-03')).history.map((h) => h.action)).toEqual(['RAISED', 'CONDITION_CLEARED', 'CONDITION_RETURNED']);
    expect(await byKey('HW-QTY|HW002|2026-03')).toMatchObject({ status: 'RESOLVED', closedByEngineAt: null });
    expect(await collect(goldenValues({ periods: ['2026-03'] }))).toHaveLength(1);
  });

  it('limits closing to the subjects of an incremental run', async () => {
    await upsertFlags({ runId: 'r1' }, first);
    const closed = await closeMissing({ runId: 'r2' }, { ...scope, subjectKeys: ['HW001'] }, new Set());
    expect(closed).toEqual(diff({ autoClosed: 1 }));
    expect(await FlagModel.countDocuments({ status: 'OPEN' })).toBe(2);
  });
});

describe('exportFlags', () => {
  beforeEach(async () => {
    await upsertFlags({ runId: 'r1' }, [hwQtyFlag('HW001', 10_000_000, 9_000_000), hwQtyFlag('HW002', 5_000_000, 4_000_000), cdwWeightFlag('CDW, "quoted"')]);
    await ApiKeyModel.deleteMany({});
    await actOnFlag(admin, 'HW-QTY|HW002|2026-03', { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: 1, reason: 'weighbridge ticket' } });
  });

  it('writes a JSON array of every matching flag with subject, evidence and status', async () => {
    const all = await exported('json');
    expect(all.count).toBe(3);
    const flags = JSON.parse(all.text) as Array<Record<string, unknown> & { key: string }>;
    expect(flags.map((f) => f.key)).toEqual(['CDW-WEIGHT|CDW, "quoted"|2026-03', 'HW-QTY|HW001|2026-03', 'HW-QTY|HW002|2026-03']);
    expect(flags[2]).toMatchObject({
      rule: 'HW-QTY',
      status: 'RESOLVED',
      subject: { kind: 'MOVEMENT', key: 'HW002', partyUscc: '91110107MA01ABCD1X' },
      period: '2026-03',
      evidence: {
        sides: [expect.objectContaining({ grams: '5000000', payloadRef: 'sourceRecords/65f000000000000000000001' }), expect.objectContaining({ grams: '4000000' })],
        differenceGrams: '-1000000',
        tolerance: '5 %',
      },
      resolution: { kind: 'ACCEPT_SIDE', side: 1, reason: 'weighbridge ticket', by: { id: admin.keyId } },
      goldenValue: { grams: '4000000', basis: 'ACCEPT_SIDE', source: 'industrial' },
    });

    const filtered = await exported('json', { rule: 'HW-QTY', status: 'OPEN', period: '2026-03' });
    expect((JSON.parse(filtered.text) as { key: string }[]).map((f) => f.key)).toEqual(['HW-QTY|HW001|2026-03']);
    expect(await exported('json', { period: '2025-01' })).toEqual({ count: 0, text: '[]\n' });
  });

  it('writes CSV with a BOM, a header and one quoted row per flag, formulas neutralised', async () => {
    const { count, text } = await exported('csv', { rule: 'CDW-WEIGHT' });
    expect(count).toBe(1);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows[0]).toMatchObject({
      key: 'CDW-WEIGHT|CDW, "quoted"|2026-03',
      subject_key: 'CDW, "quoted"',
      status: 'OPEN',
      difference: "'-4.00 t (-13.3 %)",
      tolerance: '5 %',
      sides: 'construction site exit weight: 30.00 t [65f0000000000000000000a1] | construction facility entry weight: 26.00 t [65f0000000000000000000a2]',
    });
    const resolved = parse((await exported('csv', { status: 'RESOLVED' })).text, { columns: true, bom: true }) as Record<string, string>[];
    expect(resolved[0]).toMatchObject({ key: 'HW-QTY|HW002|2026-03', resolution_kind: 'ACCEPT_SIDE', resolution_value: 'side 1 (industrial): 4.0000 t', golden_grams: '4000000' });
    expect((await exported('csv', { period: '2025-01' })).text).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('refuses a malformed period', async () => {
    await expect(exported('csv', { period: 'March' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
