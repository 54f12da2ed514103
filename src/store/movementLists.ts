/**
 * Movement lists: the order of the `movements` connection (newest month first, then `_id` newest first)
 * kept as documents the store serves by point reads, so a page of the list without filters beyond the
 * stream scope costs a few `{_id}` reads instead of a query (which the embedded store answers by reading
 * the whole collection, sort and limit included).
 *
 * Per stream one small document under `_id` `<stream>` (its months newest first, each with how many
 * movements it holds, so `totalCount` is a sum, and where each chunk starts), and per (stream, month)
 * chunks of MOVEMENT_LIST_CHUNK movements in list order, the movement documents themselves: a page reads
 * the list documents and one chunk per stream, and no movement.
 *
 * Kept without transactions: a writer of a stream's movements (the sync, under the source's lock; a
 * party merge) first marks the stream's list `stale` with the months it touches, and those months are
 * rebuilt from the movements when the source's lock is released (src/ingest/movementLists.ts). A process
 * that dies in between leaves the list stale: readers then take the index-served query, and the next
 * holder of the lock rebuilds it. `hub stats rebuild|check` rebuild and check the lists.
 */
import { Schema, model, type Types } from 'mongoose';
import { keyedObjectId } from './keys';

/** Rows per chunk: a first page of up to 100 movements reads one chunk per stream. */
export const MOVEMENT_LIST_CHUNK = 100;

export interface MovementListMonthEntry {
  period: string;
  count: number;
  /** per chunk, the `_id` (hex) of its first row: where a cursor's position falls */
  chunkStarts: string[];
}

export interface MovementList {
  /** the stream */
  _id: string;
  stream: string;
  /** months newest first (months without movements are left out) */
  months: MovementListMonthEntry[];
  /** a writer changed the stream's movements and the list has not been rebuilt since */
  stale: boolean;
  /** the months the writers named (`*`: all of them), rebuilt when the lock is released */
  staleMonths: string[];
  /** how many marks the list has had: a rebuild clears the marks only if none came while it ran */
  revision: number;
  rebuiltAt: Date | null;
}

export interface MovementListChunk {
  _id: Types.ObjectId;
  stream: string;
  period: string;
  index: number;
  /** the movements themselves, in list order (`_id` descending), as they were when the list was rebuilt */
  rows: Array<Record<string, unknown> & { _id: Types.ObjectId }>;
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
      rows: { type: Schema.Types.Mixed, default: [] },
    },
    { collection: 'movementlistchunks', minimize: false, versionKey: false },
  ),
);

/** The `_id` of a chunk (keys.ts): readers find it by a point read. */
export const movementListChunkId = (stream: string, period: string, index: number) => keyedObjectId(MovementListChunkModel.modelName, stream, period, String(index));

/**
 * Before a writer changes a stream's movements (under the source's lock): the list is stale, and the
 * months named (the written movements' months before and after; `all` when the writer cannot name
 * them) are rebuilt when the lock is released. One `{_id}` update.
 */
export async function markMovementListStale(stream: string, months: Iterable<string> | 'all'): Promise<void> {
  const named = months === 'all' ? ['*'] : [...new Set(months)];
  if (named.length === 0) return;
  await MovementListModel.updateOne(
    { _id: stream },
    { $set: { stale: true }, $addToSet: { staleMonths: { $each: named } }, $inc: { revision: 1 }, $setOnInsert: { stream, months: [], rebuiltAt: null } },
    { upsert: true },
  ).exec();
}

/** The lists of `streams` (point reads); a stream without one is left out. */
export async function readMovementLists(streams: readonly string[]): Promise<Map<string, MovementList>> {
  const lists = await Promise.all(streams.map((stream) => MovementListModel.findOne({ _id: stream }).lean<MovementList>().exec()));
  return new Map(lists.filter((list): list is MovementList => list !== null).map((list) => [list._id, list]));
}

/** One chunk's rows (a point read); empty when it is not stored. */
export async function readMovementListChunk(stream: string, period: string, index: number): Promise<MovementListChunk['rows']> {
  const chunk = await MovementListChunkModel.findOne({ _id: movementListChunkId(stream, period, index) }).lean<MovementListChunk>().exec();
  return chunk?.rows ?? [];
}
