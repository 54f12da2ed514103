/**
 * Medical handovers are rebuilt from the parts the run mapped (src/ingest/groups.ts CarriedGroups):
 * a first sync reads no record to build them; a routine sync reads only the touched groups' records it
 * did not map (stored before, unchanged now). Either way the handovers equal what a rebuild from the
 * stored records makes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { type Types } from 'mongoose';
import { mappingOf } from '../../../connectors/registry';
import { CarriedGroups, carriedPartsBudget, rebuildGroups } from '../../../src/ingest/groups';
import { runSync } from '../../../src/ingest/engine';
import { MovementModel } from '../../../src/model/movement';
import { SourceRecordModel, upsertSourceRecords } from '../../../src/model/sourceRecord';
import { monitorStore } from '../../../src/store/commandMonitor';
import { exportBundles, generateScenario } from '../../../sandbox';
import { addMonths, cstMidnight, parseMonth } from '../../../sandbox/scenario/clock';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors, canonicalDump } from './support';

useTestDatabase(__filename);

beforeEach(async () => {
  for (const collection of await mongoose.connection.db!.collections()) await collection.deleteMany({});
});

const context = () => ({ source: 'medical' as const, mapping: mappingOf('medical'), seenAt: new Date() });
const GROUPED = ['ledgers', 'receipts'];

/** The filters of the statements that read group members (they name group keys). */
const groupReads = (statements: ReadonlyArray<{ collection: string; filter: Record<string, unknown> }>) => statements.filter((s) => s.collection === 'sourcerecords' && 'groupKey' in s.filter);

/** Syncs the medical bundle of a small two-month scenario (a first sync). */
async function firstSync(work: string): Promise<void> {
  const roots = await exportBundles(generateScenario({ size: 0.02, months: 2 }), work);
  const runs = await runSync('medical', { connectors: bundleConnectors({ medical: roots.medical! }) });
  expect(runs.every((run) => run.status === 'SUCCEEDED')).toBe(true);
}

/** The handovers a rebuild of every group from the stored records makes, checked against those stored. */
async function expectFullRebuildChangesNothing(): Promise<void> {
  const before = (await canonicalDump()).movements!;
  expect(before.length).toBeGreaterThan(0);
  expect(await rebuildGroups(context(), 'all')).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  expect((await canonicalDump()).movements).toEqual(before);
}

it('builds the handovers of a first sync from what it mapped, as a rebuild from the records does', async () => {
  const work = await mkdtemp(join(tmpdir(), 'groups-'));
  try {
    const find = jest.spyOn(SourceRecordModel, 'find');
    await firstSync(work);
    // the rebuild's read names the group keys
    expect((find.mock.calls as unknown as Array<[Record<string, unknown> | undefined]>).filter(([filter]) => filter && 'groupKey' in filter)).toHaveLength(0);
    find.mockRestore();
    await expectFullRebuildChangesNothing();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}, 120_000);

it('builds the handovers of a first sync past its carry budget from one pass over its records', async () => {
  const work = await mkdtemp(join(tmpdir(), 'groups-'));
  const budget = carriedPartsBudget.max;
  carriedPartsBudget.max = 0;
  try {
    const monitor = monitorStore(mongoose.connection.getClient());
    await firstSync(work);
    monitor.stop();
    // the carry was dropped: every grouped record is read once, none named by key
    expect(groupReads(monitor.reads.statements).map((s) => s.filter.groupKey)).toEqual([{ $ne: null }]);
    await expectFullRebuildChangesNothing();
    // that one pass rebuilds only the groups the run touched: a handover gone from the store stays gone
    const [untouched, touched] = await MovementModel.find({ stream: 'medical', kind: mappingOf('medical').grouping!.kind }, { sourceKey: 1 }).sort({ sourceKey: 1 }).limit(2).lean<Array<{ sourceKey: string }>>().exec();
    await MovementModel.deleteOne({ stream: 'medical', sourceKey: untouched!.sourceKey }).exec();
    const dropped = new CarriedGroups(true);
    dropped.drop();
    await rebuildGroups(context(), new Set([touched!.sourceKey]), dropped);
    expect(await MovementModel.exists({ stream: 'medical', sourceKey: untouched!.sourceKey })).toBeNull();
    expect(await MovementModel.exists({ stream: 'medical', sourceKey: touched!.sourceKey })).not.toBeNull();
  } finally {
    carriedPartsBudget.max = budget;
    await rm(work, { recursive: true, force: true });
  }
}, 120_000);

it('reads, in a routine sync, only the parts of the touched handovers it did not map', async () => {
  const work = await mkdtemp(join(tmpdir(), 'groups-'));
  try {
    const scenario = generateScenario({ size: 0.02, months: 4 });
    const start = parseMonth(scenario.options.startMonth);
    const exportAt = (n: number) => exportBundles(scenario, join(work, String(n)), { asOf: cstMidnight(addMonths(start, n)) });
    const first = await runSync('medical', { connectors: bundleConnectors({ medical: (await exportAt(2)).medical }) });
    expect(first.every((run) => run.status === 'SUCCEEDED')).toBe(true);
    // the next month: new ledger rows and receipts, some of them of handovers begun last month
    const connectors = bundleConnectors({ medical: (await exportAt(3)).medical });
    const routineStart = new Date();
    const monitor = monitorStore(mongoose.connection.getClient());
    const runs = await runSync('medical', { connectors, streams: GROUPED });
    monitor.stop();
    expect(runs.every((run) => run.status === 'SUCCEEDED')).toBe(true);
    // the records the rebuild had to read: live members of the touched groups this run did not store
    const reads = groupReads(monitor.reads.statements);
    expect(reads.length).toBeGreaterThan(0);
    const touched = reads.flatMap((s) => (s.filter.groupKey as { $in: string[] }).$in);
    const members = { source: 'medical', stream: { $in: GROUPED }, retiredAt: null, groupKey: { $in: touched } };
    const old = await SourceRecordModel.find({ ...members, versionSeenAt: { $lt: routineStart } }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>().exec();
    const all = await SourceRecordModel.countDocuments(members).exec();
    // the month mixes old and new parts in the groups it touched
    expect(old.length).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(old.length);
    // exactly the old ones were fetched: those the run stored are excluded by id
    const fetched = await SourceRecordModel.find({ $or: reads.map((s) => s.filter) }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>().exec();
    expect(fetched.map((r) => r._id.toHexString()).sort()).toEqual(old.map((r) => r._id.toHexString()).sort());
    await expectFullRebuildChangesNothing();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}, 180_000);

it('leaves out of a handover the part of a record its mapper refuses now, reading only the others', async () => {
  const work = await mkdtemp(join(tmpdir(), 'groups-'));
  try {
    await firstSync(work);
    type Stored = { _id: Types.ObjectId; sourceId: string; groupKey: string; payload: Record<string, unknown>; file: { path: string; sha256: string } };
    const receipts = await SourceRecordModel.find({ source: 'medical', stream: 'receipts', retiredAt: null }, { sourceId: 1, groupKey: 1, payload: 1, file: 1 }).lean<Stored[]>().exec();
    // a receipt of a handover with a ledger row too
    const ledgerKeys = new Set(await SourceRecordModel.distinct<string>('groupKey', { source: 'medical', stream: 'ledgers', retiredAt: null }).exec());
    const receipt = receipts.find((r) => ledgerKeys.has(r.groupKey));
    expect(receipt).toBeDefined();
    const { _id: id, sourceId, groupKey, payload, file } = receipt!;
    const handover = () => MovementModel.findOne({ stream: 'medical', sourceKey: groupKey }, { sources: 1 }).lean<{ sources: Types.ObjectId[] }>().exec();
    expect((await handover())!.sources.map(String)).toContain(String(id));
    // its new version states no weight the mapper can read: quarantined when it arrives, no part
    const refusedPayload = { ...payload, '重量(kg)': 'unreadable' };
    expect(mappingOf('medical').mappers.receipts!(refusedPayload, { source: 'medical', stream: 'receipts', sourceId, sourceRecordId: id, origin: { path: file.path, line: 0 } }).ok).toBe(false);
    const [stored] = await upsertSourceRecords([{ source: 'medical', stream: 'receipts', sourceId, payload: refusedPayload, groupKey, file }]);
    expect(stored!.outcome).toBe('changed');
    const carried = new CarriedGroups(false);
    carried.note([{ id, groupKey, mapped: null }]);
    const monitor = monitorStore(mongoose.connection.getClient());
    await rebuildGroups(context(), new Set([groupKey]), carried);
    monitor.stop();
    expect((await handover())!.sources.map(String)).not.toContain(String(id));
    // the read skipped the refused record: the group's other live records only
    const reads = groupReads(monitor.reads.statements);
    expect(reads).toHaveLength(1);
    const fetched = await SourceRecordModel.find(reads[0]!.filter, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>().exec();
    const others = await SourceRecordModel.find({ source: 'medical', stream: { $in: GROUPED }, retiredAt: null, groupKey, _id: { $ne: id } }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>().exec();
    expect(others.length).toBeGreaterThan(0);
    expect(fetched.map((r) => String(r._id)).sort()).toEqual(others.map((r) => String(r._id)).sort());
    await expectFullRebuildChangesNothing();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}, 120_000);
