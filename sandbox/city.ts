/**
 * `hub sandbox export --districts N`: a city of N districts as `file://` bundles, in bounded memory.
 *
 * Each district is an independent district scenario (seed `<seed>/d<i>`, its own division code, name,
 * id tag and share of the plate space: see `cityDistrict` and `ScenarioOptions.district`), generated,
 * written and freed one at a time, so peak memory is one district's whatever N is:
 * - REST streams: each district writes its records (as of the horizon, in change order) as a sorted run
 *   on disk; the runs are k-way merged line by line into `<source>/<stream>.jsonl`, so the merged file is
 *   in the sources' change order (updatedAt, then id) as a single district's bundle is.
 * - medical drop: ledgers and receipts sit side by side (their paths carry the institution's / disposer's
 *   USCC, unique in the city); the two city-wide files of the drop layout, `institutions.csv` and
 *   `recyclables/<YYYY-MM>.csv`, are the districts' tables concatenated under one header (malformed-row
 *   keys `path#row` renumbered accordingly). One `index.json` lists every file.
 * - taxstat feed: every district publishes its own periods under `<feed>/<division code>/<period>.*`,
 *   so a period republished in one district never replaces another's; one `index.json` lists them all.
 * - `ground-truth.json`: every district's discrepancies, near misses and malformed records; counts and
 *   totals summed exactly (integer grams); indicators recomputed from the summed numerators and
 *   denominators (see CITY_COMBINATION).
 *
 * N = 1 is exactly `exportBundles(generateScenario(options), dir)`: the stand-alone district, same bytes.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { exportBundles, recordsAsOf } from './bundles';
import { renderCsv, renderFileVersion, sha256 } from './files';
import { generateScenario, type GroundTruth, type IndicatorValue, type ScenarioOptions, type StreamCount } from './scenario';
import { cstIso } from './scenario/clock';
import type { DistrictIdentity } from './scenario/context';
import { RULE_DEFINITIONS } from './scenario/groundTruth';
import type { FileVersion, SourceId, VersionedRecord } from './scenario/types';
import { LineWriter, mergeRuns, writeRun } from './runs';

export const MAX_CITY_DISTRICTS = 999;

/** Beijing's 16 districts (GB/T 2260); the first is the stand-alone scenario's district. */
const DISTRICTS: readonly { code: string; name: string }[] = [
  { code: '110107', name: '石景山区' }, { code: '110101', name: '东城区' }, { code: '110102', name: '西城区' },
  { code: '110105', name: '朝阳区' }, { code: '110106', name: '丰台区' }, { code: '110108', name: '海淀区' },
  { code: '110109', name: '门头沟区' }, { code: '110111', name: '房山区' }, { code: '110112', name: '通州区' },
  { code: '110113', name: '顺义区' }, { code: '110114', name: '昌平区' }, { code: '110115', name: '大兴区' },
  { code: '110116', name: '怀柔区' }, { code: '110117', name: '平谷区' }, { code: '110118', name: '密云区' },
  { code: '110119', name: '延庆区' },
];

/**
 * District `index` of a city of `count`: Beijing's 16 districts first, then synthetic ones (东城2区,
 * division code 110201, …). Codes are distinct, so are USCCs and manifest numbers; the 3-digit tag
 * (`001`…) prefixes every other source id.
 */
export function cityDistrict(index: number, count: number): DistrictIdentity {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CITY_DISTRICTS) throw new Error(`districts must be an integer 1–${MAX_CITY_DISTRICTS}`);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new Error(`district ${index} outside a city of ${count}`);
  const base = DISTRICTS[index % DISTRICTS.length] as { code: string; name: string };
  const round = Math.floor(index / DISTRICTS.length);
  return {
    index,
    count,
    code: round === 0 ? base.code : String(110_200 + index - DISTRICTS.length + 1),
    name: round === 0 ? base.name : `${base.name.replace(/区$/, '')}${round + 1}区`,
    tag: String(index + 1).padStart(3, '0'),
  };
}

/** The seed district `index` is generated from. */
export function districtSeed(seed: string, index: number): string {
  return `${seed}/d${index}`;
}

export interface CityExportOptions extends Omit<ScenarioOptions, 'district'> {
  /** number of districts (default 1: the stand-alone district, byte for byte `exportBundles`) */
  districts?: number;
  /** called after each district has been written */
  onDistrict?: (progress: { index: number; name: string; records: number }) => void;
}

export interface CityExportResult {
  roots: Record<SourceId, string>;
  districts: number;
  /** REST records plus file data rows written (the ground truth's `served` counts summed) */
  records: number;
  seconds: number;
  /** process.resourceUsage().maxRSS at the end, in bytes */
  maxRssBytes: number;
  /** bytes of every file under the bundle folder */
  bundleBytes: number;
}

const SOURCES: readonly SourceId[] = ['industrial', 'household', 'construction', 'medical', 'taxstat'];

/** The city-wide files of the medical drop layout (medical.md): one per city, the districts' rows concatenated. */
const SHARED_MEDICAL_PATH = /^(institutions\.csv|recyclables\/\d{4}-\d{2}\.csv)$/;

/** How each indicator of the single-district ground truth combines over districts. */
type Combination = 'ratio' | 'total' | 'intensity' | 'perCapitaDaily';
const INDICATOR_COMBINATION: Record<string, Combination> = {
  ZW01: 'intensity', ZW09: 'ratio', ZW10: 'ratio', 'HW-LANDFILL-RATE': 'ratio', ZW15: 'total', ZW18: 'total',
  ZW06: 'perCapitaDaily', ZW12: 'ratio', ZW20: 'total', ZW07: 'ratio', ZW21: 'ratio', ZW11: 'ratio', ZW19: 'total',
  ZW16: 'ratio', ZW14: 'ratio',
};

export const CITY_COMBINATION = {
  discrepancies: 'every district\'s discrepancies, near misses and malformed records, in district order, subject keys as the district produced them (identifiers are namespaced per district, so no two districts share one); malformed medical rows of the city-wide files are numbered within the concatenated file',
  counts: 'sum of the districts\' counts',
  totals: 'sum of the districts\' totals, in integer grams',
  indicators: 'every indicator is a ratio or a total of additive quantities; the city value is recomputed from the districts\' summed numerators and denominators exactly (ZW01: summed generation ÷ summed 工业增加值; ZW06: summed collection ÷ days ÷ summed 常住人口; coverage ratios: summed counts), not averaged; no indicator needed an approximation',
} as const;

/** value = n / d rounded half-up to 6 decimals (the single-district ground truth's `ratio`, on bigints). */
function ratio(n: bigint, d: bigint): string {
  if (d === 0n) return '0';
  const scaled = (n * 1_000_000n * 2n + d) / (2n * d);
  return `${scaled / 1_000_000n}.${String(scaled % 1_000_000n).padStart(6, '0')}`;
}

/** `tonnesText` on bigint grams: up to 4 decimals, trailing zeros dropped. */
function tonnes(grams: bigint): string {
  const negative = grams < 0n;
  const abs = negative ? -grams : grams;
  const fraction = String(abs % 1_000_000n).padStart(6, '0').slice(0, 4).replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / 1_000_000n}${fraction ? `.${fraction}` : ''}`;
}

/** `12345.67` (万元, 2 decimals) → fen. */
function cents(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not an amount with 2 decimals: ${text}`);
  return BigInt(match[1] as string) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

function centsText(value: bigint): string {
  return `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;
}

/** A totals key's group: the `…By<Dimension>.` prefix of a per-dimension total, else the key itself. */
function totalsGroup(key: string): string {
  return /^(.*By[A-Za-z]+\.)/.exec(key)?.[1] ?? key;
}

/** `JSON.stringify(value, null, 2)` of a value nested `depth` levels deep. */
function pretty(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** A JSON array written element by element to a temp file, in `JSON.stringify(…, null, 2)` layout at depth 1. */
class ArrayFile {
  private readonly out: LineWriter;
  count = 0;
  constructor(readonly path: string) {
    this.out = new LineWriter(path);
  }
  push(item: unknown): void {
    this.out.write(`${this.count === 0 ? '' : ',\n'}    ${pretty(item, 2)}`);
    this.count++;
  }
  close(): void {
    this.out.close();
  }
}

interface IndicatorSum {
  template: IndicatorValue;
  numerator: bigint;
  denominator: bigint;
}

/** The city's ground truth, folded district by district (memory: months × totals keys, not districts). */
class CityTruth {
  private readonly discrepancies: ArrayFile;
  private readonly nearMisses: ArrayFile;
  private readonly malformed: ArrayFile;
  private readonly counts = new Map<string, Map<string, StreamCount>>();
  private readonly totals = new Map<string, { groups: string[]; grams: Map<string, bigint> }>();
  private readonly indicators = new Map<string, Map<string, IndicatorSum>>();
  readonly districts: { index: number; code: string; name: string; seed: string; records: number; discrepancies: number; nearMisses: number }[] = [];
  private scenario: GroundTruth['scenario'] | null = null;

  constructor(
    tmp: string,
    private readonly seed: string,
  ) {
    this.discrepancies = new ArrayFile(join(tmp, 'discrepancies.json'));
    this.nearMisses = new ArrayFile(join(tmp, 'near-misses.json'));
    this.malformed = new ArrayFile(join(tmp, 'malformed.json'));
  }

  get records(): number {
    return this.districts.reduce((s, d) => s + d.records, 0);
  }

  add(truth: GroundTruth, district: DistrictIdentity, seed: string, malformedKey: (source: SourceId, key: string) => string): void {
    if (this.scenario && (this.scenario.horizon !== truth.scenario.horizon || this.scenario.startMonth !== truth.scenario.startMonth)) {
      throw new Error('districts of a city must share their months');
    }
    this.scenario ??= truth.scenario;
    for (const d of truth.discrepancies) this.discrepancies.push(d);
    for (const n of truth.nearMisses) this.nearMisses.push(n);
    for (const m of truth.malformed) this.malformed.push({ ...m, key: malformedKey(m.source, m.key) });
    let records = 0;
    for (const [source, streams] of Object.entries(truth.counts)) {
      const bySource = this.counts.get(source) ?? new Map<string, StreamCount>();
      this.counts.set(source, bySource);
      for (const [stream, count] of Object.entries(streams)) {
        const sum = bySource.get(stream) ?? { served: 0, malformed: 0, expected: 0 };
        bySource.set(stream, { served: sum.served + count.served, malformed: sum.malformed + count.malformed, expected: sum.expected + count.expected });
        records += count.served;
      }
    }
    for (const [month, masses] of Object.entries(truth.totals)) {
      const entry = this.totals.get(month) ?? { groups: [], grams: new Map<string, bigint>() };
      this.totals.set(month, entry);
      for (const [key, mass] of Object.entries(masses)) {
        const group = totalsGroup(key);
        if (!entry.groups.includes(group)) entry.groups.push(group);
        entry.grams.set(key, (entry.grams.get(key) ?? 0n) + BigInt(mass.grams));
      }
    }
    for (const [month, values] of Object.entries(truth.indicators)) {
      const entry = this.indicators.get(month) ?? new Map<string, IndicatorSum>();
      this.indicators.set(month, entry);
      for (const value of values) {
        const kind = INDICATOR_COMBINATION[value.code];
        if (!kind) throw new Error(`no city combination for indicator ${value.code}: add it to INDICATOR_COMBINATION`);
        const sum = entry.get(value.code) ?? { template: value, numerator: 0n, denominator: 0n };
        sum.numerator += BigInt(value.numerator);
        sum.denominator += kind === 'intensity' ? cents(value.denominator) : BigInt(value.denominator);
        entry.set(value.code, sum);
      }
    }
    this.districts.push({
      index: district.index, code: district.code, name: district.name, seed, records,
      discrepancies: truth.discrepancies.length, nearMisses: truth.nearMisses.length,
    });
  }

  private cityIndicator({ template, numerator: n, denominator: d }: IndicatorSum): IndicatorValue {
    const kind = INDICATOR_COMBINATION[template.code] as Combination;
    const value =
      kind === 'ratio' ? ratio(n, d)
      : kind === 'total' ? tonnes(n)
      : kind === 'intensity' ? ratio(n * 100n, d * 1_000_000n)
      : ratio(n, 1_000n * d);
    return { ...template, value, numerator: String(n), denominator: kind === 'intensity' ? centsText(d) : kind === 'total' ? '1' : String(d) };
  }

  /** Writes ground-truth.json: `JSON.stringify(truth, null, 2)` layout, the three lists streamed from disk. */
  async write(path: string, districtCount: number): Promise<void> {
    if (!this.scenario) throw new Error('a city needs at least one district');
    this.discrepancies.close();
    this.nearMisses.close();
    this.malformed.close();
    const counts = Object.fromEntries([...this.counts].map(([source, streams]) => [source, Object.fromEntries(streams)]));
    const totals = Object.fromEntries(
      [...this.totals].map(([month, { groups, grams }]) => {
        const keys = [...grams.keys()].sort((a, b) => groups.indexOf(totalsGroup(a)) - groups.indexOf(totalsGroup(b)) || (a < b ? -1 : a > b ? 1 : 0));
        return [month, Object.fromEntries(keys.map((k) => [k, { grams: String(grams.get(k)), tonnes: tonnes(grams.get(k) as bigint) }]))];
      }),
    );
    const indicators = Object.fromEntries([...this.indicators].map(([month, values]) => [month, [...values.values()].map((v) => this.cityIndicator(v))]));
    const { startMonth, months, size, horizon } = this.scenario;
    const seed = this.seed;
    const fd = openSync(path, 'w');
    const put = (text: string) => writeSync(fd, text);
    try {
      put('{\n');
      put(`  "scenario": ${pretty({ seed, startMonth, months, size, districts: districtCount, horizon }, 1)},\n`);
      put(`  "city": ${pretty({ districts: this.districts, combination: CITY_COMBINATION }, 1)},\n`);
      put(`  "rules": ${pretty(RULE_DEFINITIONS, 1)},\n`);
      for (const [name, array] of [['discrepancies', this.discrepancies], ['nearMisses', this.nearMisses], ['malformed', this.malformed]] as const) {
        if (array.count === 0) {
          put(`  "${name}": [],\n`);
          continue;
        }
        put(`  "${name}": [\n`);
        for await (const chunk of createReadStream(array.path)) writeSync(fd, chunk as Buffer);
        put('\n  ],\n');
      }
      put(`  "counts": ${pretty(counts, 1)},\n`);
      put(`  "totals": ${pretty(totals, 1)},\n`);
      put(`  "indicators": ${pretty(indicators, 1)}\n`);
      put('}\n');
    } finally {
      closeSync(fd);
    }
  }
}

/** A city-wide CSV of the medical drop: each district's table appended under the first district's header. */
class SharedTable {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private header: Buffer | null = null;
  rows = 0;
  size = 0;
  at = -Infinity;

  constructor(readonly tmpPath: string) {
    this.fd = openSync(tmpPath, 'w');
  }

  private put(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
    this.hash.update(bytes);
    this.size += bytes.length;
  }

  /** Appends one district's final version; returns the rows already in the file before it. */
  append(path: string, version: FileVersion): number {
    const content = version.content;
    if (content.kind !== 'table' || content.layout.format !== 'csv' || content.layout.titleRow || content.layout.blankRowsAfter || content.layout.totalRowColumn) {
      throw new Error(`${path}: only plain CSV tables can be concatenated across districts`);
    }
    const bytes = renderCsv(content.table, content.layout);
    const header = renderCsv({ headers: content.table.headers, rows: [] }, content.layout);
    if (!bytes.subarray(0, header.length).equals(header)) throw new Error(`${path}: rendered table does not start with its header`);
    if (this.header === null) {
      this.header = header;
      this.put(bytes);
    } else {
      if (!header.equals(this.header)) throw new Error(`${path}: districts disagree on the header or encoding`);
      this.put(bytes.subarray(header.length));
    }
    const before = this.rows;
    this.rows += content.table.rows.length;
    this.at = Math.max(this.at, version.at);
    return before;
  }

  finish(): string {
    closeSync(this.fd);
    return this.hash.digest('hex');
  }
}

/**
 * A full garbage collection, run between districts: V8 collects lazily, so without it the previous
 * district's garbage (hundreds of MB for a district-year) is still on the heap when the next district
 * is generated, and the peak grows with the number of districts. Null if the runtime refuses.
 */
function garbageCollector(): (() => void) | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

async function writeBytes(path: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

function roots(dir: string): Record<SourceId, string> {
  return Object.fromEntries(SOURCES.map((s) => [s, join(dir, s)])) as Record<SourceId, string>;
}

function finalVersion(versions: FileVersion[], asOf: number): FileVersion | undefined {
  return versions.filter((v) => v.at <= asOf).at(-1);
}

/**
 * Writes a city of `options.districts` districts under `dir` (see the file comment). With more than one
 * district it first removes the five source folders and ground-truth.json under `dir` (a drop is read by
 * walking its folder, so files of an earlier export must not linger).
 */
export async function exportCity(dir: string, options: CityExportOptions = {}): Promise<CityExportResult> {
  const started = performance.now();
  const { districts: count = 1, onDistrict, ...scenarioOptions } = options;
  const finish = async (records: number): Promise<CityExportResult> => ({
    roots: roots(dir),
    districts: count,
    records,
    seconds: (performance.now() - started) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    bundleBytes: await treeBytes(dir),
  });
  cityDistrict(0, count); // validates the count
  if (count === 1) {
    const scenario = generateScenario(scenarioOptions);
    await exportBundles(scenario, dir);
    const records = Object.values(scenario.groundTruth.counts).reduce((s, streams) => s + Object.values(streams).reduce((t, c) => t + c.served, 0), 0);
    onDistrict?.({ index: 0, name: '', records });
    return finish(records);
  }

  const tmp = join(dir, '.city-tmp');
  await rm(tmp, { recursive: true, force: true });
  await rm(join(dir, 'ground-truth.json'), { force: true });
  for (const source of SOURCES) await rm(join(dir, source), { recursive: true, force: true });
  await mkdir(join(tmp, 'runs'), { recursive: true });
  await mkdir(join(tmp, 'medical'), { recursive: true });
  for (const source of SOURCES) await mkdir(join(dir, source), { recursive: true });

  const seed = scenarioOptions.seed ?? 'zero-waste';
  const truth = new CityTruth(tmp, seed);
  const runs = new Map<string, string[]>();
  const shared = new Map<string, SharedTable>();
  const medicalIndex: { path: string; size: number; sha256: string; modifiedAt: string }[] = [];
  const taxstatIndex: { feed: string | null; period: string | null; path: string; sha256: string; publishedAt: string }[] = [];

  const collectGarbage = garbageCollector();
  for (let index = 0; index < count; index++) {
    if (index > 0) collectGarbage?.();
    const district = cityDistrict(index, count);
    const districtSeedText = districtSeed(seed, index);
    // One district at a time: nothing of it is referenced once this iteration ends.
    const scenario = generateScenario({ ...scenarioOptions, seed: districtSeedText, district });
    const asOf = scenario.horizon;

    for (const [source, streams] of Object.entries(scenario.rest)) {
      for (const [stream, records] of Object.entries(streams as Record<string, VersionedRecord[]>)) {
        const key = `${source}/${stream}`;
        const run = join(tmp, 'runs', `${source}.${stream}.${String(index).padStart(4, '0')}`);
        writeRun(run, recordsAsOf(records, asOf));
        runs.set(key, [...(runs.get(key) ?? []), run]);
      }
    }

    const rowOffsets = new Map<string, number>();
    for (const file of scenario.files.medical) {
      const version = finalVersion(file.versions, asOf);
      if (!version) continue;
      if (SHARED_MEDICAL_PATH.test(file.path)) {
        let table = shared.get(file.path);
        if (!table) {
          table = new SharedTable(join(tmp, 'medical', file.path.replace(/\//g, '__')));
          shared.set(file.path, table);
        }
        rowOffsets.set(file.path, table.append(file.path, version));
        continue;
      }
      const bytes = await renderFileVersion(version);
      await writeBytes(join(dir, 'medical', ...file.path.split('/')), bytes);
      medicalIndex.push({ path: file.path, size: bytes.length, sha256: sha256(bytes), modifiedAt: cstIso(version.at) });
    }
    for (const file of scenario.files.taxstat) {
      const version = finalVersion(file.versions, asOf);
      if (!version) continue;
      const bytes = await renderFileVersion(version);
      await writeBytes(join(dir, 'taxstat', ...file.path.split('/')), bytes);
      taxstatIndex.push({ feed: file.feed ?? null, period: file.period ?? null, path: file.path, sha256: sha256(bytes), publishedAt: cstIso(version.at) });
    }

    truth.add(scenario.groundTruth, district, districtSeedText, (source, key) => {
      if (source !== 'medical') return key;
      const hash = key.lastIndexOf('#');
      const offset = hash < 0 ? undefined : rowOffsets.get(key.slice(0, hash));
      return offset === undefined ? key : `${key.slice(0, hash)}#${Number(key.slice(hash + 1)) + offset}`;
    });
    onDistrict?.({ index, name: district.name, records: truth.districts.at(-1)?.records ?? 0 });
  }

  collectGarbage?.();
  for (const [key, paths] of runs) {
    const [source, stream] = key.split('/') as [string, string];
    mergeRuns(paths, join(dir, source, `${stream}.jsonl`));
  }
  for (const [path, table] of shared) {
    const digest = table.finish();
    const target = join(dir, 'medical', ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await rename(table.tmpPath, target);
    medicalIndex.push({ path, size: table.size, sha256: digest, modifiedAt: cstIso(table.at) });
  }
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  for (const index of [medicalIndex, taxstatIndex]) {
    index.sort(byPath);
    for (let i = 1; i < index.length; i++) if (index[i]?.path === index[i - 1]?.path) throw new Error(`two districts wrote ${index[i]?.path}`);
  }
  await writeFile(join(dir, 'medical', 'index.json'), `${JSON.stringify(medicalIndex, null, 2)}\n`);
  await writeFile(join(dir, 'taxstat', 'index.json'), `${JSON.stringify(taxstatIndex, null, 2)}\n`);
  await truth.write(join(dir, 'ground-truth.json'), count);
  await rm(tmp, { recursive: true, force: true });
  return finish(truth.records);
}
