/**
 * A steward's decision reaches the numbers by itself: resolving or dismissing a flag, deciding a
 * resolution case or entering a manual input asks for a recompute of the affected periods' indicators.
 * Requests coalesce per period: the first one queues an `indicators` job (id `recompute-<period>-<slot>`)
 * a few seconds ahead and leaves a pending mark in Redis; later requests find the mark and add nothing.
 * The job clears the mark when it starts, before it reads anything, so a decision made while it runs
 * queues one more run instead of being lost in a computation that had already read the old data.
 */
import type { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { sharedRedis } from '../src/infra/redis';
import type { JobHandlers } from './handlers';
import { slotId, type JobQueues } from './queues';

export const RECOMPUTE_ORIGIN = 'steward-decision';
/** How long a burst of decisions may gather before its recompute starts. */
export const RECOMPUTE_DELAY_MS = 2000;
/** A mark outlives no lost job by much: past this, a new request queues a fresh run anyway. */
const PENDING_TTL_SECONDS = 3600;

/** Per database as well as per period: hubs (or test runs) sharing one Redis never join each other's runs. */
const pendingKey = (period: string) => `hub:recompute-pending:${mongoose.connection.name}:${period}`;

export interface RecomputeRequest {
  /** periods as flags and manual inputs name them: months, quarters or years */
  periods: readonly string[];
  /** the API key that made the decision */
  requestedBy: string;
}

/** Queues (or joins) one recompute per period; returns the job id each period's recompute runs under. */
export async function requestIndicatorRecompute(
  jobs: JobQueues,
  request: RecomputeRequest,
  options: { redis?: Redis; now?: Date; delayMs?: number } = {},
): Promise<Map<string, string>> {
  const redis = options.redis ?? sharedRedis();
  const now = options.now ?? new Date();
  const jobIds = new Map<string, string>();
  for (const period of new Set(request.periods)) {
    const key = pendingKey(period);
    const jobId = `recompute-${period}-${slotId(now, 'second')}`;
    const claimed = await redis.set(key, jobId, 'EX', PENDING_TTL_SECONDS, 'NX');
    if (claimed !== 'OK') {
      jobIds.set(period, (await redis.get(key)) ?? jobId);
      continue;
    }
    try {
      await jobs.enqueue('indicators', { period, pendingKey: key }, jobId, { origin: RECOMPUTE_ORIGIN, requestedBy: request.requestedBy }, { delay: options.delayMs ?? RECOMPUTE_DELAY_MS });
    } catch (error) {
      await redis.del(key);
      throw error;
    }
    jobIds.set(period, jobId);
  }
  return jobIds;
}

/** Wraps the `indicators` handler so a recompute job clears its period's pending mark when it starts. */
export function releasingRecomputeMarks(handlers: JobHandlers, redis: () => Redis = () => sharedRedis()): JobHandlers {
  const compute = handlers.get('indicators');
  return handlers.register('indicators', async (input, context) => {
    const key = typeof input.pendingKey === 'string' ? input.pendingKey : null;
    // only this job's own mark: a newer request's mark stays for the run it queued
    if (key && (await redis().get(key)) === context.jobId) await redis().del(key);
    return compute(input, context);
  });
}
