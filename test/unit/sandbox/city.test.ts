/**
 * The city export (`exportCity`): N independent districts written one at a time. Same seed, same bytes;
 * no identifier shared by two districts; REST bundles in change order after the merge; a ground truth
 * that is the districts' union and sums; N = 1 exactly today's single-district bundle.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cityDistrict, districtSeed, exportBundles, exportCity, generateScenario, MAX_CITY_DISTRICTS, type GroundTruth } from '../../../sandbox';
import { PLATE_LETTERS } from '../../../sandbox/scenario/reference';
import { tonnesText } from '../../../sandbox/scenario/mass';
import { isValidUscc } from '../../../sandbox/scenario/uscc';
import { listFiles, readIndex, readJsonl, readTableFile, type JsonObject } from './bundleReader';
import { findingKey, runOracle } from './ruleOracle';

async function sameTree(a: string, b: string): Promise<void> {
  const files = await listFiles(a);
  expect(files).toEqual(await listFiles(b));
  for (const f of files) {
    const equal = (await readFile(join(a, f))).equals(await readFile(join(b, f)));
    if (!equal) throw new Error(`${f} differs`);
  }
}

/** Each REST stream's record id (the change-order tie-breaker). */
const STREAM_IDS: Record<string, Record<string, string>> = {
  industrial: { enterprises: 'id', 'general-ledgers': 'id', 'hw-manifests': 'ldbh', 'hw-ledgers': 'id' },
  household: { facilities: 'facilityId', communities: 'communityId', 'weigh-tickets': 'ticketNo', recyclables: 'id' },
  construction: { projects: 'projectCode', facilities: 'facilityCode', vehicles: 'plateNo', waybills: 'waybillNo' },
};

const OPTIONS = { seed: 'city', size: 0.1, months: 2 } as const;

describe('sandbox city export', () => {
  let work: string;
  let city: string;
  let districts: GroundTruth[];
  let truth: GroundTruth & { city: { districts: { records: number; discrepancies: number }[] } };
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sandbox-city-'));
    city = join(work, 'a');
    const result = await exportCity(city, { ...OPTIONS, districts: 2 });
    expect(result.districts).toBe(2);
    truth = JSON.parse(await readFile(join(city, 'ground-truth.json'), 'utf8')) as typeof truth;
    districts = [0, 1].map((i) => generateScenario({ ...OPTIONS, seed: districtSeed(OPTIONS.seed, i), district: cityDistrict(i, 2) }).groundTruth);
    expect(result.records).toBe(truth.city.districts.reduce((s, d) => s + d.records, 0));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('gives every district its own division code, name and tag', () => {
    const all = Array.from({ length: MAX_CITY_DISTRICTS }, (_, i) => cityDistrict(i, MAX_CITY_DISTRICTS));
    for (const field of ['code', 'name', 'tag'] as const) expect(new Set(all.map((d) => d[field])).size).toBe(MAX_CITY_DISTRICTS);
    expect(all.every((d) => /^11\d{4}$/.test(d.code) && /^\d{3}$/.test(d.tag))).toBe(true);
    expect(cityDistrict(0, 2)).toMatchObject({ code: '110107', name: '石景山区' });
    expect(() => cityDistrict(0, MAX_CITY_DISTRICTS + 1)).toThrow();
  });

  it('gives byte-identical bundles for the same seed and leaves no temporary files', async () => {
    await exportCity(join(work, 'b'), { ...OPTIONS, districts: 2 });
    await sameTree(city, join(work, 'b'));
    expect((await listFiles(city)).some((f) => f.startsWith('.'))).toBe(false);
    expect((await listFiles(city)).some((f) => f.endsWith('.xlsx'))).toBe(true);
  });

  it('with one district writes exactly what exportBundles writes', async () => {
    await exportCity(join(work, 'one'), { seed: 'city', size: 0.1, districts: 1 });
    await exportBundles(generateScenario({ seed: 'city', size: 0.1 }), join(work, 'single'));
    await sameTree(join(work, 'one'), join(work, 'single'));
  });

  it('shares no identifier between districts', async () => {
    for (const [source, streams] of Object.entries(STREAM_IDS)) {
      for (const [stream, field] of Object.entries(streams)) {
        const ids = (await readJsonl(city, source, stream)).map((r) => String(r[field]).replace(/\s+/g, '').toUpperCase());
        const served = districts.reduce((s, d) => s + (d.counts[source as 'industrial']?.[stream]?.served ?? 0), 0);
        expect([`${source}/${stream}`, ids.length]).toEqual([`${source}/${stream}`, served]);
        expect([`${source}/${stream}`, new Set(ids).size]).toEqual([`${source}/${stream}`, ids.length]);
      }
    }
    // USCCs carry the district's division code; one enterprise per USCC and per name across the city.
    const enterprises = await readJsonl(city, 'industrial', 'enterprises');
    const usccs = enterprises.map((e) => String(e.tyshxydm));
    expect(new Set(usccs).size).toBe(usccs.length);
    expect(new Set(enterprises.map((e) => String(e.qymc))).size).toBe(enterprises.length);
    expect(new Set(usccs.map((u) => u.slice(2, 8)))).toEqual(new Set(['110107', '110101']));
    expect(usccs.filter((u) => !isValidUscc(u)).length).toBe(districts.reduce((s, d) => s + d.discrepancies.filter((x) => x.rule === 'ID-USCC' && x.detail.source === 'industrial').length, 0));
    // Plates: the household fleets of the two districts are disjoint, and so are the construction fleets.
    const platesOf = (rows: JsonObject[], inDistrict: (r: JsonObject) => boolean) => new Set(rows.filter(inDistrict).map((r) => String(r.plateNo).replace(/\s+/g, '').toUpperCase()));
    const tickets = await readJsonl(city, 'household', 'weigh-tickets');
    const ticketTag = (tag: string) => (r: JsonObject) => String(r.facilityId).slice(1, 4) === tag;
    const [hh1, hh2] = [platesOf(tickets, ticketTag('001')), platesOf(tickets, ticketTag('002'))];
    expect(hh1.size).toBeGreaterThan(0);
    expect([...hh1].filter((p) => hh2.has(p))).toEqual([]);
    const waybills = await readJsonl(city, 'construction', 'waybills');
    const waybillTag = (tag: string) => (r: JsonObject) => String(r.waybillNo).slice(2, 5) === tag;
    const [cw1, cw2] = [platesOf(waybills, waybillTag('001')), platesOf(waybills, waybillTag('002'))];
    expect(cw1.size).toBeGreaterThan(0);
    expect([...cw1].filter((p) => cw2.has(p))).toEqual([]);
    // …because each district draws its plates from its own residue class of the plate space.
    const residue = (plate: string) => {
      const m = /^京([A-Z])D?(\d{5})$/.exec(plate);
      if (!m) throw new Error(`unexpected plate ${plate}`);
      return (PLATE_LETTERS.indexOf(m[1] as string) * 100_000 + Number(m[2])) % 2;
    };
    for (const [plates, district] of [[hh1, 0], [hh2, 1], [cw1, 0], [cw2, 1]] as const) expect(new Set([...plates].map(residue))).toEqual(new Set([district]));
    // File paths: the index lists each file once; econ areas (district and streets) are distinct.
    for (const source of ['medical', 'taxstat']) {
      const paths = (await readIndex(city, source)).map((e) => e.path);
      expect(new Set(paths).size).toBe(paths.length);
    }
    const econ = (await readIndex(city, 'taxstat')).filter((e) => e.path.startsWith('econ/'));
    expect(econ.map((e) => e.path)).toEqual(['econ/110101/2026-10.csv', 'econ/110101/2026-11.csv', 'econ/110107/2026-10.csv', 'econ/110107/2026-11.csv']);
    const areas = new Set<string>();
    for (const entry of econ.filter((e) => e.period === '2026-10')) for (const row of await readTableFile(join(city, 'taxstat'), entry.path, '地区')) areas.add(row['地区'] as string);
    expect(areas.size).toBe(20);
    expect(areas.has('石景山区') && areas.has('东城区') && areas.has('东城区八角街道') && areas.has('八角街道')).toBe(true);
  });

  it('writes the merged REST bundles in change order (updatedAt, then id)', async () => {
    for (const [source, streams] of Object.entries(STREAM_IDS)) {
      for (const [stream, field] of Object.entries(streams)) {
        const rows = await readJsonl(city, source, stream);
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [rows[i - 1] as JsonObject, rows[i] as JsonObject];
          const [ta, tb] = [Date.parse(String(a.updatedAt)), Date.parse(String(b.updatedAt))];
          if (ta > tb || (ta === tb && String(a[field]) >= String(b[field]))) throw new Error(`${source}/${stream} out of order at line ${i + 1}`);
        }
      }
    }
  });

  it('has a ground truth that is the union and the sum of the districts', async () => {
    const text = await readFile(join(city, 'ground-truth.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    const [d0, d1] = districts as [GroundTruth, GroundTruth];
    expect(truth.scenario).toMatchObject({ seed: 'city', size: 0.1, months: 2, districts: 2, horizon: d0.scenario.horizon });
    expect(truth.discrepancies.length).toBe(d0.discrepancies.length + d1.discrepancies.length);
    expect(truth.discrepancies).toEqual([...d0.discrepancies, ...d1.discrepancies]);
    expect(truth.nearMisses).toEqual([...d0.nearMisses, ...d1.nearMisses]);
    expect(truth.malformed.length).toBe(d0.malformed.length + d1.malformed.length);
    expect(truth.city.districts.map((d) => d.discrepancies)).toEqual([d0.discrepancies.length, d1.discrepancies.length]);
    for (const [source, streams] of Object.entries(truth.counts)) {
      for (const [stream, count] of Object.entries(streams)) {
        const parts = [d0, d1].map((d) => d.counts[source as 'industrial'][stream] ?? { served: 0, malformed: 0, expected: 0 });
        expect(count).toEqual({ served: parts[0]!.served + parts[1]!.served, malformed: parts[0]!.malformed + parts[1]!.malformed, expected: parts[0]!.expected + parts[1]!.expected });
      }
    }
    for (const [month, totals] of Object.entries(truth.totals)) {
      const keys = new Set([...Object.keys(d0.totals[month] ?? {}), ...Object.keys(d1.totals[month] ?? {})]);
      expect(Object.keys(totals).sort()).toEqual([...keys].sort());
      for (const [key, mass] of Object.entries(totals)) {
        expect(BigInt(mass.grams)).toBe(BigInt(d0.totals[month]?.[key]?.grams ?? '0') + BigInt(d1.totals[month]?.[key]?.grams ?? '0'));
      }
    }
    // Indicators: numerators and denominators are the districts' sums; the value is recomputed from them.
    for (const [month, values] of Object.entries(truth.indicators)) {
      for (const value of values) {
        const parts = [d0, d1].map((d) => d.indicators[month]?.find((v) => v.code === value.code));
        expect(BigInt(value.numerator)).toBe(parts.reduce((s, p) => s + BigInt(p?.numerator ?? '0'), 0n));
        const n = BigInt(value.numerator);
        if (value.denominator === '1') {
          expect(value.value).toBe(tonnesText(Number(n)));
          continue;
        }
        const cents = (t: string) => BigInt(t.replace('.', ''));
        const d = value.code === 'ZW01' ? cents(value.denominator) : BigInt(value.denominator);
        expect(d).toBe(parts.reduce((s, p) => s + (value.code === 'ZW01' ? cents(p?.denominator ?? '0.00') : BigInt(p?.denominator ?? '0')), 0n));
        const [num, den] = value.code === 'ZW01' ? [n * 100n, d * 1_000_000n] : value.code === 'ZW06' ? [n, 1000n * d] : [n, d];
        const scaled = den === 0n ? 0n : (num * 2_000_000n + den) / (2n * den);
        expect(value.value).toBe(den === 0n ? '0' : `${scaled / 1_000_000n}.${String(scaled % 1_000_000n).padStart(6, '0')}`);
      }
    }
  });

  it('is parsed by generic CSV/XLSX readers, and the rule oracle finds exactly the city ground truth', async () => {
    const institutions = await readTableFile(join(city, 'medical'), 'institutions.csv', '统一社会信用代码');
    expect(institutions.length).toBe(truth.counts.medical.institutions?.served);
    const recyclables = await readTableFile(join(city, 'medical'), 'recyclables/2026-10.csv', '统一社会信用代码');
    expect(recyclables.filter((r) => r['统一社会信用代码'] === '').length).toBe(2);
    const index = await readIndex(city, 'medical');
    const xlsx = index.find((e) => e.path.endsWith('.xlsx'));
    expect((await readTableFile(join(city, 'medical'), xlsx?.path ?? '', '转移联单号')).length).toBeGreaterThan(0);

    const malformed = new Set(truth.malformed.map((m) => `${m.source}/${m.stream}/${m.key}`));
    for (const m of truth.malformed.filter((x) => x.stream === 'recyclables')) {
      const [path, row] = m.key.split('#') as [string, string];
      const rows = await readTableFile(join(city, 'medical'), path, '统一社会信用代码');
      expect(rows[Number(row) - 1]?.['统一社会信用代码']).toBe('');
    }
    const findings = await runOracle(city, malformed, Date.parse(truth.scenario.horizon));
    const found = new Set(findings.map(findingKey));
    const expected = new Set(truth.discrepancies.map(findingKey));
    expect([...expected].filter((k) => !found.has(k))).toEqual([]);
    expect([...found].filter((k) => !expected.has(k))).toEqual([]);
    for (const nearMiss of truth.nearMisses) expect(found.has(findingKey(nearMiss))).toBe(false);
  });
});
