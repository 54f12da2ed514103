/**
 * `sync all` starts its sources the longest first (src/ingest/engine.ts `longestFirst`): by their
 * streams' last runs, a source with a stream never synced before any, and among those the source whose
 * documents are built from several of its streams (medical) first; ties keep the registry's order.
 */
import { Types } from 'mongoose';
import { mappingOf } from '../../../connectors/registry';
import { longestFirst } from '../../../src/ingest/engine';
import { recordFinishedRun, type LastRun } from '../../../src/store/streamStats';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const REGISTRY = ['industrial', 'household', 'construction', 'medical', 'taxstat'];

/** Every stream of `source` last ran for `ms` (split evenly). */
async function ranFor(source: string, ms: number): Promise<void> {
  const streams = Object.keys(mappingOf(source as 'medical').mappers);
  for (const stream of streams) {
    const startedAt = new Date('2026-11-01T00:00:00Z');
    const run = { _id: new Types.ObjectId(), connector: source, stream, status: 'SUCCEEDED', startedAt, finishedAt: new Date(startedAt.getTime() + ms / streams.length) } as unknown as LastRun;
    await recordFinishedRun(run);
  }
}

describe('the order sync all starts sources in', () => {
  it('on a new database: the grouped source first, then the registry order', async () => {
    expect(await longestFirst(REGISTRY)).toEqual(['medical', 'industrial', 'household', 'construction', 'taxstat']);
  });

  it('after runs: the longest last run first, sources never synced before them', async () => {
    await ranFor('industrial', 2_000);
    await ranFor('household', 9_000);
    await ranFor('medical', 5_000);
    await ranFor('taxstat', 2_000);
    // construction has never run: a backfill goes first; industrial and taxstat tie and keep their order
    expect(await longestFirst(REGISTRY)).toEqual(['construction', 'household', 'medical', 'industrial', 'taxstat']);
  });
});
