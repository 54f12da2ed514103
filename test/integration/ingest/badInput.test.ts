/**
 * Bad input without loss: a sync of an export corrupted the ways agency files go wrong
 * (sandbox/badInput.ts) stores exactly the records of the same export undisturbed, and quarantines each
 * bad input with its reason and an excerpt, never megabytes. A record the store refuses costs only
 * itself: the rest of its batch, its file and the later files of its stream are stored.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSync, type SyncRunSummary } from '../../../src/ingest/engine';
import { QuarantineModel } from '../../../src/model/quarantine';
import * as sourceRecords from '../../../src/model/sourceRecord';
import { SourceRecordModel } from '../../../src/model/sourceRecord';
import { exportBundles, generateScenario } from '../../../sandbox';
import { corruptBundles, type InjectedBadInput } from '../../../sandbox/badInput';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors, inOtherDatabase } from './support';

useTestDatabase(__filename);
jest.setTimeout(300_000);

const asOf = new Date('2026-12-01T00:00:00+08:00');
let work: string;
let cleanRoots: Record<string, string>;
let badRoots: Record<string, string>;
let injected: InjectedBadInput[];
/** the records an undisturbed sync of the export stores */
let cleanRecords: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bad-input-'));
  const scenario = generateScenario({ size: 0.05 });
  cleanRoots = await exportBundles(scenario, join(work, 'clean'));
  await cp(join(work, 'clean'), join(work, 'bad'), { recursive: true });
  badRoots = Object.fromEntries(Object.entries(cleanRoots).map(([source, dir]) => [source, dir.replace(join(work, 'clean'), join(work, 'bad'))]));
  injected = await corruptBundles(badRoots as Parameters<typeof corruptBundles>[0]);
});
afterAll(async () => {
  jest.restoreAllMocks();
  await rm(work, { recursive: true, force: true });
});

async function storedRecords(): Promise<string[]> {
  const records = await SourceRecordModel.find({ retiredAt: null }, { source: 1, stream: 1, sourceId: 1, hash: 1 }).lean();
  return records.map((r) => `${r.source}/${r.stream}/${r.sourceId}/${r.hash}`).sort();
}

async function quarantined(): Promise<Array<{ key: string; reason: string; rawBytes: number }>> {
  const entries = await QuarantineModel.find({ resolvedAt: null }).lean();
  return entries.map((e) => ({ key: `${e.source}/${e.stream}/${e.sourceKey}`, reason: e.reason, rawBytes: JSON.stringify(e.raw ?? null).length })).sort((a, b) => (a.key < b.key ? -1 : 1));
}

const failures = (runs: SyncRunSummary[]) => runs.filter((r) => r.status !== 'SUCCEEDED').map((r) => [r.source, r.stream, r.errors.map((e) => e.message)]);

it('stores every genuine record of a corrupted export and quarantines each bad input with its reason', async () => {
  const clean = await inOtherDatabase(__filename, 'clean', async () => {
    expect(failures(await runSync('all', { connectors: bundleConnectors(cleanRoots), asOf }))).toEqual([]);
    return { records: await storedRecords(), quarantine: await quarantined() };
  });
  cleanRecords = clean.records;

  const runs = await runSync('all', { connectors: bundleConnectors(badRoots), asOf });
  expect(failures(runs)).toEqual([]);
  // exactly the records of the undisturbed export: nothing lost, nothing bad stored
  expect(await storedRecords()).toEqual(clean.records);

  const entries = await quarantined();
  const expected = injected.map((bad) => ({ key: `${bad.source}/${bad.stream}/${bad.sourceKey}`, reason: bad.reason }));
  // the export's own malformed rows keep their entries, under line numbers moved by the lines inserted above them
  const insertedLines = (file: string) => expected.flatMap((bad) => (bad.key.startsWith(`${file}:`) ? [Number(bad.key.slice(file.length + 1))] : [])).sort((a, b) => a - b);
  const shifted = (key: string) => {
    const match = /^(.*):(\d+)$/.exec(key);
    if (!match) return key;
    let line = Number(match[2]);
    for (const inserted of insertedLines(match[1]!)) if (inserted <= line) line += 1;
    return `${match[1]}:${line}`;
  };
  const cleanKeys = new Set(clean.quarantine.map((e) => shifted(e.key)));
  const extra = entries.filter((e) => !cleanKeys.has(e.key));
  expect(extra.map((e) => e.key).sort()).toEqual(expected.map((e) => e.key).sort());
  for (const bad of expected) expect([bad.key, extra.find((e) => e.key === bad.key)?.reason]).toEqual([bad.key, expect.stringMatching(bad.reason)]);
  // an oversized record is kept as an excerpt, not megabytes
  expect(Math.max(...entries.map((e) => e.rawBytes))).toBeLessThan(64 * 1024);
  // the malformed records of the export itself are quarantined as before
  expect(entries.filter((e) => cleanKeys.has(e.key)).map((e) => e.key).sort()).toEqual([...cleanKeys].sort());

  // a second run stores nothing new and keeps the same entries open
  const again = await runSync('all', { connectors: bundleConnectors(badRoots), asOf });
  expect(failures(again)).toEqual([]);
  expect(again.reduce((n, r) => n + r.counts.new + r.counts.changed, 0)).toBe(0);
  expect((await quarantined()).map((e) => e.key)).toEqual(entries.map((e) => e.key));
});

it('a record the store refuses is quarantined alone; the rest of its file and the later files are stored', async () => {
  await inOtherDatabase(__filename, 'refused', async () => {
    const real = sourceRecords.upsertSourceRecords;
    let refusedId: string | null = null;
    // the store refuses one ledger row of the first file, as it would a document over 16 MB
    jest.spyOn(sourceRecords, 'upsertSourceRecords').mockImplementation(async (batch, options) => {
      refusedId ??= batch.find((r) => r.stream === 'ledgers')?.sourceId ?? null;
      if (batch.some((r) => r.sourceId === refusedId && r.stream === 'ledgers')) {
        throw Object.assign(new Error('BSONObjectTooLarge: object to insert too large'), { name: 'MongoServerError', code: 10334 });
      }
      return real(batch, options);
    });
    const runs = await runSync('medical', { connectors: bundleConnectors(cleanRoots), asOf, batchSize: 50 });
    jest.restoreAllMocks();
    expect(failures(runs)).toEqual([]);
    const refused = await QuarantineModel.findOne({ source: 'medical', stream: 'ledgers', sourceKey: refusedId }).lean();
    expect(refused?.reason).toMatch(/^store: BSONObjectTooLarge/);
    // every other ledger row is stored, from every file of the stream
    const expected = cleanRecords.filter((key) => key.startsWith('medical/ledgers/') && !key.startsWith(`medical/ledgers/${refusedId}/`));
    expect(expected.length).toBeGreaterThan(50);
    expect((await storedRecords()).filter((key) => key.startsWith('medical/ledgers/'))).toEqual(expected);
  });
});
