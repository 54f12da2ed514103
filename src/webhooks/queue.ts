/**
 * Webhooks on BullMQ: one queue of deliveries (each job one delivery, retried by BullMQ with
 * exponential backoff up to WEBHOOK_MAX_ATTEMPTS) and one of outbox sweeps (a job scheduler every
 * WEBHOOK_DISPATCH_INTERVAL_MS; one sweep runs at a time across every worker process). Deliveries have
 * no JobRun rows: their own log (models.ts) is their history.
 */
import { Queue, Worker, type JobsOptions } from 'bullmq';
import type { Config } from '../config';
import { childLogger } from '../infra/log';
import { redisConnection } from '../infra/redis';
import { QUEUE_PREFIX } from '../../jobs/queues';
import { attemptDelivery } from './deliver';
import { dispatchPending, pruneWebhookHistory } from './dispatch';
import type { WebhookDeliveryRecord } from './models';

const log = childLogger('webhooks');

export const DELIVERY_QUEUE = 'webhook-deliveries';
export const DISPATCH_QUEUE = 'webhook-dispatch';
const DELIVERY_CONCURRENCY = 4;
/** how often a worker process prunes the webhook history (a sweep runs every few seconds) */
const PRUNE_EVERY_MS = 3_600_000;

type WebhookConfig = Pick<
  Config,
  'WEBHOOK_MAX_ATTEMPTS' | 'WEBHOOK_BACKOFF_MS' | 'WEBHOOK_TIMEOUT_MS' | 'WEBHOOK_DISPATCH_INTERVAL_MS' | 'WEBHOOK_ALLOW_PRIVATE_TARGETS' | 'WEBHOOK_RETENTION_DAYS'
>;

export function deliveryJobOptions(config: WebhookConfig, delivery: Pick<WebhookDeliveryRecord, '_id' | 'round'>): JobsOptions {
  return {
    // one job per delivery and round: a second dispatch of the same delivery is ignored by BullMQ
    jobId: `delivery-${delivery._id.toHexString()}-${delivery.round}`,
    attempts: config.WEBHOOK_MAX_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.WEBHOOK_BACKOFF_MS },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** Queues a delivery's round; `queues` is the API's JobQueues or a worker's own queue. */
export async function enqueueDelivery(queues: { queue(name: string): Queue }, config: WebhookConfig, delivery: Pick<WebhookDeliveryRecord, '_id' | 'round'>): Promise<void> {
  await queues.queue(DELIVERY_QUEUE).add('deliver', { deliveryId: delivery._id.toHexString() }, deliveryJobOptions(config, delivery));
}

export interface WebhookWorkers {
  close(): Promise<void>;
}

export async function startWebhookWorkers(options: { redisUrl: string; config: WebhookConfig }): Promise<WebhookWorkers> {
  const { config } = options;
  const deliveries = new Queue(DELIVERY_QUEUE, { connection: redisConnection(options.redisUrl, { forQueue: true }), prefix: QUEUE_PREFIX });
  const sweeps = new Queue(DISPATCH_QUEUE, { connection: redisConnection(options.redisUrl, { forQueue: true }), prefix: QUEUE_PREFIX });
  await sweeps.setGlobalConcurrency(1);
  await sweeps.upsertJobScheduler('outbox-sweep', { every: config.WEBHOOK_DISPATCH_INTERVAL_MS }, { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: 100 } });
  const queues = { queue: () => deliveries };
  let prunedAt = 0;

  const dispatcher = new Worker(
    DISPATCH_QUEUE,
    async () => {
      const result = await dispatchPending((delivery) => enqueueDelivery(queues, config, delivery));
      if (result.events) log.info(result, 'webhook events dispatched');
      if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = Date.now();
        const pruned = await pruneWebhookHistory(config.WEBHOOK_RETENTION_DAYS);
        if (pruned.events || pruned.deliveries) log.info(pruned, 'webhook history pruned');
      }
      return result;
    },
    { connection: redisConnection(options.redisUrl, { forQueue: true }), prefix: QUEUE_PREFIX, concurrency: 1 },
  );
  const deliverer = new Worker<{ deliveryId: string }>(
    DELIVERY_QUEUE,
    async (job) => {
      const outcome = await attemptDelivery(job.data.deliveryId, {
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? config.WEBHOOK_MAX_ATTEMPTS,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        backoffMs: config.WEBHOOK_BACKOFF_MS,
        allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      });
      if (outcome.retry) throw new Error(`delivery ${job.data.deliveryId} failed: ${outcome.error}`);
      return outcome;
    },
    { connection: redisConnection(options.redisUrl, { forQueue: true }), prefix: QUEUE_PREFIX, concurrency: DELIVERY_CONCURRENCY },
  );
  for (const worker of [dispatcher, deliverer]) worker.on('error', (err) => log.error({ err: err.message }, 'webhook worker error'));
  return {
    close: async () => {
      await Promise.all([dispatcher.close(), deliverer.close()]);
      await Promise.all([deliveries.close(), sweeps.close()]);
    },
  };
}
