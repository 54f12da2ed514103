/**
 * A steward's decision reaches the numbers by itself: resolving an HW-QTY flag over the API changes
 * 工业危险废物综合利用率 (ZW10) within one job cycle, with no ADMIN call; a burst of decisions on one
 * period runs one recompute; a decision after that run queues another.
 */
import { JobHandlers } from '../../../jobs/handlers';
import { JobRunModel } from '../../../jobs/jobRun';
import { RECOMPUTE_ORIGIN, releasingRecomputeMarks } from '../../../jobs/recompute';
import { startWorkers, type WorkerPool } from '../../../jobs/worker';
import { closeRedis } from '../../../src/infra/redis';
import { computeIndicators } from '../../../src/indicators/engine';
import { registerIndicatorJobs } from '../../../src/indicators/jobs';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { upsertFlags } from '../../../src/reconcile/flags';
import { DismissFlagDocument, IndicatorValuesWithInputsDocument, ResolveFlagDocument, type IndicatorValuesWithInputsQuery } from '../../graphql/generated';
import { startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { seedMonth, T } from '../indicators/fixtures';
import { hwQtyFlag } from '../reconcile/raisedFlags';

useTestDatabase(__filename);

const MONTH = '2026-03';
let api: TestApi;
let pool: WorkerPool;
let steward = '';
const flagIds = new Map<string, string>();
const keyIdOf = (key: string) => key.split('_')[1]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  steward = await api.keyFor('STEWARD', 'EEB');
  await seedMonth(MONTH);
  // manifests M1 (R4, 10 t received) and M3 (D10, 3 t) as the sources state them, before any decision
  await computeIndicators({ periods: [MONTH] });
  await upsertFlags({ runId: 'seed' }, [hwQtyFlag('M1', 10 * T, 10 * T), hwQtyFlag('M3', 3 * T, 3 * T), hwQtyFlag('M2', 4 * T, 4 * T)]);
  for (const flag of await FlagModel.find().lean().exec()) flagIds.set(flag.subject.key, flag._id.toHexString());
  pool = await startWorkers({ redisUrl: process.env.REDIS_URL!, queues: ['indicators'], handlers: releasingRecomputeMarks(registerIndicatorJobs(new JobHandlers())) });
});
afterAll(async () => {
  await pool.close();
  await api.close();
  await closeRedis();
});

type Value = IndicatorValuesWithInputsQuery['indicators'][number];

async function zw10(): Promise<Value> {
  const response = await api.request(IndicatorValuesWithInputsDocument, { period: MONTH }, steward);
  expect(response.errors).toBeUndefined();
  return response.data!.indicators.find((v) => v.code === 'ZW10')!;
}

async function recomputeJobs() {
  return JobRunModel.find({ origin: RECOMPUTE_ORIGIN }).sort({ queuedAt: 1 }).lean().exec();
}

async function waitForCompleted(count: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const runs = await recomputeJobs();
    if (runs.length >= count && runs.every((r) => r.status === 'COMPLETED' || r.status === 'FAILED')) return;
    await sleep(100);
  }
  throw new Error(`no ${count} finished recompute jobs in 30 s`);
}

describe('recompute after a steward decision', () => {
  it('resolving an HW-QTY flag changes the indicator within one job cycle, without an ADMIN', async () => {
    const before = await zw10();
    expect(before.inputs.find((i) => i.name === 'industrial.hw.receivedUtilised')).toMatchObject({ amount: String(10 * T), goldenApplied: 0 });

    // a burst: a resolution and a dismissal on the same month
    const resolved = await api.request(ResolveFlagDocument, { id: flagIds.get('M1')!, input: { kind: 'CORRECTED_VALUE', correctedGrams: String(8 * T), reason: '接收单位地磅复核为 8 吨' } }, steward);
    expect(resolved.errors).toBeUndefined();
    const dismissed = await api.request(DismissFlagDocument, { id: flagIds.get('M3')!, reason: '误报' }, steward);
    expect(dismissed.errors).toBeUndefined();

    await waitForCompleted(1);
    const runs = await recomputeJobs();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'indicators', status: 'COMPLETED', requestedBy: keyIdOf(steward), input: { period: MONTH } });

    const after = await zw10();
    expect(after.inputs.find((i) => i.name === 'industrial.hw.receivedUtilised')).toMatchObject({ amount: String(8 * T), goldenApplied: 1 });
    expect(after.value).not.toBe(before.value);
  });

  it('queues another run for a decision made after the last one started', async () => {
    const dismissed = await api.request(DismissFlagDocument, { id: flagIds.get('M2')!, reason: '数据一致' }, steward);
    expect(dismissed.errors).toBeUndefined();
    await waitForCompleted(2);
    const runs = await recomputeJobs();
    expect(runs).toHaveLength(2);
    expect(new Set(runs.map((r) => r.jobId)).size).toBe(2);
    expect(runs[1]).toMatchObject({ status: 'COMPLETED', input: { period: MONTH } });
    expect(runs[1]!.startedAt!.getTime()).toBeGreaterThan(runs[0]!.finishedAt!.getTime());
  });
});
