import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHouseholdConnector } from '../../../connectors/household';
import { allRecords, allRejects, collect, instantHttp, json, startServer, type LocalServer } from './support';

const ticket = (ticketNo: string, hour: number) => ({
  ticketNo,
  updatedAt: `2026-11-03T${String(hour).padStart(2, '0')}:00:00+08:00`,
  facilityId: 'F01',
  direction: 'IN',
  plateNo: '京A12345',
  category: 'KITCHEN',
  originStreet: '八角街道',
  originFacilityId: null,
  destinationFacilityId: null,
  grossKg: 15000,
  tareKg: 9000,
  netKg: 6000,
  weighedAt: `2026-11-03T${String(hour).padStart(2, '0')}:00:00+08:00`,
  status: 'VALID',
});

describe('household connector', () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it('caches the token, fetches a new one on 401 invalid_token, and saves the cursor per page', async () => {
    let tokensIssued = 0;
    const pages: Record<string, { items: unknown[]; nextCursor: string | null; hasMore: boolean }> = {
      start: { items: [ticket('T1', 1), ticket('T2', 2)], nextCursor: 'c2', hasMore: true },
      c2: { items: [ticket('T3', 3)], nextCursor: 'c3', hasMore: false },
    };
    server = await startServer((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/oauth/token') {
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_secret') !== 'secret') return json(res, 401, { error: 'invalid_client' });
        tokensIssued += 1;
        return json(res, 200, { access_token: `token-${tokensIssued}`, token_type: 'Bearer', expires_in: 3600 });
      }
      const cursor = url.searchParams.get('cursor') ?? 'start';
      // The server revokes the first token after the first page: the client must renew and retry.
      if (req.headers.authorization !== `Bearer token-${tokensIssued}` || (cursor === 'c2' && tokensIssued === 1)) {
        return json(res, 401, { error: 'invalid_token', message: 'expired' });
      }
      json(res, 200, pages[cursor]);
    });
    const connector = createHouseholdConnector({ url: server.url, clientId: 'hub', clientSecret: 'secret', http: instantHttp() });
    const batches = await collect(connector.read('weigh-tickets', null, { batchSize: 2 }));
    expect(allRecords(batches).map((r) => r.sourceId)).toEqual(['T1', 'T2', 'T3']);
    expect(batches.map((b) => b.state.cursor)).toEqual(['c2', 'c3']);
    expect(tokensIssued).toBe(2);
    const apiCalls = server.requests.filter((r) => !r.url.startsWith('/oauth'));
    expect(apiCalls.map((r) => r.url)).toEqual(['/open/v2/weigh-tickets?limit=2', '/open/v2/weigh-tickets?limit=2&cursor=c2', '/open/v2/weigh-tickets?limit=2&cursor=c2']);
    expect(server.requests.find((r) => r.url === '/oauth/token')?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('starts a new cursor from `since` and reports bad credentials as an auth error', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/oauth/token') return json(res, 401, { error: 'invalid_client' });
      json(res, 500, {});
    });
    const connector = createHouseholdConnector({ url: server.url, clientId: 'hub', clientSecret: 'wrong', http: instantHttp() });
    await expect(collect(connector.read('weigh-tickets', null, { since: '2026-11-01T00:00:00+08:00' }))).rejects.toMatchObject({ code: 'SOURCE_AUTH' });
    expect((await connector.check()).ok).toBe(false);
  });

  it('reads a file:// bundle line by line: a malformed JSON line becomes a reject, state resumes by line', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'household-bundle-'));
    const lines = [JSON.stringify(ticket('T1', 1)), '{"ticketNo":"T2", "updatedAt": ', '', JSON.stringify({ ...ticket('T3', 3), netKg: 'six' }), JSON.stringify(ticket('T4', 4))];
    writeFileSync(join(directory, 'weigh-tickets.jsonl'), `${lines.join('\n')}\n`);
    const connector = createHouseholdConnector({ url: pathToFileURL(directory).href });
    const batches = await collect(connector.read('weigh-tickets', null, { batchSize: 2 }));
    expect(allRecords(batches).map((r) => [r.sourceId, r.origin?.line])).toEqual([['T1', 1], ['T4', 5]]);
    expect(allRejects(batches).map((r) => [r.sourceKey, r.reason.split(' (')[0]])).toEqual([
      ['weigh-tickets.jsonl:2', 'line 2: malformed JSON'],
      ['T3', 'netKg: expected a whole number, got "six"'],
    ]);
    expect(allRejects(batches)[0]?.raw).toBe('{"ticketNo":"T2", "updatedAt": ');
    const afterFirst = await collect(connector.read('weigh-tickets', batches[0]!.state, { batchSize: 2 }));
    expect([...allRecords(afterFirst).map((r) => r.sourceId), ...allRejects(afterFirst).map((r) => r.sourceKey)]).toEqual(['T4', 'T3']);
  });
});
