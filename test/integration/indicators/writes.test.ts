/**
 * A recompute writes only what changed: values computed again unchanged are not written (they keep the
 * computedAt and computedBy of the run that last changed them), changed ones are replaced, and a stored
 * live value the run no longer computes is deleted. Aggregates likewise.
 */
import mongoose, { type mongo } from 'mongoose';
import { computeIndicators } from '../../../src/indicators/engine';
import { IndicatorValueModel, type IndicatorValueRecord } from '../../../src/indicators/indicatorValueModel';
import { PeriodAggregateModel } from '../../../src/indicators/periodAggregateModel';
import { useTestDatabase } from '../../support/mongo';
import { T, manifest, seedMonth } from './fixtures';

useTestDatabase(__filename);

const MONTH = '2026-03';
const first = { id: 'run-1', label: 'first run' };
const T1 = new Date('2026-04-01T01:00:00Z');

/** The write commands (insert, update, delete) `work` sends, as `command collection`. */
async function writesOf(work: () => Promise<unknown>): Promise<string[]> {
  const client = mongoose.connection.getClient();
  const writes: string[] = [];
  const started = (event: mongo.CommandStartedEvent) => {
    if (['insert', 'update', 'delete'].includes(event.commandName)) writes.push(`${event.commandName} ${String(event.command[event.commandName])}`);
  };
  client.on('commandStarted', started);
  try {
    await work();
  } finally {
    client.off('commandStarted', started);
  }
  return writes;
}

/** the live values of the run's periods (the month, its quarter and year) */
const LIVE = { period: { $in: [MONTH, '2026Q1', '2026'] }, version: 0 };
const liveValues = () => IndicatorValueModel.find(LIVE).lean<IndicatorValueRecord[]>();

beforeAll(async () => {
  await seedMonth(MONTH);
});

describe('computeIndicators writes only what changed', () => {
  it('a first run inserts every value; the same run again writes nothing and keeps when and by whom each value last changed', async () => {
    const created = await computeIndicators({ periods: [MONTH], actor: first, now: T1 });
    expect(created.written).toEqual({ inserted: created.values, replaced: 0, deleted: 0, unchanged: 0 });
    expect(created.computedAt).toEqual(T1);

    let again: Awaited<ReturnType<typeof computeIndicators>> | undefined;
    const writes = await writesOf(async () => (again = await computeIndicators({ periods: [MONTH], actor: { id: 'run-2', label: 'second run' }, now: new Date('2026-04-02T01:00:00Z') })));
    expect(again!.written).toEqual({ inserted: 0, replaced: 0, deleted: 0, unchanged: created.values });
    expect(again!.computedAt).toEqual(new Date('2026-04-02T01:00:00Z'));
    expect(writes.filter((w) => /indicatorValues|periodAggregates|storejournal/.test(w))).toEqual([]);
    const values = await liveValues();
    expect(values).toHaveLength(created.values);
    expect(values.every((v) => v.computedAt.getTime() === T1.getTime() && v.computedBy.id === first.id)).toBe(true);
    expect((await PeriodAggregateModel.find({ month: MONTH }).lean()).every((a) => a.computedAt.getTime() === T1.getTime())).toBe(true);
  });

  it('a late record replaces the values it changes, stamped with the run that changed them; the others keep theirs', async () => {
    await manifest('M7', MONTH, 'G2', 'R4', 2 * T, 2 * T);
    const at = new Date('2026-04-03T01:00:00Z');
    const run = await computeIndicators({ periods: [MONTH], actor: { id: 'run-3', label: 'third run' }, now: at });
    expect(run.written.inserted).toBe(0);
    expect(run.written.deleted).toBe(0);
    expect(run.written.replaced).toBeGreaterThan(0);
    expect(run.written.unchanged).toBeGreaterThan(0);

    const values = await liveValues();
    const changed = values.filter((v) => v.computedAt.getTime() === at.getTime());
    expect(changed).toHaveLength(run.written.replaced);
    expect(changed.every((v) => v.computedBy.id === 'run-3')).toBe(true);
    expect(values.filter((v) => v.computedAt.getTime() === T1.getTime())).toHaveLength(run.written.unchanged);
    // the manifest counts in March's ZW10 and in what sums March (its quarter and year)
    expect(changed.filter((v) => v.code === 'ZW10' && v.area === 'DISTRICT').map((v) => v.period).sort()).toEqual(['2026', MONTH, '2026Q1']);
    const aggregate = await PeriodAggregateModel.findOne({ month: MONTH, area: 'DISTRICT' }).lean();
    expect(aggregate!.computedAt).toEqual(at);
  });

  it('a stored live value the run no longer computes is deleted', async () => {
    const [template] = await IndicatorValueModel.find({ period: MONTH, version: 0, area: 'DISTRICT', code: 'ZW10' }).lean<IndicatorValueRecord[]>();
    const { _id: _unused, ...value } = template!;
    // an area with no records in March: left by an earlier run, say, when it had some
    await IndicatorValueModel.collection.insertOne({ ...value, area: 'STALE_STREET' });
    const before = await IndicatorValueModel.countDocuments(LIVE);

    const run = await computeIndicators({ periods: [MONTH], actor: first, now: new Date('2026-04-04T01:00:00Z') });
    expect(run.written).toEqual({ inserted: 0, replaced: 0, deleted: 1, unchanged: run.values });
    expect(await IndicatorValueModel.countDocuments({ area: 'STALE_STREET' })).toBe(0);
    expect(await IndicatorValueModel.countDocuments(LIVE)).toBe(before - 1);
  });

  it('a run stopped after its first chunk of writes loses nothing: the next run converges, and one more writes nothing', async () => {
    // values to insert (deleted here) and values to replace (a late manifest) in one run
    await IndicatorValueModel.deleteMany({ period: '2026Q1', version: 0 });
    await manifest('M8', MONTH, 'G2', 'R4', 3 * T, 3 * T);
    const stopAt = (point: string) => {
      if (point === 'chunk:1') throw new Error('killed at chunk:1');
    };
    await expect(computeIndicators({ periods: [MONTH], actor: first, now: new Date('2026-04-05T01:00:00Z'), hooks: { afterWrite: stopAt } })).rejects.toThrow('killed at chunk:1');

    const rerun = await computeIndicators({ periods: [MONTH], actor: first, now: new Date('2026-04-06T01:00:00Z') });
    expect(rerun.written.replaced).toBeGreaterThan(0);
    const settled = await computeIndicators({ periods: [MONTH], actor: first, now: new Date('2026-04-07T01:00:00Z') });
    expect(settled.written).toEqual({ inserted: 0, replaced: 0, deleted: 0, unchanged: settled.values });
    expect(await IndicatorValueModel.countDocuments(LIVE)).toBe(settled.values);
    expect(await IndicatorValueModel.countDocuments({ period: '2026Q1', version: 0 })).toBeGreaterThan(0);
  });
});
