/**
 * Gives a test file its own database on the shared test server, dropped before and after, so files can
 * run in parallel without seeing each other's documents.
 */
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { connectMongo, disconnectMongo, syncIndexes } from '../../src/infra/mongo';

export function testDatabaseName(file: string): string {
  return `t_${createHash('sha1').update(file).digest('hex').slice(0, 16)}`;
}

export function useTestDatabase(file: string): void {
  beforeAll(async () => {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('MONGODB_URI is not set: run the tests through jest (test/support/globalSetup.ts)');
    await connectMongo(uri, testDatabaseName(file));
    await mongoose.connection.dropDatabase();
    await syncIndexes();
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectMongo();
  });
}
