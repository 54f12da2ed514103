/**
 * The filings aggregate (src/model/filing.ts, src/completeness/filings.ts): kept by the syncs it equals a
 * rebuild from scratch; a record's new version raises the filing's versions; a registry retirement ends
 * a medical institution's expected ledgers without rewriting the aggregate. A calendar read again is
 * kept (point reads only) until a stream it is made from or the aggregate changes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import mongoose from 'mongoose';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundles, generateScenario } from '../../../sandbox';
import { addMonths, cstMidnight, parseMonth } from '../../../sandbox/scenario/clock';
import { calendarFor, loadCalendarInputs } from '../../../src/completeness/read';
import type { Cell } from '../../../src/completeness/calendar';
import { rebuildFilings, refreshFilings, refreshReportPeriods } from '../../../src/completeness/filings';
import { acquireSourceLock, SyncLockedError } from '../../../src/ingest/lock';
import { runSync } from '../../../src/ingest/engine';
import { syncIndexes } from '../../../src/infra/mongo';
import * as filingModel from '../../../src/model/filing';
import { FILING_STATE_ID, FilingModel, FilingReporterModel, FilingStateModel, filingId, keptFilingIdsBudget, markReportPeriodsPending, ReportPeriodPendingModel } from '../../../src/model/filing';
import { PeriodReportModel } from '../../../src/model/periodReport';
import { SourceRecordModel, sourceRecordId, upsertSourceRecords } from '../../../src/model/sourceRecord';
import { isPointFilter, monitorStore } from '../../../src/store/commandMonitor';
import * as reads from '../../../src/store/reads';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors } from '../ingest/support';

useTestDatabase(__filename);

/** The aggregate without ids: filings and reporters as sorted canonical text. */
async function aggregate(): Promise<{ filings: string[]; reporters: string[] }> {
  const strip = ({ _id, ...doc }: Record<string, unknown>) => {
    void _id;
    return JSON.stringify(doc, (key, value: unknown) => (key === 'sources' && Array.isArray(value) ? value.map(String).sort() : value));
  };
  return {
    filings: (await FilingModel.find({}).lean<Record<string, unknown>[]>().exec()).map(strip).sort(),
    reporters: (await FilingReporterModel.find({}).lean<Record<string, unknown>[]>().exec()).map(strip).sort(),
  };
}

async function wipeAggregate(): Promise<void> {
  await FilingModel.deleteMany({}).exec();
  await FilingReporterModel.deleteMany({}).exec();
  await FilingStateModel.deleteMany({}).exec();
}

/** The aggregate rebuilt from scratch equals `kept` (what the writes left). */
async function expectRebuildEquals(kept: Awaited<ReturnType<typeof aggregate>>): Promise<void> {
  await wipeAggregate();
  await rebuildFilings();
  expect(await aggregate()).toEqual(kept);
}

describe('kept by the syncs', () => {
  let work: string;
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('after an incremental sync equals a rebuild from scratch', async () => {
    work = await mkdtemp(join(tmpdir(), 'filings-'));
    const scenario = generateScenario({ size: 0.02, months: 4 });
    const start = parseMonth(scenario.options.startMonth);
    const first = await exportBundles(scenario, join(work, 'm2'), { asOf: cstMidnight(addMonths(start, 2)) });
    await runSync('all', { connectors: bundleConnectors(first) });
    await refreshFilings();
    const second = await exportBundles(scenario, join(work, 'm3'), { asOf: cstMidnight(addMonths(start, 3)) });
    await runSync('all', { connectors: bundleConnectors(second) });
    await refreshFilings();
    const kept = await aggregate();
    expect(kept.filings.length).toBeGreaterThan(0);
    expect([...new Set(kept.filings.map((f) => (JSON.parse(f) as { kind: string }).kind))]).toEqual(expect.arrayContaining(['GENERAL_LEDGER', 'MEDICAL_LEDGER', 'WEIGH_TICKETS']));

    await expectRebuildEquals(kept);
    // idempotent: a second rebuild writes nothing
    expect(await rebuildFilings()).toMatchObject({ written: 0, deleted: 0 });
  }, 300_000);

  /** Statements reading `filings` in each case's sync, in the order the cases ran. */
  const filingReads: number[] = [];
  it.each([
    ['all of them kept', Infinity],
    ['past what a run keeps of them, so read back', 20],
  ])('after a first sync in small batches (filings spanning batches, %s) equals a rebuild from scratch', async (_, budget) => {
    await mongoose.connection.dropDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'filings-batches-'));
    const bundles = await exportBundles(generateScenario({ size: 0.02, months: 2 }), dir);
    const kept = keptFilingIdsBudget.max;
    keptFilingIdsBudget.max = budget;
    const monitor = monitorStore(mongoose.connection.getClient());
    try {
      await runSync('all', { connectors: bundleConnectors(bundles), batchSize: 7 });
    } finally {
      monitor.stop();
      keptFilingIdsBudget.max = kept;
    }
    filingReads.push(monitor.reads.statements.filter((s) => s.collection === 'filings').length);
    // past the budget, filings the run wrote and did not keep are read back: more reads than the case
    // before it, which kept them all (832 against 1,627 when written; other writers read filings too)
    if (budget !== Infinity && filingReads.length === 2) expect(filingReads[1]).toBeGreaterThan(filingReads[0]!);
    await refreshFilings();
    const aggregated = await aggregate();
    expect([...new Set(aggregated.filings.map((f) => (JSON.parse(f) as { kind: string }).kind))]).toEqual(expect.arrayContaining(['MEDICAL_LEDGER', 'WEIGH_TICKETS']));
    // some filing holds records of more than one batch
    expect(aggregated.filings.some((f) => (JSON.parse(f) as { kind: string; sources: string[] }).kind !== 'GENERAL_LEDGER' && (JSON.parse(f) as { sources: string[] }).sources.length > 7)).toBe(true);
    await expectRebuildEquals(aggregated);
    await rm(dir, { recursive: true, force: true });
  }, 300_000);

  it('after a first sync takes the reports its runs wrote from their own record (no report read), then reads them once the sources have records', async () => {
    await mongoose.connection.dropDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'filings-kept-'));
    const scenario = generateScenario({ size: 0.02, months: 3 });
    const start = parseMonth(scenario.options.startMonth);
    /** Syncs the scenario as of `months` after its start; returns the catch-ups' reads of the marked periods' reports (a rebuild of the empty aggregate reads them per kind, not by month). */
    const syncReadingReports = async (months: number) => {
      const monitor = monitorStore(mongoose.connection.getClient());
      await runSync('all', { connectors: bundleConnectors(await exportBundles(scenario, join(dir, `m${months}`), { asOf: cstMidnight(addMonths(start, months)) })) });
      monitor.stop();
      return monitor.reads.statements.filter((s) => s.collection === 'periodreports' && s.command === 'find' && 'months' in s.filter);
    };
    expect(await syncReadingReports(2)).toEqual([]);
    expect(await ReportPeriodPendingModel.countDocuments().exec()).toBe(0);
    const first = await aggregate();
    expect([...new Set(first.filings.map((f) => (JSON.parse(f) as { kind: string }).kind))]).toEqual(expect.arrayContaining(['GENERAL_LEDGER', 'HW_LEDGER', 'ECON']));
    await expectRebuildEquals(first);

    // the next month: the sources have records, so the catch-up reads the reports of the periods marked
    expect((await syncReadingReports(3)).length).toBeGreaterThan(0);
    await expectRebuildEquals(await aggregate());
    await rm(dir, { recursive: true, force: true });
  }, 300_000);

  it('after a first sync whose report write failed part-way reads the reports: what was stored counts', async () => {
    await mongoose.connection.dropDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'filings-failed-'));
    const bundles = await exportBundles(generateScenario({ size: 0.02, months: 2 }), dir);
    // the reports' first insert is stored, then the command is reported failed (a connection lost on the reply)
    const insertMany = PeriodReportModel.collection.insertMany.bind(PeriodReportModel.collection);
    let failed = false;
    const spy = jest.spyOn(PeriodReportModel.collection, 'insertMany').mockImplementation(async (...args: Parameters<typeof insertMany>) => {
      const result = await insertMany(...args);
      if (failed) return result;
      failed = true;
      throw new Error('reply lost');
    });
    try {
      const runs = await runSync('all', { connectors: bundleConnectors(bundles) });
      expect(runs.find((r) => r.status !== 'SUCCEEDED')?.errors[0]?.message).toBe('reply lost');
    } finally {
      spy.mockRestore();
    }
    const kept = await aggregate();
    await expectRebuildEquals(kept);
    await rm(dir, { recursive: true, force: true });
  }, 300_000);

  it('recomputes the report periods a writer marked and no catch-up took (it died first), and takes their marks', async () => {
    // the syncs' own catch-ups took every mark
    expect(await ReportPeriodPendingModel.countDocuments().exec()).toBe(0);
    const filing = await FilingModel.findOne({ kind: 'GENERAL_LEDGER' }).lean().exec();
    await FilingModel.deleteOne({ _id: filing!._id }).exec();
    // nothing marked: the catch-up reads no report
    await refreshFilings();
    expect(await FilingModel.findById(filing!._id).lean().exec()).toBeNull();
    await markReportPeriodsPending([{ kind: filing!.kind, period: filing!.period }]);
    await refreshFilings();
    expect(await FilingModel.findById(filing!._id).lean().exec()).toEqual(filing);
    expect(await ReportPeriodPendingModel.countDocuments().exec()).toBe(0);
  });

  it('is read again only once a stream it is made from or the aggregate changed', async () => {
    const periods = ((await FilingModel.distinct('period', { kind: 'GENERAL_LEDGER' }).exec()) as string[]).sort();
    const asOf = new Date();
    const first = await calendarFor(await loadCalendarInputs(['GENERAL_LEDGER']), periods, asOf);
    const received = first.find((cell) => cell.status === 'RECEIVED')!;
    expect(received).toBeDefined();
    // read again, nothing changed: the streams' counters and the aggregate's state, point reads only
    const monitor = monitorStore(mongoose.connection.getClient());
    expect(await calendarFor(await loadCalendarInputs(['GENERAL_LEDGER']), periods, asOf)).toEqual(first);
    monitor.stop();
    expect(monitor.reads.statements.filter((s) => !isPointFilter(s.filter))).toEqual([]);
    expect(new Set(monitor.reads.statements.map((s) => s.collection))).toEqual(new Set(['filingstate', 'streamstats']));
    // the cell's reports removed behind the aggregate's back: still kept as read
    const filing = (await FilingModel.findById(filingId('GENERAL_LEDGER', received.reporterKey, received.period)).lean().exec())!;
    await PeriodReportModel.deleteMany({ sources: { $in: filing.sources } }).exec();
    const cellOf = (cells: Cell[]) => cells.find((cell) => cell.reporterKey === received.reporterKey && cell.period === received.period)?.status;
    expect(cellOf(await calendarFor(await loadCalendarInputs(['GENERAL_LEDGER']), periods, asOf))).toBe('RECEIVED');
    // the period recomputed (as a retirement does) moves the aggregate's revision: read again
    await refreshReportPeriods([{ kind: 'GENERAL_LEDGER', period: received.period }]);
    expect(cellOf(await calendarFor(await loadCalendarInputs(['GENERAL_LEDGER']), periods, asOf))).not.toBe('RECEIVED');
  });
});

const USCC = '12110107MB0000001X';
const OTHER = '12110107MB0000002X';
const OTHER_USCC = '91110107MB0000005X';
const ledgerRow = (n: number, qty: string, uscc = USCC) => ({ source: 'medical' as const, stream: 'ledgers', sourceId: `${uscc}/2026-03|${n}`, payload: { 转移联单号: `M${n}`, 重量: qty }, seenAt: new Date('2026-04-02T00:00:00+08:00') });

describe('kept by the record writes', () => {
  beforeAll(async () => {
    await mongoose.connection.dropDatabase();
    await syncIndexes();
  });

  it('raises the versions of a filing whose record changed, and keeps its earliest arrival', async () => {
    await refreshFilings(); // an empty aggregate, vouched for
    await upsertSourceRecords([ledgerRow(1, '1.0'), ledgerRow(2, '2.0')]);
    const id = filingId('MEDICAL_LEDGER', USCC, '2026-03');
    expect(await FilingModel.findById(id).lean().exec()).toMatchObject({ receipt: { versions: 1, stated: false, receivedAt: new Date('2026-04-02T00:00:00+08:00'), stream: 'medical/ledgers' } });
    await upsertSourceRecords([{ ...ledgerRow(2, '2.5'), seenAt: new Date('2026-04-09T00:00:00+08:00') }]);
    expect(await FilingModel.findById(id).lean().exec()).toMatchObject({ receipt: { versions: 2, receivedAt: new Date('2026-04-02T00:00:00+08:00') } });
    expect(await FilingReporterModel.findOne({ kind: 'MEDICAL_LEDGER', reporterKey: USCC }).lean().exec()).toMatchObject({ firstPeriod: '2026-03' });
    const kept = await aggregate();
    await expectRebuildEquals(kept);
  });

  it('raises the versions of a report filing whose source record changed, the report unchanged', async () => {
    const uscc = '91110107MB0000003X';
    const record = (updatedAt: string) => ({ source: 'industrial' as const, stream: 'general-ledgers', sourceId: `GL-${uscc}-2026-02`, payload: { id: `GL-${uscc}-2026-02`, tyshxydm: uscc, updatedAt } });
    const [stored] = await upsertSourceRecords([record('2026-03-03T10:00:00+08:00')]);
    await PeriodReportModel.create({
      source: 'industrial', stream: 'industrial', kind: 'GENERAL_LEDGER', reportKey: `GL-${uscc}-2026-02`, periodKind: 'MONTH', period: '2026-02', months: ['2026-02'],
      party: { partyId: null, uscc, name: '企业003' }, area: null, category: null, categoryName: null, attributes: {}, packages: null, lines: [], measures: [], sources: [stored!.id],
    });
    // as the projection marks what it writes (src/ingest/project.ts)
    await markReportPeriodsPending([{ kind: 'GENERAL_LEDGER', period: '2026-02' }]);
    await refreshFilings();
    const id = filingId('GENERAL_LEDGER', uscc, '2026-02');
    expect(await FilingModel.findById(id).lean().exec()).toMatchObject({ label: '企业003', receipt: { versions: 1, stated: true, receivedAt: new Date('2026-03-03T10:00:00+08:00'), stream: 'industrial/general-ledgers' } });
    await upsertSourceRecords([record('2026-03-25T10:00:00+08:00')]);
    expect(await FilingModel.findById(id).lean().exec()).toMatchObject({ receipt: { versions: 2, receivedAt: new Date('2026-03-03T10:00:00+08:00') } });
    const kept = await aggregate();
    await expectRebuildEquals(kept);
  });

  it('moves a re-dated weigh ticket out of its old day: a day it leaves empty goes, one with others left keeps their receipt', async () => {
    const ticket = (no: string, weighedAt: string, updatedAt: string) => ({ source: 'household' as const, stream: 'weigh-tickets', sourceId: no, payload: { ticketNo: no, facilityId: 'TS-MOVE', weighedAt, updatedAt } });
    await upsertSourceRecords([ticket('WT-1', '2026-03-10T09:00:00+08:00', '2026-03-10T09:05:00+08:00'), ticket('WT-2', '2026-03-10T10:00:00+08:00', '2026-03-10T10:05:00+08:00'), ticket('WT-3', '2026-03-11T09:00:00+08:00', '2026-03-11T09:05:00+08:00')]);
    const day = (period: string) => FilingModel.findById(filingId('WEIGH_TICKETS', 'TS-MOVE', period)).lean().exec();
    expect(await day('2026-03-10')).toMatchObject({ receipt: { receivedAt: new Date('2026-03-10T09:05:00+08:00'), versions: 1 } });
    // WT-3 re-dated to the 12th: the 11th had only it
    await upsertSourceRecords([ticket('WT-3', '2026-03-12T09:00:00+08:00', '2026-03-12T08:00:00+08:00')]);
    expect(await day('2026-03-11')).toBeNull();
    expect(await day('2026-03-12')).toMatchObject({ receipt: { receivedAt: new Date('2026-03-11T09:05:00+08:00'), versions: 2 } });
    // WT-1 re-dated to the 9th: the 10th keeps WT-2, its receipt WT-2's alone
    await upsertSourceRecords([ticket('WT-1', '2026-03-09T09:00:00+08:00', '2026-03-11T12:00:00+08:00')]);
    expect(await day('2026-03-10')).toMatchObject({ sources: [sourceRecordId({ source: 'household', stream: 'weigh-tickets', sourceId: 'WT-2' })], receipt: { receivedAt: new Date('2026-03-10T10:05:00+08:00'), versions: 1 } });
    expect(await FilingReporterModel.findOne({ kind: 'WEIGH_TICKETS', reporterKey: 'TS-MOVE' }).lean().exec()).toMatchObject({ firstPeriod: '2026-03-09', lastWeighedAt: new Date('2026-03-12T09:00:00+08:00') });
    // the last day's only ticket moved back: the latest weighing is read again from the days that remain
    await upsertSourceRecords([ticket('WT-3', '2026-03-10T11:00:00+08:00', '2026-03-12T09:00:00+08:00')]);
    expect(await day('2026-03-12')).toBeNull();
    expect(await FilingReporterModel.findOne({ kind: 'WEIGH_TICKETS', reporterKey: 'TS-MOVE' }).lean().exec()).toMatchObject({ firstPeriod: '2026-03-09', lastWeighedAt: new Date('2026-03-10T11:00:00+08:00') });
    const kept = await aggregate();
    await expectRebuildEquals(kept);
  });

  it('rebuilds under the filing sources\' locks: refused while a sync holds one, and no sync starts during it', async () => {
    const sync = await acquireSourceLock('household');
    try {
      await expect(rebuildFilings()).rejects.toBeInstanceOf(SyncLockedError);
    } finally {
      await sync.release();
    }
    const saveFilingDocs = filingModel.saveFilingDocs;
    let syncStart: unknown = null;
    jest.spyOn(filingModel, 'saveFilingDocs').mockImplementationOnce(async (...args) => {
      syncStart = await acquireSourceLock('household').then(async (lock) => (await lock.release(), 'started'), (error: unknown) => error);
      return saveFilingDocs(...args);
    });
    await rebuildFilings();
    expect(syncStart).toBeInstanceOf(SyncLockedError);
  });

  it('refreshes one report period at a time: a refresh running while another is under way writes after it', async () => {
    const uscc = '91110107MB0000004X';
    const report = async (reportKey: string, party: string) => {
      const [stored] = await upsertSourceRecords([{ source: 'industrial', stream: 'general-ledgers', sourceId: reportKey, payload: { id: reportKey, tyshxydm: party, updatedAt: '2026-06-03T10:00:00+08:00' } }]);
      await PeriodReportModel.create({
        source: 'industrial', stream: 'industrial', kind: 'GENERAL_LEDGER', reportKey, periodKind: 'MONTH', period: '2026-05', months: ['2026-05'],
        party: { partyId: null, uscc: party, name: party }, area: null, category: null, categoryName: null, attributes: {}, packages: null, lines: [], measures: [], sources: [stored!.id],
      });
    };
    await report('GL-A-2026-05', uscc);
    const readReceipts = reads.findByIds;
    let second: Promise<number> | null = null;
    // the first refresh has read the period's reports when a second report arrives and its refresh starts
    jest.spyOn(reads, 'findByIds').mockImplementationOnce(async (...args) => {
      await report('GL-B-2026-05', OTHER_USCC);
      second = refreshReportPeriods([{ kind: 'GENERAL_LEDGER', period: '2026-05' }]);
      // the second refresh, not serialised, writes both filings before the first one ends
      await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 3000))]);
      return readReceipts(...(args as Parameters<typeof readReceipts>));
    });
    await refreshReportPeriods([{ kind: 'GENERAL_LEDGER', period: '2026-05' }]);
    await second;
    expect((await FilingModel.find({ kind: 'GENERAL_LEDGER', period: '2026-05' }).lean().exec()).map((f) => f.reporterKey).sort()).toEqual([OTHER_USCC, uscc].sort());
  });

  it('ends the expected ledgers of an institution retired from the registry (until), the aggregate untouched', async () => {
    await upsertSourceRecords([{ source: 'medical', stream: 'institutions', sourceId: OTHER, payload: { 机构名称: '医院一', 统一社会信用代码: OTHER }, seenAt: new Date('2026-01-01T00:00:00+08:00') }]);
    await upsertSourceRecords([ledgerRow(1, '1.0', OTHER)]);
    const asOf = new Date('2026-07-01T00:00:00+08:00');
    const before = await calendarFor(await loadCalendarInputs(['MEDICAL_LEDGER']), ['2026-03', '2026-04', '2026-05'], asOf);
    expect(before.map((c) => [c.period, c.status])).toEqual([
      ['2026-03', 'RECEIVED'],
      ['2026-04', 'MISSING'],
      ['2026-05', 'MISSING'],
    ]);
    const state = await FilingStateModel.findById(FILING_STATE_ID).lean().exec();
    const retiredAt = new Date('2026-04-20T00:00:00+08:00');
    await SourceRecordModel.updateOne({ source: 'medical', stream: 'institutions', sourceId: OTHER }, { $set: { retiredAt } }).exec();
    const inputs = await loadCalendarInputs(['MEDICAL_LEDGER']);
    expect(inputs.reporters).toEqual([expect.objectContaining({ key: OTHER, label: '医院一', until: retiredAt })]);
    const after = await calendarFor(inputs, ['2026-03', '2026-04', '2026-05'], asOf);
    expect(after.map((c) => [c.period, c.status])).toEqual([['2026-03', 'RECEIVED']]);
    expect((await FilingStateModel.findById(FILING_STATE_ID).lean().exec())!.rebuiltAt).toEqual(state!.rebuiltAt);
  });
});
