/**
 * Crash safety: a sync interrupted mid-batch (after records are stored, before they are projected and
 * before state is saved) and aborted between batches, then re-run, ends identical to an uninterrupted
 * sync into another database.
 */
import { runSync } from '../../../src/ingest/engine';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { useTestDatabase } from '../../support/mongo';
import { checkMovementLists } from '../../../src/ingest/movementLists';
import { STREAMS } from '../../../src/model/reference/agencies';
import { canonicalDump, inOtherDatabase, sandboxConnectors } from './support';

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
  // (`sync all` runs two sources at once: the one beside it stops too)
  expect(first.find((r) => r.stream === 'hw-manifests')).toMatchObject({ status: 'PARTIAL' });
  await runSync('all', { connectors, asOf, batchSize: 100, ...killAt('weigh-tickets', 2, 'afterBatch') }).catch(() => undefined);
  // the medical ledgers' small files are stored a few at a time (groupFileBatches): the third store is a group
  await runSync('all', { connectors, asOf, batchSize: 100, ...killAt('ledgers', 3, 'afterStore') }).catch(() => undefined);
  // as are the tax bureau's files: a store of several killed before their projection is replayed whole, even
  // when the next run stores them a few at a time (another batch size)
  await runSync('all', { connectors, asOf, batchSize: 100, ...killAt('envtax', 1, 'afterStore') }).catch(() => undefined);
  const resumed = await runSync('all', { connectors, asOf, batchSize: 10 });
  expect(resumed.filter((r) => r.status !== 'SUCCEEDED')).toEqual([]);
  // the movement lists the interrupted runs marked stale were rebuilt when their locks were released
  expect(await checkMovementLists(STREAMS)).toEqual([]);
  const interrupted = await canonicalDump();

  const uninterrupted = await inOtherDatabase(__filename, 'clean', async () => {
    const clean = await runSync('all', { connectors: sandboxConnectors(sandbox), asOf, batchSize: 100 });
    expect(clean.filter((r) => r.status !== 'SUCCEEDED')).toEqual([]);
    return canonicalDump();
  });
  for (const collection of Object.keys(uninterrupted)) {
    expect({ collection, docs: interrupted[collection] }).toEqual({ collection, docs: uninterrupted[collection] });
  }
});
