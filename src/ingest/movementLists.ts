/**
 * The movement lists of src/store/movementLists.ts, rebuilt and checked. A rebuild reads the stale
 * months' movements of a stream in list order (`{stream, period}` sorted by `{period, _id}`: index-served
 * on MongoDB, sorted by the embedded store), or, after a sync that recorded what it wrote
 * (WrittenMovements), those months' chunks merged with that record; it cuts them into chunks as they come and writes those a few
 * dozen at a time (keyed upserts, journaled under the source's write scope), so it holds a bounded
 * number of rows whatever a month's size; it deletes the chunks a month no longer needs, then writes
 * the stream's document (no longer stale, unless a writer marked it meanwhile). It runs
 * under the source's sync lock: when a lock is released (a stale or missing list) and by `hub stats
 * rebuild`; `hub stats check` compares the lists with the movements.
 *
 * The merged list is rebuilt the same way from the streams' chunks (merged, one chunk per stream at a
 * time) after a stream's, under a lock of its own
 * (two sources may release theirs at once), and only while no stream's list is stale (no writer is
 * between its mark and its rebuild). Writers mark it without that lock: the revision check keeps a
 * rebuild that raced a writer's mark from clearing the mark.
 */
import type { Types } from 'mongoose';
import { canonicalJson } from '../model/common';
import { childLogger } from '../infra/log';
import { MovementModel } from '../model/movement';
import { sourceWriteScope } from '../model/sourceRecord';
import { STREAMS, type SourceId } from '../model/reference/agencies';
import { acquireLockWaiting } from '../infra/lock';
import { upsertKeyed, type KeyedModel } from '../store/keyed';
import { finishReplacements, type ReplaceableModel } from '../store/replace';
import { ALL_STREAMS_LIST, MOVEMENT_LIST_CHUNK, MOVEMENT_LIST_FORMAT, MovementListChunkModel, MovementListModel, encodeListRow, joinListRows, movementListChunkId, readEncodedMovementListChunk, readMovementListChunk, readMovementLists, splitListRows, type EncodedListRow, type MovementList, type MovementListMonthEntry, type MovementListRow } from '../store/movementLists';
import { deleteByIds, isDuplicateKey } from '../store/writes';
import { acquireSourceLock, SyncLockedError, type SourceLock } from './lock';

const log = childLogger('ingest');

type Row = MovementListRow;

/** A row on its way into a list's chunks: encoded as the chunk stores it, with its month. */
interface ListedRow extends EncodedListRow {
  period: string;
}

const listed = (row: Row): ListedRow => ({ ...encodeListRow(row), period: String(row.period) });

/** List order: `_id` descending, compared as hex. */
const idDescending = (a: string, b: string) => (a < b ? 1 : -1);
const byIdDescending = (a: Row, b: Row) => idDescending(a._id.toHexString(), b._id.toHexString());

async function* listedRows(rows: AsyncIterable<Row>): AsyncGenerator<ListedRow> {
  for await (const row of rows) yield listed(row);
}

/**
 * Bytes (the rows' encodings) the records of this process's holders keep at most, all of them
 * together (`sync all` keeps every source's until its last): a record whose rows would pass it is
 * dropped and its release reads its months back, so memory stays bounded whatever the sync's size.
 * A movement's encoding is about 2 KB: some 12,000 of them, where a 1× district month writes 9,100.
 * A setting tests lower.
 */
export const writtenBytesBudget = { max: 24 * 2 ** 20 };
/** bytes the live records hold now */
let recordedBytes = 0;

/**
 * The movements a source's sync wrote under its lock, as stored (encoded as a list chunk holds them),
 * so the lock's release lists the months it marked from the list's own chunks and these rows instead
 * of reading those months' movements back (on the embedded store a read of every movement). Only where the list was exact
 * when the hold began (`exact`: built, no month stale), or the stream had no movement at all
 * (`empty`: a first sync, whose whole list is these rows). A month a dead holder left stale, a mark
 * that names no month (`*`: a retirement, an emptied handover, a party merge), a write that failed
 * part done (`drop`), or rows past the process's budget (writtenBytesBudget), and the release reads them back as before.
 */
export class WrittenMovements {
  private rows: Map<string, ListedRow> | null = new Map();
  private bytes = 0;
  /** the hold ended without rebuilding the list (`sync all` rebuilds after its last source) when the list was at this revision (undefined: no list); a mark since, and the rows are not used */
  sealed: { revision: number | undefined } | null = null;

  constructor(
    readonly stream: string,
    private readonly baseline: 'empty' | 'exact',
  ) {}

  /** Documents of the stream as the store now holds them (inserted or replaced). */
  note(docs: ReadonlyArray<Record<string, unknown>>): void {
    if (!this.rows) return;
    const before = this.bytes;
    for (const doc of docs) {
      const row = listed(doc as Row);
      // a buffer of its own: a slice of Node's shared pool would keep the whole 8 KB pool alive
      row.bytes = new Uint8Array(row.bytes);
      this.bytes += row.bytes.length - (this.rows.get(row.id)?.bytes.length ?? 0);
      this.rows.set(row.id, row);
    }
    recordedBytes += this.bytes - before;
    if (recordedBytes > writtenBytesBudget.max) this.drop();
  }

  /** Its rows are let go: a write failed part done (what it stored is not known here), the budget is spent, or the hold is over. */
  drop(): void {
    if (this.rows) recordedBytes -= this.bytes;
    this.rows = null;
    this.bytes = 0;
  }

  /** Whether `stored`'s stale months (`whole`: the whole list) can be listed from its chunks and these rows. */
  covers(stored: MovementList | null, whole: boolean): boolean {
    if (!this.rows) return false;
    if (this.sealed && stored?.revision !== this.sealed.revision) return false;
    if ((stored?.staleMonths ?? []).includes('*')) return false;
    return this.baseline === 'empty' || !whole;
  }

  /**
   * The rows listed, in list order: per month of `months` (`all`: every month of the rows, a list with
   * no chunk yet) the month's chunks, read one at a time, without the documents written since, merged
   * with those.
   */
  async *listRows(stored: MovementList | null, months: readonly string[] | 'all'): AsyncGenerator<ListedRow> {
    const rows = this.rows!;
    const written = new Map<string, ListedRow[]>();
    for (const row of rows.values()) {
      const month = written.get(row.period) ?? [];
      month.push(row);
      written.set(row.period, month);
    }
    for (const period of newestFirst(months === 'all' ? written.keys() : months)) {
      const chunkCount = months === 'all' ? 0 : ((stored?.months ?? []).find((m) => m.period === period)?.chunkStarts.length ?? 0);
      const listed = withoutWritten(chunkRows(this.stream, period, chunkCount), rows);
      yield* mergeIdDescending([listed, asAsync((written.get(period) ?? []).sort((a, b) => idDescending(a.id, b.id)))]);
    }
  }
}

async function* withoutWritten(rows: AsyncIterable<ListedRow>, written: ReadonlyMap<string, ListedRow>): AsyncGenerator<ListedRow> {
  for await (const row of rows) if (!written.has(row.id)) yield row;
}

/** The record of each source whose sync holds (or held, until `sync all` rebuilds its lists) its lock in this process. */
const writtenByStream = new Map<string, WrittenMovements>();

/** The record of what the holder of `stream`'s lock wrote, if it keeps one. */
export function writtenMovementsOf(stream: string): WrittenMovements | null {
  return writtenByStream.get(stream) ?? null;
}

/**
 * A sync took `stream`'s lock: its writes are recorded when the list is exact now (built, of this
 * format, no month stale) or the stream has no movement; a record a `sync all` sealed goes on (its
 * revision check tells whether anyone marked the list since).
 */
export async function startWrittenMovements(stream: string): Promise<void> {
  const list = await MovementListModel.findOne({ _id: stream }, { staleMonths: 1, format: 1, rebuiltAt: 1, revision: 1 }).lean<Pick<MovementList, 'staleMonths' | 'format' | 'rebuiltAt' | 'revision'>>().exec();
  const sealed = writtenByStream.get(stream)?.sealed;
  // nobody marked the list since: the record goes on
  if (sealed && sealed.revision === list?.revision) return;
  endWrittenMovements(stream);
  if (list?.rebuiltAt && list.format === MOVEMENT_LIST_FORMAT) {
    if ((list.staleMonths ?? []).length === 0) writtenByStream.set(stream, new WrittenMovements(stream, 'exact'));
    return;
  }
  // no list yet (a first sync; `sync all` builds the empty lists of a new database first): a stream with
  // no movement lists what its sync writes, one that has some (a dead holder's, an upgrade) reads them
  if (!(await MovementModel.exists({ stream }))) writtenByStream.set(stream, new WrittenMovements(stream, 'empty'));
}

/** The hold ends without a rebuild (`sync all`): the list's revision now, which a later rebuild's must equal. */
export async function sealWrittenMovements(stream: string): Promise<void> {
  const written = writtenByStream.get(stream);
  if (!written) return;
  const list = await MovementListModel.findOne({ _id: stream }, { revision: 1 }).lean<Pick<MovementList, 'revision'>>().exec();
  written.sealed = { revision: list?.revision };
}

export function endWrittenMovements(stream: string): void {
  writtenByStream.get(stream)?.drop();
  writtenByStream.delete(stream);
}

/** Per month, the stream's movements (every stream's for ALL_STREAMS_LIST, which names its months) in list order (`_id` descending), as the store holds them now. */
async function movementsByMonth(stream: string, months: readonly string[] | 'all'): Promise<Map<string, Row[]>> {
  const inMonths = months === 'all' ? {} : { period: { $in: [...months] } };
  const filter = stream === ALL_STREAMS_LIST ? inMonths : { stream, ...inMonths };
  const byMonth = new Map<string, Row[]>(months === 'all' ? [] : months.map((m) => [m, []]));
  for await (const movement of MovementModel.find(filter).lean<Row>().cursor({ batchSize: 1000 }) as AsyncIterable<Row & { period: string }>) {
    const rows = byMonth.get(movement.period) ?? [];
    rows.push(movement);
    byMonth.set(movement.period, rows);
  }
  for (const rows of byMonth.values()) rows.sort(byIdDescending);
  return byMonth;
}

/** The stream's movements of `months` (`all`: every month) in list order, from the store, which sorts them (`{stream, period, _id}` index): one cursor batch in memory. */
function movementRows(stream: string, months: readonly string[] | 'all'): AsyncIterable<ListedRow> {
  const filter = { stream, ...(months === 'all' ? {} : { period: { $in: [...months] } }) };
  return listedRows(MovementModel.find(filter).sort({ period: -1, _id: -1 }).lean<Row>().cursor({ batchSize: 1000 }) as AsyncIterable<Row>);
}

/**
 * Every stream's rows of `months` as the stream lists `lists` hold them (not stale: the same movements),
 * merged in list order: what the merged list is rebuilt from. Reads the streams' chunks (by `_id`), not
 * the movements, one (and the next) at a time per stream.
 */
async function* mergedStreamRows(lists: ReadonlyMap<string, MovementList>, months: readonly string[]): AsyncGenerator<ListedRow> {
  for (const period of newestFirst(months)) {
    const streams = [...lists].map(([stream, list]) => chunkRows(stream, period, list.months.find((m) => m.period === period)?.chunkStarts.length ?? 0, list.rebuiltAt));
    yield* mergeIdDescending(streams);
  }
}

/**
 * The rows of a (stream, month)'s first `count` chunks, in order; each chunk's point read starts while
 * the one before is listed. `rebuiltAt`: when the list that names them was rebuilt, whose chunks this
 * process may still hold (RecentChunks).
 */
async function* chunkRows(stream: string, period: string, count: number, rebuiltAt: Date | null = null): AsyncGenerator<ListedRow> {
  const read = (index: number) => {
    const held = rebuiltAt ? recentChunks.get(stream, rebuiltAt, period, index) : undefined;
    if (held) return Promise.resolve(splitListRows(held));
    const reading = readEncodedMovementListChunk(stream, period, index);
    // awaited below; a generator dropped before it is must not leave it unhandled
    reading.catch(() => undefined);
    return reading;
  };
  let next = count > 0 ? read(0) : null;
  for (let index = 0; next; index++) {
    const rows = await next;
    next = index + 1 < count ? read(index + 1) : null;
    for (const row of rows) yield { ...row, period };
  }
}

/** Rows of several sources, each `_id` descending, merged `_id` descending, holding one row per source. */
async function* mergeIdDescending(sources: ReadonlyArray<AsyncIterable<ListedRow>>): AsyncGenerator<ListedRow> {
  const heads: Array<{ rows: AsyncIterator<ListedRow>; row: ListedRow; id: string }> = [];
  const advance = async (rows: AsyncIterator<ListedRow>) => {
    const next = await rows.next();
    if (!next.done) heads.push({ rows, row: next.value, id: next.value.id });
  };
  for (const source of sources) await advance(source[Symbol.asyncIterator]());
  while (heads.length > 0) {
    let newest = 0;
    for (let i = 1; i < heads.length; i++) if (heads[i]!.id > heads[newest]!.id) newest = i;
    const [head] = heads.splice(newest, 1);
    yield head!.row;
    await advance(head!.rows);
  }
}

async function* asAsync(rows: readonly ListedRow[]): AsyncGenerator<ListedRow> {
  yield* rows;
}

const newestFirst = (months: Iterable<string>) => [...months].sort().reverse();

/** Rebuilds the stale months of `stream`'s list (all of them without a list); the caller holds the source's lock. */
export async function rebuildMovementListLocked(stream: string, at = new Date(), everything = false): Promise<void> {
  const stored = await MovementListModel.findOne({ _id: stream }).lean<MovementList>().exec();
  const written = writtenMovementsOf(stream);
  const listed = !everything && written?.covers(stored, rebuiltWhole(stored)) ? written : null;
  await rebuildList(stream, stored, 'all', at, everything, listed ? (months) => listed.listRows(stored, months) : undefined);
}

/** Whether a list read as `stored` is rebuilt whole: never built (`rebuiltAt` null: created by a writer's mark), of another format, or stale everywhere. */
function rebuiltWhole(stored: MovementList | null): boolean {
  return !stored?.rebuiltAt || stored.format !== MOVEMENT_LIST_FORMAT || (stored.staleMonths ?? []).includes('*') || !Array.isArray(stored.months);
}

/**
 * Rebuilds the stale months of a list read as `stored` (all of them when it was never built, or
 * `everything`); `allMonths` names every month the list holds ('all': read them by stream). `listRows`
 * gives the rows of the months named in list order (each month's together); rows of other months are
 * skipped. Its document is written only if no writer marked it since `stored` was read: false when one did.
 */
async function rebuildList(
  stream: string,
  stored: MovementList | null,
  allMonths: readonly string[] | 'all',
  at: Date,
  everything: boolean,
  listRows: (months: readonly string[] | 'all') => AsyncIterable<ListedRow> = (months) => movementRows(stream, months),
): Promise<boolean> {
  const all = everything || rebuiltWhole(stored);
  const named = all ? allMonths : (stored?.staleMonths ?? []);
  const wanted = named === 'all' ? null : new Set(named);
  const scope = stream === ALL_STREAMS_LIST ? ALL_STREAMS_SCOPE : sourceWriteScope(stream as SourceId);
  // the chunks held of the stream's earlier rebuild are about to be replaced in the store
  if (stream !== ALL_STREAMS_LIST) recentChunks.forget(stream);
  const cutter = new ChunkCutter(stream, scope);
  for await (const row of listRows(named)) if (!wanted || wanted.has(row.period)) await cutter.add(row);
  const built = await cutter.finish();
  // a month rebuilt keeps the chunks it filled; one named (every one, rebuilt whole) and now empty, none
  const kept = new Map<string, MovementListMonthEntry>(all ? [] : (stored?.months ?? []).filter((m) => !wanted!.has(m.period)).map((m) => [m.period, m]));
  for (const [period, month] of built) kept.set(period, month);
  const gone: Types.ObjectId[] = [];
  for (const month of stored?.months ?? []) {
    if (!all && !wanted!.has(month.period)) continue;
    for (let index = built.get(month.period)?.chunkStarts.length ?? 0; index < month.chunkStarts.length; index++) gone.push(movementListChunkId(stream, month.period, index));
  }
  if (gone.length > 0) await deleteByIds(MovementListChunkModel, gone);
  const months = [...kept.values()].sort((a, b) => (a.period < b.period ? 1 : -1));
  const revision = stored?.revision ?? 0;
  const list: MovementList = { _id: stream, stream, months, stale: false, staleMonths: [], revision, format: MOVEMENT_LIST_FORMAT, rebuiltAt: at };
  try {
    // a list from before revisions has none (a mark gives it one)
    const unmarked = { _id: stream, revision: stored?.revision ?? { $exists: false } };
    const written = await MovementListModel.replaceOne(unmarked, list, { upsert: !stored }).exec();
    const applied = written.matchedCount + written.upsertedCount > 0;
    if (applied && stream !== ALL_STREAMS_LIST && cutter.written) recentChunks.hold(stream, at, cutter.written);
    return applied;
  } catch (error) {
    // a writer's mark created the list meanwhile
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * The chunks this process's last rebuilds of stream lists wrote (encoded, as stored), by stream and
 * the rebuild's instant: the merged list's rebuild, which follows a stream's (`sync all`: every
 * stream's), takes them from here instead of reading them back, while the stream's list still names
 * that instant. Any later rebuild of the stream writes another one (and a writer's mark stops the
 * merged rebuild), so a chunk held is the chunk stored. At most RECENT_CHUNK_BYTES: past it, the
 * streams held longest are let go and their chunks read back.
 */
class RecentChunks {
  private readonly byStream = new Map<string, { rebuiltAt: number; chunks: Map<string, Buffer>; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(stream: string, rebuiltAt: Date, period: string, index: number): Buffer | undefined {
    const held = this.byStream.get(stream);
    return held?.rebuiltAt === rebuiltAt.getTime() ? held.chunks.get(`${period}|${index}`) : undefined;
  }

  /** A stream's rebuild at `rebuiltAt` wrote its list, with these chunks (its stale months'). */
  hold(stream: string, rebuiltAt: Date, chunks: ReadonlyArray<{ period: string; index: number; rows: Buffer }>): void {
    this.forget(stream);
    const held = { rebuiltAt: rebuiltAt.getTime(), chunks: new Map(chunks.map((c) => [`${c.period}|${c.index}`, c.rows])), bytes: chunks.reduce((n, c) => n + c.rows.length, 0) };
    if (held.bytes > this.maxBytes) return;
    this.byStream.set(stream, held);
    this.bytes += held.bytes;
    for (const oldest of this.byStream.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.forget(oldest);
    }
  }

  forget(stream: string): void {
    this.bytes -= this.byStream.get(stream)?.bytes ?? 0;
    this.byStream.delete(stream);
  }
}

/** Encoded (deflated) chunks held for the merged list's rebuild at most. */
const RECENT_CHUNK_BYTES = 32 * 2 ** 20;
const recentChunks = new RecentChunks(RECENT_CHUNK_BYTES);

/** Chunks written per keyed upsert: a rebuild holds at most these (encoded) and one chunk's rows, whatever the month's size. */
const CHUNKS_PER_WRITE = 50;

/** Cuts a list's rows, as they arrive in list order, into its chunks of MOVEMENT_LIST_CHUNK, written CHUNKS_PER_WRITE at a time. */
class ChunkCutter {
  private readonly months = new Map<string, MovementListMonthEntry>();
  private month: MovementListMonthEntry | null = null;
  private rows: ListedRow[] = [];
  private unwritten: Array<{ stream: string; period: string; index: number; rows: Buffer }> = [];
  /** the chunks written, while they fit in RECENT_CHUNK_BYTES */
  written: Array<{ period: string; index: number; rows: Buffer }> | null = [];
  private writtenBytes = 0;

  constructor(
    private readonly stream: string,
    private readonly scope: string,
  ) {}

  async add(row: ListedRow): Promise<void> {
    const { period } = row;
    if (this.month?.period !== period) {
      this.cut();
      if (this.months.has(period)) throw new Error(`movement list ${this.stream}: the rows of ${period} came apart`);
      this.month = { period, count: 0, chunkStarts: [] };
      this.months.set(period, this.month);
    }
    this.rows.push(row);
    this.month.count++;
    if (this.rows.length === MOVEMENT_LIST_CHUNK) this.cut();
    if (this.unwritten.length >= CHUNKS_PER_WRITE) await this.write();
  }

  /** The months listed, each with its chunks written. */
  async finish(): Promise<Map<string, MovementListMonthEntry>> {
    this.cut();
    await this.write();
    return this.months;
  }

  private cut(): void {
    if (this.rows.length === 0) return;
    const month = this.month!;
    this.unwritten.push({ stream: this.stream, period: month.period, index: month.chunkStarts.length, rows: joinListRows(this.rows) });
    month.chunkStarts.push(this.rows[0]!.id);
    this.rows = [];
  }

  private async write(): Promise<void> {
    if (this.unwritten.length === 0) return;
    await upsertKeyed(MovementListChunkModel as unknown as KeyedModel, ['stream', 'period', 'index'], this.unwritten, { scope: this.scope });
    for (const chunk of this.unwritten) this.writtenBytes += chunk.rows.length;
    if (this.writtenBytes > RECENT_CHUNK_BYTES) this.written = null;
    this.written?.push(...this.unwritten);
    this.unwritten = [];
  }
}

/** The merged list's lock (src/infra/lock.ts), held by its rebuilds, and the journal scope of their chunk writes (src/store/replace.ts). */
const ALL_STREAMS_LOCK = 'movementlist:*';
const ALL_STREAMS_SCOPE = ALL_STREAMS_LOCK;
/** a rebuild reads a few months of movements */
const ALL_STREAMS_LOCK_TTL_MS = 2 * 60_000;

/**
 * Rebuilds the merged list when it is stale or missing (`everything`: whole) and no stream's list is
 * stale or missing, under its own lock; false when it was left as it was for that reason, or a writer
 * marked it meanwhile.
 */
export async function refreshAllStreamsListIfStale(at = new Date(), everything = false): Promise<boolean> {
  const known = await MovementListModel.findOne({ _id: ALL_STREAMS_LIST }, { stale: 1, format: 1 }).lean<Pick<MovementList, 'stale' | 'format'>>().exec();
  if (known && !known.stale && known.format === MOVEMENT_LIST_FORMAT && !everything) return false;
  const lock = await acquireLockWaiting(ALL_STREAMS_LOCK, ALL_STREAMS_LOCK_TTL_MS);
  try {
    // chunk replacements a rebuild that died left half done
    await finishReplacements(ALL_STREAMS_SCOPE, [MovementListChunkModel as unknown as ReplaceableModel]);
    const stored = await MovementListModel.findOne({ _id: ALL_STREAMS_LIST }).lean<MovementList>().exec();
    if (stored && !stored.stale && stored.format === MOVEMENT_LIST_FORMAT && !everything) return false;
    const lists = await readMovementLists(STREAMS);
    if (STREAMS.some((stream) => !lists.get(stream) || lists.get(stream)!.stale)) return false;
    const allMonths = [...new Set([...lists.values()].flatMap((list) => list.months.map((month) => month.period)))];
    // every stream's list is up to date: the merged months are their chunks merged
    return await rebuildList(ALL_STREAMS_LIST, stored, allMonths, at, everything, (months) => mergedStreamRows(lists, months === 'all' ? allMonths : months));
  } finally {
    await lock.release();
  }
}

/**
 * The source's lock is being released: a list marked stale (by this holder's writes, a party merge,
 * or a holder that died) has its stale months rebuilt, one not built yet (a new database, an upgrade)
 * is built, then (`merged`) the merged list, which waits for every stream's. Two point reads when neither is stale.
 */
export async function refreshMovementListIfStale(stream: string, merged = true): Promise<boolean> {
  const list = await MovementListModel.findOne({ _id: stream }, { stale: 1, format: 1 }).lean<Pick<MovementList, 'stale' | 'format'>>().exec();
  const rebuild = !list || list.stale || list.format !== MOVEMENT_LIST_FORMAT;
  if (rebuild) await rebuildMovementListLocked(stream);
  // then the merged list, marked by the same writers (or left stale by a rebuild that found another stream stale)
  if (merged) await refreshAllStreamsListIfStale();
  return rebuild;
}

/**
 * After a sync of several sources whose lock releases left their lists stale (`sync all`): those lists
 * rebuilt under their sources' locks, taken again, from one read of the movements of all of them (sorted
 * by stream, each list taking its stream's in turn) rather than one per source (each a read of every movement on the embedded store); the merged list then, at
 * the releases, unless `merged` is false (the caller rebuilds it after its last source). A source
 * another sync holds is left to that sync's release. `coveredOnly`: only the lists the syncs' records
 * cover (no read), the others left to a later call.
 */
export async function rebuildStaleMovementLists(streams: readonly string[], options: { coveredOnly?: boolean; merged?: boolean } = {}, at = new Date()): Promise<void> {
  const isStale = (list: MovementList | null) => !list || list.stale || list.format !== MOVEMENT_LIST_FORMAT;
  const locks: SourceLock[] = [];
  try {
    const stale: Array<{ stream: string; stored: MovementList | null }> = [];
    for (const stream of streams) {
      const list = await MovementListModel.findOne({ _id: stream }).lean<MovementList>().exec();
      if (!isStale(list)) {
        // nothing to list: the sync's record of its writes is done with
        endWrittenMovements(stream);
        continue;
      }
      // `coveredOnly`: a list the record does not cover is left, record and all, to a later call's one read
      if (options.coveredOnly && !writtenMovementsOf(stream)?.covers(list, rebuiltWhole(list))) continue;
      try {
        locks.push(await acquireSourceLock(stream, undefined, { mergedList: options.merged }));
      } catch (error) {
        if (!(error instanceof SyncLockedError)) throw error;
        continue;
      }
      // read again under the lock
      const stored = await MovementListModel.findOne({ _id: stream }).lean<MovementList>().exec();
      if (isStale(stored)) stale.push({ stream, stored });
    }
    // the lists the syncs' records of their writes cover are rebuilt from them; the others from one read
    for (const { stream, stored } of [...stale]) {
      const written = writtenMovementsOf(stream);
      if (!written?.covers(stored, rebuiltWhole(stored))) continue;
      await rebuildList(stream, stored, 'all', at, false, (months) => written.listRows(stored, months));
      stale.splice(stale.findIndex((s) => s.stream === stream), 1);
    }
    if (stale.length === 0) return;
    const whole = stale.some(({ stored }) => rebuiltWhole(stored));
    const months = [...new Set(stale.flatMap(({ stored }) => stored?.staleMonths ?? []))];
    const filter = { stream: { $in: stale.map((s) => s.stream) }, ...(whole ? {} : { period: { $in: months } }) };
    // one cursor, in list order stream after stream (the store sorts: one batch in memory); each list takes its stream's rows
    const cursor = MovementModel.find(filter).sort({ stream: 1, period: -1, _id: -1 }).lean<Row>().cursor({ batchSize: 1000 });
    const movements = new Peekable<Row>(cursor[Symbol.asyncIterator]() as AsyncIterator<Row>);
    try {
      for (const { stream, stored } of [...stale].sort((a, b) => (a.stream < b.stream ? -1 : 1))) {
        await rebuildList(stream, stored, 'all', at, false, () => listedRows(movements.takeWhile((row) => row.stream === stream)));
      }
      if (await movements.peek()) throw new Error('movement lists: the store returned the streams\' movements out of order');
    } finally {
      await cursor.close();
    }
  } finally {
    // each release rebuilds what is still stale (a failed rebuild above), and the merged list
    for (const lock of locks.reverse()) await lock.release();
  }
}

/** An iterator whose next value can be looked at before it is taken. */
class Peekable<T> {
  private head: IteratorResult<T> | null = null;

  constructor(private readonly values: AsyncIterator<T>) {}

  async peek(): Promise<T | undefined> {
    this.head ??= await this.values.next();
    return this.head.done ? undefined : this.head.value;
  }

  /** The values from here on while `belongs` holds. */
  async *takeWhile(belongs: (value: T) => boolean): AsyncGenerator<T> {
    for (let value = await this.peek(); value !== undefined && belongs(value); value = await this.peek()) {
      this.head = null;
      yield value;
    }
  }
}

/**
 * Rebuilds the whole lists of `streams` each under its source's lock (taking it); a stream a sync
 * holds locked is skipped and named in `locked`. Then the merged list: whole when every stream's was
 * rebuilt, else where it is stale (named in `rebuilt` as ALL_STREAMS_LIST when it was rebuilt).
 */
export async function rebuildMovementLists(streams: readonly string[]): Promise<{ rebuilt: string[]; locked: string[] }> {
  const result = { rebuilt: [] as string[], locked: [] as string[] };
  for (const stream of streams) {
    let lock;
    try {
      lock = await acquireSourceLock(stream);
    } catch (error) {
      if (!(error instanceof SyncLockedError)) throw error;
      result.locked.push(stream);
      continue;
    }
    try {
      await rebuildMovementListLocked(stream, new Date(), true);
      result.rebuilt.push(stream);
    } finally {
      await lock.release();
    }
  }
  if (await refreshAllStreamsListIfStale(new Date(), STREAMS.every((stream) => result.rebuilt.includes(stream)))) result.rebuilt.push(ALL_STREAMS_LIST);
  if (result.locked.length > 0) log.info({ locked: result.locked }, 'movement lists of sources being synced were not rebuilt');
  return result;
}

/**
 * The lists a page of `streams` can be served from: the merged list alone when they are every stream
 * and it is not stale; else every stream's; null when one is stale or missing (a new database, an
 * upgrade), and the caller takes the query instead. A reader never takes a source's lock (a sync
 * starting then would be refused): the next lock release builds what is missing, and so does
 * `hub stats rebuild`.
 */
export async function usableMovementLists(streams: readonly string[], read: (streams: readonly string[]) => Promise<Map<string, MovementList>>): Promise<Map<string, MovementList> | null> {
  const everyStream = STREAMS.every((stream) => streams.includes(stream));
  if (everyStream) {
    const merged = await read([ALL_STREAMS_LIST]);
    if (merged.size === 1 && !merged.get(ALL_STREAMS_LIST)!.stale) return merged;
  }
  const lists = await read(streams);
  if (streams.some((stream) => !lists.get(stream) || lists.get(stream)!.stale)) return null;
  return lists;
}

export interface MovementListDrift {
  stream: string;
  period: string;
  stored: number;
  actual: number;
}

/**
 * Months whose stored list differs from the movements (count, rows or their order); empty when they
 * agree. With every stream named, the merged list is checked too.
 */
export async function checkMovementLists(streams: readonly string[]): Promise<MovementListDrift[]> {
  const drift: MovementListDrift[] = [];
  const everyStream = new Map<string, Row[]>();
  for (const stream of streams) {
    const byMonth = await movementsByMonth(stream, 'all');
    for (const [period, rows] of byMonth) everyStream.set(period, [...(everyStream.get(period) ?? []), ...rows]);
    drift.push(...(await listDrift(stream, byMonth)));
  }
  if (STREAMS.every((stream) => streams.includes(stream))) {
    for (const rows of everyStream.values()) rows.sort(byIdDescending);
    drift.push(...(await listDrift(ALL_STREAMS_LIST, everyStream)));
  }
  return drift;
}

/** The months where `stream`'s stored list differs from `byMonth`, the movements as they are. */
async function listDrift(stream: string, byMonth: ReadonlyMap<string, Row[]>): Promise<MovementListDrift[]> {
  const drift: MovementListDrift[] = [];
  const list = await MovementListModel.findOne({ _id: stream }).lean<MovementList>().exec();
  const periods = new Set([...byMonth.keys(), ...(list?.months ?? []).map((m) => m.period)]);
  for (const period of periods) {
    const actual = byMonth.get(period) ?? [];
    // a list only marked so far may have no `months` (the embedded store drops a new list's empty array)
    const entry = (list?.months ?? []).find((m) => m.period === period);
    if (list?.stale || list?.format !== MOVEMENT_LIST_FORMAT) {
      drift.push({ stream, period, stored: entry?.count ?? 0, actual: actual.length });
      continue;
    }
    const stored: Row[] = [];
    for (let index = 0; index < (entry?.chunkStarts.length ?? 0); index++) stored.push(...(await readMovementListChunk(stream, period, index)));
    if (entry?.count !== actual.length || canonicalJson(JSON.parse(JSON.stringify(stored))) !== canonicalJson(JSON.parse(JSON.stringify(actual)))) {
      drift.push({ stream, period, stored: entry?.count ?? 0, actual: actual.length });
    }
  }
  return drift;
}
