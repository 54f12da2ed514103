/**
 * Writes shaped for the store: one chunk policy, one duplicate-key test, insert-to-detect.
 *
 * FerretDB v1 (SQLite backend, the embedded store) answers every statement but a lone `{_id: value}`
 * read by reading the whole collection; an update or a delete is such a statement even by `_id`. An
 * insert checks the unique index without a scan. So: existence is learnt by inserting (a duplicate key
 * means "exists"), and many documents are changed with one `_id $in` statement, not one each. FerretDB
 * keeps each update statement of a bulk write open until the command ends, on a pool of 100 SQLite
 * connections: a bulk command of about 100 updates deadlocks it, hence the small update chunk.
 */
import mongoose from 'mongoose';

/** Update / delete / replace statements per bulk write command (see above). */
export const BULK_CHUNK = 50;
/** Documents per insert command, and ids per `_id $in` statement. */
export const WRITE_CHUNK = 500;

/** Whether an error is the store refusing a duplicate key (MongoDB's code 11000, as FerretDB reports it too). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * Whether an error says the store cannot be reached (rather than that it refused a document): the
 * driver's network and server-selection errors, and mongoose's "buffering timed out" while the
 * connection is down, whatever wraps them.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (/MongoNetwork|MongoServerSelection|MongoNotConnected|MongoTopologyClosed|PoolClosed/.test(e.name)) return true;
    if (/buffering timed out|ECONNREFUSED|connection .* closed/i.test(e.message)) return true;
  }
  return false;
}

/** `items` in slices of `size`, in order. */
export function* chunks<T>(items: readonly T[], size: number = WRITE_CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Runs after each chunk a write command stored (fault injection, src/killPoints.ts, kills the process there). */
export type AfterChunk = (index: number) => void;

export interface BulkCounts {
  matchedCount: number;
  modifiedCount: number;
  insertedCount: number;
  upsertedCount: number;
}

/**
 * `model.bulkWrite` (unordered) in chunks of BULK_CHUNK statements, with the counts summed. With
 * `ignoreDuplicateKeys`, statements rejected for a duplicate key are skipped (the document exists)
 * and the rest of their chunk counts; any other write error is thrown.
 */
export async function bulkWriteInChunks(
  // the operations are checked by mongoose when it casts them, as with model.bulkWrite
  model: { bulkWrite(ops: never[], options: { ordered: false; timestamps?: boolean }): Promise<BulkCounts> },
  ops: readonly object[],
  options: { timestamps?: boolean; ignoreDuplicateKeys?: boolean; afterChunk?: AfterChunk } = {},
): Promise<BulkCounts> {
  const { ignoreDuplicateKeys = false, afterChunk, ...writeOptions } = options;
  const total: BulkCounts = { matchedCount: 0, modifiedCount: 0, insertedCount: 0, upsertedCount: 0 };
  const add = (result: BulkCounts) => {
    total.matchedCount += result.matchedCount;
    total.modifiedCount += result.modifiedCount;
    total.insertedCount += result.insertedCount;
    total.upsertedCount += result.upsertedCount;
  };
  let index = 0;
  for (const chunk of chunks(ops, BULK_CHUNK)) {
    try {
      add(await model.bulkWrite(chunk as never[], { ordered: false, ...writeOptions }));
    } catch (error) {
      if (!ignoreDuplicateKeys || !duplicateKeyErrors(error)) throw error;
      add((error as mongoose.mongo.MongoBulkWriteError).result);
    }
    afterChunk?.(++index);
  }
  return total;
}

/** The write errors of an unordered bulk write when every one of them is a duplicate key, else null. */
function duplicateKeyErrors(error: unknown): mongoose.mongo.WriteError[] | null {
  if (!(error instanceof mongoose.mongo.MongoBulkWriteError)) return null;
  const writeErrors = ([] as mongoose.mongo.WriteError[]).concat(error.writeErrors);
  return writeErrors.length > 0 && writeErrors.every((e) => isDuplicateKey(e)) ? writeErrors : null;
}

export interface InsertableModel {
  collection: { insertMany(docs: object[], options: { ordered: false }): Promise<unknown> };
}

/**
 * Inserts documents that carry their _id, unordered, and returns the _ids (as strings) that already
 * existed: a duplicate-key rejection is the cheap existence check on every server. Any other write
 * error is thrown. Documents are written as given: callers cast and validate them.
 */
export async function insertNewKeys(model: InsertableModel, docs: ReadonlyArray<{ _id: unknown }>, afterChunk?: AfterChunk): Promise<Set<string>> {
  const existing = new Set<string>();
  let index = 0;
  for (const chunk of chunks(docs)) {
    try {
      await model.collection.insertMany(chunk as object[], { ordered: false });
    } catch (error) {
      const duplicates = duplicateKeyErrors(error);
      if (!duplicates) throw error;
      for (const e of duplicates) existing.add(String(chunk[e.index]!._id));
    }
    afterChunk?.(++index);
  }
  return existing;
}

/** Deletes the documents with these `_id`s, one `$in` statement per chunk; returns how many went. */
export async function deleteByIds(model: { deleteMany(filter: object): { exec(): Promise<{ deletedCount: number }> } }, ids: readonly unknown[]): Promise<number> {
  let deleted = 0;
  for (const chunk of chunks(ids)) deleted += (await model.deleteMany({ _id: { $in: chunk } }).exec()).deletedCount;
  return deleted;
}
