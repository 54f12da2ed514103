/**
 * Prometheus metrics (prom-client). Capabilities register their own metrics on this registry. The API
 * serves it at /metrics (src/httpServer.ts); each worker process serves its own (`serveMetrics`,
 * WORKER_METRICS_PORT): sync, reconcile and job metrics live in the process that ran the work.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** Serves this process's registry at GET /metrics (and 404 elsewhere); port 0 picks a free one. */
export async function serveMetrics(port: number, host: string): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://metrics').pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
