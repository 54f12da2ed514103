import { randomUUID } from 'node:crypto';
import { JobHandlers } from '../../../jobs/handlers';
import { JobRunModel } from '../../../jobs/jobRun';
import { JobQueues } from '../../../jobs/queues';
import { jobIdFor, startScheduler, type Schedule } from '../../../jobs/schedules';
import { startWorkers } from '../../../jobs/worker';
import { closeRedis, redisConnection } from '../../../src/infra/redis';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);
afterAll(() => closeRedis());

const redisUrl = () => process.env.REDIS_URL!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

describe('scheduled jobs', () => {
  it('gives the same firing the same job id whatever the scheduler', () => {
    const schedule: Schedule = { id: 'sync-industrial', cron: '*/15 * * * *', kind: 'sync', input: { source: 'industrial' } };
    const fired = new Date('2026-11-03T00:15:00.000Z');
    expect(jobIdFor(schedule, fired)).toBe('sync-industrial-20261103T0015');
    expect(jobIdFor(schedule, new Date(fired.getTime() + 800))).toBe(jobIdFor(schedule, fired));
  });

  it('runs each slot exactly once with two schedulers and two workers on one Redis', async () => {
    const source = `t${randomUUID().slice(0, 8)}`;
    const schedule: Schedule = { id: `sync-${source}`, cron: '* * * * * *', kind: 'sync', input: { source } };
    const runs: { jobId: string; worker: string }[] = [];
    const handlersFor = (worker: string) =>
      new JobHandlers().register('sync', async (_input, { jobId }) => {
        runs.push({ jobId, worker });
        await sleep(30);
        return { worker };
      });
    const queuesA = new JobQueues(redisConnection(redisUrl(), { forQueue: true }));
    const queuesB = new JobQueues(redisConnection(redisUrl(), { forQueue: true }));
    const workers = await Promise.all(
      ['w1', 'w2'].map((name) => startWorkers({ redisUrl: redisUrl(), queues: [`sync-${source}`], handlers: handlersFor(name), name })),
    );
    try {
      const schedulers = [queuesA, queuesB].map((queues) => startScheduler({ schedules: [schedule], queues, timezone: 'Asia/Shanghai' }));
      await sleep(3500);
      await Promise.all(schedulers.map((s) => s.stop()));
      await waitFor(async () => (await JobRunModel.countDocuments({ origin: schedule.id, status: { $ne: 'COMPLETED' } })) === 0);
      await sleep(300);

      const slots = await JobRunModel.find({ origin: schedule.id }).lean();
      expect(slots.length).toBeGreaterThanOrEqual(2);
      const ranIds = runs.map((r) => r.jobId).sort();
      expect(ranIds).toEqual([...new Set(ranIds)]);
      expect(ranIds).toEqual(slots.map((s) => s.jobId).sort());
      expect(slots.map((s) => [s.status, s.attempts])).toEqual(slots.map(() => ['COMPLETED', 1]));
    } finally {
      // a failed expectation must not leave workers holding Redis connections (jest would never exit)
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([queuesA.close(), queuesB.close()]);
    }
  });

  it('retries a failing job with backoff and leaves it visible as FAILED with its error', async () => {
    const source = `f${randomUUID().slice(0, 8)}`;
    const queues = new JobQueues(redisConnection(redisUrl(), { forQueue: true }), { attempts: 2, backoff: { type: 'fixed', delay: 50 } });
    let attempts = 0;
    const handlers = new JobHandlers().register('sync', async () => {
      attempts++;
      throw new Error('source answered 503 three times');
    });
    const pool = await startWorkers({ redisUrl: redisUrl(), queues: [`sync-${source}`], handlers });
    try {
      await queues.enqueue('sync', { source }, `manual-${source}`, { origin: 'manual', requestedBy: 'test' });
      await waitFor(async () => (await JobRunModel.findOne({ jobId: `manual-${source}` }).lean())?.status === 'FAILED');
      const run = await JobRunModel.findOne({ jobId: `manual-${source}` }).lean();
      expect(attempts).toBe(2);
      expect(run).toMatchObject({ status: 'FAILED', attempts: 2, error: 'source answered 503 three times', requestedBy: 'test' });
    } finally {
      await pool.close();
      await queues.close();
    }
  });

  it('fails a job whose kind has no handler, saying so', async () => {
    const queues = new JobQueues(redisConnection(redisUrl(), { forQueue: true }), { attempts: 1 });
    const pool = await startWorkers({ redisUrl: redisUrl(), queues: ['reconcile'], handlers: new JobHandlers() });
    const jobId = `manual-${randomUUID()}`;
    await queues.enqueue('reconcile', { period: '2026-10' }, jobId, { origin: 'manual' });
    await waitFor(async () => (await JobRunModel.findOne({ jobId }).lean())?.status === 'FAILED');
    expect((await JobRunModel.findOne({ jobId }).lean())?.error).toMatch(/no handler is registered for jobs of kind "reconcile"/);
    await pool.close();
    await queues.close();
  });
});
