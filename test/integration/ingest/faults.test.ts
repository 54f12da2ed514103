/**
 * Faults are normal (shared/sources/README.md): with latency, 5xx, 429 bursts, repeated records and
 * timeouts switched on, a full sync ends with the same data as a clean one; a source in an outage is
 * reported (SOURCE_UNAVAILABLE, circuit open) and synced once the outage ends.
 */
import { runSync } from '../../../src/ingest/engine';
import { startSandbox, type FaultSwitches, type RunningSandbox } from '../../../sandbox';
import { useTestDatabase } from '../../support/mongo';
import { canonicalDump, inOtherDatabase, sandboxConnectors } from './support';

useTestDatabase(__filename);
jest.setTimeout(1_200_000);

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenarioOptions: { size: 0.2 } });
});
afterAll(async () => {
  await sandbox.stop();
});

const FAULTS: FaultSwitches = { latencyMs: 5, errorRate: 0.08, burst429: { every: 25, length: 2, retryAfterSeconds: 0 }, repeatRecords: 3, timeoutRate: 0.02, timeoutHoldMs: 2500 };
const asOf = new Date('2026-12-01T00:00:00+08:00');

it('with every fault switch on, the sync completes with the same data', async () => {
  for (const source of ['industrial', 'household', 'construction', 'medical', 'taxstat'] as const) sandbox.setFaults(source, FAULTS);
  const faulty = await runSync('all', { connectors: sandboxConnectors(sandbox), asOf, batchSize: 200 });
  expect(faulty.filter((r) => r.status !== 'SUCCEEDED').map((r) => [r.source, r.stream, r.errors])).toEqual([]);
  const withFaults = await canonicalDump();

  for (const source of ['industrial', 'household', 'construction', 'medical', 'taxstat'] as const) sandbox.setFaults(source, {});
  const clean = await inOtherDatabase(__filename, 'clean', async () => {
    await runSync('all', { connectors: sandboxConnectors(sandbox), asOf, batchSize: 200 });
    return canonicalDump();
  });
  for (const collection of Object.keys(clean)) expect({ collection, docs: withFaults[collection] }).toEqual({ collection, docs: clean[collection] });
});

it('reports a source in an outage and syncs it once the outage ends', async () => {
  const now = sandbox.clock.now();
  sandbox.setFaults('construction', { outage: { from: now, to: now + 3_600_000 } });
  const down = await runSync('construction', { connectors: sandboxConnectors(sandbox), asOf });
  expect(down[0]!.status).toBe('FAILED');
  expect(down[0]!.errors[0]!.code).toBe('SOURCE_UNAVAILABLE');
  sandbox.clock.advance(2 * 3_600_000);
  const up = await runSync('construction', { connectors: sandboxConnectors(sandbox), asOf });
  expect(up.every((r) => r.status === 'SUCCEEDED')).toBe(true);
});
