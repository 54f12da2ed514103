/**
 * A first sync of the medical source builds its handovers from the parts it mapped (src/ingest/groups.ts
 * CarriedGroups), not from a read of the records: the handovers equal what a rebuild from the stored
 * records makes, and no such read is sent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mappingOf } from '../../../connectors/registry';
import { rebuildGroups } from '../../../src/ingest/groups';
import { runSync } from '../../../src/ingest/engine';
import { MovementModel } from '../../../src/model/movement';
import { SourceRecordModel } from '../../../src/model/sourceRecord';
import { exportBundles, generateScenario } from '../../../sandbox';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors } from './support';

useTestDatabase(__filename);

it('builds the handovers of a first sync from what it mapped, as a rebuild from the records does', async () => {
  const work = await mkdtemp(join(tmpdir(), 'groups-'));
  try {
    const roots = await exportBundles(generateScenario({ size: 0.02, months: 2 }), work);
    const find = jest.spyOn(SourceRecordModel, 'find');
    const runs = await runSync('medical', { connectors: bundleConnectors({ medical: roots.medical! }) });
    expect(runs.every((run) => run.status === 'SUCCEEDED')).toBe(true);
    // the rebuild's read names the group keys
    expect((find.mock.calls as unknown as Array<[Record<string, unknown> | undefined]>).filter(([filter]) => filter && 'groupKey' in filter)).toHaveLength(0);
    find.mockRestore();
    const handovers = await MovementModel.countDocuments({ stream: 'medical' }).exec();
    expect(handovers).toBeGreaterThan(0);
    // every group rebuilt from the stored records: nothing differs
    expect(await rebuildGroups({ source: 'medical', mapping: mappingOf('medical'), seenAt: new Date() }, 'all')).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(await MovementModel.countDocuments({ stream: 'medical' }).exec()).toBe(handovers);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}, 120_000);
