import { JobHandlers } from '../../../jobs/handlers';
import { startWorkers } from '../../../jobs/worker';
import { closeRedis } from '../../../src/infra/redis';
import { JobDocument, JobsDocument, RunJobDocument } from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '1000', JOB_BACKOFF_MS: '50' });
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('jobs API', () => {
  it('lets an ADMIN trigger a job and shows it in the history, newest first, page by page', async () => {
    const admin = await api.keyFor('ADMIN');
    const first = await api.request(RunJobDocument, { kind: 'sync', source: 'industrial', full: true }, admin);
    expect(first.errors).toBeUndefined();
    expect(first.data?.runJob).toMatchObject({ kind: 'sync', queue: 'sync-industrial', status: 'QUEUED', input: { source: 'industrial', full: true } });
    const second = await api.request(RunJobDocument, { kind: 'indicators', period: '2026-10' }, admin);
    expect(second.data?.runJob.queue).toBe('indicators');

    const page1 = await api.request(JobsDocument, { first: 1, filter: { origin: 'manual' } }, admin);
    expect(page1.data?.jobs.totalCount).toBe(2);
    expect(page1.data?.jobs.edges.map((e) => e.node.jobId)).toEqual([second.data?.runJob.jobId]);
    const page2 = await api.request(JobsDocument, { first: 1, after: page1.data?.jobs.pageInfo.endCursor, filter: { origin: 'manual' } }, admin);
    expect(page2.data?.jobs.edges.map((e) => e.node.jobId)).toEqual([first.data?.runJob.jobId]);
    expect(page2.data?.jobs.pageInfo.hasNextPage).toBe(false);
  });

  // Regression: the resolver returned a bare mongoose Query, executed twice → INTERNAL_SERVER_ERROR.
  it('reads one job by id, and null for an unknown id', async () => {
    const admin = await api.keyFor('ADMIN');
    const analyst = await api.keyFor('ANALYST');
    const triggered = await api.request(RunJobDocument, { kind: 'reconcile', period: '2026-10' }, admin);
    const jobId = triggered.data!.runJob.jobId;
    const found = await api.request(JobDocument, { jobId }, analyst);
    expect(found.errors).toBeUndefined();
    expect(found.data!.job).toMatchObject({ jobId, kind: 'reconcile', input: { period: '2026-10' } });
    const unknown = await api.request(JobDocument, { jobId: 'manual-sync-nope' }, analyst);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!.job).toBeNull();
  });

  it('refuses triggers to non-admins and history to partners', async () => {
    const steward = await api.keyFor('STEWARD', 'EEB');
    expect(errorCodes(await api.request(RunJobDocument, { kind: 'reconcile', period: '2026-10' }, steward))).toEqual(['FORBIDDEN']);
    const partner = await api.keyFor('PARTNER', 'TAX');
    expect(errorCodes(await api.request(JobsDocument, {}, partner))).toEqual(['FORBIDDEN']);
  });

  it('answers bad arguments with BAD_USER_INPUT', async () => {
    const admin = await api.keyFor('ADMIN');
    expect(errorCodes(await api.request(RunJobDocument, { kind: 'sync' }, admin))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await api.request(RunJobDocument, { kind: 'close', period: '2026-13' }, admin))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await api.request(JobsDocument, { first: 100000 }, admin))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await api.request(JobsDocument, { after: 'not-a-cursor' }, admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows a failed job with its error', async () => {
    const admin = await api.keyFor('ADMIN');
    const failing = new JobHandlers().register('close', async () => {
      throw new Error('reconciliation for 2026-09 has open CRITICAL flags');
    });
    const pool = await startWorkers({ redisUrl: process.env.REDIS_URL!, queues: ['close'], handlers: failing });
    try {
      const triggered = await api.request(RunJobDocument, { kind: 'close', period: '2026-09' }, admin);
      const jobId = triggered.data!.runJob.jobId;
      let failed;
      for (let i = 0; i < 200 && !failed; i++) {
        await sleep(100);
        const history = await api.request(JobsDocument, { filter: { status: 'FAILED', kind: 'close' } }, admin);
        failed = history.data?.jobs.edges.find((e) => e.node.jobId === jobId && e.node.attempts === 3)?.node;
      }
      expect(failed).toMatchObject({ status: 'FAILED', attempts: 3, error: 'reconciliation for 2026-09 has open CRITICAL flags' });
    } finally {
      await pool.close();
    }
  });
});
