/**
 * The handlers a worker process runs, one registration per capability, and the queues it listens to.
 */
import type { Config } from '../src/config';
import { registerIndicatorJobs } from '../src/indicators/jobs';
import { runSync } from '../src/ingest/engine';
import { registerSyncJobs } from '../src/ingest/jobs';
import { registerReconcileJobs } from '../src/reconcile/jobs';
import { runReconciliation } from '../src/reconcile/engine';
import { JobHandlers } from './handlers';
import { JOB_KINDS, queueName } from './queues';
import { releasingRecomputeMarks } from './recompute';
import { FILE_SOURCES, REST_SOURCES } from './schedules';

export function workerHandlers(config: Config): JobHandlers {
  const handlers = new JobHandlers();
  registerSyncJobs(handlers, config);
  registerReconcileJobs(handlers);
  // The monthly close runs the final sync and the full reconciliation itself, then the indicators.
  registerIndicatorJobs(handlers, {
    syncAll: () => runSync('all'),
    reconcile: ({ period }) => runReconciliation({ periods: [period], full: true, actor: `close ${period}` }),
  });
  return releasingRecomputeMarks(handlers);
}

export function workerQueues(): string[] {
  const syncQueues = [...REST_SOURCES, ...FILE_SOURCES, 'all'].map((source) => queueName('sync', { source }));
  return [...syncQueues, ...JOB_KINDS.filter((k) => k !== 'sync')];
}
