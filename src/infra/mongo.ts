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
