/** Job metrics of a worker process (its own /metrics: WORKER_METRICS_PORT). */
import { Counter, Histogram } from 'prom-client';
import { registry } from '../src/infra/metrics';

export const jobAttempts = new Counter({
  name: 'hub_job_attempts_total',
  help: 'Job attempts by kind and outcome (completed; retrying: failed, another attempt follows; failed: the last attempt failed)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: 'hub_job_duration_seconds',
  help: 'Time of one job attempt, by kind and outcome',
  labelNames: ['kind', 'outcome'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600],
  registers: [registry],
});
