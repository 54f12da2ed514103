/**
 * The BullMQ queues the hub's jobs run on. Syncs get one queue per source, so each source has its own
 * concurrency (one sync at a time per source) while different sources sync in parallel; reconcile,
 * indicators and close have a queue each.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobRunModel, upsertJobRun } from './jobRun';

export const JOB_KINDS = ['sync', 'reconcile', 'indicators', 'close'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface JobInput {
  /** sync: a source id or `all`; the others ignore it. */
  source?: string;
  /** reconcile / indicators / close: `YYYY-MM`; omitted means the current or previous month as the job decides. */
  period?: string;
  full?: boolean;
  [extra: string]: unknown;
}

export const QUEUE_PREFIX = 'hub';

export function queueName(kind: JobKind, input: JobInput): string {
  return kind === 'sync' ? `sync-${input.source ?? 'all'}` : kind;
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  // Finished jobs stay in Redis for a while so a late duplicate of a deterministic id is still refused.
  removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** Job options from configuration: attempts and the first backoff delay (exponential after that). */
export function jobOptionsFrom(config: { JOB_ATTEMPTS: number; JOB_BACKOFF_MS: number }): JobsOptions {
  return { ...DEFAULT_JOB_OPTIONS, attempts: config.JOB_ATTEMPTS, backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS } };
}

export class JobQueues {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly jobOptions: JobsOptions = DEFAULT_JOB_OPTIONS,
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: QUEUE_PREFIX, defaultJobOptions: this.jobOptions });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds a job under a deterministic id. BullMQ ignores an add whose id already exists, so two
   * schedulers firing the same slot enqueue it once.
   */
  async enqueue(
    kind: JobKind,
    input: JobInput,
    jobId: string,
    meta: { origin: string; slot?: string; requestedBy?: string },
    /** `delay`: run no sooner than this many ms from now (jobs/recompute.ts lets a burst gather) */
    options: Pick<JobsOptions, 'delay'> = {},
  ): Promise<void> {
    const name = queueName(kind, input);
    // The row is written before the job exists, so no worker writes it at the same time (the embedded
    // store rewrites whole documents: concurrent updates of one row can lose each other's fields). Only on
    // insert: a second scheduler adding the same slot leaves a running or finished job's row alone.
    await upsertJobRun(jobId, {
      $setOnInsert: { kind, queue: name, origin: meta.origin, slot: meta.slot ?? null, input, requestedBy: meta.requestedBy ?? null, queuedAt: new Date(), status: 'QUEUED', attempts: 0 },
    });
    try {
      await this.queue(name).add(kind, input, { ...options, jobId });
    } catch (error) {
      await JobRunModel.updateOne({ jobId, status: 'QUEUED' }, { $set: { status: 'FAILED', error: `could not be queued: ${error instanceof Error ? error.message : String(error)}`, finishedAt: new Date() } });
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}

/** BullMQ ids may not contain ':'; slots are written as compact UTC timestamps. */
export function slotId(date: Date, granularity: 'second' | 'minute' = 'minute'): string {
  const iso = date.toISOString();
  return granularity === 'second' ? iso.slice(0, 19).replace(/[-:]/g, '') : iso.slice(0, 16).replace(/[-:]/g, '');
}
