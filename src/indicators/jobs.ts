/**
 * Job handlers for the indicator capability: 'indicators' (nightly, or a manual recompute) and 'close'
 * (the monthly close on the configured day, or a manual close). The lead registers them in
 * jobs/registry.ts with the sync and reconcile steps of src/ingest and src/reconcile.
 */
import type { JobHandlers } from '../../jobs/handlers';
import type { JobInput } from '../../jobs/queues';
import { closePeriod, type CloseSteps } from './close';
import { computeIndicators } from './engine';
import { addMonths, parsePeriod, previousMonth } from './periods';

export interface IndicatorJobDeps extends Pick<CloseSteps, 'syncAll' | 'reconcile'> {
  now?: () => Date;
}

function requestedPeriod(input: JobInput): string | null {
  return input.period ? parsePeriod(input.period).key : null;
}

export function registerIndicatorJobs(handlers: JobHandlers, deps: IndicatorJobDeps = {}): JobHandlers {
  const now = deps.now ?? (() => new Date());
  handlers.register('indicators', async (input, context) => {
    // Nightly: the month in progress and the one before (late data for it is detected here too).
    const last = previousMonth(now());
    const periods = requestedPeriod(input) ? [requestedPeriod(input)!] : [last, addMonths(last, 1)];
    const result = await computeIndicators({ periods, actor: { id: `job:${context.jobId}`, label: `indicators job ${context.jobId}` }, now: now() });
    context.log.info({ periods: result.periods, values: result.values }, 'indicators computed');
    return { ...result };
  });
  handlers.register('close', async (input, context) => {
    const period = requestedPeriod(input) ?? previousMonth(now());
    const result = await closePeriod(period, { id: `job:${context.jobId}`, label: `close job ${context.jobId}` }, { syncAll: deps.syncAll, reconcile: deps.reconcile, now });
    context.log.info({ period, version: result.version, newVersion: result.newVersion }, 'period closed');
    return { period: result.period, version: result.version, newVersion: result.newVersion, indicatorValues: result.indicatorValues };
  });
  return handlers;
}
