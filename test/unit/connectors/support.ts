/** Small helpers for connector tests: a local HTTP server per test, and draining async iterables. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Batch } from '../../../connectors/contract';
import type { HttpTransportOptions } from '../../../connectors/http';

export interface LocalServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close: () => Promise<void>;
}

export async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
      void handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Transport settings for tests: the rate limiter never really waits, retry backoff is a few milliseconds
 * unless a test sets it, and every retry wait (backoff or Retry-After) is recorded in `sleeps`.
 */
export function instantHttp(overrides: HttpTransportOptions = {}): HttpTransportOptions & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async () => undefined,
    random: () => 0.5,
    timeoutMs: 2000,
    ...overrides,
    retry: { baseDelayMs: 2, maxDelayMs: 10, ...overrides.retry },
    onRetry: (retry) => {
      sleeps.push(retry.waitMs);
      overrides.onRetry?.(retry);
    },
  };
}

export const allRecords = (batches: Batch[]) => batches.flatMap((batch) => batch.records);
export const allRejects = (batches: Batch[]) => batches.flatMap((batch) => batch.rejects);
