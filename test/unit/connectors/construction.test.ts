import { createConstructionConnector } from '../../../connectors/construction';
import { allRecords, allRejects, collect, instantHttp, json, startServer, type LocalServer } from './support';

const waybill = (waybillNo: string, updatedAt: string, extra: Record<string, unknown> = {}) => ({
  waybillNo,
  updatedAt,
  projectCode: 'P001',
  plateNo: '京AD12345',
  haulerUscc: '91110107MA0000000X',
  category: 'SPOIL',
  exitAt: '2026-11-03T08:00:00+08:00',
  exitWeightT: 25.5,
  facilityCode: 'F01',
  entryAt: null,
  entryWeightT: null,
  status: 'DEPARTED',
  ...extra,
});

const EXPORT_CSV =
  '\uFEFF运单号,项目编号,车牌号,运输企业统一社会信用代码,垃圾类型,出场时间,出场重量(吨),受纳场所编号,入场时间,入场重量(吨),状态\r\n' +
  'W100,P001,京A12345,91110107MA0000000X,工程渣土,2026-11-02 08:00:00,25.50,F01,2026-11-02 08:40:00,25.10,CLOSED\r\n' +
  'W101,P001,京A12345,91110107MA0000000X,拆除垃圾,2026-11-02 10:00:00,20.00,F02,,,已作废\r\n';

describe('construction connector', () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it('re-reads the inclusive updatedSince feed and drops what it already handed out', async () => {
    const t1 = '2026-11-03T08:00:00+08:00';
    const t2 = '2026-11-03T09:00:00+08:00';
    const table = [waybill('W1', t1), waybill('W2', t2), waybill('W3', t2), waybill('W4', '2026-11-03T10:00:00+08:00')];
    server = await startServer((req, res) => {
      if (req.headers['x-api-key'] !== 'key') return json(res, 401, { error: 'bad key' });
      const url = new URL(req.url ?? '/', 'http://x');
      const since = Date.parse(url.searchParams.get('updatedSince') ?? '');
      const limit = Number(url.searchParams.get('limit'));
      json(res, 200, table.filter((w) => Date.parse(w.updatedAt) >= since).slice(0, limit));
    });
    const connector = createConstructionConnector({ url: server.url, apiKey: 'key', http: instantHttp() });
    const batches = await collect(connector.read('waybills', null, { batchSize: 3 }));
    expect(allRecords(batches).map((r) => r.sourceId)).toEqual(['W1', 'W2', 'W3', 'W4']);
    expect(batches.at(-1)?.state).toMatchObject({ watermark: { updatedAt: '2026-11-03T10:00:00+08:00', idsAtUpdatedAt: ['W4'] } });
  });

  it('backfills waybills from the nightly CSV export (BOM, Chinese headers and labels)', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/export/waybills/2026-11-02.csv') {
        res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' });
        return void res.end(EXPORT_CSV);
      }
      json(res, 404, {});
    });
    const connector = createConstructionConnector({ url: server.url, apiKey: 'key', http: instantHttp() });
    const batches = await collect(connector.read('waybills', null, { backfill: { from: '2026-11-01', to: '2026-11-02' } }));
    expect(allRejects(batches)).toEqual([]);
    const records = allRecords(batches);
    expect(records.map((r) => r.sourceId)).toEqual(['W100', 'W101']);
    expect(records[0]?.payload).toMatchObject({ waybillNo: 'W100', category: '工程渣土', exitAt: '2026-11-02 08:00:00', exitWeightT: '25.50', entryWeightT: '25.10' });
    expect(records[1]?.payload).toMatchObject({ entryAt: null, status: '已作废' });
    expect(batches.at(-1)?.state).toMatchObject({ watermark: null, export: { from: '2026-11-01', to: '2026-11-02', lastDayDone: '2026-11-02' } });
  });

  it('falls back to the export when the API is down, then reports the outage', async () => {
    server = await startServer((req, res) => {
      if (req.url?.startsWith('/export/waybills/2026-11-02.csv')) {
        res.writeHead(200);
        return void res.end(EXPORT_CSV);
      }
      if (req.url?.startsWith('/export/')) return json(res, 404, {});
      json(res, 503, {});
    });
    const now = Date.parse('2026-11-03T12:00:00+08:00');
    const connector = createConstructionConnector({ url: server.url, apiKey: 'key', now: () => now, http: instantHttp({ retry: { maxRetries: 1 }, circuitFailureThreshold: 100 }) });
    const state = { watermark: { updatedAt: '2026-11-01T23:00:00+08:00', idsAtUpdatedAt: ['W0'] } };
    const batches: Awaited<ReturnType<typeof collect>> = [];
    await expect(
      (async () => {
        for await (const batch of connector.read('waybills', state)) batches.push(batch);
      })(),
    ).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    expect(allRecords(batches as never).map((r) => r.sourceId)).toEqual(['W100', 'W101']);
    // The API watermark is untouched: when the API is back, it resumes where it was.
    expect((batches.at(-1) as { state: unknown }).state).toMatchObject({ watermark: state.watermark, export: { lastDayDone: '2026-11-02' } });
  });
});

describe('construction feed limits', () => {
  it('says so when more records share one instant than the limit can page past', async () => {
    const at = '2026-11-03T09:00:00+08:00';
    const server = await startServer((_req, res) => json(res, 200, [waybill('W1', at), waybill('W2', at)]));
    try {
      const connector = createConstructionConnector({ url: server.url, apiKey: 'key', http: instantHttp() });
      await expect(collect(connector.read('waybills', null, { batchSize: 2 }))).rejects.toThrow(/2 records share updatedAt/);
    } finally {
      await server.close();
    }
  });
});
