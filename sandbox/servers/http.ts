/**
 * What every sandbox server shares: the scenario clock, listening on an ephemeral port, fixed-window
 * rate limits, fault handling, JSON answers. Plain node:http.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultDecision, FaultInjector } from '../faults';
import type { JsonRecord } from '../scenario/types';

/** The sandbox's notion of "now" on the scenario timeline (epoch ms), shared by all servers. */
export class ScenarioClock {
  constructor(private value: number) {}
  now(): number {
    return this.value;
  }
  set(ms: number): void {
    this.value = ms;
  }
  advance(ms: number): void {
    this.value += ms;
  }
}

/** At most `limit` requests per key per wall-clock second; the rest get 429. */
export class RateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();
  constructor(private readonly limit: number) {}

  /** Seconds to wait, or 0 if the request may proceed. */
  check(key: string, now = Date.now()): number {
    const window = Math.floor(now / 1000) * 1000;
    if (window !== this.windowStart) {
      this.windowStart = window;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count > this.limit ? 1 : 0;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendBytes(res: ServerResponse, status: number, bytes: Buffer, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': bytes.length });
  res.end(bytes);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** Listens on 127.0.0.1 (port 0 = any free port). Unexpected handler errors become a 500. */
export async function listen(handler: Handler, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    held.add(res);
    res.on('close', () => held.delete(res));
    handler(req, res, url).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Applies latency and the request-level fault; returns true when the fault already answered (or is
 * holding) the request and the handler must stop.
 */
export async function applyFault(
  faults: FaultInjector,
  clock: ScenarioClock,
  res: ServerResponse,
  answer: (decision: Exclude<FaultDecision, { kind: 'none' } | { kind: 'timeout' }>) => void,
): Promise<boolean> {
  const latency = faults.current.latencyMs ?? 0;
  if (latency > 0) await sleep(latency);
  const decision = faults.decide(clock.now());
  if (decision.kind === 'none') return false;
  if (decision.kind === 'timeout') {
    const timer = setTimeout(() => res.destroy(), decision.holdMs);
    res.on('close', () => clearTimeout(timer));
    return true;
  }
  answer(decision);
  return true;
}

/** A record as served under the record-level faults: a renamed field, or one field corrupted. */
export function servedRecord(body: JsonRecord, id: string, faults: FaultInjector, corruptField: string): JsonRecord {
  let out = body;
  const rename = faults.current.renamedColumn;
  if (rename && rename.from in out) {
    out = { ...out };
    out[rename.to] = out[rename.from] ?? null;
    delete out[rename.from];
  }
  if (faults.corrupts(id)) out = { ...out, [corruptField]: '#VALUE!' };
  return out;
}

export function parseIsoParam(value: string | null): number | null | 'invalid' {
  if (value === null || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 'invalid' : ms;
}
