import { HttpTransport, parseRetryAfter, TokenBucket } from '../../../connectors/http';
import { SourceUnavailableError } from '../../../connectors/errors';
import { instantHttp, json, startServer, type LocalServer } from './support';

describe('HttpTransport', () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it('honours Retry-After seconds on 429 and then succeeds', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls === 1) return json(res, 429, { error: 'rate_limited' }, { 'Retry-After': '1' });
      json(res, 200, { ok: true });
    });
    const http = instantHttp();
    const transport = new HttpTransport('test', http);
    const started = Date.now();
    const response = await transport.send({ url: new URL(server.url) });
    expect(response.status).toBe(200);
    expect(http.sleeps).toEqual([1000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    // Throttling is not an outage: the circuit stays closed.
    expect(transport.circuit.state).toBe('closed');
  });

  it('retries 5xx with exponential backoff and jitter', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls <= 3) return json(res, 503, {});
      json(res, 200, { ok: true });
    });
    const http = instantHttp({ retry: { baseDelayMs: 100, maxDelayMs: 1000 }, random: () => 0 });
    const response = await new HttpTransport('test', http).send({ url: new URL(server.url) });
    expect(response.status).toBe(200);
    // full-ceiling/2 + random·ceiling/2 with random = 0 → 50, 100, 200
    expect(http.sleeps).toEqual([50, 100, 200]);
  });

  it('retries a timed-out request', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls === 1) return; // never answers: the client times out
      json(res, 200, { ok: true });
    });
    const http = instantHttp({ timeoutMs: 500 });
    const response = await new HttpTransport('test', http).send({ url: new URL(server.url) });
    expect(response.status).toBe(200);
    expect(calls).toBe(2);
  });

  it('returns non-transient 4xx answers to the caller without retrying', async () => {
    server = await startServer((_req, res) => json(res, 404, { error: 'not_found' }));
    const http = instantHttp();
    const response = await new HttpTransport('test', http).send({ url: new URL(server.url) });
    expect(response.status).toBe(404);
    expect(http.sleeps).toEqual([]);
  });

  it('gives up with SourceUnavailableError after the retries', async () => {
    server = await startServer((_req, res) => json(res, 500, {}));
    const transport = new HttpTransport('test', instantHttp({ retry: { maxRetries: 2 }, circuitFailureThreshold: 10 }));
    await expect(transport.send({ url: new URL(server.url) })).rejects.toMatchObject({ name: 'SourceUnavailableError', reason: 'retries-exhausted' });
    expect(server.requests).toHaveLength(3);
  });

  it('opens the circuit after N consecutive failures, fails fast, and closes after a successful trial', async () => {
    let healthy = false;
    server = await startServer((_req, res) => (healthy ? json(res, 200, { ok: true }) : json(res, 502, {})));
    const transport = new HttpTransport('test', instantHttp({ retry: { maxRetries: 10 }, circuitFailureThreshold: 3, circuitCooldownMs: 1000 }));
    const failure = await transport.send({ url: new URL(server.url) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SourceUnavailableError);
    expect((failure as SourceUnavailableError).reason).toBe('circuit-open');
    expect(server.requests).toHaveLength(3);
    // While open, nothing reaches the source.
    await expect(transport.send({ url: new URL(server.url) })).rejects.toThrow(/circuit open/);
    expect(server.requests).toHaveLength(3);
    expect(transport.circuit.state).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 1010));
    healthy = true;
    expect(transport.circuit.state).toBe('half-open');
    expect((await transport.send({ url: new URL(server.url) })).status).toBe(200);
    expect(transport.circuit.state).toBe('closed');
  });

  it('opens the circuit on a hung source: each timed-out attempt counts', async () => {
    server = await startServer(() => undefined); // accepts the request, never answers
    const transport = new HttpTransport('test', instantHttp({ timeoutMs: 50, retry: { maxRetries: 10 }, circuitFailureThreshold: 3 }));
    const failure = await transport.send({ url: new URL(server.url) }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'SourceUnavailableError', reason: 'circuit-open' });
    expect((failure as Error).message).toMatch(/timed out after 50 ms/);
    expect(server.requests).toHaveLength(3);
    expect(transport.circuit.state).toBe('open');
  });

  it('re-opens the circuit when the half-open trial fails', async () => {
    server = await startServer((_req, res) => json(res, 503, {}));
    const transport = new HttpTransport('test', instantHttp({ retry: { maxRetries: 0 }, circuitFailureThreshold: 2, circuitCooldownMs: 1000 }));
    for (let i = 0; i < 2; i += 1) await expect(transport.send({ url: new URL(server.url) })).rejects.toMatchObject({ reason: 'retries-exhausted' });
    expect(transport.circuit.state).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 1010));
    expect(transport.circuit.state).toBe('half-open');
    await expect(transport.send({ url: new URL(server.url) })).rejects.toMatchObject({ reason: 'retries-exhausted' });
    expect(server.requests).toHaveLength(3);
    expect(transport.circuit.state).toBe('open');
    await expect(transport.send({ url: new URL(server.url) })).rejects.toMatchObject({ reason: 'circuit-open' });
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a Retry-After longer than the longest it honours', async () => {
    server = await startServer((_req, res) => json(res, 503, {}, { 'Retry-After': '600' }));
    const http = instantHttp({ retry: { maxRetryAfterMs: 1000 } });
    await expect(new HttpTransport('test', http).send({ url: new URL(server.url) })).rejects.toThrow(/asked to wait 600000 ms/);
    expect(server.requests).toHaveLength(1);
    expect(http.sleeps).toEqual([]);
  });

  it('lets a client mark an in-body error code as transient', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      json(res, 200, calls === 1 ? { code: 50001 } : { code: 0 });
    });
    const response = await new HttpTransport('test', instantHttp()).send({ url: new URL(server.url) }, (answer) => (answer.text.includes('50001') ? {} : null));
    expect(JSON.parse(response.text)).toEqual({ code: 0 });
  });
});

describe('TokenBucket', () => {
  it('allows a burst of `rate` requests, then spaces them at 1/rate s', async () => {
    let clock = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket(5, 5, () => clock, async (ms) => {
      waits.push(ms);
      clock += ms;
    });
    for (let i = 0; i < 7; i += 1) await bucket.take();
    expect(waits).toEqual([200, 200]);
    expect(clock).toBe(400);
  });
});

describe('Retry-After parsing', () => {
  it.each([
    ['2', 2000],
    ['0', 0],
    [null, undefined],
    ['soon', undefined],
  ])('parses Retry-After %p as %p ms', (value, expected) => {
    expect(parseRetryAfter(value, 0)).toBe(expected);
  });
});
