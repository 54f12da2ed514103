/**
 * The per-stream counters of src/store/streamStats.ts, read and rebuilt. Reading costs one query on a
 * collection of one document per stream, whatever is stored. Rebuilding recomputes every counter
 * exactly from sourcerecords, quarantine and syncruns (one pass over each), under the
 * source's sync lock so no sync adds to a counter while it is being replaced. Run by `hub stats
 * rebuild`, and by the first read of a source whose counters no rebuild has vouched for (a new
 * database, a stream first seen by a sync, an upgrade from a hub without counters); `hub stats check`
 * compares them with the collections and names any drift.
 */
import type { Types } from 'mongoose';
import { connectorDefinitions } from '../../connectors/registry';
import { childLogger } from '../infra/log';
import { QuarantineModel } from '../model/quarantine';
import { SourceRecordModel } from '../model/sourceRecord';
import { SyncRunModel } from '../model/syncRun';
import { StreamStatsModel, streamStatsId, type LastRun, type StreamStats } from '../store/streamStats';
import { acquireSourceLock, SyncLockedError } from './lock';
import { findByIds } from '../store/reads';
import { bulkWriteInChunks } from '../store/writes';

const log = childLogger('ingest');

/** Every source with the streams its connector maps, in the registry's order. */
export const STREAMS_BY_SOURCE: ReadonlyArray<{ source: string; streams: readonly string[] }> = connectorDefinitions.map((definition) => ({
  source: definition.id,
  streams: Object.keys(definition.mapping.mappers),
}));

const streamsOf = (source: string) => STREAMS_BY_SOURCE.find((s) => s.source === source)?.streams ?? [];

const empty = (source: string, stream: string, rebuiltAt: Date | null): StreamStats => ({
  _id: streamStatsId(source, stream), source, stream, liveRecords: 0, openQuarantine: 0, resolvedQuarantine: 0, lastRun: null, lastSuccessAt: null, rebuiltAt,
});

/**
 * Sources' counters as the collections say now: one pass over each collection for all `sources` (a
 * filter on the embedded store reads the whole collection whatever it names, so one pass costs what one source's
 * would), then each stream's newest runs.
 */
export async function computeStreamStats(sources: string | readonly string[], at = new Date()): Promise<StreamStats[]> {
  const wanted = typeof sources === 'string' ? [sources] : [...sources];
  const stats = new Map(wanted.flatMap((source) => streamsOf(source).map((stream) => [streamStatsId(source, stream), empty(source, stream, at)] as const)));
  const of = (source: string, stream: string) => {
    let s = stats.get(streamStatsId(source, stream));
    if (!s) stats.set(streamStatsId(source, stream), (s = empty(source, stream, at)));
    return s;
  };
  for await (const record of SourceRecordModel.find({ source: { $in: wanted } }, { source: 1, stream: 1, retiredAt: 1 }).lean().cursor()) {
    if (!record.retiredAt) of(record.source, record.stream).liveRecords += 1;
  }
  for await (const entry of QuarantineModel.find({ source: { $in: wanted } }, { source: 1, stream: 1, resolvedAt: 1 }).lean().cursor()) {
    if (entry.resolvedAt) of(entry.source, entry.stream).resolvedQuarantine += 1;
    else of(entry.source, entry.stream).openQuarantine += 1;
  }
  for (const s of stats.values()) Object.assign(s, await lastRunsOf(s.source, s.stream));
  return [...stats.values()];
}

/** The stream's newest finished run and newest success: newest first, until both are found. */
async function lastRunsOf(source: string, stream: string): Promise<Pick<StreamStats, 'lastRun' | 'lastSuccessAt'>> {
  let lastRun: LastRun | null = null;
  let lastSuccessAt: Date | null = null;
  const runs = SyncRunModel.find({ connector: source, stream }).sort({ startedAt: -1 }).lean<LastRun>().cursor();
  for await (const run of runs) {
    if (run.status === 'RUNNING') continue;
    lastRun ??= run;
    if (run.status === 'SUCCEEDED') {
      lastSuccessAt = run.finishedAt;
      break;
    }
  }
  await runs.close();
  return { lastRun, lastSuccessAt };
}

export interface StatsRebuild {
  rebuilt: string[];
  /** sources a sync held locked: their counters were left as they were */
  locked: string[];
}

/**
 * Recomputes the counters of `sources` (default: all) under their sync locks, in one pass over the
 * collections; a source a sync holds locked is skipped (its counters left as they were).
 */
export async function rebuildStreamStats(sources: readonly string[] = STREAMS_BY_SOURCE.map((s) => s.source)): Promise<StatsRebuild> {
  const result: StatsRebuild = { rebuilt: [], locked: [] };
  const locks = [];
  try {
    for (const source of sources) {
      try {
        locks.push(await acquireSourceLock(source));
        result.rebuilt.push(source);
      } catch (error) {
        if (!(error instanceof SyncLockedError)) throw error;
        result.locked.push(source);
      }
    }
    if (result.rebuilt.length > 0) await replaceStreamStats(result.rebuilt);
  } finally {
    for (const lock of locks) await lock.release();
  }
  if (result.locked.length > 0) log.info({ locked: result.locked }, 'stream counters of sources being synced were not rebuilt');
  return result;
}

async function replaceStreamStats(sources: readonly string[]): Promise<void> {
  const stats = await computeStreamStats(sources);
  await bulkWriteInChunks(StreamStatsModel, stats.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })));
}

/**
 * A sync starting on `source` (the caller holds its lock) first rebuilds the source's counters if a
 * stream has none a rebuild vouched for: on a new database that costs a pass over empty collections,
 * and the increments the sync then adds start from exact counts, so the first `sources` read finds them
 * vouched instead of rebuilding them itself while a reader waits. One point read per stream otherwise.
 */
export async function vouchStreamStats(source: string): Promise<void> {
  if ((await unvouched([source])).length > 0) await replaceStreamStats([source]);
}

/**
 * Before a sync of several sources (`sync all`): the counters of those that need it are rebuilt in one
 * pass under their locks (rebuildStreamStats), not in one pass each as each source's sync starts (each
 * a read of every source record on the embedded store). A source a sync holds is left to its own vouch.
 */
export async function vouchStreamStatsAhead(sources: readonly string[]): Promise<void> {
  const stale = await unvouched(sources);
  if (stale.length > 1) await rebuildStreamStats(stale);
}

/** The sources with a stream whose counters no rebuild vouched for: one read of the streams' counters. */
async function unvouched(sources: readonly string[]): Promise<string[]> {
  const ids = sources.flatMap((source) => streamsOf(source).map((stream) => streamStatsId(source, stream)));
  const stored = await findByIds<Pick<StreamStats, '_id' | 'rebuiltAt'>, string>(StreamStatsModel, ids, { projection: { rebuiltAt: 1 }, small: true });
  const vouched = new Set(stored.filter((doc) => doc.rebuiltAt).map((doc) => doc._id));
  return sources.filter((source) => streamsOf(source).some((stream) => !vouched.has(streamStatsId(source, stream))));
}

/**
 * Dead runs of a source were just marked ABORTED (src/ingest/lock.ts): each of its streams' last run
 * is read again from syncruns. Rare (a process died mid-sync); the caller holds the source lock.
 */
export async function refreshLastRuns(source: string): Promise<void> {
  for (const stream of streamsOf(source)) {
    const { lastRun, lastSuccessAt } = await lastRunsOf(source, stream);
    await StreamStatsModel.updateOne({ _id: streamStatsId(source, stream) }, { $set: { source, stream, lastRun, lastSuccessAt } }, { upsert: true }).exec();
  }
}

/**
 * Every stream's counters (keyed `<source>:<stream>`): one query. A source with a stream that has no
 * counters yet, or counters no rebuild vouched for, is rebuilt first (unless a sync holds it).
 */
export async function readStreamStats(): Promise<Map<string, StreamStats>> {
  let byId = await readAll();
  const stale = STREAMS_BY_SOURCE.filter(({ source, streams }) => streams.some((stream) => !byId.get(streamStatsId(source, stream))?.rebuiltAt)).map((s) => s.source);
  if (stale.length > 0) {
    const { rebuilt } = await rebuildStreamStats(stale);
    if (rebuilt.length > 0) byId = await readAll();
  }
  return byId;
}

async function readAll(): Promise<Map<string, StreamStats>> {
  // the collection holds one small document per stream (a few dozen): reading it whole is the point
  const docs = await StreamStatsModel.find({}).lean<StreamStats[]>().exec();
  return new Map(docs.map((doc) => [doc._id, doc]));
}

export interface StatsDrift {
  stream: string;
  field: keyof StreamStats;
  stored: unknown;
  actual: unknown;
}

/** Counters that differ from the collections (empty when they agree); reads everything, like a rebuild. */
export async function checkStreamStats(): Promise<StatsDrift[]> {
  const stored = await readAll();
  const drift: StatsDrift[] = [];
  const runId = (run: LastRun | null) => (run?._id as Types.ObjectId | undefined)?.toHexString() ?? null;
  for (const actual of await computeStreamStats(STREAMS_BY_SOURCE.map((s) => s.source))) {
    const have = stored.get(actual._id) ?? empty(actual.source, actual.stream, null);
    for (const field of ['liveRecords', 'openQuarantine', 'resolvedQuarantine'] as const) {
      if (have[field] !== actual[field]) drift.push({ stream: actual._id, field, stored: have[field], actual: actual[field] });
    }
    if (runId(have.lastRun) !== runId(actual.lastRun)) drift.push({ stream: actual._id, field: 'lastRun', stored: runId(have.lastRun), actual: runId(actual.lastRun) });
    if (have.lastSuccessAt?.getTime() !== actual.lastSuccessAt?.getTime()) drift.push({ stream: actual._id, field: 'lastSuccessAt', stored: have.lastSuccessAt, actual: actual.lastSuccessAt });
  }
  return drift;
}
