/**
 * The sandbox servers, exercised with plain fetch (not the hub's connectors): auth, paging, ordering,
 * rate limits, file drops, the scenario clock, and served data equal to the exported bundles.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { exportBundles, generateScenario, startSandbox, type RunningSandbox } from '../../../sandbox';
import type { Scenario } from '../../../sandbox/scenario';
import { householdToken, industrialFetch } from './clients';
import { sha256 } from '../../../sandbox/files';

type Json = Record<string, unknown>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads every page politely (≤ 10 requests/s). */
async function readIndustrialStream(sandbox: RunningSandbox, stream: string, query = ''): Promise<Json[]> {
  const records: Json[] = [];
  for (let page = 1; ; page++) {
    const res = await industrialFetch(sandbox, `/v1/${stream}?page=${page}&pageSize=500${query}`);
    if (res.status === 429) {
      await sleep(Number(res.headers.get('retry-after')) * 1000);
      page--;
      continue;
    }
    const body = (await res.json()) as { data: { total: number; records: Json[] } };
    records.push(...body.data.records);
    if (page * 500 >= body.data.total) return records;
    await sleep(110);
  }
}

async function readHouseholdStream(sandbox: RunningSandbox, token: string, stream: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor = '';
  for (;;) {
    const res = await fetch(`${sandbox.urls.household}/open/v2/${stream}?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items: Json[]; nextCursor: string; hasMore: boolean };
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!body.hasMore) return items;
  }
}

async function readConstructionStream(sandbox: RunningSandbox, stream: string): Promise<Json[]> {
  const seen = new Map<string, Json>();
  let since = '1970-01-01T00:00:00+08:00';
  const idField = stream === 'waybills' ? 'waybillNo' : stream === 'projects' ? 'projectCode' : stream === 'vehicles' ? 'plateNo' : 'facilityCode';
  for (;;) {
    const res = await fetch(`${sandbox.urls.construction}/api/${stream}?updatedSince=${encodeURIComponent(since)}&limit=1000`, { headers: { 'X-Api-Key': sandbox.credentials.CONSTRUCTION_API_KEY } });
    if (res.status === 429) {
      await sleep(1000);
      continue;
    }
    const batch = (await res.json()) as Json[];
    const before = seen.size;
    for (const r of batch) seen.set(String(r[idField]), r);
    await sleep(220);
    if (batch.length < 1000 || seen.size === before) return [...seen.values()];
    since = String(batch[batch.length - 1]?.updatedAt);
  }
}

describe('sandbox servers', () => {
  let scenario: Scenario;
  let sandbox: RunningSandbox;
  let bundle: string;

  beforeAll(async () => {
    scenario = generateScenario({ size: 0.3, seed: 'servers' });
    sandbox = await startSandbox({ scenario, householdTokenTtlSeconds: 2 });
    bundle = await mkdtemp(join(tmpdir(), 'sandbox-servers-'));
    await exportBundles(scenario, bundle);
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(bundle, { recursive: true, force: true });
  });
  afterEach(() => {
    sandbox.clock.set(scenario.horizon);
    for (const source of ['industrial', 'household', 'construction', 'medical', 'taxstat'] as const) sandbox.setFaults(source, {});
  });

  it('prints SOURCE_*_URL lines and credentials', () => {
    const lines = sandbox.envLines();
    for (const source of ['INDUSTRIAL', 'HOUSEHOLD', 'CONSTRUCTION', 'MEDICAL', 'TAXSTAT']) expect(lines.some((l) => l.startsWith(`SOURCE_${source}_URL=http://127.0.0.1:`))).toBe(true);
    expect(lines).toContain(`CONSTRUCTION_API_KEY=${sandbox.credentials.CONSTRUCTION_API_KEY}`);
  });

  describe('industrial', () => {
    it('rejects missing, wrong, stale and replayed signatures with 401 / 40101', async () => {
      const bare = await fetch(`${sandbox.urls.industrial}/v1/enterprises`);
      expect(bare.status).toBe(401);
      expect(((await bare.json()) as Json).code).toBe(40101);
      expect((await industrialFetch(sandbox, '/v1/enterprises', { sign: 'ab'.repeat(32) })).status).toBe(401);
      expect((await industrialFetch(sandbox, '/v1/enterprises', { timestamp: String(Date.now() - 301_000) })).status).toBe(401);
      const nonce = randomBytes(12).toString('hex');
      expect((await industrialFetch(sandbox, '/v1/enterprises', { nonce })).status).toBe(200);
      const replay = await industrialFetch(sandbox, '/v1/enterprises', { nonce });
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as Json).code).toBe(40101);
      await sleep(1100);
    });

    it('pages in updatedAt, id order with the envelope; rejects pageSize > 500; honours updatedFrom', async () => {
      const first = (await (await industrialFetch(sandbox, '/v1/hw-manifests?page=1&pageSize=50')).json()) as { code: number; msg: string; data: { total: number; page: number; pageSize: number; records: Json[] } };
      expect(first.code).toBe(0);
      expect(first.msg).toBe('ok');
      expect(first.data.pageSize).toBe(50);
      expect(first.data.records).toHaveLength(50);
      const bad = await industrialFetch(sandbox, '/v1/hw-manifests?page=1&pageSize=501');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as Json).code).toBe(40001);
      const all = await readIndustrialStream(sandbox, 'hw-manifests');
      expect(all).toHaveLength(first.data.total);
      for (let i = 1; i < all.length; i++) {
        const a = all[i - 1] as Json;
        const b = all[i] as Json;
        const ta = Date.parse(String(a.updatedAt));
        const tb = Date.parse(String(b.updatedAt));
        expect(ta < tb || (ta === tb && String(a.id) < String(b.id))).toBe(true);
      }
      const pivot = String((all[Math.floor(all.length / 2)] as Json).updatedAt);
      const later = await readIndustrialStream(sandbox, 'hw-manifests', `&updatedFrom=${encodeURIComponent(pivot)}`);
      expect(later.length).toBe(all.filter((r) => Date.parse(String(r.updatedAt)) >= Date.parse(pivot)).length);
      await sleep(1100);
    });

    it('answers 429 with Retry-After and code 42901 above 10 requests/s', async () => {
      const responses = await Promise.all(Array.from({ length: 25 }, () => industrialFetch(sandbox, '/v1/enterprises?pageSize=1')));
      const limited = responses.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0]?.headers.get('retry-after')).toBe('1');
      expect(((await limited[0]?.json()) as Json).code).toBe(42901);
      await sleep(1100);
    });

    it('serves exactly the exported bundle at the horizon', async () => {
      for (const stream of ['enterprises', 'hw-ledgers', 'general-ledgers']) {
        const served = await readIndustrialStream(sandbox, stream);
        const lines = (await readFile(join(bundle, 'industrial', `${stream}.jsonl`), 'utf8')).trim().split('\n');
        expect(served.map((r) => JSON.stringify(r))).toEqual(lines);
      }
      await sleep(1100);
    });
  });

  describe('household', () => {
    it('issues tokens for the right client only; an expired token gets 401 invalid_token', async () => {
      const wrong = await fetch(`${sandbox.urls.household}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=x&client_secret=y' });
      expect(wrong.status).toBe(401);
      const none = await fetch(`${sandbox.urls.household}/open/v2/facilities`);
      expect(none.status).toBe(401);
      expect(((await none.json()) as Json).error).toBe('invalid_token');
      const token = await householdToken(sandbox);
      expect((await fetch(`${sandbox.urls.household}/open/v2/facilities`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      await sleep(2100);
      const expired = await fetch(`${sandbox.urls.household}/open/v2/facilities`, { headers: { authorization: `Bearer ${token}` } });
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as Json).error).toBe('invalid_token');
    });

    it('walks a stream by cursor without gaps or repeats, resumes from a saved cursor, and rejects limit > 1000', async () => {
      const token = await householdToken(sandbox);
      const items = await readHouseholdStream(sandbox, token, 'weigh-tickets');
      const lines = (await readFile(join(bundle, 'household', 'weigh-tickets.jsonl'), 'utf8')).trim().split('\n');
      expect(items.map((r) => JSON.stringify(r))).toEqual(lines);
      const page = (await (await fetch(`${sandbox.urls.household}/open/v2/weigh-tickets?limit=10`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Json[]; nextCursor: string; hasMore: boolean };
      const resumed = (await (await fetch(`${sandbox.urls.household}/open/v2/weigh-tickets?limit=10&cursor=${page.nextCursor}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Json[] };
      expect(resumed.items[0]).toEqual(items[10]);
      const since = String((items[100] as Json).updatedAt);
      const fromSince = (await (await fetch(`${sandbox.urls.household}/open/v2/weigh-tickets?limit=1000&since=${encodeURIComponent(since)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Json[] };
      expect(Date.parse(String(fromSince.items[0]?.updatedAt))).toBeGreaterThanOrEqual(Date.parse(since));
      expect((await fetch(`${sandbox.urls.household}/open/v2/weigh-tickets?limit=1001`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
    });
  });

  describe('construction', () => {
    it('requires the API key, returns a plain array from updatedSince (inclusive), and limits to 5 requests/s', async () => {
      expect((await fetch(`${sandbox.urls.construction}/api/projects`)).status).toBe(401);
      await sleep(1100);
      const waybills = await readConstructionStream(sandbox, 'waybills');
      const lines = (await readFile(join(bundle, 'construction', 'waybills.jsonl'), 'utf8')).trim().split('\n');
      expect(waybills.length).toBe(lines.length);
      const pivot = String((waybills[20] as Json).updatedAt);
      const res = await fetch(`${sandbox.urls.construction}/api/waybills?updatedSince=${encodeURIComponent(pivot)}&limit=3`, { headers: { 'X-Api-Key': sandbox.credentials.CONSTRUCTION_API_KEY } });
      const batch = (await res.json()) as Json[];
      expect(Array.isArray(batch)).toBe(true);
      expect(batch).toHaveLength(3);
      expect(batch[0]?.updatedAt).toBe(pivot);
      await sleep(1100);
      const burst = await Promise.all(Array.from({ length: 15 }, () => fetch(`${sandbox.urls.construction}/api/facilities`, { headers: { 'X-Api-Key': sandbox.credentials.CONSTRUCTION_API_KEY } })));
      const limited = burst.find((r) => r.status === 429);
      expect(limited?.headers.get('retry-after')).toBe('1');
      await sleep(1100);
    });

    it('serves the nightly CSV export with BOM and Chinese headers', async () => {
      const day = new Date(scenario.start + 8 * 3_600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
      const res = await fetch(`${sandbox.urls.construction}/export/waybills/${day}.csv`, { headers: { 'X-Api-Key': sandbox.credentials.CONSTRUCTION_API_KEY } });
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.length).toBeGreaterThan(0);
      expect(Object.keys(rows[0] ?? {})).toEqual(['运单号', '项目编号', '车牌号', '运输企业统一社会信用代码', '垃圾类型', '出场时间', '出场重量(吨)', '受纳场所编号', '入场时间', '入场重量(吨)', '状态']);
      await sleep(1100);
    });
  });

  describe('medical and taxstat file drops', () => {
    it('lists medical files in index.json with true checksums; CSV (UTF-8, BOM, GB18030) and XLSX parse with generic readers', async () => {
      const index = (await (await fetch(`${sandbox.urls.medical}/index.json`)).json()) as { path: string; size: number; sha256: string; modifiedAt: string }[];
      expect(index.some((f) => f.path === 'institutions.csv')).toBe(true);
      const seen = { bom: 0, gb18030: 0, xlsx: 0, total: 0, title: 0 };
      for (const entry of index) {
        const bytes = Buffer.from(await (await fetch(`${sandbox.urls.medical}/${entry.path}`)).arrayBuffer());
        expect(sha256(bytes)).toBe(entry.sha256);
        expect(bytes.length).toBe(entry.size);
        if (entry.path.endsWith('.xlsx')) {
          const workbook = new ExcelJS.Workbook();
          await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
          const first = workbook.worksheets[0]?.getRow(1).getCell(1).value;
          expect(String(first)).toMatch(/医疗废物登记表/);
          seen.xlsx++;
          continue;
        }
        let text: string;
        if (bytes[0] === 0xef && bytes[1] === 0xbb) {
          seen.bom++;
          text = bytes.subarray(3).toString('utf8');
        } else {
          try {
            text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          } catch {
            seen.gb18030++;
            text = iconv.decode(bytes, 'gb18030');
          }
        }
        const grid = parse(text, { relax_column_count: true }) as string[][];
        expect(grid.length).toBeGreaterThan(1);
        if (grid.some((r) => r.includes('合计'))) seen.total++;
        if ((grid[0]?.[0] ?? '').includes('登记表')) seen.title++;
      }
      expect(seen.bom).toBeGreaterThan(0);
      expect(seen.gb18030).toBeGreaterThan(0);
      expect(seen.xlsx).toBeGreaterThan(0);
      expect(seen.total).toBeGreaterThan(0);
    });

    it('protects taxstat with Basic auth and serves its index, CSV and XML', async () => {
      expect((await fetch(`${sandbox.urls.taxstat}/index.json`)).status).toBe(401);
      const auth = { authorization: `Basic ${Buffer.from(`${sandbox.credentials.TAXSTAT_USER}:${sandbox.credentials.TAXSTAT_PASSWORD}`).toString('base64')}` };
      const index = (await (await fetch(`${sandbox.urls.taxstat}/index.json`, { headers: auth })).json()) as { feed: string; period: string; path: string; sha256: string }[];
      expect(new Set(index.map((e) => e.feed))).toEqual(new Set(['envtax', 'envstat', 'econ']));
      const envtax = index.find((e) => e.feed === 'envtax') as { path: string; sha256: string };
      const bytes = Buffer.from(await (await fetch(`${sandbox.urls.taxstat}/${envtax.path}`, { headers: auth })).arrayBuffer());
      expect(sha256(bytes)).toBe(envtax.sha256);
      const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows[0]?.['纳税人识别号']).toMatch(/^[0-9A-Z]{18}$/);
      const envstat = index.find((e) => e.feed === 'envstat') as { path: string };
      expect(await (await fetch(`${sandbox.urls.taxstat}/${envstat.path}`, { headers: auth })).text()).toMatch(/^<\?xml[^]*<EnvStatReport year="\d{4}"/);
    });
  });

  describe('scenario clock', () => {
    it('shows manifests in transit early and received later; a re-uploaded ledger and a republished period change checksum', async () => {
      sandbox.clock.set(scenario.start + 10 * 86_400_000);
      const early = await readIndustrialStream(sandbox, 'hw-manifests');
      sandbox.clock.set(scenario.horizon);
      const late = await readIndustrialStream(sandbox, 'hw-manifests');
      expect(early.length).toBeLessThan(late.length);
      expect(early.some((m) => m.zt === '20')).toBe(true);
      const byId = new Map(late.map((m) => [m.ldbh, m]));
      const moved = early.filter((m) => m.zt === '20' && ['30', '40'].includes(String(byId.get(m.ldbh)?.zt)));
      expect(moved.length).toBeGreaterThan(0);

      const reuploaded = scenario.files.medical.find((f) => f.versions.length > 1);
      const republished = scenario.files.taxstat.find((f) => f.feed === 'envtax' && f.versions.length > 1);
      expect(reuploaded && republished).toBeTruthy();
      const auth = { authorization: `Basic ${Buffer.from(`${sandbox.credentials.TAXSTAT_USER}:${sandbox.credentials.TAXSTAT_PASSWORD}`).toString('base64')}` };
      const checksums = async () => {
        const medical = (await (await fetch(`${sandbox.urls.medical}/index.json`)).json()) as { path: string; sha256: string }[];
        const taxstat = (await (await fetch(`${sandbox.urls.taxstat}/index.json`, { headers: auth })).json()) as { path: string; sha256: string }[];
        return { medical: medical.find((f) => f.path === reuploaded?.path)?.sha256, taxstat: taxstat.find((f) => f.path === republished?.path)?.sha256 };
      };
      sandbox.clock.set(reuploaded?.versions[0]?.at ?? 0);
      const medicalBefore = (await checksums()).medical;
      sandbox.clock.set(republished?.versions[0]?.at ?? 0);
      const taxstatBefore = (await checksums()).taxstat;
      sandbox.clock.set(scenario.horizon);
      const after = await checksums();
      expect(medicalBefore).toBeDefined();
      expect(taxstatBefore).toBeDefined();
      expect(medicalBefore).not.toBe(after.medical);
      expect(taxstatBefore).not.toBe(after.taxstat);
      await sleep(1100);
    });
  });
});
