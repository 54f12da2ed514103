/**
 * Shared HTTP transport for the connectors: per-attempt timeouts, retries with exponential backoff and
 * jitter (timeouts, network errors, 5xx, 429 with Retry-After), a per-source token-bucket rate limiter,
 * and a circuit breaker that stops hammering a source that is down (shared/sources/README.md "Faults
 * are normal"). All timings and the clock are injectable so tests run in milliseconds.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Logger } from 'pino';
import { SourceUnavailableError } from './errors';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Token bucket: `ratePerSecond` tokens a second, bursts up to `burst`. One token per request. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number = ratePerSecond,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  private refill(): void {
    const at = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((at - this.refilledAt) / 1000) * this.ratePerSecond);
    this.refilledAt = at;
  }

  /** Waits until a token is available and takes it. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000), signal);
    }
  }
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Opens after `failureThreshold` consecutive failed attempts; while open every request fails fast
 * with SourceUnavailableError. After `cooldownMs` one trial request is let through (half-open): success
 * closes the circuit, failure opens it again.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | null = null;

  constructor(
    readonly failureThreshold: number,
    readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** True when a request may go out now. */
  allows(): boolean {
    return this.state !== 'open';
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAt = null;
  }

  recordFailure(): void {
    this.consecutiveFailures += 1;
    if (this.state === 'half-open' || this.consecutiveFailures >= this.failureThreshold) this.openedAt = this.now();
  }
}

export interface RetryPolicy {
  /** Attempts after the first. */
  maxRetries: number;
  /** Backoff before retry n (0-based) is baseDelayMs · 2^n, capped at maxDelayMs, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After the transport will honour; longer waits count as the source being unavailable. */
  maxRetryAfterMs: number;
}

export interface HttpTransportOptions {
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Requests per second for this source (industrial 10, construction 5); none when omitted. */
  rateLimitPerSecond?: number;
  circuitFailureThreshold?: number;
  circuitCooldownMs?: number;
  sleep?: Sleep;
  now?: () => number;
  /** Jitter source in [0, 1); injectable for deterministic tests. */
  random?: () => number;
  logger?: Logger;
}

export interface HttpRequest {
  url: URL;
  method?: 'GET' | 'POST';
  /** A function is called once per attempt, so signed requests get a fresh timestamp and nonce each time. */
  headers?: Record<string, string> | ((url: URL) => Record<string, string>);
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpStreamResponse {
  status: number;
  headers: Headers;
  body: Readable;
}

/** Lets a client mark a 2xx answer as a transient failure (e.g. industrial's in-body code 42901/50001). */
export type TransientInBody = (response: HttpResponse) => { retryAfterMs?: number } | null;

const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

class TransientFailure extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    /** Throttling (429) says the source is alive: it does not count towards opening the circuit. */
    readonly countsAsFailure: boolean,
  ) {
    super(message);
  }
}

/** `Retry-After` in seconds (the specs use seconds); an HTTP date is honoured too. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class HttpTransport {
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly limiter: TokenBucket | null;
  readonly circuit: CircuitBreaker;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly logger: Logger | undefined;

  constructor(
    readonly sourceId: string,
    options: HttpTransportOptions = {},
  ) {
    const now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.limiter = options.rateLimitPerSecond ? new TokenBucket(options.rateLimitPerSecond, options.rateLimitPerSecond, now, this.sleep) : null;
    this.circuit = new CircuitBreaker(options.circuitFailureThreshold ?? 5, options.circuitCooldownMs ?? 60_000, now);
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
  }

  /** Sends a request and reads the whole (small, JSON) body. Non-transient 4xx answers are returned to the caller. */
  async send(request: HttpRequest, transientInBody?: TransientInBody): Promise<HttpResponse> {
    return this.withRetries(request, async (response) => {
      const text = await response.text();
      const buffered = { status: response.status, headers: response.headers, text };
      const transient = response.ok && transientInBody ? transientInBody(buffered) : null;
      if (transient) throw new TransientFailure(`in-body transient error: ${text.slice(0, 200)}`, transient.retryAfterMs, true);
      return buffered;
    });
  }

  /**
   * Sends a request and hands the body over as a Node stream (files can be large). Retries and the
   * timeout cover getting the response headers; a failure while the caller consumes the body surfaces
   * to the caller (a file read is restarted from its saved state, not mid-body).
   */
  async stream(request: HttpRequest): Promise<HttpStreamResponse> {
    return this.withRetries(request, async (response) => {
      const body = response.body
        ? Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>)
        : Readable.from([]);
      return { status: response.status, headers: response.headers, body };
    });
  }

  private backoffMs(retryIndex: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** retryIndex);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private async withRetries<Result>(
    request: HttpRequest,
    consume: (response: Response) => Promise<Result>,
  ): Promise<Result> {
    let lastProblem = 'no attempt made';
    for (let attempt = 0; attempt <= this.retry.maxRetries; attempt += 1) {
      if (!this.circuit.allows()) {
        throw new SourceUnavailableError(this.sourceId, 'circuit-open', `circuit open after repeated failures (last: ${lastProblem})`);
      }
      await this.limiter?.take(request.signal);
      let waitMs: number;
      try {
        const result = await this.attempt(request, consume);
        this.circuit.recordSuccess();
        return result;
      } catch (error) {
        if (request.signal?.aborted) throw error;
        if (!(error instanceof TransientFailure)) throw error;
        lastProblem = error.message;
        if (error.countsAsFailure) this.circuit.recordFailure();
        if (error.retryAfterMs !== undefined && error.retryAfterMs > this.retry.maxRetryAfterMs) {
          throw new SourceUnavailableError(this.sourceId, 'retries-exhausted', `asked to wait ${error.retryAfterMs} ms: ${lastProblem}`);
        }
        waitMs = error.retryAfterMs ?? this.backoffMs(attempt);
      }
      if (attempt === this.retry.maxRetries) break;
      this.logger?.warn({ url: request.url.pathname, attempt: attempt + 1, waitMs, problem: lastProblem }, 'retrying request');
      await this.sleep(waitMs, request.signal);
    }
    throw new SourceUnavailableError(this.sourceId, 'retries-exhausted', `${this.retry.maxRetries + 1} attempts failed (last: ${lastProblem})`);
  }

  private async attempt<Result>(
    request: HttpRequest,
    consume: (response: Response) => Promise<Result>,
  ): Promise<Result> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    const headers = typeof request.headers === 'function' ? request.headers(request.url) : request.headers;
    try {
      let response: Response;
      try {
        response = await fetch(request.url, { method: request.method ?? 'GET', headers, body: request.body, signal });
      } catch (error) {
        const why = timeout.signal.aborted ? `timed out after ${this.timeoutMs} ms` : `network error: ${describe(error)}`;
        throw new TransientFailure(why, undefined, true);
      }
      if (response.status === 429) {
        await response.body?.cancel();
        throw new TransientFailure('HTTP 429 rate limited', parseRetryAfter(response.headers.get('retry-after')) ?? undefined, false);
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        throw new TransientFailure(`HTTP ${response.status}`, parseRetryAfter(response.headers.get('retry-after')), true);
      }
      try {
        return await consume(response);
      } catch (error) {
        if (error instanceof TransientFailure) throw error;
        if (timeout.signal.aborted) throw new TransientFailure(`timed out after ${this.timeoutMs} ms reading the body`, undefined, true);
        throw error;
      }
    } finally {
      // For streamed bodies `consume` returns once headers are in, so the timeout bounds time-to-headers.
      clearTimeout(timer);
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
