/**
 * The 'sync' job: a worker runs `runSync` for the job's source (`all` by default) with the connectors
 * of its configuration. The lead wires `registerSyncJobs` into the worker process.
 */
import type { JobHandlers } from '../../jobs/handlers';
import { buildConnectors } from '../../connectors/registry';
import type { Config } from '../config';
import { runSync } from './engine';

export function registerSyncJobs(handlers: JobHandlers, config: Config): JobHandlers {
  return handlers.register('sync', async (input, context) => {
    const source = typeof input.source === 'string' && input.source !== '' ? input.source : 'all';
    const runs = await runSync(source, { full: input.full === true, connectors: buildConnectors(config), jobId: context.jobId });
    const failed = runs.filter((run) => run.status !== 'SUCCEEDED');
    context.log.info({ source, streams: runs.length, failed: failed.length }, 'sync job finished');
    // a stream that could not finish fails the job, so BullMQ retries it with backoff (state resumes it)
    if (failed.length > 0) throw new Error(`sync ${source}: ${failed.map((run) => `${run.source}/${run.stream} ${run.status}: ${run.errors.map((e) => e.message).join('; ')}`).join(' | ')}`);
    return { source, runs: runs.map((run) => ({ runId: run.runId, source: run.source, stream: run.stream, status: run.status, counts: run.counts })) };
  });
}
