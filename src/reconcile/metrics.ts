/** Reconciliation metrics on the hub's prom-client registry (/metrics of the process that reconciles: a worker). */
import { Counter, Gauge, Histogram } from 'prom-client';
import { registry } from '../infra/metrics';

export const reconcileRuns = new Counter({
  name: 'hub_reconcile_runs_total',
  help: 'Reconciliation runs by mode (FULL, INCREMENTAL) and outcome (SUCCEEDED, FAILED)',
  labelNames: ['mode', 'status'] as const,
  registers: [registry],
});

export const reconcileDuration = new Histogram({
  name: 'hub_reconcile_duration_seconds',
  help: 'Reconciliation run time by mode',
  labelNames: ['mode'] as const,
  buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
  registers: [registry],
});

export const reconcileFlagsRaised = new Counter({
  name: 'hub_reconcile_flags_raised_total',
  help: 'Flags raised (found) by reconciliation, by rule',
  labelNames: ['rule'] as const,
  registers: [registry],
});

export const reconcileLastSuccess = new Gauge({
  name: 'hub_reconcile_last_success_timestamp_seconds',
  help: 'When a reconciliation last succeeded (unix seconds)',
  registers: [registry],
});

/** Records one finished run. */
export function observeReconcileRun(run: { mode: string; status: 'SUCCEEDED' | 'FAILED'; startedAt: Date; finishedAt: Date; raised?: { rule: string; raised: number }[] }): void {
  reconcileRuns.inc({ mode: run.mode, status: run.status });
  reconcileDuration.observe({ mode: run.mode }, (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000);
  for (const { rule, raised } of run.raised ?? []) reconcileFlagsRaised.inc({ rule }, raised);
  if (run.status === 'SUCCEEDED') reconcileLastSuccess.set(run.finishedAt.getTime() / 1000);
}
