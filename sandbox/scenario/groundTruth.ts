/**
 * The ground truth a hub is measured against: every injected discrepancy (rule + subject), the near
 * misses that must NOT be flagged, the malformed records that must be quarantined, record counts, true
 * totals and the priority indicators the data implies.
 *
 * Everything here is computed from the records exactly as served at the horizon (REST bodies parsed back
 * from their JSON values, file rows from the same tables the files are rendered from), minus quarantined
 * records, voided/cancelled records and superseded file versions. Discrepancies are left in place, not
 * corrected: a hub that ingests the data faithfully and applies the formulas below gets these values.
 */
import { cstIso, daysInMonth, monthKey, parseMonth } from './clock';
import type { ScenarioContext } from './context';
import type { ConstructionData } from './construction';
import type { HouseholdData } from './household';
import type { IndustrialData } from './industrial';
import { GRAMS_PER_KG, GRAMS_PER_TONNE, parseToGrams, tonnesText } from './mass';
import type { MedicalData } from './medical';
import type { TaxstatData } from './taxstat';
import type { Discrepancy, JsonRecord, MalformedRecord, NearMiss, PublishedFile, RuleId, SourceId, VersionedRecord } from './types';

export interface Mass {
  grams: string;
  tonnes: string;
}

export interface IndicatorValue {
  code: string;
  name: string;
  unit: string;
  /** decimal string, rounded half-up to 6 decimals */
  value: string;
  numerator: string;
  denominator: string;
  formula: string;
}

export interface StreamCount {
  /** records (or data rows) served at the horizon */
  served: number;
  /** of which malformed (must be quarantined) */
  malformed: number;
  /** what the hub should end up with */
  expected: number;
}

export interface GroundTruth {
  scenario: { seed: string; startMonth: string; months: number; size: number; horizon: string };
  rules: Record<RuleId, string>;
  discrepancies: Discrepancy[];
  nearMisses: NearMiss[];
  malformed: MalformedRecord[];
  counts: Record<SourceId, Record<string, StreamCount>>;
  totals: Record<string, Record<string, Mass>>;
  indicators: Record<string, IndicatorValue[]>;
}

/** Precise definitions the injections follow (defaults from DESIGN §5). */
export const RULE_DEFINITIONS: Record<RuleId, string> = {
  'HW-QTY': 'manifest with zt 30/40: |jsl − ycl| / ycl > 5 %',
  'HW-LATE': 'manifest with zt 10/20 (not voided) whose ycsj is more than 5 days before the horizon',
  'HW-LEDGER': 'per (USCC, month, fwdm): hw-ledger wtzyl vs Σ ycl of non-voided manifests with that ycdw, fwdm and ycsj month; |a − b| / b > 5 % (or one side missing)',
  'HW-LICENCE': "manifest whose class (fwlb, = fwdm's last two digits in clean data) is not in the receiver's hzlb",
  'HW-CODE': 'manifest or hw-ledger row whose fwdm is not NNN-NNN-NN or whose last two digits differ from fwlb (non-voided records)',
  'GIS-BALANCE': 'per (USCC, month, waste): the waste is fwdm, or for a row without one the catalogue code its fwmc names (or last month\'s coded row of that name), else the name itself (`name:<name>`); opening (previous month qmzcl for the same key; no previous row = unknown, no finding) + csl vs zxlyl + wtlyl + zxczl + wtczl + qmzcl; |gap| / (opening + csl) > 2 %. wnzcly is part of zxlyl + wtlyl and comes out of the opening stock',
  'TAX-PLATFORM': 'per (USCC, quarter, kind) for USCCs registered on the platform: the 危险废物 line vs the HW ledgers, the general lines vs the general ledgers, each measure on its own (产生量 vs Σ csl; 处置量 vs Σ zxczl + wtczl; 综合利用量 vs Σ zxlyl + wtlyl (± wnzcly); HW 处置量 + 综合利用量 vs Σ zxlyczl + wtzyl; 贮存量 vs newly stored or closing stock); a measure beyond 10 % of every platform reading is a finding',
  'STAT-PLATFORM': 'per (USCC, year): Σ GeneralSolidWaste@generated vs Σ general csl over the scenario months of that year (and HazardousWaste@generated vs Σ HW csl); |a − b| / b > 10 %',
  COVERAGE: 'HW generator (HW csl > 0) on the platform with no envtax 危险废物 declaration; envtax 危险废物 declarant not registered on the platform; registered medical institution with no disposer receipt in the scenario months',
  'CDW-WEIGHT': 'non-voided waybill with both weights: |entryWeightT − exitWeightT| / exitWeightT > 5 % (a missing weight is unknown: no flag)',
  'CDW-OPEN': 'waybill still DEPARTED (not voided, no entryAt) whose exitAt is more than 24 h before the horizon; the plate’s later trips are not findings',
  'CDW-SPEED': 'arrived waybill: haversine(project lat/lon, facility lat/lon) / (entryAt − exitAt) > 60 km/h; no coordinates stated: unknown, no flag',
  'CDW-VEHICLE': 'per canonical plate (upper case, no spaces) over non-voided waybills: plate not registered; permitValidTo before the exitAt date; exitWeightT > ratedLoadT; haulerUscc differs from the vehicle’s; two trips at once: two arrived trips whose [exitAt, entryAt) intersect, an open trip leaving during an arrived one, or two open trips both left ≤ 24 h before the horizon (a never-closed trip alone is CDW-OPEN’s)',
  'CDW-PROJECT': 'Σ exitWeightT of non-voided waybills of a project > approvedTonnes',
  'HH-CHAIN': 'VALID OUT ticket at a TRANSFER_STATION, in time order: the first VALID IN ticket not yet matched at destinationFacilityId (any facility if none) with the same canonical plate and category, weighed within 4 h after and before the plate’s next OUT (OUTs left without one then take such an IN under another category); none, or |in weight − out weight| / out weight > 3 % with weight = grossKg − tareKg (netKg when either is missing), or an IN under another category that its facility type accepts (one it does not accept is HH-CATEGORY’s)',
  'HH-CATEGORY': 'VALID IN ticket at a non-transfer facility whose category the facility type does not accept (INCINERATOR: OTHER, BULKY; FOOD_WASTE_PLANT: KITCHEN, FOOD_SERVICE; LANDFILL: OTHER; SORTING_CENTER: RECYCLABLE, BULKY; HAZARDOUS_COLLECTION: HAZARDOUS)',
  'HH-NET': 'VALID ticket with netKg ≠ grossKg − tareKg',
  'MED-QTY': 'per 转移联单号: Σ ledger 重量(kg) (final file versions, valid rows) vs Σ receipt 重量(kg); |a − b| / a > 5 %, or a manifest on only one side, or a category whose Σ differs by more than 5 % of the ledger total',
  'MED-48H': 'per (institution USCC, month): a ledger row whose 交接时间 is more than 48 h after its 日期 00:00, or two consecutive distinct 交接时间 more than 48 h apart with no manifest of unknown 交接时间 between them',
  'DATA-QUALITY': 'a record that parses but states an implausible value (a negative mass, a mass beyond the layout\'s maximum, a time after the record was written, a receipt before its shipment), or a general-ledger row without fwdm whose fwmc resolves to no code: one finding per (stream, record id, field)',
  COMPLETENESS: 'WITHHELD: per (USCC, kind, month) for monthly general ledgers and HW ledgers: a month after the USCC\'s first filing of that kind, due (15th of the following month, 24:00 CST) by the horizon, with no row of that kind for the USCC (subject kind GENERAL_LEDGER or HW_LEDGER). DELAYED (LATE, for a hub that syncs the stream before the due day): a filing first published after its due day — a general or HW ledger enterprise-month whose rows\' earliest updatedAt is after the 15th of the following month; a medical ledger file ledgers/<USCC>/<YYYY-MM> or the disposer\'s receipts/<USCC>/<YYYY-MM> whose modifiedAt is after it (subject kind MEDICAL_LEDGER / MEDICAL_RECEIPTS); a day of a transfer station\'s, incinerator\'s or food-waste plant\'s weigh tickets whose earliest updatedAt is after the end of the following day (subject facilityId, kind WEIGH_TICKETS, day)',
  'ID-USCC': 'a USCC failing the GB 32100 check character, or one USCC carried under names that differ after normalisation (NFKC, spaces removed, 有限责任公司 → 有限公司)',
};

function mass(grams: number): Mass {
  return { grams: String(grams), tonnes: tonnesText(grams) };
}

/** value = numerator / denominator rounded half-up to 6 decimals, from integers (exact). */
function ratio(numerator: number, denominator: number, scale = 1): string {
  if (denominator === 0) return '0';
  const n = BigInt(Math.round(numerator * scale));
  const d = BigInt(Math.round(denominator));
  const scaled = (n * 1_000_000n * 2n + d) / (2n * d);
  const whole = scaled / 1_000_000n;
  const fraction = String(scaled % 1_000_000n).padStart(6, '0');
  return `${whole}.${fraction}`;
}

function finalBody(record: VersionedRecord, horizon: number): JsonRecord | null {
  let body: JsonRecord | null = null;
  for (const v of record.versions) if (v.at <= horizon) body = v.body;
  return body;
}

function tonnesField(body: JsonRecord, field: string): number {
  const value = body[field];
  return value === null || value === undefined ? 0 : parseToGrams(String(value), GRAMS_PER_TONNE);
}

function add(map: Map<string, number>, key: string, grams: number): void {
  map.set(key, (map.get(key) ?? 0) + grams);
}

function massMap(map: Map<string, number>): Record<string, Mass> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, g]) => [k, mass(g)]));
}

export interface ScenarioParts {
  industrial: IndustrialData;
  construction: ConstructionData;
  household: HouseholdData;
  medical: MedicalData;
  taxstat: TaxstatData;
}

function restCounts(ctx: ScenarioContext, source: SourceId, streams: Record<string, VersionedRecord[]>): Record<string, StreamCount> {
  const counts: Record<string, StreamCount> = {};
  for (const [stream, records] of Object.entries(streams)) {
    const served = records.filter((r) => (r.versions[0]?.at ?? Infinity) <= ctx.horizon).length;
    const malformed = ctx.truth.malformed.filter((m) => m.source === source && m.stream === stream).length;
    counts[stream] = { served, malformed, expected: served - malformed };
  }
  return counts;
}

function fileRowCounts(ctx: ScenarioContext, source: SourceId, files: PublishedFile[], streamOf: (path: string) => string): Record<string, StreamCount> {
  const counts: Record<string, StreamCount> = {};
  for (const file of files) {
    const last = file.versions.filter((v) => v.at <= ctx.horizon).at(-1);
    if (!last) continue;
    const stream = streamOf(file.path);
    const rows = last.content.kind === 'table' ? last.content.table.rows.length : (last.content.text.match(/<Enterprise /g) ?? []).length;
    const entry = (counts[stream] ??= { served: 0, malformed: 0, expected: 0 });
    entry.served += rows;
  }
  for (const [stream, entry] of Object.entries(counts)) {
    entry.malformed = ctx.truth.malformed.filter((m) => m.source === source && m.stream === stream).length;
    entry.expected = entry.served - entry.malformed;
  }
  return counts;
}

export function buildGroundTruth(ctx: ScenarioContext, parts: ScenarioParts): GroundTruth {
  const H = ctx.horizon;
  const malformedKeys = new Set(ctx.truth.malformed.map((m) => `${m.source}/${m.stream}/${m.key}`));
  const live = (source: SourceId, stream: string, records: VersionedRecord[]): JsonRecord[] =>
    records.filter((r) => !malformedKeys.has(`${source}/${stream}/${r.id}`)).map((r) => finalBody(r, H)).filter((b): b is JsonRecord => b !== null);

  const generalLedgers = live('industrial', 'general-ledgers', parts.industrial.streams['general-ledgers']);
  const hwLedgers = live('industrial', 'hw-ledgers', parts.industrial.streams['hw-ledgers']);
  const manifests = live('industrial', 'hw-manifests', parts.industrial.streams['hw-manifests']).filter((m) => m.zt !== '90');
  const waybills = live('construction', 'waybills', parts.construction.streams.waybills).filter((w) => w.status !== 'VOIDED');
  const cdwFacilityType = new Map(parts.construction.facilities.map((f) => [f.facilityCode, f.type]));
  const tickets = live('household', 'weigh-tickets', parts.household.streams['weigh-tickets']).filter((t) => t.status === 'VALID');
  const hhFacilityType = new Map(parts.household.facilities.map((f) => [f.facilityId, f.type]));
  const recyclables = live('household', 'recyclables', parts.household.streams.recyclables);

  const totals: Record<string, Record<string, Mass>> = {};
  const indicators: Record<string, IndicatorValue[]> = {};
  const ym = (yyyymm: string) => `${yyyymm.slice(0, 4)}-${yyyymm.slice(4, 6)}`;

  for (const month of ctx.monthKeys) {
    const m = parseMonth(month);
    const gl = generalLedgers.filter((r) => ym(String(r.ny)) === month);
    const hl = hwLedgers.filter((r) => ym(String(r.ny)) === month);
    const mf = manifests.filter((r) => typeof r.ycsj === 'string' && r.ycsj.slice(0, 7) === month);
    const sum = (rows: JsonRecord[], ...fields: string[]) => rows.reduce((s, r) => s + fields.reduce((t, f) => t + tonnesField(r, f), 0), 0);

    const generalGenerated = sum(gl, 'csl');
    const generalUtilised = sum(gl, 'zxlyl', 'wtlyl');
    const fromStock = sum(gl, 'wnzcly');
    const generalDisposed = sum(gl, 'zxczl', 'wtczl');
    const generalClosing = sum(gl, 'qmzcl');
    const hwGenerated = sum(hl, 'csl');
    const hwOnSite = sum(hl, 'zxlyczl');
    const received = mf.filter((r) => r.zt === '30' || r.zt === '40');
    const receivedBy = (pred: (route: string) => boolean) => received.filter((r) => pred(String(r.lyczfs))).reduce((s, r) => s + tonnesField(r, 'jsl'), 0);
    const hwUtilised = receivedBy((route) => route.startsWith('R'));
    const hwLandfilled = receivedBy((route) => route === 'D1');
    const hwDisposedLicensed = receivedBy((route) => route.startsWith('D'));
    const econ = parts.taxstat.econ.find((e) => e.month === month && e.area === ctx.districtName);
    const ivaCents = econ?.industrialValueAddedCents ?? 0;

    const byCode = new Map<string, number>();
    for (const r of gl) add(byCode, String(r.fwdm || r.fwmc), tonnesField(r, 'csl'));
    const hwByClass = new Map<string, number>();
    for (const r of hl) add(hwByClass, String(r.fwdm).slice(-2), tonnesField(r, 'csl'));
    const shippedByRoute = new Map<string, number>();
    for (const r of mf) add(shippedByRoute, String(r.lyczfs), tonnesField(r, 'ycl'));

    // Construction (by exit month).
    const wb = waybills.filter((w) => String(w.exitAt).slice(0, 7) === month);
    const exitByCategory = new Map<string, number>();
    const entryByFacilityType = new Map<string, number>();
    for (const w of wb) {
      add(exitByCategory, String(w.category), tonnesField(w, 'exitWeightT'));
      if (w.entryWeightT !== null) add(entryByFacilityType, cdwFacilityType.get(String(w.facilityCode)) ?? '?', tonnesField(w, 'entryWeightT'));
    }
    const cdwHauled = [...exitByCategory.values()].reduce((a, b) => a + b, 0);

    // Household (by weighing month).
    const tk = tickets.filter((t) => String(t.weighedAt).slice(0, 7) === month);
    const kg = (t: JsonRecord) => Number(t.netKg) * GRAMS_PER_KG;
    const collectedByCategory = new Map<string, number>();
    const inByFacilityType = new Map<string, number>();
    for (const t of tk) {
      if (t.direction !== 'IN') continue;
      if (t.originStreet !== null) add(collectedByCategory, String(t.category), kg(t));
      add(inByFacilityType, hhFacilityType.get(String(t.facilityId)) ?? '?', kg(t));
    }
    const collected = [...collectedByCategory.values()].reduce((a, b) => a + b, 0);
    const recyclablesByMaterial = new Map<string, number>();
    for (const r of recyclables.filter((x) => x.month === month)) add(recyclablesByMaterial, String(r.material), Number(r.weightKg) * GRAMS_PER_KG);
    const recyclablesStream = [...recyclablesByMaterial.values()].reduce((a, b) => a + b, 0);
    const recyclablesTicketed = tk.filter((t) => t.direction === 'IN' && t.category === 'RECYCLABLE' && hhFacilityType.get(String(t.facilityId)) === 'SORTING_CENTER').reduce((s, t) => s + kg(t), 0);
    const perishables = tk.filter((t) => t.direction === 'IN' && (t.category === 'KITCHEN' || t.category === 'FOOD_SERVICE') && hhFacilityType.get(String(t.facilityId)) === 'FOOD_WASTE_PLANT').reduce((s, t) => s + kg(t), 0);
    const landfilled = inByFacilityType.get('LANDFILL') ?? 0;
    const population = econ?.population ?? 0;
    const communities = parts.household.communities;

    // Medical.
    const ledgerRows = parts.medical.ledgers.filter((l) => monthKey(l.month) === month).flatMap((l) => l.rows);
    const medByCategory = new Map<string, number>();
    for (const r of ledgerRows) add(medByCategory, r.category, r.grams);
    const receiptByCategory = new Map<string, number>();
    const receiptsInMonth = parts.medical.receipts.filter((r) => cstIso(r.receivedAt).slice(0, 7) === month);
    for (const r of receiptsInMonth) add(receiptByCategory, r.category, r.grams);
    const covered = new Set(receiptsInMonth.map((r) => r.institutionUscc));
    const registered = parts.medical.institutions;
    const medRecyclables = parts.medical.recyclables.filter((r) => r.month === month);
    const medRecGenerated = medRecyclables.reduce((s, r) => s + r.generatedG, 0);
    const medRecRecovered = medRecyclables.reduce((s, r) => s + r.recoveredG, 0);

    totals[month] = {
      'industrial.general.generated': mass(generalGenerated),
      'industrial.general.utilised': mass(generalUtilised),
      'industrial.general.utilisedFromStock': mass(fromStock),
      'industrial.general.disposed': mass(generalDisposed),
      'industrial.general.closingStock': mass(generalClosing),
      ...prefixed('industrial.general.generatedByCode.', byCode),
      'industrial.hw.generated': mass(hwGenerated),
      'industrial.hw.onSite': mass(hwOnSite),
      ...prefixed('industrial.hw.generatedByClass.HW', hwByClass),
      ...prefixed('industrial.hw.shippedByRoute.', shippedByRoute),
      'industrial.hw.receivedUtilised': mass(hwUtilised),
      'industrial.hw.receivedLandfilled': mass(hwLandfilled),
      'construction.hauled': mass(cdwHauled),
      ...prefixed('construction.exitByCategory.', exitByCategory),
      ...prefixed('construction.entryByFacilityType.', entryByFacilityType),
      'household.collected': mass(collected),
      ...prefixed('household.collectedByCategory.', collectedByCategory),
      ...prefixed('household.inByFacilityType.', inByFacilityType),
      ...prefixed('household.recyclablesByMaterial.', recyclablesByMaterial),
      'medical.ledger': mass([...medByCategory.values()].reduce((a, b) => a + b, 0)),
      ...prefixed('medical.ledgerByCategory.', medByCategory),
      'medical.receipts': mass([...receiptByCategory.values()].reduce((a, b) => a + b, 0)),
      ...prefixed('medical.receiptsByCategory.', receiptByCategory),
      'medical.recyclables.generated': mass(medRecGenerated),
      'medical.recyclables.recovered': mass(medRecRecovered),
    };

    const g = (x: number) => String(x);
    indicators[month] = [
      // ZW01 工业固体废物产生强度 = (一般工业固废产生量 + 工业危险废物产生量) ÷ 工业增加值 (t/万元).
      // Inputs: Σ general-ledgers csl + Σ hw-ledgers csl (t); econ 工业增加值 of the district (万元).
      { code: 'ZW01', name: '工业固体废物产生强度', unit: 't/万元', value: ratio((generalGenerated + hwGenerated) * 100, ivaCents * GRAMS_PER_TONNE), numerator: g(generalGenerated + hwGenerated), denominator: (ivaCents / 100).toFixed(2), formula: '(Σ general csl + Σ HW csl) [t] ÷ 工业增加值 [万元]' },
      // ZW09 一般工业固废综合利用率 = 综合利用量 ÷ (产生量 + 综合利用往年贮存量); zxlyl + wtlyl already include wnzcly.
      { code: 'ZW09', name: '一般工业固体废物综合利用率', unit: 'ratio', value: ratio(generalUtilised, generalGenerated + fromStock), numerator: g(generalUtilised), denominator: g(generalGenerated + fromStock), formula: 'Σ (zxlyl + wtlyl) ÷ Σ (csl + wnzcly)' },
      // ZW10 工业危险废物综合利用率 = 利用量 ÷ (产生量 + 往年贮存利用量 (0: HW ledgers carry none)).
      { code: 'ZW10', name: '工业危险废物综合利用率', unit: 'ratio', value: ratio(hwUtilised, hwGenerated), numerator: g(hwUtilised), denominator: g(hwGenerated), formula: 'Σ jsl of received (zt 30/40) manifests shipped in the month with lyczfs R* ÷ Σ hw-ledger csl' },
      // 危险废物填埋率 (district plan target < 30 %) = 填埋量 ÷ 产生量.
      { code: 'HW-LANDFILL-RATE', name: '危险废物填埋率', unit: 'ratio', value: ratio(hwLandfilled, hwGenerated), numerator: g(hwLandfilled), denominator: g(hwGenerated), formula: 'Σ jsl of received manifests shipped in the month with lyczfs D1 ÷ Σ hw-ledger csl' },
      // ZW15 工业危险废物安全处置量 = 自行安全处置 + 持证单位处置 (t).
      { code: 'ZW15', name: '工业危险废物安全处置量', unit: 't', value: tonnesText(hwDisposedLicensed + hwOnSite), numerator: g(hwDisposedLicensed + hwOnSite), denominator: '1', formula: 'Σ jsl of received manifests with lyczfs D* + Σ hw-ledger zxlyczl' },
      // ZW18 一般工业固废贮存处置量 = 处置量 + 期末贮存量 (t).
      { code: 'ZW18', name: '一般工业固体废物贮存处置量', unit: 't', value: tonnesText(generalDisposed + generalClosing), numerator: g(generalDisposed + generalClosing), denominator: '1', formula: 'Σ (zxczl + wtczl) + Σ qmzcl' },
      // ZW06 人均生活垃圾日产生量 = 日清运量 ÷ (收运系统覆盖率 × 常住人口); coverage = 1 (every registered community is served).
      { code: 'ZW06', name: '人均生活垃圾日产生量', unit: 'kg/人/日', value: ratio(collected, GRAMS_PER_KG * daysInMonth(m) * population), numerator: g(collected), denominator: String(daysInMonth(m) * population), formula: 'Σ netKg of VALID IN tickets with originStreet ÷ days ÷ 常住人口 (persons, econ district)' },
      // ZW12 生活垃圾回收利用率 = (可回收物 + 易腐垃圾回收利用量) ÷ 生活垃圾产生量; 产生量 = 清运量 + 可回收物 recovered outside the trucks.
      { code: 'ZW12', name: '生活垃圾回收利用率', unit: 'ratio', value: ratio(recyclablesStream + recyclablesTicketed + perishables, collected + recyclablesStream), numerator: g(recyclablesStream + recyclablesTicketed + perishables), denominator: g(collected + recyclablesStream), formula: '(Σ recyclables weightKg + Σ RECYCLABLE IN at SORTING_CENTER + Σ KITCHEN/FOOD_SERVICE IN at FOOD_WASTE_PLANT) ÷ (Σ IN with originStreet + Σ recyclables weightKg)' },
      // ZW20 生活垃圾填埋量 (t).
      { code: 'ZW20', name: '生活垃圾填埋量', unit: 't', value: tonnesText(landfilled), numerator: g(landfilled), denominator: '1', formula: 'Σ netKg of VALID IN tickets at LANDFILL facilities' },
      // ZW07 分类收运覆盖率 = 开展分类收运的社区 ÷ 社区总数; ZW21 有害垃圾体系覆盖率 likewise.
      { code: 'ZW07', name: '生活垃圾分类收运系统覆盖率', unit: 'ratio', value: ratio(communities.filter((c) => c.sortedCollection).length, communities.length), numerator: String(communities.filter((c) => c.sortedCollection).length), denominator: String(communities.length), formula: 'communities with sortedCollection ÷ communities' },
      { code: 'ZW21', name: '有害垃圾收集处置体系覆盖率', unit: 'ratio', value: ratio(communities.filter((c) => c.hazardousCollection).length, communities.length), numerator: String(communities.filter((c) => c.hazardousCollection).length), denominator: String(communities.length), formula: 'communities with hazardousCollection ÷ communities' },
      // ZW11 建筑垃圾资源化利用率 = 资源化利用量 ÷ 产生量; 产生量 = hauled (site exit), 利用量 = received at recycling plants.
      { code: 'ZW11', name: '建筑垃圾综合利用率', unit: 'ratio', value: ratio(entryByFacilityType.get('RECYCLING_PLANT') ?? 0, cdwHauled), numerator: g(entryByFacilityType.get('RECYCLING_PLANT') ?? 0), denominator: g(cdwHauled), formula: 'Σ entryWeightT of non-voided waybills exiting in the month at RECYCLING_PLANT ÷ Σ exitWeightT of non-voided waybills exiting in the month' },
      // ZW19 建筑垃圾消纳量 (t) = received at disposal sites (消纳场).
      { code: 'ZW19', name: '建筑垃圾消纳量', unit: 't', value: tonnesText(entryByFacilityType.get('DISPOSAL_SITE') ?? 0), numerator: g(entryByFacilityType.get('DISPOSAL_SITE') ?? 0), denominator: '1', formula: 'Σ entryWeightT of non-voided waybills exiting in the month at DISPOSAL_SITE' },
      // ZW16 医疗废物收集处置体系覆盖率 = 有处置单位接收记录的机构 ÷ 登记机构总数.
      { code: 'ZW16', name: '医疗废物收集处置体系覆盖率', unit: 'ratio', value: ratio(registered.filter((i) => covered.has(i.uscc)).length, registered.length), numerator: String(registered.filter((i) => covered.has(i.uscc)).length), denominator: String(registered.length), formula: 'institutions.csv rows whose USCC has a receipt in the month ÷ institutions.csv rows' },
      // ZW14 医疗卫生机构可回收物资源回收率 = 回收量 ÷ 产生量.
      { code: 'ZW14', name: '医疗卫生机构可回收物资源回收率', unit: 'ratio', value: ratio(medRecRecovered, medRecGenerated), numerator: g(medRecRecovered), denominator: g(medRecGenerated), formula: 'Σ 回收量(kg) ÷ Σ 产生量(kg) (valid rows)' },
    ];
  }

  const counts: Record<SourceId, Record<string, StreamCount>> = {
    industrial: restCounts(ctx, 'industrial', parts.industrial.streams),
    construction: restCounts(ctx, 'construction', parts.construction.streams),
    household: restCounts(ctx, 'household', parts.household.streams),
    medical: fileRowCounts(ctx, 'medical', parts.medical.files, (p) => p.split('/')[0]?.replace('.csv', '') ?? p),
    taxstat: fileRowCounts(ctx, 'taxstat', parts.taxstat.files, (p) => p.split('/')[0] ?? p),
  };

  return {
    scenario: { seed: ctx.options.seed, startMonth: ctx.options.startMonth, months: ctx.options.months, size: ctx.options.size, horizon: cstIso(H) },
    rules: RULE_DEFINITIONS,
    discrepancies: ctx.truth.discrepancies,
    nearMisses: ctx.truth.nearMisses,
    malformed: ctx.truth.malformed,
    counts,
    totals,
    indicators,
  };
}

function prefixed(prefix: string, map: Map<string, number>): Record<string, Mass> {
  const out: Record<string, Mass> = {};
  for (const [k, v] of Object.entries(massMap(map))) out[prefix + k] = v;
  return out;
}
