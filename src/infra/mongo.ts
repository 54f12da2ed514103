/**
 * The MongoDB connection (mongoose). Only features that both FerretDB v1.24 and MongoDB 7 support are used:
 * no transactions, no Decimal128, aggregation limited to $match/$group/$sort/$project/$unwind/$limit/$skip/$count.
 */
import mongoose, { type Connection } from 'mongoose';
import { childLogger } from './log';

const log = childLogger('mongo');

mongoose.set('strictQuery', true);
// Indexes are created explicitly by syncIndexes() at start-up, not lazily on first model use.
mongoose.set('autoIndex', false);

/** `monitorCommands`: emit the driver's command events (bench/growth and the test suite price and check every query). */
export async function connectMongo(uri: string, dbName: string, options: { monitorCommands?: boolean } = {}): Promise<Connection> {
  const conn = mongoose.connection;
  if (conn.readyState === 1) return conn;
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10000, directConnection: isSingleHost(uri), monitorCommands: options.monitorCommands ?? false });
  log.info({ dbName }, 'connected to MongoDB');
  return mongoose.connection;
}

function isSingleHost(uri: string): boolean {
  return uri.startsWith('mongodb://') && !uri.replace('mongodb://', '').split('/')[0]!.includes(',') && !uri.includes('replicaSet=');
}

/**
 * Creates the indexes every registered model declares (idempotent). On FerretDB v1 an index over an array
 * field is not multikey: it holds the whole array as one key, which no query can use, and which FerretDB's
 * PostgreSQL backend refuses once the array is big (a btree key is at most 2704 bytes: a medical handover
 * movement with ~100 source records fails to insert). There, non-unique indexes over arrays are left out.
 */
export async function syncIndexes(): Promise<void> {
  const ferretdb = await isFerretDB();
  for (const model of Object.values(mongoose.models)) {
    if (!ferretdb) {
      await model.createIndexes();
      continue;
    }
    for (const [fields, options] of model.schema.indexes()) {
      const overArray = Object.keys(fields).some((path) => isInArray(model.schema, path));
      if (overArray && !options.unique) continue;
      await model.collection.createIndex(fields as Record<string, 1 | -1>, options as mongoose.mongo.CreateIndexesOptions);
    }
  }
}

/** The path is an array or lies inside one (`aliases.source` of an array of aliases). */
function isInArray(schema: mongoose.Schema, path: string): boolean {
  const parts = path.split('.');
  return parts.some((_, i) => ['Array', 'DocumentArray'].includes(schema.path(parts.slice(0, i + 1).join('.'))?.instance ?? ''));
}

async function isFerretDB(): Promise<boolean> {
  const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info || 'ferretdb' in info;
}

export async function pingMongo(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  try {
    await db.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
}

/**
 * Statements per bulk write. FerretDB v1 keeps each update statement's read open until the whole
 * command ends, on a pool of 100 SQLite connections: a command of about 100 updates deadlocks the
 * server (and leaves it stuck). Every bulk write with updates goes through `bulkWriteInChunks`.
 */
export const BULK_CHUNK = 50;

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
  options: { timestamps?: boolean; ignoreDuplicateKeys?: boolean } = {},
): Promise<BulkCounts> {
  const { ignoreDuplicateKeys = false, ...writeOptions } = options;
  const total: BulkCounts = { matchedCount: 0, modifiedCount: 0, insertedCount: 0, upsertedCount: 0 };
  const add = (result: BulkCounts) => {
    total.matchedCount += result.matchedCount;
    total.modifiedCount += result.modifiedCount;
    total.insertedCount += result.insertedCount;
    total.upsertedCount += result.upsertedCount;
  };
  for (let i = 0; i < ops.length; i += BULK_CHUNK) {
    try {
      add(await model.bulkWrite(ops.slice(i, i + BULK_CHUNK) as never[], { ordered: false, ...writeOptions }));
    } catch (error) {
      if (!ignoreDuplicateKeys || !duplicateKeyErrors(error)) throw error;
      add((error as mongoose.mongo.MongoBulkWriteError).result);
    }
  }
  return total;
}

/** The write errors of an unordered bulk write when every one of them is a duplicate key, else null. */
function duplicateKeyErrors(error: unknown): mongoose.mongo.WriteError[] | null {
  if (!(error instanceof mongoose.mongo.MongoBulkWriteError)) return null;
  const writeErrors = ([] as mongoose.mongo.WriteError[]).concat(error.writeErrors);
  return writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000) ? writeErrors : null;
}

const INSERT_CHUNK = 500;

/**
 * Inserts documents that carry their _id, unordered, and returns the _ids (as strings) that already
 * existed: a duplicate-key rejection is the cheap existence check on every server (FerretDB answers a
 * query on anything but a lone _id with a collection scan; an insert checks the unique index). Any
 * other write error is thrown. Documents are written as given: callers cast and validate them.
 */
export async function insertNewKeys(model: { collection: { insertMany(docs: object[], options: { ordered: false }): Promise<unknown> } }, docs: ReadonlyArray<{ _id: unknown }>): Promise<Set<string>> {
  const existing = new Set<string>();
  for (let i = 0; i < docs.length; i += INSERT_CHUNK) {
    const chunk = docs.slice(i, i + INSERT_CHUNK);
    try {
      await model.collection.insertMany(chunk as object[], { ordered: false });
    } catch (error) {
      const duplicates = duplicateKeyErrors(error);
      if (!duplicates) throw error;
      for (const e of duplicates) existing.add(String(chunk[e.index]!._id));
    }
  }
  return existing;
}
