/**
 * What every stream generator shares: resolved options, the months, the clock horizon, the seeded
 * generators, the USCC factory, organisation names, and the recorder of injected discrepancies.
 */
import { addMonths, cstMidnight, DAY_MS, monthKey, parseMonth, type MonthRef } from './clock';
import { Rng } from './prng';
import { BRAND_CHARACTERS, DISTRICT_NAME, PLATE_LETTERS, STREETS } from './reference';
import type { Discrepancy, JsonValue, MalformedRecord, NearMiss, RuleId, Subject } from './types';
import { UsccFactory } from './uscc';

export interface ScenarioOptions {
  /** any string; the same seed gives byte-identical data (default `zero-waste`) */
  seed?: string;
  /** first month, `YYYY-MM` (default `2026-10`) */
  startMonth?: string;
  /** number of months (default 1) */
  months?: number;
  /**
   * Scale knob: multiplies the number of organisations, sites, vehicles, communities and so the record
   * count linearly (1 = one district: ~313 enterprises, 40 medical institutions, 100 projects).
   * Records ≈ 22 000 × size × months (measured: size 1 × 1 month = 22.6 k, × 12 months = 260 k). A
   * city-year (≥ 10^7) is not one scenario: it is many districts generated one at a time
   * (`exportCity`, e.g. 39 districts × 12 months at size 1).
   */
  size?: number;
  /**
   * The district this scenario is inside a city (set by `exportCity`; absent = the stand-alone district
   * of today, 石景山区, whose bytes never change). It namespaces every identifier so districts never
   * collide: USCCs and manifest numbers carry its division code, source ids its tag, plates come from
   * its share of the plate space, street and organisation names carry its name.
   */
  district?: DistrictIdentity;
  /** share of eligible subjects that get each rule's discrepancy (at least one per rule always) */
  rates?: Partial<Record<RuleId, number>>;
  /** near misses (gaps inside tolerance that must NOT be flagged) per injected discrepancy (default 0.5) */
  nearMissRatio?: number;
  /** share of extra malformed records per stream (at least one per stream that has them; default 0.001) */
  malformedRate?: number;
}

/** One district of a city: see `cityDistrict` (sandbox/city.ts). */
export interface DistrictIdentity {
  /** 0-based position in the city */
  index: number;
  /** districts in the city (plates are dealt out by residue modulo this) */
  count: number;
  /** 6-digit administrative division code (GB/T 2260), written into USCCs, manifest and licence numbers */
  code: string;
  /** e.g. 朝阳区 */
  name: string;
  /** fixed-width district number prefixed to source ids (`QY<tag>000001`, `F<tag>0001`, …) */
  tag: string;
}

export interface ResolvedScenarioOptions {
  seed: string;
  startMonth: string;
  months: number;
  size: number;
  rates: Record<RuleId, number>;
  nearMissRatio: number;
  malformedRate: number;
  district?: DistrictIdentity;
}

/** Default injection rates: a few percent of each rule's eligible subjects. */
export const DEFAULT_RATES: Record<RuleId, number> = {
  'HW-QTY': 0.02, 'HW-LATE': 0.01, 'HW-LEDGER': 0.04, 'HW-LICENCE': 0.005, 'HW-CODE': 0.005,
  'GIS-BALANCE': 0.01, 'TAX-PLATFORM': 0.03, 'STAT-PLATFORM': 0.03, COVERAGE: 0.02,
  'CDW-WEIGHT': 0.005, 'CDW-OPEN': 0.003, 'CDW-SPEED': 0.003, 'CDW-VEHICLE': 0.02, 'CDW-PROJECT': 0.05,
  'HH-CHAIN': 0.02, 'HH-CATEGORY': 0.002, 'HH-NET': 0.002, 'MED-QTY': 0.005, 'MED-48H': 0.05, 'ID-USCC': 0.005,
  'DATA-QUALITY': 0.005, COMPLETENESS: 0.01,
};

export function resolveOptions(options: ScenarioOptions = {}): ResolvedScenarioOptions {
  const months = options.months ?? 1;
  const size = options.size ?? 1;
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new Error('months must be an integer 1–120');
  if (!(size > 0) || size > 1000) throw new Error('size must be > 0 and ≤ 1000');
  const startMonth = options.startMonth ?? '2026-10';
  parseMonth(startMonth);
  return {
    seed: options.seed ?? 'zero-waste',
    startMonth,
    months,
    size,
    rates: { ...DEFAULT_RATES, ...options.rates },
    nearMissRatio: options.nearMissRatio ?? 0.5,
    malformedRate: options.malformedRate ?? 0.001,
    ...(options.district ? { district: checkDistrict(options.district) } : {}),
  };
}

function checkDistrict(district: DistrictIdentity): DistrictIdentity {
  if (!/^\d{6}$/.test(district.code)) throw new Error(`district code must be 6 digits: ${district.code}`);
  if (!Number.isInteger(district.count) || district.count < 1 || !Number.isInteger(district.index) || district.index < 0 || district.index >= district.count) {
    throw new Error(`district index ${district.index} outside a city of ${district.count}`);
  }
  if (!/^\d+$/.test(district.tag)) throw new Error(`district tag must be digits: ${district.tag}`);
  return district;
}

/** Records what was injected where; one record carries at most one injection so rules never interfere. */
export class TruthRecorder {
  readonly discrepancies: Discrepancy[] = [];
  readonly nearMisses: NearMiss[] = [];
  readonly malformed: MalformedRecord[] = [];
  private readonly touched = new Set<string>();

  add(rule: RuleId, subject: Subject, detail: Record<string, JsonValue>): void {
    this.discrepancies.push({ rule, subject, detail });
  }

  nearMiss(rule: RuleId, subject: Subject, detail: Record<string, JsonValue>): void {
    this.nearMisses.push({ rule, subject, detail });
  }

  /** Claims a record for one injection; false if another injection already took it. */
  claim(recordKey: string): boolean {
    if (this.touched.has(recordKey)) return false;
    this.touched.add(recordKey);
    return true;
  }

  isClaimed(recordKey: string): boolean {
    return this.touched.has(recordKey);
  }
}

export class ScenarioContext {
  readonly options: ResolvedScenarioOptions;
  readonly months: MonthRef[];
  readonly monthKeys: string[];
  readonly start: number;
  /** end of the last month (exclusive) */
  readonly end: number;
  /**
   * The clock value at which the scenario is complete (and the ground truth holds): 15 days after the
   * last month, when late uploads, corrections and republished periods have all arrived.
   */
  readonly horizon: number;
  readonly rng: Rng;
  readonly truth = new TruthRecorder();
  readonly uscc: UsccFactory;
  /** the district's name (econ 地区, envstat region) */
  readonly districtName: string;
  /** the district's streets as its sources write them (plain names for 石景山区, else `<district><street>`) */
  readonly streets: readonly { name: string; lat: number; lon: number }[];
  /** prefixed to source ids: '' for the stand-alone district */
  readonly tag: string;
  /** the division code manifest and licence numbers carry (110302 for the stand-alone district) */
  readonly divisionCode: string;
  /** prefixed to generated organisation and facility names inside a city ('' for the stand-alone district) */
  readonly namePrefix: string;
  private readonly usedNames = new Set<string>();
  private readonly nameRng: Rng;

  constructor(options: ResolvedScenarioOptions) {
    this.options = options;
    const first = parseMonth(options.startMonth);
    this.months = Array.from({ length: options.months }, (_, i) => addMonths(first, i));
    this.monthKeys = this.months.map(monthKey);
    this.start = cstMidnight(first);
    this.end = cstMidnight(addMonths(first, options.months));
    this.horizon = this.end + 15 * DAY_MS;
    this.rng = new Rng(options.seed);
    const district = options.district;
    this.uscc = new UsccFactory(this.rng.fork('uscc'), district?.code);
    this.nameRng = this.rng.fork('names');
    this.districtName = district?.name ?? DISTRICT_NAME;
    this.streets = this.districtName === DISTRICT_NAME ? STREETS : STREETS.map((s) => ({ ...s, name: `${this.districtName}${s.name}` }));
    this.tag = district?.tag ?? '';
    this.divisionCode = district?.code ?? '110302';
    this.namePrefix = district ? this.districtName.replace(/区$/, '') : '';
  }

  /** A street of the reference list (`鲁谷街道`) as this district writes it. */
  street(plainName: string): string {
    const index = STREETS.findIndex((s) => s.name === plainName);
    if (index < 0) throw new Error(`unknown street ${plainName}`);
    return (this.streets[index] as { name: string }).name;
  }

  /**
   * Whether a plate (`京A12345`, `京AD12345`) belongs to this district's share of the plate space, so
   * that no two districts of a city ever draw the same plate. Always true for a stand-alone district.
   */
  ownsPlate(plate: string): boolean {
    const district = this.options.district;
    if (!district || district.count === 1) return true;
    const match = /^京([A-Z])D?(\d{5})$/.exec(plate);
    if (!match) throw new Error(`unexpected plate ${plate}`);
    const slot = PLATE_LETTERS.indexOf(match[1] as string) * 100_000 + Number(match[2]);
    return slot % district.count === district.index;
  }

  /** Number of injections for a rule given how many subjects are eligible: at least one. */
  injectionCount(rule: RuleId, eligible: number): number {
    if (eligible <= 0) return 0;
    return Math.min(eligible, Math.max(1, Math.round(this.options.rates[rule] * eligible)));
  }

  nearMissCount(injected: number): number {
    return Math.max(1, Math.round(injected * this.options.nearMissRatio));
  }

  malformedCount(records: number): number {
    return Math.max(1, Math.round(records * this.options.malformedRate));
  }

  scaled(count: number): number {
    return Math.max(1, Math.round(count * this.options.size));
  }

  /** A distinct organisation name: `北京<字号><行业词><有限公司>`, sometimes `<字号>（北京）<行业词>…`. */
  organisationName(industryWord: string, suffix = '有限公司'): string {
    for (let attempt = 0; ; attempt++) {
      const brand = this.namePrefix + this.nameRng.pick(BRAND_CHARACTERS) + this.nameRng.pick(BRAND_CHARACTERS) + (attempt > 40 ? this.nameRng.pick(BRAND_CHARACTERS) : '');
      const name = this.nameRng.chance(0.2) ? `${brand}（北京）${industryWord}${suffix}` : `北京${brand}${industryWord}${suffix}`;
      if (!this.usedNames.has(name)) {
        this.usedNames.add(name);
        return name;
      }
    }
  }
}

/**
 * A spelling variant entity resolution must absorb (DESIGN §4): full/half-width brackets,
 * 有限公司 ↔ 有限责任公司, or a stray space. Never a different company.
 */
export function spellingVariant(name: string, rng: Rng): string {
  const options: ((n: string) => string)[] = [];
  if (name.includes('（')) options.push((n) => n.replace('（', '(').replace('）', ')'));
  if (name.endsWith('有限责任公司')) options.push((n) => n.replace(/有限责任公司$/, '有限公司'));
  else if (name.endsWith('有限公司')) options.push((n) => n.replace(/有限公司$/, '有限责任公司'));
  options.push((n) => (n.length > 4 ? `${n.slice(0, 4)} ${n.slice(4)}` : n));
  return rng.pick(options)(name);
}

/** The normalisation that spelling variants survive (used by the ground truth to prove they do). */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/有限责任公司$/, '有限公司');
}
