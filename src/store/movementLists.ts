/**
 * Movement lists: the order of the `movements` connection (newest month first, then `_id` newest first)
 * kept as documents the store serves by point reads, so a page of the list without filters beyond the
 * stream scope costs a few `{_id}` reads instead of a query (which the embedded store answers by reading
 * the whole collection, sort and limit included).
 *
 * Per stream one small document under `_id` `<stream>` (its months newest first, each with how many
 * movements it holds, so `totalCount` is a sum, and where each chunk starts), and per (stream, month)
 * chunks of MOVEMENT_LIST_CHUNK movements in list order, the movement documents themselves: a page reads
 * the list documents and one chunk per stream, and no movement. A chunk stores its rows as one value
 * (`joinListRows`): the embedded store decodes a document value by value, and on the demo's
 * data a chunk of 100 movements was read in 18 ms as one string against 195 ms as an array.
 *
 * Beside them one list of every stream's movements merged (`_id` ALL_STREAMS_LIST, its chunks the
 * same way): a caller who reads every stream pages through one list document and one chunk rather than
 * one of each per stream.
 *
 * Kept without transactions: a writer of a stream's movements (the sync, under the source's lock; a
 * party merge) first marks the stream's list and the merged list `stale` with the months it touches
 * (each mark moves the list's `revision`), and those months are rebuilt from the movements when the
 * source's lock is released (src/ingest/movementLists.ts). A rebuild writes its list only if the
 * revision it read is still the stored one: a writer that marked the list meanwhile keeps it stale. A
 * process that dies in between leaves the list stale: readers then take the index-served query, and
 * the next holder of the lock rebuilds it. `hub stats rebuild|check` rebuild and check the lists.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Schema, mongo, model, type Types } from 'mongoose';
import { keyedObjectId } from './keys';
import { findByIds } from './reads';
import { isDuplicateKey } from './writes';

/** The `_id` (and `stream`) of the list of every stream's movements. */
export const ALL_STREAMS_LIST = '*';

/** The layout lists and chunks are written in (4: rows as their `_id` and BSON document each, deflated together); a list of another is rebuilt before use. */
export const MOVEMENT_LIST_FORMAT = 4;

/** Rows per chunk: a first page of up to 100 movements reads one chunk per stream. */
export const MOVEMENT_LIST_CHUNK = 100;

export interface MovementListMonthEntry {
  period: string;
  count: number;
  /** per chunk, the `_id` (hex) of its first row: where a cursor's position falls */
  chunkStarts: string[];
}

export interface MovementList {
  /** the stream (ALL_STREAMS_LIST: every stream) */
  _id: string;
  stream: string;
  /** months newest first (months without movements are left out) */
  months: MovementListMonthEntry[];
  /** a writer changed the stream's movements and the list has not been rebuilt since */
  stale: boolean;
  /** the months the writers named (`*`: all of them), rebuilt when the lock is released */
  staleMonths: string[];
  /** moved by every mark: a rebuild's write applies only while it is the one the rebuild read */
  revision: number;
  /** MOVEMENT_LIST_FORMAT when it was rebuilt (absent: before formats) */
  format?: number;
  rebuiltAt: Date | null;
}

export type MovementListRow = Record<string, unknown> & { _id: Types.ObjectId };

export interface MovementListChunk {
  _id: Types.ObjectId;
  stream: string;
  period: string;
  index: number;
  /** the movements themselves, in list order (`_id` descending), as they were when the list was rebuilt: `joinListRows` */
  rows: mongo.Binary;
}

export const MovementListModel = model<MovementList>(
  'MovementList',
  new Schema<MovementList>(
    {
      _id: { type: String, required: true },
      stream: { type: String, required: true },
      months: { type: Schema.Types.Mixed, default: [] },
      stale: { type: Boolean, default: false },
      staleMonths: { type: [String], default: [] },
      revision: { type: Number, default: 0 },
      format: { type: Number },
      rebuiltAt: { type: Date, default: null },
    },
    { collection: 'movementlists', minimize: false, versionKey: false },
  ),
);

export const MovementListChunkModel = model<MovementListChunk>(
  'MovementListChunk',
  new Schema<MovementListChunk>(
    {
      stream: { type: String, required: true },
      period: { type: String, required: true },
      index: { type: Number, required: true },
      rows: { type: Buffer, required: true },
    },
    { collection: 'movementlistchunks', minimize: false, versionKey: false },
  ),
);

/** The `_id` of a chunk (keys.ts): readers find it by a point read. */
export const movementListChunkId = (stream: string, period: string, index: number) => keyedObjectId(MovementListChunkModel.modelName, stream, period, String(index));

/**
 * Before a writer changes the movements of `streams` (under their sources' locks): their lists and the
 * merged list are stale, and the months named (the written movements' months before and after; `all`
 * when the writer cannot name them) are rebuilt when the lock is released. One write of `{_id}` updates.
 *
 * The marks are upserts: two writers marking a list that does not exist yet can both try to insert it,
 * and the store refuses the second with a duplicate key (MongoDB 7 retries such an upsert itself;
 * FerretDB does not). The list exists then, so the mark is sent again (a mark applied twice moves the
 * revision twice, which only makes a concurrent rebuild write nothing).
 */
export async function markMovementListStale(streams: string | readonly string[], months: Iterable<string> | 'all'): Promise<void> {
  const named = months === 'all' ? ['*'] : [...new Set(months)];
  if (named.length === 0) return;
  const mark = (list: string) => ({
    updateOne: {
      filter: { _id: list },
      update: { $set: { stale: true }, $inc: { revision: 1 }, $addToSet: { staleMonths: { $each: named } }, $setOnInsert: { stream: list, months: [], rebuiltAt: null } },
      upsert: true,
    },
  });
  const lists = [...new Set([...(typeof streams === 'string' ? [streams] : streams), ALL_STREAMS_LIST])];
  const write = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await MovementListModel.bulkWrite(lists.map(mark), { ordered: true });
        return;
      } catch (error) {
        if (attempt >= 3 || !isDuplicateKey(error)) throw error;
      }
    }
  };
  // one mark at a time per process: the embedded store applies concurrent updates of one document as
  // read-modify-write, and one of two marks at once was lost (its months with it)
  const run = marking.then(write);
  marking = run.catch(() => undefined);
  return run;
}

let marking: Promise<unknown> = Promise.resolve();

/** The lists of `streams` (one read of a collection of one document per stream); a stream without one, or with one of an earlier format, is left out. */
export async function readMovementLists(streams: readonly string[]): Promise<Map<string, MovementList>> {
  const lists = await findByIds<MovementList, string>(MovementListModel, streams, { small: true });
  return new Map(lists.filter((list) => list.format === MOVEMENT_LIST_FORMAT).map((list) => [list._id, list]));
}

/**
 * A row as a chunk stores it: the 12 bytes of its `_id`, then its BSON document (types kept: ids,
 * dates). A rebuild that only reorders rows (the merged list) moves these bytes without decoding the
 * documents, and finds each row's place by the `_id` in front.
 */
export interface EncodedListRow {
  /** the row's `_id`, hex */
  id: string;
  bytes: Uint8Array;
}

export function encodeListRow(row: MovementListRow): EncodedListRow {
  return { id: row._id.toHexString(), bytes: Buffer.concat([row._id.id, mongo.BSON.serialize(row)]) };
}

/**
 * A chunk's rows as the one value it stores: their encodings one after another, deflated at the
 * fastest level (rows repeat their field names and parties: about as small as the default level, at a
 * sixth of its CPU, which a first sync spends on every chunk).
 */
export function joinListRows(rows: readonly EncodedListRow[]): Buffer {
  return deflateRawSync(Buffer.concat(rows.map((row) => row.bytes)), { level: 1 });
}

/** The rows `joinListRows` joined, as stored (a Binary) or as it returned them, still encoded. */
export function splitListRows(stored: mongo.Binary | Buffer): EncodedListRow[] {
  const joined = inflateRawSync(Buffer.isBuffer(stored) ? stored : stored.buffer);
  const rows: EncodedListRow[] = [];
  for (let at = 0; at < joined.length; ) {
    // the `_id`, then a document whose first 4 bytes are its length (5 at least: an empty document)
    const length = at + 16 <= joined.length ? joined.readInt32LE(at + 12) : -1;
    const end = at + 12 + length;
    if (length < 5 || end > joined.length) throw new Error('movement list chunk: a row runs past the chunk');
    rows.push({ id: joined.toString('hex', at, at + 12), bytes: joined.subarray(at, end) });
    at = end;
  }
  return rows;
}

export function decodeListRow(row: EncodedListRow): MovementListRow {
  return mongo.BSON.deserialize(row.bytes.subarray(12)) as MovementListRow;
}

/** One chunk's rows, still encoded (a point read); empty when it is not stored. */
export async function readEncodedMovementListChunk(stream: string, period: string, index: number): Promise<EncodedListRow[]> {
  const chunk = await MovementListChunkModel.findOne({ _id: movementListChunkId(stream, period, index) }).lean<MovementListChunk>().exec();
  return chunk ? splitListRows(chunk.rows) : [];
}

/** One chunk's rows (a point read); empty when it is not stored. */
export async function readMovementListChunk(stream: string, period: string, index: number): Promise<MovementListRow[]> {
  return (await readEncodedMovementListChunk(stream, period, index)).map(decodeListRow);
}
