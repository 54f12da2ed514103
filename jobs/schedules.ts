/**
 * The scheduler process: node-cron fires the schedules (DESIGN §8) and each firing enqueues a BullMQ job
 * whose id is `<schedule>-<slot>`. Every scheduler computes the same id for the same firing, so running
 * several schedulers never runs a slot twice.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../src/config';
import { childLogger } from '../src/infra/log';
import { JobQueues, slotId, type JobInput, type JobKind } from './queues';

const log = childLogger('scheduler');

export interface Schedule {
  id: string;
  cron: string;
  kind: JobKind;
  input: JobInput;
  /** Slots are per minute unless the expression has a seconds field. */
  granularity?: 'second' | 'minute';
}

export const REST_SOURCES = ['industrial', 'household', 'construction'] as const;
export const FILE_SOURCES = ['medical', 'taxstat'] as const;

/** The hub's schedules: incremental REST syncs, file scans, nightly reconcile and indicators, monthly close. */
export function defaultSchedules(config: Pick<Config, 'SCHEDULE_SYNC_REST' | 'SCHEDULE_SYNC_FILES' | 'SCHEDULE_RECONCILE' | 'SCHEDULE_INDICATORS' | 'SCHEDULE_CLOSE'>): Schedule[] {
  return [
    ...REST_SOURCES.map((source) => ({ id: `sync-${source}`, cron: config.SCHEDULE_SYNC_REST, kind: 'sync' as const, input: { source } })),
    ...FILE_SOURCES.map((source) => ({ id: `sync-${source}`, cron: config.SCHEDULE_SYNC_FILES, kind: 'sync' as const, input: { source } })),
    { id: 'reconcile-nightly', cron: config.SCHEDULE_RECONCILE, kind: 'reconcile', input: {} },
    { id: 'indicators-nightly', cron: config.SCHEDULE_INDICATORS, kind: 'indicators', input: {} },
    { id: 'close-monthly', cron: config.SCHEDULE_CLOSE, kind: 'close', input: {} },
  ];
}

export function jobIdFor(schedule: Schedule, firedAt: Date): string {
  return `${schedule.id}-${slotId(firedAt, schedule.granularity ?? (schedule.cron.trim().split(/\s+/).length === 6 ? 'second' : 'minute'))}`;
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(options: { schedules: Schedule[]; queues: JobQueues; timezone: string }): Scheduler {
  const tasks: ScheduledTask[] = options.schedules.map((schedule) =>
    cron.schedule(
      schedule.cron,
      async (context) => {
        const jobId = jobIdFor(schedule, context.date);
        try {
          await options.queues.enqueue(schedule.kind, schedule.input, jobId, { origin: schedule.id, slot: jobId.slice(schedule.id.length + 1) });
          log.debug({ jobId }, 'slot enqueued');
        } catch (err) {
          log.error({ jobId, err: err instanceof Error ? err.message : String(err) }, 'could not enqueue a slot');
        }
      },
      { timezone: options.timezone, name: schedule.id, noOverlap: true },
    ),
  );
  log.info({ schedules: options.schedules.map((s) => `${s.id} (${s.cron})`) }, 'scheduler started');
  return {
    stop: async () => {
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}
