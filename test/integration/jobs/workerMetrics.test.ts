/**
 * Workers show their metrics: a worker process serves its own /metrics with its job, sync and reconcile
 * metrics; a source failing for longer than the alert threshold logs at error level and shows in
 * hub_source_failing_seconds / hub_source_alert, whichever process reads the metric (the streak is in Redis).
 */
import { randomUUID } from 'node:crypto';
import { buildConnectors } from '../../../connectors/registry';
import { JobHandlers } from '../../../jobs/handlers';
import { JobRunModel } from '../../../jobs/jobRun';
import { JobQueues } from '../../../jobs/queues';
import { startWorkers } from '../../../jobs/worker';
import { loadConfig } from '../../../src/config';
import { runSync } from '../../../src/ingest/engine';
import { recordSourceOutcome } from '../../../src/ingest/sourceHealth';
import { serveMetrics, type MetricsServer } from '../../../src/infra/metrics';
import { closeRedis, redisConnection, sharedRedis } from '../../../src/infra/redis';
import { runReconciliation } from '../../../src/reconcile/engine';
import { useTestDatabase } from '../../support/mongo';

const mockErrorLogs: Record<string, unknown>[] = [];
jest.mock('../../../src/infra/log', () => {
  const actual = jest.requireActual<typeof import('../../../src/infra/log')>('../../../src/infra/log');
  return {
    ...actual,
    childLogger: (module: string, bindings?: Record<string, unknown>) => {
      const child = actual.childLogger(module, bindings);
      if (module === 'source-health') child.error = ((fields: Record<string, unknown>) => void mockErrorLogs.push(fields)) as typeof child.error;
      return child;
    },
  };
});

useTestDatabase(__filename);
jest.setTimeout(60_000);

const redisUrl = () => process.env.REDIS_URL!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let metrics: MetricsServer;
beforeAll(async () => {
  sharedRedis(redisUrl());
  await sharedRedis().del('hub:source-failing-since:construction', 'hub:source-failing-since:medical');
  metrics = await serveMetrics(0, '127.0.0.1');
});
afterAll(async () => {
  await metrics.close();
  await closeRedis();
});

async function scrape(): Promise<string> {
  const res = await fetch(metrics.url);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one series in Prometheus text, or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

it("serves the worker's job metrics on its own port", async () => {
  const source = `m${randomUUID().slice(0, 8)}`;
  const queues = new JobQueues(redisConnection(redisUrl(), { forQueue: true }), { attempts: 2, backoff: { type: 'fixed', delay: 20 } });
  let calls = 0;
  const handlers = new JobHandlers().register('sync', async (input) => {
    calls += 1;
    if (input.source === `${source}-bad`) throw new Error('source down');
    return { ok: true };
  });
  const pool = await startWorkers({ redisUrl: redisUrl(), queues: [`sync-${source}`, `sync-${source}-bad`], handlers });
  try {
    await queues.enqueue('sync', { source }, `ok-${source}`, { origin: 'manual', requestedBy: 'test' });
    await queues.enqueue('sync', { source: `${source}-bad` }, `bad-${source}`, { origin: 'manual', requestedBy: 'test' });
    await waitFor(async () => (await JobRunModel.countDocuments({ jobId: { $in: [`ok-${source}`, `bad-${source}`] }, status: { $in: ['COMPLETED', 'FAILED'] } })) === 2);
  } finally {
    await pool.close();
    await queues.close();
  }
  expect(calls).toBe(3);
  const text = await scrape();
  expect(sample(text, 'hub_job_attempts_total{kind="sync",outcome="completed"}')).toBe(1);
  expect(sample(text, 'hub_job_attempts_total{kind="sync",outcome="retrying"}')).toBe(1);
  expect(sample(text, 'hub_job_attempts_total{kind="sync",outcome="failed"}')).toBe(1);
  expect(sample(text, 'hub_job_duration_seconds_count{kind="sync",outcome="completed"}')).toBe(1);
});

it('serves the reconcile metrics of work done in this process', async () => {
  await runReconciliation({ actor: { id: 'test', label: 'worker metrics test' } });
  const text = await scrape();
  expect(sample(text, 'hub_reconcile_runs_total{mode="INCREMENTAL",status="SUCCEEDED"}')).toBe(1);
  expect(sample(text, 'hub_reconcile_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 120);
});

it('a source failing longer than the threshold logs at error level and raises the alert gauge', async () => {
  const t0 = new Date(Date.now() - 90 * 60_000);
  const first = await recordSourceOutcome('medical', { failed: true, at: t0, problem: 'HTTP 503' }, { alertAfterMs: 60 * 60_000 });
  expect(first).toEqual({ failingSince: t0, alerting: false });
  expect(mockErrorLogs).toEqual([]);
  // a later failure keeps the streak's start; 90 minutes in, it is past the 60-minute threshold
  const later = await recordSourceOutcome('medical', { failed: true, at: new Date(), problem: 'HTTP 503' }, { alertAfterMs: 60 * 60_000 });
  expect(later).toEqual({ failingSince: t0, alerting: true });
  expect(mockErrorLogs).toEqual([expect.objectContaining({ alert: 'source-failing', source: 'medical', failingMinutes: 90, problem: 'HTTP 503' })]);

  let text = await scrape();
  expect(sample(text, 'hub_source_failing_seconds{source="medical"}')).toBeGreaterThanOrEqual(90 * 60);
  expect(sample(text, 'hub_source_alert{source="medical"}')).toBe(1);
  expect(sample(text, 'hub_source_failing_seconds{source="industrial"}')).toBe(0);

  await recordSourceOutcome('medical', { failed: false, at: new Date() });
  text = await scrape();
  expect(sample(text, 'hub_source_failing_seconds{source="medical"}')).toBe(0);
  expect(sample(text, 'hub_source_alert{source="medical"}')).toBe(0);
});

it('a failed sync starts the source failure streak', async () => {
  // nothing listens on this port: every attempt is a network error
  const config = loadConfig({ NODE_ENV: 'test', SOURCE_CONSTRUCTION_URL: 'http://127.0.0.1:9/', CONSTRUCTION_API_KEY: 'k' });
  const connectors = buildConnectors(config, { http: { timeoutMs: 500, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 }, circuitFailureThreshold: 50 } });
  const runs = await runSync('construction', { connectors });
  expect(runs.length).toBeGreaterThan(0);
  expect(runs.every((r) => r.status === 'FAILED')).toBe(true);
  const text = await scrape();
  expect(text).toMatch(/^hub_sync_records_total\{source="construction",stream="[a-z-]+",outcome="written"\} 0$/m);
  expect(sample(text, 'hub_source_failing_seconds{source="construction"}')).toBeGreaterThan(0);
  expect(sample(text, 'hub_source_alert{source="construction"}')).toBe(0);
});
