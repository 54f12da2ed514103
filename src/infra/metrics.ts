/** Prometheus metrics (prom-client). Capabilities register their own metrics on this registry. */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpDuration = new Histogram({
  name: 'hub_http_request_duration_seconds',
  help: 'HTTP request latency',
  labelNames: ['route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const graphqlOperations = new Counter({
  name: 'hub_graphql_operations_total',
  help: 'GraphQL operations by name and outcome',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});
