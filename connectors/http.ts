/**
 * Shared HTTP transport for the connectors: per-attempt timeouts, retries with exponential backoff and
 * jitter (timeouts, network errors, 5xx, 429 with Retry-After), a per-source token-bucket rate limiter,
 * and a circuit breaker that stops hammering a source that is down (shared/sources/README.md "Faults
 * are normal"). Retries, backoff, the timeout and the circuit are cockatiel policies; what counts as
 * transient, and as an outage, is decided here. All timings are options, so tests run in milliseconds.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  BrokenCircuitError,
  CircuitState as CockatielCircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type ICancellationContext,
  type IPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';
import { CodedError } from '../src/errors';
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
  /** Consecutive failed attempts (timeouts, network errors, 5xx) that open the circuit. */
  circuitFailureThreshold?: number;
  /** How long the circuit stays open before one trial request is let through (half-open). */
  circuitCooldownMs?: number;
  /** The rate limiter's sleep and clock (retry backoff waits are cockatiel's own timers). */
  sleep?: Sleep;
  now?: () => number;
  /** Jitter source in [0, 1); injectable for deterministic tests. */
  random?: () => number;
  /** Called before each retry's wait (tests record the waits; the logger gets a warning too). */
  onRetry?: (retry: { attempt: number; waitMs: number; problem: string }) => void;
  logger?: Logger;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

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

class TransientFailure extends CodedError {
  readonly code = 'SOURCE_TRANSIENT';
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

/**
 * The circuit of one source: cockatiel's breaker, opened by `threshold` consecutive failed attempts; while
 * open every request fails fast, after `cooldownMs` one trial goes out (half-open): success closes it,
 * failure opens it again. Throttling (429) says the source is alive: it is not handled by the breaker.
 */
export class SourceCircuit {
  readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(threshold: number, readonly cooldownMs: number) {
    this.policy = circuitBreaker(
      handleWhen((error) => error instanceof TransientFailure && error.countsAsFailure),
      { halfOpenAfter: cooldownMs, breaker: new ConsecutiveBreaker(threshold) },
    );
    this.policy.onBreak(() => {
      this.openedAt = Date.now();
    });
  }

  get state(): CircuitState {
    switch (this.policy.state) {
      case CockatielCircuitState.Closed:
        return 'closed';
      case CockatielCircuitState.HalfOpen:
        return 'half-open';
      default:
        // cockatiel lets the trial through on the next call after the cooldown
        return Date.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
    }
  }
}

export class HttpTransport {
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly limiter: TokenBucket | null;
  readonly circuit: SourceCircuit;
  private readonly random: () => number;
  private readonly logger: Logger | undefined;
  private readonly onRetry: HttpTransportOptions['onRetry'];

  constructor(
    readonly sourceId: string,
    options: HttpTransportOptions = {},
  ) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? realSleep;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.limiter = options.rateLimitPerSecond ? new TokenBucket(options.rateLimitPerSecond, options.rateLimitPerSecond, now, sleep) : null;
    this.circuit = new SourceCircuit(options.circuitFailureThreshold ?? 5, options.circuitCooldownMs ?? 60_000);
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    this.onRetry = options.onRetry;
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

  /** Retry-After when the source sent one, else exponential (base · 2^n, capped) with half jitter. */
  private backoffMs(retryIndex: number, failure: unknown): number {
    if (failure instanceof TransientFailure && failure.retryAfterMs !== undefined) return failure.retryAfterMs;
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** retryIndex);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /**
   * Per request: retry( circuit( rate limiter, timeout( one attempt ) ) ). A Retry-After beyond maxRetryAfterMs is not
   * retried (the source is unavailable for longer than a sync should wait); an open circuit is not retried.
   */
  private policyFor(request: HttpRequest, problems: string[]): { outer: IPolicy; attemptTimeout: IPolicy<ICancellationContext> } {
    const retryPolicy = retry(
      handleWhen((error) => error instanceof TransientFailure && !(error.retryAfterMs !== undefined && error.retryAfterMs > this.retry.maxRetryAfterMs)),
      {
        maxAttempts: this.retry.maxRetries,
        backoff: new DelegateBackoff((context) => this.backoffMs(context.attempt - 1, 'error' in context.result ? context.result.error : undefined)),
      },
    );
    retryPolicy.onRetry(({ attempt, delay }) => {
      const event = { attempt, waitMs: delay, problem: problems.at(-1) ?? 'unknown' };
      this.logger?.warn({ url: request.url.pathname, ...event }, 'retrying request');
      this.onRetry?.(event);
    });
    // cooperative: the attempt sees the timeout through its signal; abortOnReturn false, so a streamed
    // body handed to the caller is not cut when the attempt returns (the timeout bounds time-to-headers)
    const attemptTimeout = timeout(this.timeoutMs, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false });
    return { outer: wrap(retryPolicy, this.circuit.policy), attemptTimeout };
  }

  private async withRetries<Result>(
    request: HttpRequest,
    consume: (response: Response) => Promise<Result>,
  ): Promise<Result> {
    const problems: string[] = [];
    const lastProblem = () => problems.at(-1) ?? 'no attempt made';
    const { outer, attemptTimeout } = this.policyFor(request, problems);
    try {
      return await outer.execute(async () => {
        // waiting for a token is not part of the attempt's time
        await this.limiter?.take(request.signal);
        try {
          return await attemptTimeout.execute(({ signal }) => this.attempt(request, signal, consume), request.signal);
        } catch (error) {
          if (error instanceof TransientFailure) problems.push(error.message);
          throw error;
        }
      }, request.signal);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason ?? error;
      if (error instanceof BrokenCircuitError) {
        throw new SourceUnavailableError(this.sourceId, 'circuit-open', `circuit open after repeated failures (last: ${lastProblem()})`);
      }
      if (!(error instanceof TransientFailure)) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > this.retry.maxRetryAfterMs) {
        throw new SourceUnavailableError(this.sourceId, 'retries-exhausted', `asked to wait ${error.retryAfterMs} ms: ${lastProblem()}`);
      }
      throw new SourceUnavailableError(this.sourceId, 'retries-exhausted', `${problems.length} attempts failed (last: ${lastProblem()})`);
    }
  }

  /** One attempt; `timedOut` is the timeout policy's signal (it aborts the fetch and the body read). */
  private async attempt<Result>(
    request: HttpRequest,
    timedOut: AbortSignal,
    consume: (response: Response) => Promise<Result>,
  ): Promise<Result> {
    const signal = request.signal ? AbortSignal.any([request.signal, timedOut]) : timedOut;
    const headers = typeof request.headers === 'function' ? request.headers(request.url) : request.headers;
    let response: Response;
    try {
      response = await fetch(request.url, { method: request.method ?? 'GET', headers, body: request.body, signal });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      const why = timedOut.aborted ? `timed out after ${this.timeoutMs} ms` : `network error: ${describe(error)}`;
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
      if (error instanceof TransientFailure || request.signal?.aborted) throw error;
      if (timedOut.aborted) throw new TransientFailure(`timed out after ${this.timeoutMs} ms reading the body`, undefined, true);
      throw error;
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
