/**
 * A steward's decision reaches the numbers by itself: resolving an HW-QTY flag over the API changes
 * 工业危险废物综合利用率 (ZW10) within one job cycle, with no ADMIN call; a burst of decisions on one
 * period runs one recompute; a decision after that run queues another.
 */
import { JobHandlers } from '../../../jobs/handlers';
import { JobRunModel } from '../../../jobs/jobRun';
import { RECOMPUTE_ORIGIN, releasingRecomputeMarks } from '../../../jobs/recompute';
import { startWorkers, type WorkerPool } from '../../../jobs/worker';
import { closeRedis, sharedRedis } from '../../../src/infra/redis';
import { computeIndicators } from '../../../src/indicators/engine';
import { registerIndicatorJobs } from '../../../src/indicators/jobs';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { upsertFlags } from '../../../src/reconcile/flags';
import { MovementModel, PartyModel, ResolutionCaseModel } from '../../../src/model';
import { resolveParty } from '../../../src/resolve';
import {
  DecideResolutionCaseDocument,
  DismissFlagDocument,
  IndicatorValuesWithInputsDocument,
  ResolveFlagDocument,
  SetIndicatorInputDocument,
  type IndicatorValuesWithInputsQuery,
} from '../../graphql/generated';
import { startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { seedMonth, T } from '../indicators/fixtures';
import { hwQtyFlag } from '../reconcile/raisedFlags';

useTestDatabase(__filename);
jest.setTimeout(300_000);

const MONTH = '2026-03';
const STAR = '91110108551385082Q';
const OTHER = '91350100M000100Y43';
const NAME = '北京星辰科技有限公司';
let api: TestApi;
let pool: WorkerPool;
let steward = '';
const flagIds = new Map<string, string>();
const keyIdOf = (key: string) => key.split('_')[1]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // the files share one redis-server: jobs and recompute marks that earlier files queued (the console's
  // end-to-end test resolves flags too) must not sit in this file's queue ahead of its own jobs
  await sharedRedis(process.env.REDIS_URL).flushdb();
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

/** A bound on waiting, not a speed target: a loaded 2-core CI machine may take a while to run the job. */
const JOB_WAIT_MS = 120_000;

async function waitForCompleted(count: number): Promise<void> {
  const deadline = Date.now() + JOB_WAIT_MS;
  while (Date.now() < deadline) {
    const runs = await recomputeJobs();
    if (runs.length >= count && runs.every((r) => r.status === 'COMPLETED' || r.status === 'FAILED')) return;
    await sleep(100);
  }
  throw new Error(`no ${count} finished recompute jobs in ${JOB_WAIT_MS / 1000} s: ${JSON.stringify((await recomputeJobs()).map((r) => [r.jobId, r.status, r.error]))}`);
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

  it('a resolution decision that merges parties recomputes the periods of their documents; so does a manual input', async () => {
    await resolveParty({ source: 'industrial', sourceKey: 'ent-1', uscc: STAR, name: NAME, street: '八角' });
    await resolveParty({ source: 'industrial', sourceKey: 'ent-2', uscc: OTHER, name: NAME, street: '八角' });
    const pending = await resolveParty({ source: 'household', sourceKey: 'hh-77', name: NAME, street: '八角' });
    await MovementModel.create({ stream: 'household', kind: 'WEIGH_TICKET', sourceKey: 'T-200', period: '2026-02', status: 'CLOSED', from: { party: { partyId: pending.partyId, uscc: null, name: NAME } }, to: {} });
    const resolutionCase = (await ResolutionCaseModel.findOne({ kind: 'AMBIGUOUS_NAME' }).lean().exec())!;
    const star = (await PartyModel.findOne({ uscc: STAR }).lean().exec())!;
    const umc = await api.keyFor('STEWARD', 'UMC');
    const earlier = (await recomputeJobs()).length;
    const decided = await api.request(DecideResolutionCaseDocument, { id: resolutionCase._id.toHexString(), input: { decision: 'SAME_ORGANISATION', candidate: star._id.toHexString(), reason: '同一企业' } }, umc);
    expect(decided.errors).toBeUndefined();
    const manual = await api.request(SetIndicatorInputDocument, { code: 'ZW33', period: '2026', value: '0', reason: '全年未发生' }, steward);
    expect(manual.errors).toBeUndefined();
    // queued by the decisions themselves (a year's recompute is slow on a shared test machine: queued is the claim)
    const runs = (await recomputeJobs()).slice(earlier);
    expect(runs.map((r) => [r.input.period, r.requestedBy]).sort()).toEqual([
      ['2026', keyIdOf(steward)],
      ['2026-02', keyIdOf(umc)],
    ]);
  });
});
