import { industrialSignature, signedHeaders } from '../../../connectors/industrial/client';
import { createIndustrialConnector } from '../../../connectors/industrial';
import { allRecords, allRejects, collect, instantHttp, json, startServer, type LocalServer } from './support';

const APP_KEY = 'demo-key';
const APP_SECRET = 'demo-secret';

describe('industrial request signing', () => {
  it('matches a vector computed with openssl', () => {
    // printf '%s' 'demo-key1700000000000abcdef0123456789/openapi/v1/enterprises?page=1&pageSize=200&updatedFrom=2026-11-03T08%3A15%3A00%2B08%3A00' | openssl dgst -sha256 -hmac demo-secret
    const pathWithQuery = '/openapi/v1/enterprises?page=1&pageSize=200&updatedFrom=2026-11-03T08%3A15%3A00%2B08%3A00';
    expect(industrialSignature(APP_SECRET, APP_KEY, '1700000000000', 'abcdef0123456789', pathWithQuery)).toBe('14f2cc69b2695d5d6b2f29a808680f090817d1928dae4fe4496f04e0172dbd1f');
  });

  it('signs the path and query exactly as sent, base path included', () => {
    const url = new URL('https://sw.example.gov.cn/openapi/v1/enterprises?page=1&pageSize=200&updatedFrom=2026-11-03T08%3A15%3A00%2B08%3A00');
    expect(signedHeaders({ appKey: APP_KEY, appSecret: APP_SECRET }, url, 1700000000000, 'abcdef0123456789')).toEqual({
      'X-App-Key': APP_KEY,
      'X-Timestamp': '1700000000000',
      'X-Nonce': 'abcdef0123456789',
      'X-Sign': '14f2cc69b2695d5d6b2f29a808680f090817d1928dae4fe4496f04e0172dbd1f',
    });
  });
});

interface Enterprise {
  id: number;
  updatedAt: string;
  [field: string]: unknown;
}

const enterprise = (id: number, updatedAt: string, extra: Record<string, unknown> = {}): Enterprise => ({
  id,
  updatedAt,
  tyshxydm: `91110107MA00000${id}XX`,
  qymc: `企业${id}`,
  qylx: 'CSDW',
  hzlb: '',
  sfgs: '1',
  ...extra,
});

/** A platform that computes pages at request time from a mutable table, and checks signatures. */
async function startPlatform(table: Enterprise[], onRequest: (count: number) => void = () => undefined): Promise<LocalServer> {
  let count = 0;
  return startServer((req, res) => {
    const sign = industrialSignature(APP_SECRET, APP_KEY, String(req.headers['x-timestamp']), String(req.headers['x-nonce']), req.url ?? '');
    if (req.headers['x-app-key'] !== APP_KEY || req.headers['x-sign'] !== sign) return json(res, 401, { code: 40101, msg: 'bad signature', data: null });
    count += 1;
    onRequest(count);
    const url = new URL(req.url ?? '/', 'http://x');
    const from = url.searchParams.get('updatedFrom');
    const page = Number(url.searchParams.get('page'));
    const pageSize = Number(url.searchParams.get('pageSize'));
    const ordered = table
      .filter((row) => from === null || Date.parse(row.updatedAt) >= Date.parse(from))
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.id - b.id);
    json(res, 200, { code: 0, msg: 'ok', data: { total: ordered.length, page, pageSize, records: ordered.slice((page - 1) * pageSize, page * pageSize) } });
  });
}

const t = (hour: number) => `2026-11-03T${String(hour).padStart(2, '0')}:00:00+08:00`;

describe('industrial connector', () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it('reads with overlap and de-duplicates while records move between pages', async () => {
    const table = [enterprise(1, t(1)), enterprise(2, t(2)), enterprise(3, t(2)), enterprise(4, t(3)), enterprise(5, t(4))];
    // After the first page, enterprise 1 is updated: it moves to the end, shifting every page left.
    server = await startPlatform(table, (count) => {
      if (count === 2) table[0] = enterprise(1, t(5), { qymc: '企业1（更名）' });
    });
    const connector = createIndustrialConnector({ url: `${server.url}/`, appKey: APP_KEY, appSecret: APP_SECRET, http: instantHttp() });
    const batches = await collect(connector.read('enterprises', null, { batchSize: 2 }));
    const delivered = allRecords(batches).map((record) => `${record.sourceId}@${record.updatedAt}`);
    expect(delivered).toEqual([`1@${t(1)}`, `2@${t(2)}`, `3@${t(2)}`, `4@${t(3)}`, `5@${t(4)}`, `1@${t(5)}`]);
    expect(batches.at(-1)?.state).toEqual({ watermark: { updatedAt: t(5), idsAtUpdatedAt: ['1'] }, bundle: null });
    // Each request starts at the watermark, inclusive.
    expect(server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('updatedFrom'))).toEqual([null, t(2), t(2), t(4), t(5)]);

    // Resuming from the saved state hands out nothing again.
    const again = await collect(connector.read('enterprises', batches.at(-1)!.state, { batchSize: 2 }));
    expect(allRecords(again)).toEqual([]);
  });

  it('resumes from a mid-read state without loss or duplication', async () => {
    const table = [enterprise(1, t(1)), enterprise(2, t(2)), enterprise(3, t(2)), enterprise(4, t(3))];
    server = await startPlatform(table);
    const connector = createIndustrialConnector({ url: server.url, appKey: APP_KEY, appSecret: APP_SECRET, http: instantHttp() });
    const [first] = await collect(connector.read('enterprises', null, { batchSize: 2 }));
    expect(first?.records.map((r) => r.sourceId)).toEqual(['1', '2']);
    // Crash here: only the first batch was stored.
    const rest = await collect(connector.read('enterprises', first!.state, { batchSize: 2 }));
    expect(allRecords(rest).map((r) => r.sourceId)).toEqual(['3', '4']);
  });

  it('turns a malformed record into a reject and carries on', async () => {
    server = await startPlatform([enterprise(1, t(1)), enterprise(2, t(2), { sfgs: 'yes', nhzl: '12,5吨' }), enterprise(3, t(3))]);
    const connector = createIndustrialConnector({ url: server.url, appKey: APP_KEY, appSecret: APP_SECRET, http: instantHttp() });
    const batches = await collect(connector.read('enterprises', null));
    expect(allRecords(batches).map((r) => r.sourceId)).toEqual(['1', '3']);
    const [reject] = allRejects(batches);
    expect(reject?.sourceKey).toBe('2');
    expect(reject?.reason).toBe('sfgs: expected 1 or 0, got "yes"; nhzl: expected a decimal number, got "12,5吨"');
    expect(batches.at(-1)?.state).toMatchObject({ watermark: { updatedAt: t(3) } });
  });

  it('retries in-body 42901 and reports a wrong secret as an auth error', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls === 1) return json(res, 200, { code: 42901, msg: 'rate limited', data: null });
      json(res, 200, { code: 0, msg: 'ok', data: { total: 0, page: 1, pageSize: 200, records: [] } });
    });
    const http = instantHttp();
    const ok = createIndustrialConnector({ url: server.url, appKey: APP_KEY, appSecret: APP_SECRET, http });
    expect(await ok.check()).toEqual({ ok: true, message: 'signed request accepted; 0 enterprises' });
    expect(calls).toBe(2);
    await server.close();

    server = await startPlatform([]);
    const wrong = createIndustrialConnector({ url: server.url, appKey: APP_KEY, appSecret: 'not-the-secret', http: instantHttp() });
    await expect(collect(wrong.read('enterprises', null))).rejects.toMatchObject({ code: 'SOURCE_AUTH' });
    expect(server.requests).toHaveLength(2); // one re-signed retry, then give up
  });
});
