/** Each fault switch does what it says, observed with plain fetch. */
import iconv from 'iconv-lite';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { sha256 } from '../../../sandbox/files';
import { householdToken, industrialFetch } from './clients';

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sandbox fault switches', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenarioOptions: { size: 0.2, seed: 'faults' } });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  afterEach(async () => {
    for (const source of ['industrial', 'household', 'construction', 'medical', 'taxstat'] as const) sandbox.setFaults(source, {});
    await sleep(1100); // let the per-second rate limits reset
  });

  it('latency delays every answer', async () => {
    sandbox.setFaults('industrial', { latencyMs: 300 });
    const started = Date.now();
    expect((await industrialFetch(sandbox, '/v1/enterprises?pageSize=1')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('errorRate answers 5xx in the source’s own error shape', async () => {
    sandbox.setFaults('industrial', { errorRate: 1 });
    const res = await industrialFetch(sandbox, '/v1/enterprises');
    expect(res.status).toBe(500);
    expect(((await res.json()) as Json).code).toBe(50001);
    sandbox.setFaults('household', { errorRate: 1 });
    const hh = await fetch(`${sandbox.urls.household}/open/v2/facilities`);
    expect(hh.status).toBe(500);
    expect(((await hh.json()) as Json).error).toBe('server_error');
  });

  it('timeoutRate holds the request until the client gives up', async () => {
    sandbox.setFaults('construction', { timeoutRate: 1, timeoutHoldMs: 5000 });
    await expect(fetch(`${sandbox.urls.construction}/api/facilities`, { headers: { 'X-Api-Key': sandbox.credentials.CONSTRUCTION_API_KEY }, signal: AbortSignal.timeout(300) })).rejects.toThrow();
  });

  it('burst429 answers bursts of 429 with Retry-After', async () => {
    sandbox.setFaults('construction', { burst429: { every: 2, length: 1, retryAfterSeconds: 3 } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${sandbox.urls.construction}/api/facilities`, { headers: { 'X-Api-Key': sandbox.credentials.CONSTRUCTION_API_KEY } });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await sleep(250);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(retryAfter).toBe('3');
  });

  it('repeatRecords makes a page start with records from the previous page', async () => {
    sandbox.setFaults('industrial', { repeatRecords: 5 });
    const page1 = ((await (await industrialFetch(sandbox, '/v1/hw-manifests?page=1&pageSize=20')).json()) as { data: { records: Json[] } }).data.records;
    const page2 = ((await (await industrialFetch(sandbox, '/v1/hw-manifests?page=2&pageSize=20')).json()) as { data: { records: Json[] } }).data.records;
    expect(page2.slice(0, 5)).toEqual(page1.slice(15));
    sandbox.setFaults('household', { repeatRecords: 3 });
    const token = await householdToken(sandbox);
    const first = (await (await fetch(`${sandbox.urls.household}/open/v2/weigh-tickets?limit=10`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Json[]; nextCursor: string };
    const second = (await (await fetch(`${sandbox.urls.household}/open/v2/weigh-tickets?limit=10&cursor=${first.nextCursor}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Json[] };
    expect(second.items.slice(0, 3)).toEqual(first.items.slice(7));
  });

  it('malformedRate corrupts records and renamedColumn renames a field', async () => {
    sandbox.setFaults('industrial', { malformedRate: 1 });
    const records = ((await (await industrialFetch(sandbox, '/v1/hw-manifests?pageSize=5')).json()) as { data: { records: Json[] } }).data.records;
    expect(records.every((r) => r.ycl === '#VALUE!')).toBe(true);
    sandbox.setFaults('household', { renamedColumn: { from: 'netKg', to: 'net_kg' } });
    const token = await householdToken(sandbox);
    const items = ((await (await fetch(`${sandbox.urls.household}/open/v2/weigh-tickets?limit=5`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Json[] }).items;
    expect(items.every((t) => 'net_kg' in t && !('netKg' in t))).toBe(true);
  });

  it('renamedColumn and wrongEncoding change medical files, and the index describes the bytes served', async () => {
    sandbox.setFaults('medical', { renamedColumn: { from: '回收量(kg)', to: '回收重量(kg)' }, wrongEncoding: true });
    const index = (await (await fetch(`${sandbox.urls.medical}/index.json`)).json()) as { path: string; sha256: string }[];
    const entry = index.find((f) => f.path.startsWith('recyclables/')) as { path: string; sha256: string };
    const bytes = Buffer.from(await (await fetch(`${sandbox.urls.medical}/${entry.path}`)).arrayBuffer());
    expect(sha256(bytes)).toBe(entry.sha256);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = iconv.decode(bytes, 'gb18030');
    expect(text.split('\r\n')[0]).toContain('回收重量(kg)');
  });

  it('outage answers 503 while the scenario clock is inside the window', async () => {
    const now = sandbox.clock.now();
    sandbox.setFaults('taxstat', { outage: { from: now - 1000, to: now + 3_600_000 } });
    expect((await fetch(`${sandbox.urls.taxstat}/index.json`, { headers: { authorization: `Basic ${Buffer.from(`${sandbox.credentials.TAXSTAT_USER}:${sandbox.credentials.TAXSTAT_PASSWORD}`).toString('base64')}` } })).status).toBe(503);
    sandbox.clock.advance(2 * 3_600_000);
    expect((await fetch(`${sandbox.urls.taxstat}/index.json`, { headers: { authorization: `Basic ${Buffer.from(`${sandbox.credentials.TAXSTAT_USER}:${sandbox.credentials.TAXSTAT_PASSWORD}`).toString('base64')}` } })).status).toBe(200);
    sandbox.clock.set(now);
  });
});
