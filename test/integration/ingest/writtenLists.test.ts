/**
 * A sync lists the movements it wrote without reading them back (src/ingest/movementLists.ts
 * WrittenMovements): a first `sync all` builds every list from its record of its writes, a month's
 * sync updates the months it marked from their chunks, and both leave lists equal to the movements.
 * A month a dead holder left stale is read back: what that holder wrote is listed too; so are the
 * months of records past the process's budget, every stale stream of `sync all` from one sorted read.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { runSync } from '../../../src/ingest/engine';
import { checkMovementLists, writtenBytesBudget } from '../../../src/ingest/movementLists';
import { MovementModel } from '../../../src/model/movement';
import { STREAMS } from '../../../src/model/reference/agencies';
import { markMovementListStale } from '../../../src/store/movementLists';
import { exportBundles, generateScenario } from '../../../sandbox';
import { addMonths, cstMidnight, parseMonth } from '../../../sandbox/scenario/clock';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors } from './support';

useTestDatabase(__filename);

let work = '';
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'written-lists-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The filters of the reads of movements by stream (the lists' rebuild from the movements) sent while `run` runs. */
async function listReads(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const find = jest.spyOn(MovementModel, 'find');
  try {
    await run();
    return (find.mock.calls as unknown as Array<[Record<string, unknown> | undefined]>).map(([filter]) => filter ?? {}).filter((filter) => 'stream' in filter && !('sourceKey' in filter));
  } finally {
    find.mockRestore();
  }
}

const names = (filter: Record<string, unknown>, stream: string) => filter.stream === stream || (filter.stream as { $in?: unknown[] }).$in?.includes(stream) === true;

it('lists what a first sync and a month on top of it wrote, reading back only a month a dead holder left stale', async () => {
  const scenario = generateScenario({ size: 0.02, months: 4 });
  const start = parseMonth(scenario.options.startMonth);
  const bundleAt = (months: number) => exportBundles(scenario, join(work, `at-${months}`), { asOf: cstMidnight(addMonths(start, months)) });

  // a first sync of one source on a new database: no list, no movement
  const first = bundleConnectors(await bundleAt(1));
  expect(await listReads(() => runSync('household', { connectors: first }))).toEqual([]);
  expect(await MovementModel.countDocuments({ stream: 'household' }).exec()).toBeGreaterThan(0);
  // then the others' first syncs (`sync all` builds the lists of streams with no movement yet first)
  const reads = await listReads(() => runSync('all', { connectors: first }));
  expect(reads.filter((filter) => names(filter, 'household'))).toEqual([]);
  expect(await checkMovementLists(STREAMS)).toEqual([]);

  // a holder that died after writing a household movement into the first month and marking it
  const period = scenario.options.startMonth;
  await markMovementListStale('household', [period]);
  const sample = await MovementModel.findOne({ stream: 'household', period }).lean().exec();
  await MovementModel.collection.insertOne({ ...sample!, _id: new Types.ObjectId(), sourceKey: 'written-by-a-dead-holder' });

  const second = bundleConnectors(await bundleAt(2));
  const reads2 = await listReads(() => runSync('all', { connectors: second }));
  // the list left stale is read back (its stale months, the sync's own among them); the others' are not
  expect(reads2).toEqual([{ stream: { $in: ['household'] }, period: { $in: expect.arrayContaining([period]) as unknown } }]);
  expect(await checkMovementLists(STREAMS)).toEqual([]);

  // no budget for records: every stream the month's sync wrote is read back, from one sorted read
  const third = bundleConnectors(await bundleAt(3));
  const budget = writtenBytesBudget.max;
  writtenBytesBudget.max = 0;
  try {
    const reads3 = await listReads(() => runSync('all', { connectors: third }));
    expect(reads3).toHaveLength(1);
    expect((reads3[0]!.stream as { $in: string[] }).$in.length).toBeGreaterThan(1);
  } finally {
    writtenBytesBudget.max = budget;
  }
  expect(await checkMovementLists(STREAMS)).toEqual([]);
}, 300_000);
