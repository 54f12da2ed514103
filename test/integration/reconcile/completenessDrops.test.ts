/**
 * Rule COMPLETENESS on FerretDB for the filings that are not period reports: the medical drop's monthly
 * ledgers (registered institutions only, up to their removal from the registry) and the disposer's
 * receipts, and the household platform's daily weigh tickets (transfer stations and plants). A file
 * states no upload time: it is LATE only when a successful sync after its due day did not find it.
 * asOf 2026-05-01 CST; due days the defaults (15th of the following month; weigh tickets the next day).
 */
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { runReconciliation } from '../../../src/reconcile/engine';
import { FacilityModel } from '../../../src/model/facility';
import { SourceRecordModel, upsertSourceRecords } from '../../../src/model/sourceRecord';
import { SyncRunModel } from '../../../src/model/syncRun';
import { useTestDatabase } from '../../support/mongo';
import { makeUscc } from '../graphql/modelFixtures';

useTestDatabase(__filename);

const cst = (text: string) => new Date(`${text}+08:00`);
const actor = { id: 'test', label: 'completeness drops test' };
const asOf = cst('2026-05-01T00:00:00');
const run = () => runReconciliation({ full: true, periods: ['2026Q1'], rules: ['COMPLETENESS'], asOf, actor });
const live = async () => (await FlagModel.find({ rule: 'COMPLETENESS', closedByEngineAt: null }).sort({ key: 1 }).lean<FlagRecord[]>()).map((f) => [f.key, f.stream, f.evidence.difference]);

const H = { on: makeUscc(801), late: makeUscc(802), gone: makeUscc(803), unregistered: makeUscc(804), disposer: makeUscc(805) };

/** One successful sync of a stream on the hub's clock `at`. */
async function syncedAt(connector: 'medical' | 'household', stream: string, at: string): Promise<void> {
  await SyncRunModel.create({ connector, stream, status: 'SUCCEEDED', startedAt: cst(at), seenAt: cst(at), finishedAt: cst(at) });
}

/** A file of the medical drop first seen by the hub at `seenAt`: two rows. */
async function dropFile(stream: 'ledgers' | 'receipts', uscc: string, month: string, seenAt: string): Promise<void> {
  const rows = [1, 2].map((n) => ({ source: 'medical' as const, stream, sourceId: `${uscc}/${month}|M${n}|${month}-03|感染性`, payload: { 转移联单号: `M${n}`, 重量: '1.5' }, seenAt: cst(seenAt), file: { path: `${stream}/${uscc}/${month}.csv`, sha256: `${uscc}${month}` } }));
  await upsertSourceRecords(rows);
}

/** A facility's tickets of one day, uploaded at `updatedAt`. */
async function tickets(facility: string, day: string, updatedAt: string): Promise<void> {
  await upsertSourceRecords([1, 2].map((n) => ({ source: 'household' as const, stream: 'weigh-tickets', sourceId: `${facility}-${day}-${n}`, payload: { ticketNo: `${facility}-${day}-${n}`, facilityId: facility, weighedAt: `${day}T0${n}:00:00+08:00`, updatedAt: `${updatedAt}+08:00` }, seenAt: cst('2026-04-20T00:00:00') })));
}

const march = Array.from({ length: 31 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`);

beforeAll(async () => {
  // the registry: three institutions; one left it on 5 March; a fourth files without being registered
  await upsertSourceRecords([H.on, H.late, H.gone].map((uscc, i) => ({ source: 'medical' as const, stream: 'institutions', sourceId: uscc, payload: { 机构名称: `医院${i + 1}`, 统一社会信用代码: uscc }, seenAt: cst('2025-12-20T00:00:00') })));
  await SourceRecordModel.updateOne({ source: 'medical', stream: 'institutions', sourceId: H.gone }, { $set: { retiredAt: cst('2026-03-05T10:00:00') } });
  for (const stream of ['ledgers', 'receipts']) {
    await syncedAt('medical', stream, '2026-01-01T00:00:00');
    await syncedAt('medical', stream, '2026-03-16T01:00:00'); // after February's due day
    await syncedAt('medical', stream, '2026-04-16T01:00:00'); // after March's
  }
  await dropFile('ledgers', H.on, '2026-01', '2026-02-05T10:00:00');
  await dropFile('ledgers', H.on, '2026-02', '2026-03-06T10:00:00');
  await dropFile('ledgers', H.on, '2026-03', '2026-04-06T10:00:00');
  await dropFile('ledgers', H.late, '2026-01', '2026-02-05T10:00:00');
  await dropFile('ledgers', H.late, '2026-02', '2026-03-20T10:00:00'); // the 16 March sync did not find it: LATE
  // 2026-03 missing
  await dropFile('ledgers', H.gone, '2026-01', '2026-02-05T10:00:00'); // February missing (it was registered); March not expected
  await dropFile('ledgers', H.unregistered, '2026-01', '2026-02-05T10:00:00'); // never expected
  await dropFile('receipts', H.disposer, '2026-01', '2026-02-03T10:00:00');
  await dropFile('receipts', H.disposer, '2026-02', '2026-03-03T10:00:00');
  // March receipts missing

  await FacilityModel.create([
    { source: 'household', stream: 'household', code: 'F1', name: '鲁谷垃圾转运站', type: 'TRANSFER_STATION', street: null, inDistrict: true, sources: [] },
    { source: 'household', stream: 'household', code: 'F2', name: '安定卫生填埋场', type: 'LANDFILL', street: null, inDistrict: false, sources: [] },
  ]);
  await syncedAt('household', 'weigh-tickets', '2026-01-01T00:00:00');
  for (const day of march) {
    if (day === '2026-03-10') continue; // missing
    await tickets('F1', day, day === '2026-03-12' ? '2026-03-15T09:00:00' : `${day}T09:00:00`); // 12 March uploaded after the 13th: LATE
  }
  await tickets('F2', '2026-03-01', '2026-03-01T09:00:00'); // a landfill: not a daily filer
}, 300_000);

describe('COMPLETENESS of the medical drop and the weigh tickets', () => {
  it('flags missing and late files of registered institutions and the disposer, and a facility-month of missing and late ticket days', async () => {
    const result = await run();
    expect(result.status).toBe('SUCCEEDED');
    expect(await live()).toEqual([
      [`COMPLETENESS|${H.gone}|MEDICAL_LEDGER|2026-02`, 'medical', 'MISSING'],
      [`COMPLETENESS|${H.late}|MEDICAL_LEDGER|2026-02`, 'medical', 'LATE'],
      [`COMPLETENESS|${H.late}|MEDICAL_LEDGER|2026-03`, 'medical', 'MISSING'],
      [`COMPLETENESS|${H.disposer}|MEDICAL_RECEIPTS|2026-03`, 'medical', 'MISSING'],
      ['COMPLETENESS|F1|WEIGH_TICKETS|2026-03', 'household', 'MISSING'],
    ].sort((a, b) => a[0]!.localeCompare(b[0]!)));
    const f1 = await FlagModel.findOne({ key: 'COMPLETENESS|F1|WEIGH_TICKETS|2026-03' }).lean<FlagRecord>();
    expect(f1!.evidence.message).toMatch(/no weigh tickets for 2026-03-10; weigh tickets filed late for 2026-03-12 \(/);
    expect(f1!.evidence.sides.map((s) => s.value)).toEqual(['2026-03-10', '2026-03-12']);
  });

  it('a second run changes nothing', async () => {
    const again = await run();
    expect(again.diff).toMatchObject({ new: 0, changed: 0, reopened: 0, autoClosed: 0 });
  });

  it('closes a flag once the filing arrives on time; a late arrival turns MISSING into LATE under the same key', async () => {
    await dropFile('receipts', H.disposer, '2026-03', '2026-04-10T10:00:00'); // before its due day: received
    await dropFile('ledgers', H.late, '2026-03', '2026-04-20T10:00:00'); // the 16 April sync missed it: LATE
    await syncedAt('medical', 'ledgers', '2026-04-21T01:00:00');
    await tickets('F1', '2026-03-10', '2026-03-11T09:00:00'); // the missing day, on time: only the late day is left
    const result = await run();
    expect(result.diff).toMatchObject({ autoClosed: 1, changed: 2 });
    expect(await live()).toEqual([
      [`COMPLETENESS|${H.gone}|MEDICAL_LEDGER|2026-02`, 'medical', 'MISSING'],
      [`COMPLETENESS|${H.late}|MEDICAL_LEDGER|2026-02`, 'medical', 'LATE'],
      [`COMPLETENESS|${H.late}|MEDICAL_LEDGER|2026-03`, 'medical', 'LATE'],
      ['COMPLETENESS|F1|WEIGH_TICKETS|2026-03', 'household', 'LATE'],
    ].sort((a, b) => a[0]!.localeCompare(b[0]!)));
  });

  it('a file first seen after its due day with no sync in between is not LATE (the hub did not look)', async () => {
    const uscc = H.on;
    // H.on's April ledger is not in the quarter; move its March file's first sight past the due day with
    // no successful sync between the due instant and then: lateness unknown
    await SourceRecordModel.updateMany({ source: 'medical', stream: 'ledgers', sourceId: { $regex: `^${uscc}/2026-03\\|` } }, { $set: { firstSeenAt: cst('2026-04-16T00:30:00') } });
    await run();
    expect(await FlagModel.countDocuments({ rule: 'COMPLETENESS', 'subject.key': `${uscc}|MEDICAL_LEDGER`, closedByEngineAt: null })).toBe(0);
  });
});
