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
