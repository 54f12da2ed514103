/**
 * Workers consume the queues with retries and backoff (from the job options) and record every attempt
 * in JobRun. Several worker processes can share the queues: BullMQ hands each job to one of them.
 */
import { hostname } from 'node:os';
import { Queue, Worker, type Job } from 'bullmq';
import { childLogger } from '../src/infra/log';
import { redisConnection } from '../src/infra/redis';
import type { JobHandlers } from './handlers';
import { JobRunModel, upsertJobRun } from './jobRun';
import { jobAttempts, jobDuration } from './metrics';
import { QUEUE_PREFIX, type JobInput } from './queues';

const log = childLogger('worker');

export interface WorkerPool {
  name: string;
  /**
   * Stops taking jobs and gives the jobs in flight `drainMs` to finish; those still running then are
   * abandoned: their JobRun goes back to QUEUED with the reason, and BullMQ hands the job to a worker
   * again once its lock lapses (the job's own writes are idempotent, its locks lapse with this process).
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

/** how long a stopping worker waits for its jobs in flight (a shutdown must end within seconds) */
export const JOB_DRAIN_MS = 5000;

export async function startWorkers(options: { redisUrl: string; queues: string[]; handlers: JobHandlers; name?: string }): Promise<WorkerPool> {
  // Sync queues run one job at a time across all workers: a source is never synced twice at once.
  for (const queueName of options.queues.filter((q) => q.startsWith('sync-'))) {
    const queue = new Queue(queueName, { connection: redisConnection(options.redisUrl, { forQueue: true }), prefix: QUEUE_PREFIX });
    await queue.setGlobalConcurrency(1);
    await queue.close();
  }
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const inFlight = new Set<string>();
  const process_ = async (job: Job<JobInput>) => {
    const jobId = job.id ?? 'unknown';
    const attempt = job.attemptsMade + 1;
    inFlight.add(jobId);
    await upsertJobRun(jobId, {
      // Counted here, not from BullMQ: a job moved back by the global concurrency limit was not attempted.
      $inc: { attempts: 1 },
      $set: { status: 'RUNNING', worker: name, startedAt: new Date(), error: null },
      $setOnInsert: { kind: job.name, queue: job.queueName, origin: 'unknown', input: job.data, queuedAt: new Date(job.timestamp) },
    });
    const started = performance.now();
    const observe = (outcome: 'completed' | 'retrying' | 'failed') => {
      jobAttempts.inc({ kind: job.name, outcome });
      jobDuration.observe({ kind: job.name, outcome }, (performance.now() - started) / 1000);
    };
    try {
      const result = await options.handlers.get(job.name)(job.data, { jobId, attempt, log: log.child({ jobId, kind: job.name }) });
      await JobRunModel.updateOne({ jobId }, { $set: { status: 'COMPLETED', result, finishedAt: new Date() } });
      observe('completed');
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = attempt >= (job.opts.attempts ?? 1);
      observe(final ? 'failed' : 'retrying');
      await JobRunModel.updateOne(
        { jobId },
        { $set: { status: final ? 'FAILED' : 'QUEUED', error: message, finishedAt: final ? new Date() : null } },
      );
      log.warn({ jobId, kind: job.name, attempt, final, err: message }, 'job failed');
      throw err;
    } finally {
      inFlight.delete(jobId);
    }
  };
  // BullMQ's lock keeps two workers from taking the same job.
  const workers = options.queues.map(
    (queue) => new Worker<JobInput>(queue, process_, { connection: redisConnection(options.redisUrl, { forQueue: true }), prefix: QUEUE_PREFIX, concurrency: 1, name }),
  );
  for (const worker of workers) worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
  return {
    name,
    close: async ({ drainMs = JOB_DRAIN_MS } = {}) => {
      // no new jobs; the ones in flight get until the deadline
      await Promise.all(workers.map((w) => w.pause(true)));
      const deadline = Date.now() + drainMs;
      while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (inFlight.size > 0) {
        const abandoned = [...inFlight];
        log.warn({ jobs: abandoned, drainMs }, 'jobs still running at the shutdown deadline: abandoned, retried once their locks lapse');
        await JobRunModel.updateMany(
          { jobId: { $in: abandoned }, status: 'RUNNING' },
          { $set: { status: 'QUEUED', error: `interrupted: worker ${name} shut down after ${drainMs} ms; retried when its lock lapses` } },
        );
      }
      await Promise.all(workers.map((w) => w.close(true)));
    },
  };
}
