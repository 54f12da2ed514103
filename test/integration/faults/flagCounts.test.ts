/**
 * The flag counters (src/reconcile/flagCounts.ts) heal themselves: a steward's resolve SIGKILLed after
 * its flag write and before its counter difference (flagWriter.ts, `outbox:written`) leaves its counter
 * documents marked pending, and the first read after the grace rebuilds them; a rebuild that reads the
 * flags while a write is under way lifts its mark, and the write then unvouches the counters instead
 * of adding its difference a second time.
 */
import { STREAMS } from '../../../src/model/reference/agencies';
import { FLAG_COUNTS_PENDING_GRACE_MS, checkFlagCounts, rebuildFlagCounts, tallyFlags } from '../../../src/reconcile/flagCounts';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { actOnFlag, upsertFlags } from '../../../src/reconcile/flags';
import * as outbox from '../../../src/webhooks/outbox';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { hwQtyFlag } from '../reconcile/raisedFlags';
import { expectKilled, runScript, type Exit } from './support';

useTestDatabase(__filename);

function flagWriter(args: string[], killAt: string): Promise<Exit> {
  return runScript('flagWriter.ts', args, testDatabaseName(__filename), killAt);
}

const steward = { keyId: 'steward', label: '市固废办 steward', role: 'ADMIN', agency: 'TASKFORCE' } as const;
const resolve = { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: 1, reason: '接收量以过磅单为准' } } as const;
/** The queue's open and resolved counts, as the counters answer an ADMIN read at `now`. */
const statuses = async (now = Date.now()) => (await tallyFlags({}, STREAMS, null, now)).byStatus;

it('a resolve killed between its flag and its counters is counted right by the first read after the grace', async () => {
  await upsertFlags({ runId: 'counts-1' }, [hwQtyFlag('COUNTS-1', 1_000_000, 800_000), hwQtyFlag('COUNTS-2', 1_000_000, 800_000)]);
  expect(await statuses()).toEqual([{ value: 'OPEN', count: 2 }]);
  await expectKilled(flagWriter(['resolve', 'HW-QTY|COUNTS-1|2026-03'], 'outbox:written'));
  expect(await FlagModel.findOne({ key: 'HW-QTY|COUNTS-1|2026-03' }).select({ status: 1 }).lean()).toMatchObject({ status: 'RESOLVED' });
  expect(await checkFlagCounts()).not.toEqual([]);
  // within the grace its writer may still be writing: the counters are read as they are
  expect(await statuses()).toEqual([{ value: 'OPEN', count: 2 }]);
  expect(await statuses(Date.now() + FLAG_COUNTS_PENDING_GRACE_MS + 60_000)).toEqual([
    { value: 'OPEN', count: 1 },
    { value: 'RESOLVED', count: 1 },
  ]);
  expect(await checkFlagCounts()).toEqual([]);
});

it('a rebuild during a resolve does not count it twice', async () => {
  const record = outbox.recordFlagEvents;
  // the rebuild reads the flags after the resolve wrote its flag and before it adds its difference
  jest.spyOn(outbox, 'recordFlagEvents').mockImplementationOnce(async (...args) => {
    const pending = await record(...args);
    return { settle: async (applied) => (await rebuildFlagCounts(), await pending.settle(applied)) };
  });
  await actOnFlag(steward, 'HW-QTY|COUNTS-2|2026-03', resolve);
  expect(await statuses()).toEqual([{ value: 'RESOLVED', count: 2 }]);
  expect(await checkFlagCounts()).toEqual([]);
});
