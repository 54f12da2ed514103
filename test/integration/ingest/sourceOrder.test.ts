/**
 * The end state does not depend on the order the sources are synced in (`sync all` runs two at once;
 * the scheduled jobs sync each source on its own clock): every source synced one after the other,
 * into one database, then in the reverse order into another, gives the same documents (a party several
 * sources mention is named by the registry row describing it, not by whichever source came first).
 */
import { runSync } from '../../../src/ingest/engine';
import { SOURCES } from '../../../src/model/reference/agencies';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { useTestDatabase } from '../../support/mongo';
import { canonicalDump, inOtherDatabase, sandboxConnectors } from './support';

useTestDatabase(__filename);
jest.setTimeout(900_000);
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenarioOptions: { size: 0.3 } });
});
afterAll(async () => {
  await sandbox.stop();
});
it('syncing the sources in the reverse order ends identical', async () => {
  const asOf = new Date('2026-12-01T00:00:00+08:00');
  for (const source of SOURCES) await runSync(source, { connectors: sandboxConnectors(sandbox), asOf });
  const forward = await canonicalDump();
  const reverse = await inOtherDatabase(__filename, 'reverse', async () => {
    for (const source of [...SOURCES].reverse()) await runSync(source, { connectors: sandboxConnectors(sandbox), asOf });
    return canonicalDump();
  });
  for (const collection of Object.keys(forward)) expect({ collection, docs: reverse[collection] }).toEqual({ collection, docs: forward[collection] });
});
