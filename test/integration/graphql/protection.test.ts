/**
 * Protection of the API against one caller stalling it (issue 16): operation shape and cost limits,
 * each key's cost budget, the execution deadline, request rates per key and per address, body size,
 * bounded metric labels.
 */
import { createHash } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { issueToken } from '../../../src/auth/tokens';
import { closeRedis, sharedRedis } from '../../../src/infra/redis';
import { startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

interface RawResponse {
  status: number;
  headers: Headers;
  errors?: GraphQLFormattedError[];
  data?: unknown;
}

async function post(api: TestApi, body: unknown, key?: string): Promise<RawResponse> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    // the GraphQL-over-HTTP media type: request errors keep their 4xx status (application/json gets 200)
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: unknown; errors?: GraphQLFormattedError[] };
  return { status: res.status, headers: res.headers, errors: json.errors, data: json.data };
}

const codes = (r: RawResponse) => (r.errors ?? []).map((e) => e.extensions?.code);
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

const apis: TestApi[] = [];
async function serve(env: NodeJS.ProcessEnv): Promise<TestApi> {
  // every server of this file sees the test runner as the same address: start each from a fresh count
  const redis = sharedRedis(process.env.REDIS_URL);
  const counted = await redis.keys('ratelimit:address:*');
  if (counted.length) await redis.del(...counted);
  const api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000', API_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '100000', ...env });
  apis.push(api);
  return api;
}

afterAll(async () => {
  for (const api of apis) await api.close();
  const counted = await sharedRedis().keys('ratelimit:address:*');
  if (counted.length) await sharedRedis().del(...counted);
  await closeRedis();
});

describe('operation limits', () => {
  let api: TestApi;
  let key: string;
  beforeAll(async () => {
    api = await serve({});
    key = await api.keyFor('ANALYST', 'TASKFORCE');
  });

  it('refuses the 500-alias `flags(first: 50) { totalCount }` request with a clear error before running it', async () => {
    const started = Date.now();
    const response = await post(api, { query: aliases(500, 'flags(first: 50) { totalCount }') }, key);
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(response.errors?.[0]?.message).toMatch(/5000 tokens/);
    expect(response.data).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses more aliases than API_MAX_ALIASES', async () => {
    const response = await post(api, { query: aliases(40, 'me { keyId }') }, key);
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors?.[0]?.message).toMatch(/Aliases limit of 30 exceeded/);
  });

  it('refuses more directives than API_MAX_DIRECTIVES', async () => {
    const response = await post(api, { query: `{ me { keyId ${'@include(if: true) '.repeat(40)} } }` }, key);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).toMatch(/Directives limit of 30 exceeded/);
  });

  it('refuses an operation costing more than API_MAX_COST, counting lists by their page size', async () => {
    // 20 aliases × 200 flags × (node + subject + evidence + sides × 10 …): far above 10 000
    const page = 'flags(first: 200) { edges { node { id subject { key } evidence { sides { value } } } } }';
    const response = await post(api, { query: aliases(20, page) }, key);
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(response.errors?.[0]?.extensions?.cost).toBeGreaterThan(10000);
    // the same page once is within the limit
    const once = await post(api, { query: `{ ${page} }` }, key);
    expect(once.errors).toBeUndefined();
  });

  it('counts `first` given as a variable', async () => {
    const query = 'query Q($n: Int) { a: flags(first: $n) { edges { node { id subject { key } evidence { sides { value } } } } } b: flags(first: $n) { edges { node { id subject { key } evidence { sides { value } } } } } }';
    expect((await post(api, { query, variables: { n: 10 } }, key)).errors).toBeUndefined();
    expect(codes(await post(api, { query: aliases(15, 'flags(first: $n) { edges { node { id subject { key } evidence { sides { value } } } } }').replace('{', 'query Q($n: Int) {'), variables: { n: 200 } }, key))).toEqual(['COST_LIMIT_EXCEEDED']);
  });
});

describe('cost budget per key per minute', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a key has spent its budget, and other keys go on', async () => {
    const api = await serve({ API_COST_BUDGET_PER_MINUTE: '100' });
    const spender = await api.keyFor('ANALYST', 'TASKFORCE');
    const neighbour = await api.keyFor('ANALYST', 'TASKFORCE');
    const query = '{ flags(first: 1) { totalCount } }'; // 10 (root) + 10 (count) = 20
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(api, { query }, spender)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await post(api, { query }, spender);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-limit')).toBe('100');
    expect((await post(api, { query }, neighbour)).status).toBe(200);
  });
});

describe('execution deadline', () => {
  it('stops resolvers once API_EXECUTION_TIMEOUT_MS has passed and says so with DEADLINE_EXCEEDED', async () => {
    const api = await serve({ API_EXECUTION_TIMEOUT_MS: '1' });
    const key = await api.keyFor('ANALYST', 'TASKFORCE');
    const response = await post(api, { query: '{ flags(first: 5) { totalCount } movements(first: 5) { totalCount } }' }, key);
    expect(codes(response)).toContain('DEADLINE_EXCEEDED');
    expect(codes(response).every((c) => c === 'DEADLINE_EXCEEDED')).toBe(true);
  });
});

describe('request rates', () => {
  it('limits requests without a key per client address, with RateLimit-* headers', async () => {
    const api = await serve({ API_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    let last: RawResponse | undefined;
    for (let i = 0; i < 5; i++) {
      last = await post(api, { query: '{ me { keyId } }' });
      statuses.push(last.status);
    }
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(codes(last!)).toEqual(['RATE_LIMITED']);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('counts failed authentications against the address, so unknown keys are limited too', async () => {
    const api = await serve({ API_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '2' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(api, { query: '{ me { keyId } }' }, `zwh_${'0'.repeat(12)}_${'B'.repeat(43)}`)).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
  });

  it('sends RateLimit-* headers on answered requests', async () => {
    const api = await serve({ API_RATE_LIMIT_PER_MINUTE: '50' });
    const key = await api.keyFor('ANALYST', 'TASKFORCE');
    const response = await post(api, { query: '{ me { keyId } }' }, key);
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-limit')).toBe('50');
    expect(response.headers.get('ratelimit-remaining')).toBe('49');
  });
});

describe('trusted documents', () => {
  it('lets a trustedOnly key run registered operations only, matched by the SHA-256 of their text', async () => {
    const api = await serve({});
    const admin = await api.keyFor('ADMIN');
    const created = await post(api, { query: 'mutation { createApiKey(input: { role: PARTNER, agency: "TAX", label: "tax feed", trustedOnly: true }) { key apiKey { trustedOnly } } }' }, admin);
    const { key, apiKey } = (created.data as { createApiKey: { key: string; apiKey: { trustedOnly: boolean } } }).createApiKey;
    expect(apiKey.trustedOnly).toBe(true);
    const document = 'query TaxFeed { me { keyId } }';
    const refused = await post(api, { query: document }, key);
    expect(refused.status).toBe(403);
    expect(codes(refused)).toEqual(['OPERATION_NOT_TRUSTED']);

    const registered = await post(api, { query: 'mutation ($d: String!) { registerTrustedOperation(document: $d, name: "TaxFeed") { hash } }', variables: { d: document } }, admin);
    const { hash } = (registered.data as { registerTrustedOperation: { hash: string } }).registerTrustedOperation;
    expect(hash).toBe(createHash('sha256').update(document).digest('hex'));
    expect((await post(api, { query: document }, key)).errors).toBeUndefined();
    // any other text, even one space more, is another operation
    expect(codes(await post(api, { query: `${document} ` }, key))).toEqual(['OPERATION_NOT_TRUSTED']);
    // keys without the restriction are unaffected
    expect((await post(api, { query: '{ me { role } }' }, await api.keyFor('PARTNER', 'TAX'))).errors).toBeUndefined();
    expect(codes(await post(api, { query: 'mutation { registerTrustedOperation(document: "{ not valid") { hash } }' }, admin))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('short-lived bearer tokens', () => {
  it('exchanges a key for a token that works as the key, expires, is refused when forged, and ends with the key', async () => {
    const api = await serve({});
    const admin = await api.keyFor('ADMIN');
    const created = await post(api, { query: 'mutation { createApiKey(input: { role: PARTNER, agency: "HHC" }) { key apiKey { keyId } } }' }, admin);
    const { key, apiKey } = (created.data as { createApiKey: { key: string; apiKey: { keyId: string } } }).createApiKey;
    const issued = await post(api, { query: 'mutation { issueToken(ttlSeconds: 60) { token expiresAt } }' }, key);
    const { token, expiresAt } = (issued.data as { issueToken: { token: string; expiresAt: string } }).issueToken;
    expect(token.startsWith('zwt_')).toBe(true);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const me = await post(api, { query: '{ me { keyId role agency { code } } }' }, token);
    expect(me.data).toEqual({ me: { keyId: apiKey.keyId, role: 'PARTNER', agency: { code: 'HHC' } } });

    const [payload] = token.slice(4).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ k: apiKey.keyId, exp: 9_999_999_999 })).toString('base64url');
    expect((await post(api, { query: '{ me { keyId } }' }, `zwt_${forgedPayload}.${token.split('.')[1]}`)).status).toBe(401);
    expect((await post(api, { query: '{ me { keyId } }' }, `zwt_${payload}.AAAA`)).status).toBe(401);
    const expired = issueToken(apiKey.keyId, 1, Date.now() - 5000).token;
    expect((await post(api, { query: '{ me { keyId } }' }, expired)).status).toBe(401);
    expect(codes(await post(api, { query: 'mutation { issueToken(ttlSeconds: 86400) { token } }' }, key))).toEqual(['BAD_USER_INPUT']);

    await post(api, { query: `mutation { revokeApiKey(keyId: "${apiKey.keyId}") { keyId } }` }, admin);
    expect((await post(api, { query: '{ me { keyId } }' }, token)).status).toBe(401);
  });
});

describe('requests running at once', () => {
  it('runs at most API_MAX_CONCURRENT_PER_KEY requests of one key at once and refuses the rest with 429; other keys are not held up', async () => {
    const api = await serve({ API_MAX_CONCURRENT_PER_KEY: '1' });
    const greedy = await api.keyFor('ANALYST', 'TASKFORCE');
    const other = await api.keyFor('ANALYST', 'TASKFORCE');
    const query = '{ a: flags(first: 50) { totalCount } b: movements(first: 50) { totalCount } c: parties(first: 50) { totalCount } }';
    const answers = await Promise.all([...Array.from({ length: 6 }, () => post(api, { query }, greedy)), post(api, { query }, other)]);
    const greedyStatuses = answers.slice(0, 6).map((a) => a.status);
    expect(greedyStatuses).toContain(200);
    expect(greedyStatuses).toContain(429);
    expect(answers[6]!.status).toBe(200);
    // once answered, the key runs again
    expect((await post(api, { query }, greedy)).status).toBe(200);
  });
});

describe('edges', () => {
  it('answers a body over API_MAX_BODY_BYTES with HTTP 413 as a GraphQL error', async () => {
    const api = await serve({ API_MAX_BODY_BYTES: '10000' });
    const key = await api.keyFor('ANALYST', 'TASKFORCE');
    const response = await post(api, { query: `{ me { keyId } } # ${'x'.repeat(20000)}` }, key);
    expect(response.status).toBe(413);
    expect(codes(response)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('answers an unknown flows / topParties stream or measure with BAD_USER_INPUT, echoing long input truncated', async () => {
    const api = await serve({});
    const key = await api.keyFor('ANALYST', 'TASKFORCE');
    const flows = await post(api, { query: '{ flows(period: "2026-01", stream: "nuclear") { period } }' }, key);
    expect(codes(flows)).toEqual(['BAD_USER_INPUT']);
    const measure = await post(api, { query: '{ topParties(stream: "industrial", measure: "SMOKE", period: "2026-01") { grams } }' }, key);
    expect(codes(measure)).toEqual(['BAD_USER_INPUT']);
    const long = await post(api, { query: 'query ($s: String!) { flows(period: "2026-01", stream: $s) { period } }', variables: { s: 'x'.repeat(5000) } }, key);
    expect(codes(long)).toEqual(['BAD_USER_INPUT']);
    expect(long.errors![0]!.message.length).toBeLessThan(400);
  });

  it('refuses a string argument longer than API_MAX_STRING_LENGTH, and a key label over 100 characters', async () => {
    const api = await serve({ API_MAX_STRING_LENGTH: '1000' });
    const admin = await api.keyFor('ADMIN');
    const tooLong = await post(api, { query: 'query ($t: String) { flags(filter: { text: $t }) { totalCount } }', variables: { t: '长'.repeat(1001) } }, admin);
    expect(tooLong.status).toBe(400);
    expect(codes(tooLong)).toEqual(['BAD_USER_INPUT']);
    const label = await post(api, { query: `mutation { createApiKey(input: { role: PARTNER, agency: "TAX", label: "${'l'.repeat(101)}" }) { key } }` }, admin);
    expect(codes(label)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses forged cursors such as r:1e308 with BAD_USER_INPUT', async () => {
    const api = await serve({});
    const key = await api.keyFor('ANALYST', 'TASKFORCE');
    const forged = Buffer.from(JSON.stringify({ k: 'flags', v: 1e308, id: '0'.repeat(24) })).toString('base64url');
    for (const after of ['r:1e308', forged, Buffer.from(JSON.stringify({ r: 1e308, id: '0'.repeat(24) })).toString('base64url')]) {
      expect(codes(await post(api, { query: 'query ($a: String) { flags(after: $a) { totalCount } }', variables: { a: after } }, key))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await post(api, { query: 'query ($a: String) { syncRuns(after: $a) { totalCount } }', variables: { a: after } }, key))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it("labels metrics by the operation's root field, never by the client's operation name", async () => {
    const api = await serve({});
    const key = await api.keyFor('ANALYST', 'TASKFORCE');
    await post(api, { query: 'query Invented_Name_7f3a { me { keyId } }', operationName: 'Invented_Name_7f3a' }, key);
    await post(api, { query: 'query Another_Invented_9 { me { keyId } }' });
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).not.toContain('Invented_Name_7f3a');
    expect(metrics).not.toContain('Another_Invented_9');
    expect(metrics).toMatch(/hub_graphql_operations_total\{operation="query\.me",outcome="ok"\}/);
  });
});
