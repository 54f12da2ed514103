/**
 * Per-stream counters for the `sources` read: live source records, open and resolved quarantine
 * entries, the last finished run and the last success. One small document per stream under the
 * deterministic `_id` `<source>:<stream>`, so every write is `{_id}` alone (the store's point read and
 * point update) and the whole collection is a few dozen documents. The writers of the counted
 * collections call these helpers where the counted fact changes (record inserted / retired / revived,
 * entry opened / re-opened / resolved, run finished); `rebuildStreamStats` (src/ingest/streamStats.ts,
 * `hub stats rebuild`) recomputes them exactly from the collections, and a document that no rebuild
 * has vouched for (`rebuiltAt: null`) is rebuilt on its first read.
 */
import { Schema, model } from 'mongoose';
import type { SyncRun } from '../model/syncRun';
import type { Types } from 'mongoose';

/** A finished run as the `sources` read shows it (a copy of its SyncRun document). */
export type LastRun = SyncRun & { _id: Types.ObjectId };

export interface StreamStats {
  /** `<source>:<stream>` */
  _id: string;
  source: string;
  stream: string;
  /** source records not retired */
  liveRecords: number;
  openQuarantine: number;
  resolvedQuarantine: number;
  lastRun: LastRun | null;
  lastSuccessAt: Date | null;
  /** when a rebuild last set every counter from the collections; null: only increments since creation */
  rebuiltAt: Date | null;
}

const streamStatsSchema = new Schema<StreamStats>(
  {
    _id: { type: String, required: true },
    source: { type: String, required: true },
    stream: { type: String, required: true },
    liveRecords: { type: Number, default: 0 },
    openQuarantine: { type: Number, default: 0 },
    resolvedQuarantine: { type: Number, default: 0 },
    lastRun: { type: Schema.Types.Mixed, default: null },
    lastSuccessAt: { type: Date, default: null },
    rebuiltAt: { type: Date, default: null },
  },
  { collection: 'streamstats', minimize: false, versionKey: false },
);

export const StreamStatsModel = model<StreamStats>('StreamStats', streamStatsSchema);

export const streamStatsId = (source: string, stream: string) => `${source}:${stream}`;

type Counter = 'liveRecords' | 'openQuarantine' | 'resolvedQuarantine';

/**
 * Adds to the counters of the streams named in `deltas` (keys `<source>:<stream>`), one `{_id}` upsert
 * per stream. A stream seen for the first time gets a document with `rebuiltAt: null`, which its first
 * read rebuilds: the increments alone do not know what was stored before they started.
 */
export async function addToStreamStats(deltas: ReadonlyMap<string, Partial<Record<Counter, number>>>): Promise<void> {
  const ops = [...deltas].flatMap(([id, delta]) => {
    const inc = Object.fromEntries(Object.entries(delta).filter(([, n]) => n !== 0));
    if (Object.keys(inc).length === 0) return [];
    const [source, stream] = splitId(id);
    return [{ updateOne: { filter: { _id: id }, update: { $inc: inc, $setOnInsert: { source, stream } }, upsert: true } }];
  });
  if (ops.length > 0) await StreamStatsModel.bulkWrite(ops, { ordered: false });
}

export type StreamDeltas = Map<string, Partial<Record<Counter, number>>>;

/** Adds `change` once per item to its stream's delta in `into` (a new map by default), for `addToStreamStats`. */
export function deltaByStream<T>(items: Iterable<T>, streamOf: (item: T) => { source: string; stream: string }, change: Partial<Record<Counter, number>>, into: StreamDeltas = new Map()): StreamDeltas {
  for (const item of items) {
    const { source, stream } = streamOf(item);
    const id = streamStatsId(source, stream);
    const delta = into.get(id) ?? {};
    for (const [counter, n] of Object.entries(change) as Array<[Counter, number]>) delta[counter] = (delta[counter] ?? 0) + n;
    into.set(id, delta);
  }
  return into;
}

/** A stream run finished: it is the stream's last run (runs of a source are serialised by its sync lock). */
export async function recordFinishedRun(run: LastRun): Promise<void> {
  const set: Record<string, unknown> = { source: run.connector, stream: run.stream, lastRun: run };
  if (run.status === 'SUCCEEDED') set.lastSuccessAt = run.finishedAt;
  await StreamStatsModel.updateOne({ _id: streamStatsId(run.connector, run.stream) }, { $set: set }, { upsert: true }).exec();
}

const memos = new Map<string, { key: string; value: Promise<unknown> }>();

/** Values kept at most, the least recently stored dropped first: names can carry what was asked (a calendar's periods). */
const MEMOS_MAX = 256;

/**
 * What says whether values read from `streams` may have changed: each stream's last finished run and
 * number of live records (storing, retiring or reviving a record moves the count; a run that ends moves
 * the last run), one point read per stream, in turn. null while a stream has no finished run (nothing
 * unique to key it by). A run that retires and revives as many records as it stores is seen when it ends.
 */
export async function streamsKey(streams: ReadonlyArray<{ source: string; stream: string }>): Promise<string | null> {
  const parts: string[] = [];
  for (const { source, stream } of streams) {
    const stats = await StreamStatsModel.findById(streamStatsId(source, stream)).select({ liveRecords: 1, 'lastRun._id': 1 }).lean<Pick<StreamStats, 'liveRecords' | 'lastRun'>>().exec();
    const runId = stats?.lastRun?._id;
    if (!stats || !runId) return null;
    parts.push(`${String(runId)}|${stats.liveRecords}`);
  }
  return parts.join(',');
}

/**
 * `load`'s value under `name`, kept in this process while `key` (from `streamsKey`, and whatever else the
 * value depends on) stays the same; a null key is not kept. The value is shared: callers must not change it.
 */
export function memoByKey<T>(name: string, key: string | null, load: () => Promise<T>): Promise<T> {
  if (key === null) return load();
  const known = memos.get(name);
  if (known?.key === key) return known.value as Promise<T>;
  const entry = { key, value: load() as Promise<unknown> };
  memos.delete(name);
  memos.set(name, entry);
  if (memos.size > MEMOS_MAX) memos.delete(memos.keys().next().value!);
  entry.value.catch(() => {
    if (memos.get(name) === entry) memos.delete(name);
  });
  return entry.value as Promise<T>;
}

/**
 * `load`'s value for one stream, kept in this process while the stream's counters say it did not change
 * (`streamsKey`). One point read per use in place of reading the stream, which on FerretDB is a scan of
 * every source record.
 */
export async function memoByStream<T>(source: string, stream: string, load: () => Promise<T>): Promise<T> {
  return memoByKey(streamStatsId(source, stream), await streamsKey([{ source, stream }]), load);
}

function splitId(id: string): [string, string] {
  const at = id.indexOf(':');
  return [id.slice(0, at), id.slice(at + 1)];
}
