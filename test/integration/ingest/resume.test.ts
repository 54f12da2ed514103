/**
 * Crash safety: a sync interrupted mid-batch (after records are stored, before they are projected and
 * before state is saved) and aborted between batches, then re-run, ends identical to an uninterrupted
 * sync into another database.
 */
import mongoose from 'mongoose';
import { runSync } from '../../../src/ingest/engine';
import { connectMongo, syncIndexes } from '../../../src/infra/mongo';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { checkMovementLists } from '../../../src/ingest/movementLists';
import { STREAMS } from '../../../src/model/reference/agencies';
import { canonicalDump, sandboxConnectors } from './support';

useTestDatabase(__filename);
jest.setTimeout(900_000);

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenarioOptions: { size: 0.2 } });
});
afterAll(async () => {
  await sandbox.stop();
});

it('a sync killed half-way and re-run ends identical to an uninterrupted one', async () => {
  const connectors = sandboxConnectors(sandbox);
  const asOf = new Date('2026-12-01T00:00:00+08:00');
  // a killed process stops everything: the hook throws (between storing a batch's records and projecting
  // them, so the in-flight mark makes the next run replay it) and aborts the rest of the run
  const killAt = (stream: string, index: number, when: 'afterStore' | 'afterBatch') => {
    const controller = new AbortController();
    const hook = (info: { stream: string; index: number }) => {
      if (info.stream !== stream || info.index !== index) return;
      controller.abort(new Error(`killed in ${stream} batch ${index}`));
      if (when === 'afterStore') throw new Error(`killed in ${stream} batch ${index}`);
    };
    return { signal: controller.signal, hooks: { [when]: hook } };
  };
  const first = await runSync('all', { connectors, asOf, batchSize: 100, ...killAt('hw-manifests', 2, 'afterStore') });
  expect(first.at(-1)).toMatchObject({ stream: 'hw-manifests', status: 'PARTIAL' });
  await runSync('all', { connectors, asOf, batchSize: 100, ...killAt('weigh-tickets', 2, 'afterBatch') }).catch(() => undefined);
  await runSync('all', { connectors, asOf, batchSize: 100, ...killAt('ledgers', 3, 'afterStore') }).catch(() => undefined);
  const resumed = await runSync('all', { connectors, asOf, batchSize: 100 });
  expect(resumed.filter((r) => r.status !== 'SUCCEEDED')).toEqual([]);
  // the movement lists the interrupted runs marked stale were rebuilt when their locks were released
  expect(await checkMovementLists(STREAMS)).toEqual([]);
  const interrupted = await canonicalDump();

  const uri = process.env.MONGODB_URI!;
  await mongoose.disconnect();
  await connectMongo(uri, `${testDatabaseName(__filename)}_clean`);
  await mongoose.connection.dropDatabase();
  await syncIndexes();
  const clean = await runSync('all', { connectors: sandboxConnectors(sandbox), asOf, batchSize: 100 });
  expect(clean.filter((r) => r.status !== 'SUCCEEDED')).toEqual([]);
  const uninterrupted = await canonicalDump();
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
  await connectMongo(uri, testDatabaseName(__filename));

  for (const collection of Object.keys(uninterrupted)) {
    expect({ collection, docs: interrupted[collection] }).toEqual({ collection, docs: uninterrupted[collection] });
  }
});
