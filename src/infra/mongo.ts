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

export async function connectMongo(uri: string, dbName: string): Promise<Connection> {
  const conn = mongoose.connection;
  if (conn.readyState === 1) return conn;
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10000, directConnection: isSingleHost(uri) });
  log.info({ dbName }, 'connected to MongoDB');
  return mongoose.connection;
}

function isSingleHost(uri: string): boolean {
  return uri.startsWith('mongodb://') && !uri.replace('mongodb://', '').split('/')[0]!.includes(',') && !uri.includes('replicaSet=');
}

/** Creates the indexes every registered model declares (idempotent). */
export async function syncIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    await model.createIndexes();
  }
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

/** `model.bulkWrite` in chunks of BULK_CHUNK statements, with the counts summed. */
export async function bulkWriteInChunks(
  // the operations are checked by mongoose when it casts them, as with model.bulkWrite
  model: { bulkWrite(ops: never[], options: { ordered: false; timestamps?: boolean }): Promise<BulkCounts> },
  ops: readonly object[],
  options: { timestamps?: boolean } = {},
): Promise<BulkCounts> {
  const total: BulkCounts = { matchedCount: 0, modifiedCount: 0, insertedCount: 0, upsertedCount: 0 };
  for (let i = 0; i < ops.length; i += BULK_CHUNK) {
    const result = await model.bulkWrite(ops.slice(i, i + BULK_CHUNK) as never[], { ordered: false, ...options });
    total.matchedCount += result.matchedCount;
    total.modifiedCount += result.modifiedCount;
    total.insertedCount += result.insertedCount;
    total.upsertedCount += result.upsertedCount;
  }
  return total;
}
