/**
 * How reconciliation is started: the 'reconcile' job handler (scheduled nightly, after syncs, and from
 * the API's `runReconciliation`), and the function the CLI's `hub reconcile --period P [--full]` calls.
 */
import type { JobHandlers, JobRunContext } from '../../jobs/handlers';
import type { JobInput } from '../../jobs/queues';
import { runReconciliation, type ReconcileOptions } from './engine';
import type { ReconcileRunRecord } from './reconcileRunModel';

/** What a job or the CLI reports back: the run's identity and diff, small enough for JobRun.result. */
export function runSummary(run: ReconcileRunRecord): Record<string, unknown> {
  return {
    runId: run.runId,
    mode: run.mode,
    periods: run.periods,
    ruleSetVersion: run.ruleSetVersion,
    diff: run.diff,
    perRule: Object.fromEntries(run.perRule.map((r) => [r.rule, { raised: r.raised, ...r.diff }])),
    durationMs: run.durationMs,
  };
}

/** Job input → engine options: `period` (YYYY-MM, YYYYQn or YYYY), `full`, optional `rules` and `asOf`. */
export function optionsFromJob(input: JobInput, context: Pick<JobRunContext, 'jobId'>): ReconcileOptions {
  const rules = Array.isArray(input.rules) ? input.rules.filter((r): r is string => typeof r === 'string') : undefined;
  const asOf = typeof input.asOf === 'string' ? new Date(input.asOf) : undefined;
  if (asOf && Number.isNaN(asOf.getTime())) throw new Error(`asOf "${String(input.asOf)}" is not a date-time`);
  return {
    periods: input.period ? [input.period] : undefined,
    full: input.full === true,
    rules,
    asOf,
    actor: { id: 'job', label: `job ${context.jobId}` },
    jobId: context.jobId,
  };
}

export function registerReconcileJobs(handlers: JobHandlers): JobHandlers {
  return handlers.register('reconcile', async (input, context) => {
    const run = await runReconciliation(optionsFromJob(input, context));
    context.log.info({ runId: run.runId, diff: run.diff, durationMs: run.durationMs }, 'reconciliation finished');
    return runSummary(run);
  });
}

/** `hub reconcile --period P [--full] [--rules A,B] [--as-of ISO]`: runs in-process and returns the summary. */
export async function reconcileFromCli(args: { period?: string; full?: boolean; rules?: string; asOf?: string }, hooks?: ReconcileOptions['hooks']): Promise<Record<string, unknown>> {
  const asOf = args.asOf ? new Date(args.asOf) : undefined;
  if (asOf && Number.isNaN(asOf.getTime())) throw new Error(`--as-of "${args.asOf}" is not a date-time`);
  const run = await runReconciliation({
    periods: args.period ? [args.period] : undefined,
    full: args.full === true,
    rules: args.rules ? args.rules.split(',').map((r) => r.trim()).filter(Boolean) : undefined,
    asOf,
    actor: { id: 'cli', label: 'hub reconcile (command line)' },
    hooks,
  });
  return runSummary(run);
}
