/**
 * The handlers a worker process runs, one registration per capability, and the queues it listens to.
 * A capability that has no handler yet leaves its jobs failing visibly with that reason.
 */
import type { Config } from '../src/config';
import { JobHandlers } from './handlers';
import { JOB_KINDS, queueName } from './queues';
import { FILE_SOURCES, REST_SOURCES } from './schedules';

export function workerHandlers(_config: Config): JobHandlers {
  return new JobHandlers();
}

export function workerQueues(): string[] {
  const syncQueues = [...REST_SOURCES, ...FILE_SOURCES, 'all'].map((source) => queueName('sync', { source }));
  return [...syncQueues, ...JOB_KINDS.filter((k) => k !== 'sync')];
}
