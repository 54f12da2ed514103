/**
 * Ingest benchmark (DESIGN §10 "Speed"), in one run:
 * - a full sync of a district-month bundle (`file://` export of the sandbox scenario) into a fresh
 *   database, against the raw driver's insertMany of the same number of documents into the same store;
 * - the write floor: copies of every document the sync left in the database (their `_id`s kept, in the
 *   order the store returns them), inserted raw, and with it
 *   the best ratio a sync storing those documents (source records with history, fingerprints, the
 *   unified model, run records) could reach on this store; the bar of issue 12 is printed per backend
 *   as `sync ÷ write floor` (floor time / sync time, ≥ 0.7 passes). The floor inserts into fresh
 *   collections carrying the indexes the sync's collections carry (copied from them before the first
 *   insert), so it prices storing exactly what the sync stores, secondary indexes included. The sync and
 *   its floor are measured BENCH_REPEAT times (3), in turn, and the bar takes their medians: one run of
 *   each on this shared machine varies by a tenth either way;
 * - for a 1× and a 10× bundle, the sync's peak RSS (its own child process, `resourceUsage().maxRSS`)
 *   and, in a second, untimed child that collects garbage every second, its peak live heap (what the
 *   sync keeps, without the garbage RSS also holds), alone and with the array buffers outside it (where
 *   the sync keeps encoded rows). None of them should grow with the bundle: records stream, and what a
 *   sync keeps beside them is budgeted (README: how far that holds).
 *
 * Each of it on every store backend measured (bench/backends.ts): SQLite and PostgreSQL when PostgreSQL answers.
 *
 *   npx tsx bench/ingest.ts                 sizes 1 and 10
 *   BENCH_SIZES=0.3,3 npx tsx bench/ingest.ts
 *   npx tsx bench/ingest.ts --backends sqlite
 *   BENCH_MONITOR=1 ...                     the sync's store statements per collection and origin, on stderr
 *   BENCH_HEAP=0 ...                        no live-heap child (faster iterations)
 *   BENCH_REPEAT=1 ...                      one sync and one floor on the first bundle (default 3)
 *   BENCH_CPU_PROF=<dir> ...                the sync child's CPU profile (node --cpu-prof) into <dir>
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { buildConnectors } from '../connectors/registry';
import { exportBundles, generateScenario } from '../sandbox';
import { loadConfig } from '../src/config';
import { connectMongo, syncIndexes } from '../src/infra/mongo';
import { benchBackends, startBenchStore } from './backends';
import { median } from './measure';
import { statementsOf } from '../src/store/commandMonitor';
import { runSync } from '../src/ingest/engine';
import '../src/model';

interface ChildResult {
  records: number;
  syncMs: number;
  maxRssMb: number;
  /** with `--sample-heap`: the most live heap seen right after a forced collection, sampled every second, without and with the array buffers */
  liveHeapMb: number | null;
  liveMemoryMb: number | null;
}

const HEAP_SAMPLE_MS = 1000;

/** Peak live heap, without and with the array buffers outside it: collects garbage every second and reads what is left (slows the sync; never timed). */
function sampleLiveHeap(): () => { heapMb: number; memoryMb: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('--sample-heap needs node --expose-gc');
  const peak = { heap: 0, memory: 0 };
  const sample = () => {
    gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    peak.heap = Math.max(peak.heap, heapUsed);
    peak.memory = Math.max(peak.memory, heapUsed + arrayBuffers);
  };
  const timer = setInterval(sample, HEAP_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    sample();
    return { heapMb: peak.heap / 2 ** 20, memoryMb: peak.memory / 2 ** 20 };
  };
}

const RAW_CHUNK = 500;
/** Issue 12: the sync takes at most 1/0.7 of its write floor's time (floor time ÷ sync time ≥ 0.7). */
const FLOOR_SHARE_BAR = 0.7;

/** Child: one full sync of a bundle into a fresh database; prints its result as the last line. */
async function child(mongoUri: string, dbName: string, bundleDir: string, sampleHeap: boolean): Promise<void> {
  const monitored = process.env.BENCH_MONITOR === '1' && !sampleHeap;
  await connectMongo(mongoUri, dbName, { monitorCommands: monitored });
  await mongoose.connection.dropDatabase();
  await syncIndexes();
  const monitor = monitored ? (await import('../src/store/commandMonitor')).monitorStore(mongoose.connection.getClient(), { origins: true }) : null;
  const storeMs = monitored ? timeCommands(mongoose.connection.getClient()) : null;
  const env: Record<string, string> = { NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(32), LOG_LEVEL: 'warn' };
  for (const source of ['industrial', 'household', 'construction', 'medical', 'taxstat']) env[`SOURCE_${source.toUpperCase()}_URL`] = `file://${join(bundleDir, source)}`;
  const liveHeap = sampleHeap ? sampleLiveHeap() : null;
  const started = performance.now();
  const runs = await runSync('all', { connectors: buildConnectors(loadConfig(env)) });
  const syncMs = performance.now() - started;
  const failed = runs.filter((r) => r.status !== 'SUCCEEDED');
  if (failed.length > 0) throw new Error(`sync failed: ${JSON.stringify(failed.map((r) => [r.source, r.stream, r.errors]))}`);
  const records = runs.reduce((n, r) => n + r.counts.read, 0);
  if (monitor) printStatements(monitor.reads);
  // how each stream's records came (batch sizes set the number of per-batch statements), and when,
  // in seconds from the sync's start (the lanes: which source ran beside which, and the tail after the last)
  if (monitor) {
    const startedAt = Date.now() - syncMs;
    const at = (d: Date) => ((d.getTime() - startedAt) / 1000).toFixed(2);
    for (const r of await mongoose.connection.collection('syncruns').find({}, { sort: { startedAt: 1 } }).toArray()) {
      const summary = runs.find((s) => s.runId === r._id.toHexString());
      console.error(`  ${r.connector}/${r.stream}\t${summary?.counts.read ?? 0} records\t${summary?.batches ?? 0} batches\t${at(r.startedAt)}–${at(r.finishedAt)} s`);
    }
  }
  if (storeMs) {
    const total = [...storeMs.values()].reduce((sum, t) => sum + t.ms, 0);
    console.error(`store time ${(total / 1000).toFixed(1)} s of the sync's ${(syncMs / 1000).toFixed(1)} s; per command and collection:`);
    for (const [key, t] of [...storeMs].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.error(`  ${(t.ms / 1000).toFixed(2)} s\t${t.n}\t${key}`);
  }
  await mongoose.disconnect();
  const live = liveHeap?.();
  const result: ChildResult = { records, syncMs, maxRssMb: process.resourceUsage().maxRSS / 1024, liveHeapMb: live?.heapMb ?? null, liveMemoryMb: live?.memoryMb ?? null };
  console.log(JSON.stringify(result));
}

/** The store's time (the driver's command durations, ms) and commands per `command collection`. */
function timeCommands(client: mongoose.mongo.MongoClient): Map<string, { ms: number; n: number }> {
  const times = new Map<string, { ms: number; n: number }>();
  const keys = new Map<number, string>();
  const cursors = new Map<string, string>();
  client.on('commandStarted', (e) => {
    const collection = String(e.commandName === 'getMore' ? e.command.collection : e.command[e.commandName]);
    const statement = statementsOf(e.commandName, e.command)[0];
    const shape = statement ? ` ${JSON.stringify(Object.keys(statement.filter))}` : '';
    keys.set(e.requestId, e.commandName === 'getMore' ? (cursors.get(String(e.command.getMore)) ?? `getMore ${collection}`) : `${e.commandName} ${collection}${shape}`);
  });
  client.on('commandSucceeded', (e) => {
    const writeErrors = (e.reply as { writeErrors?: unknown[] }).writeErrors?.length ?? 0;
    // an insert some of whose documents were refused (duplicate keys: insert-to-detect) apart
    const key = `${keys.get(e.requestId) ?? e.commandName}${writeErrors > 0 ? ' (with refused documents)' : ''}`;
    keys.delete(e.requestId);
    const cursorId = (e.reply as { cursor?: { id?: unknown } }).cursor?.id;
    if (cursorId !== undefined && String(cursorId) !== '0') cursors.set(String(cursorId), key);
    const t = times.get(key) ?? { ms: 0, n: 0 };
    t.ms += e.duration;
    t.n += 1;
    times.set(key, t);
  });
  return times;
}

/** Per collection: statements, scans and documents returned; then the origins of the scans, most first (stderr). */
function printStatements(reads: import('../src/store/commandMonitor').StoreReads): void {
  const perCollection = new Map<string, Map<string, number>>();
  const origins = new Map<string, number>();
  for (const s of reads.statements) {
    const commands = perCollection.get(s.collection) ?? new Map<string, number>();
    commands.set(s.command, (commands.get(s.command) ?? 0) + 1);
    perCollection.set(s.collection, commands);
    const key = `${s.collection} ${s.command} ${s.origin ?? '?'} ${JSON.stringify(Object.keys(s.filter))}`;
    if (!Object.keys(s.filter).every((k) => k === '_id') || typeof s.filter._id === 'object') origins.set(key, (origins.get(key) ?? 0) + 1);
  }
  for (const [collection, commands] of [...perCollection].sort()) {
    console.error(`${collection}\tscans ${reads.scans.get(collection) ?? 0}\treturned ${reads.returned.get(collection) ?? 0}\t${[...commands].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }
  for (const [key, n] of [...origins].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.error(`  ${n}\t${key}`);
}

interface RawRates {
  /** the raw driver's insertMany of the sync's SourceRecord documents, docs/s */
  rawRate: number;
  /** documents the sync left in the database (every collection) */
  written: number;
  /** time to insert copies of all of them raw: what the store alone costs the sync, with no read or update */
  floorMs: number;
}

/** Creates on `target` the indexes `source` carries (but `_id`'s), untimed: the floor maintains what the sync maintains. */
async function copyIndexes(source: mongoose.mongo.Collection, target: mongoose.mongo.Collection): Promise<void> {
  for (const { key, name, v: _v, ns: _ns, ...options } of await source.listIndexes().toArray()) {
    if (name !== '_id_') await target.createIndex(key as mongoose.mongo.IndexSpecification, { name, ...options });
  }
}

/** Copies `docs` (their own `_id`s) into `target` with the raw driver's insertMany, in chunks; returns the ms taken. */
async function insertCopies(target: mongoose.mongo.Collection, docs: mongoose.mongo.Document[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < docs.length; i += RAW_CHUNK) await target.insertMany(docs.slice(i, i + RAW_CHUNK).map((doc) => ({ ...doc })), { ordered: false });
  return performance.now() - started;
}

/**
 * In the same store as the sync: the raw driver's insertMany of `count` copies of the synced
 * SourceRecord documents (the rate the ratio divides by), and of every document the sync wrote, in
 * every collection, under the same indexes (the write floor: what storing those documents costs with
 * nothing else done, one chunk after another as the raw rate is measured).
 */
async function rawInsertRates(mongoUri: string, sourceDb: string, count: number): Promise<RawRates> {
  await connectMongo(mongoUri, sourceDb);
  const client = mongoose.connection.getClient();
  const rawDb = client.db(`${sourceDb}_raw`);
  await rawDb.dropDatabase();
  // the documents as stored, `_id` included: the sync's keyed ids land all over the `_id` index where
  // fresh ones would append to it, and the floor prices storing exactly these documents
  const records = await client.db(sourceDb).collection('sourcerecords').find({}).limit(count).toArray();
  // the raw rate stays the driver's insertMany into a collection with no index but `_id`
  const rawMs = await insertCopies(rawDb.collection('sourcerecords'), records);
  await rawDb.dropDatabase();
  let written = 0;
  let floorMs = 0;
  for (const { name } of await client.db(sourceDb).listCollections({}, { nameOnly: true }).toArray()) {
    const docs = await client.db(sourceDb).collection(name).find({}).toArray();
    written += docs.length;
    await copyIndexes(client.db(sourceDb).collection(name), rawDb.collection(name));
    const ms = await insertCopies(rawDb.collection(name), docs);
    floorMs += ms;
    // beside the sync's own store time per collection (BENCH_MONITOR): where its inserts cost more than the floor's
    if (process.env.BENCH_MONITOR === '1') console.error(`  write floor ${(ms / 1000).toFixed(2)} s\t${docs.length} docs\t${name}`);
  }
  await rawDb.dropDatabase();
  await mongoose.disconnect();
  return { rawRate: (records.length / rawMs) * 1000, written, floorMs };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!, process.argv[5]!, process.argv[6] === '--sample-heap');
  const sizes = (process.env.BENCH_SIZES ?? '1,10').split(',').map(Number);
  const backends = await benchBackends();
  const work = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  // each row is printed as soon as it is measured: a 10× sync takes long
  console.log(['backend', 'bundle', 'records', 'sync s', 'sync rec/s', 'raw insertMany docs/s', 'ratio', 'docs written', 'write floor s', 'ratio ceiling', 'peak RSS MB', 'peak live heap MB', 'with buffers MB'].join('\t'));
  try {
    for (const [i, size] of sizes.entries()) {
      const bundleDir = join(work, `bundle-${size}`);
      await exportBundles(generateScenario({ size }), bundleDir);
      for (const backend of backends) {
        const store = await startBenchStore(backend, join(work, `data-${backend}`), 'bench_ingest');
        try {
          await measureBundle(store.mongoUri, backend, i, size, bundleDir);
        } finally {
          await store.stop();
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Syncs and write floors measured on the first bundle (BENCH_REPEAT), each pair in turn: their medians make the bar's ratio. */
const REPEATS = Number(process.env.BENCH_REPEAT ?? 3);

/**
 * One bundle on one backend: the sync, the raw rates (first bundle only) and the peak live heap; prints
 * its row. On the first bundle the sync and its write floor are measured REPEATS times, one after the
 * other (a slow spell of the shared machine then slows both), and the row and the bar take their medians.
 */
async function measureBundle(mongoUri: string, backend: string, i: number, size: number, bundleDir: string): Promise<void> {
  const dbName = `bench_ingest_${i}`;
  const runChild = (flags: string[], db: string, extra: string[]): ChildResult => {
    const output = execFileSync(process.execPath, [...flags, '--import', 'tsx', __filename, '--child', mongoUri, db, bundleDir, ...extra], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LOG_LEVEL: 'warn' } });
    return JSON.parse(output.trim().split('\n').at(-1)!) as ChildResult;
  };
  const syncs: ChildResult[] = [];
  const floors: RawRates[] = [];
  for (let k = 0; k < (i === 0 ? REPEATS : 1); k++) {
    syncs.push(runChild(process.env.BENCH_CPU_PROF && k === 0 ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [], dbName, []));
    // the raw rates are measured on the first bundle, each time from the sync just measured
    if (i === 0) floors.push(await rawInsertRates(mongoUri, dbName, syncs.at(-1)!.records));
  }
  const result = syncs[0]!;
  const syncMs = median(syncs.map((s) => s.syncMs));
  const syncRate = (result.records / syncMs) * 1000;
  const raw = floors.length > 0 ? { rawRate: median(floors.map((f) => f.rawRate)), written: floors[0]!.written, floorMs: median(floors.map((f) => f.floorMs)) } : null;
  // the best ratio a sync writing the same documents could reach: all of its time spent inserting them
  const ceiling = raw ? (result.records / raw.floorMs) * 1000 / raw.rawRate : NaN;
  const cell = (value: number, digits: number) => (raw ? value.toFixed(digits) : '—');
  // RSS also holds garbage V8 has not collected yet; the live heap is what the sync keeps
  const { liveHeapMb, liveMemoryMb } = process.env.BENCH_HEAP === '0' ? { liveHeapMb: NaN, liveMemoryMb: NaN } : runChild(['--expose-gc'], `${dbName}_heap`, ['--sample-heap']);
  const maxRssMb = Math.max(...syncs.map((s) => s.maxRssMb));
  console.log(
    [backend, `${size}×`, String(result.records), (syncMs / 1000).toFixed(1), syncRate.toFixed(0), cell(raw?.rawRate ?? NaN, 0), cell(syncRate / (raw?.rawRate ?? NaN), 2), raw ? String(raw.written) : '—', cell((raw?.floorMs ?? NaN) / 1000, 1), cell(ceiling, 2), maxRssMb.toFixed(0), (liveHeapMb ?? NaN).toFixed(0), (liveMemoryMb ?? NaN).toFixed(0)].join('\t'),
  );
  if (!raw) return;
  // the issue-12 bar: the sync within 1/0.7 of the time inserting exactly its documents raw takes
  const floorShare = raw.floorMs / syncMs;
  const pairs = syncs.map((s, k) => `${(floors[k]!.floorMs / 1000).toFixed(1)}/${(s.syncMs / 1000).toFixed(1)}`).join(', ');
  console.log(`${backend} ${size}×: sync ÷ write floor: ${floorShare.toFixed(2)} (bar ≥ ${FLOOR_SHARE_BAR}): ${floorShare >= FLOOR_SHARE_BAR ? 'PASS' : 'FAIL'} (medians of ${syncs.length}: write floor ${(raw.floorMs / 1000).toFixed(1)} s / sync ${(syncMs / 1000).toFixed(1)} s; each floor/sync s: ${pairs})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
