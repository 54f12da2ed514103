/**
 * An independent implementation of the DESIGN §5 rules over a bundle, with the definitions the ground
 * truth states. Tests compare its findings with the ground truth both ways (recall and precision).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERAL_CATALOGUE } from '../../../sandbox/scenario/reference';
import { readIndex, readJsonl, readTableFile, type JsonObject } from './bundleReader';

export interface Finding {
  rule: string;
  subject: Record<string, string>;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function usccValid(code: string): boolean {
  if (code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(code.charAt(i));
    if (v < 0) return false;
    sum += v * (WEIGHTS[i] as number);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31) === code.charAt(17);
}

/** Exact decimal → integer units (grams for t with 6 places, or 10 g for kg). */
/** A ledger row's weight in units of 10 g, whichever unit its weight column is named with (kg, 公斤, 千克, 吨/t, 克). */
function ledgerCentiKg(row: Record<string, unknown>): number {
  const header = Object.keys(row).find((h) => h.startsWith('重量'));
  if (header === undefined) throw new Error('ledger without a weight column');
  const unit = header.normalize('NFKC').replace(/^重量/, '').replace(/[()\s]/g, '').toLowerCase();
  if (unit === 'kg' || unit === '公斤' || unit === '千克') return units(row[header], 2);
  if (unit === 't' || unit === '吨') return units(row[header], 5);
  if (unit === 'g' || unit === '克') return units(row[header], 0) / 10;
  throw new Error(`unknown weight unit in ${header}`);
}

function units(value: unknown, decimals: number): number {
  const text = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const n = Number(m[2]) * 10 ** decimals + Number((m[3] ?? '').padEnd(decimals, '0').slice(0, decimals) || '0');
  return m[1] === '-' ? -n : n;
}
const grams = (t: unknown) => units(t, 6);

const normaliseName = (n: string) => n.normalize('NFKC').replace(/\s+/g, '').replace(/有限责任公司$/, '有限公司');
const canonicalPlate = (p: string) => p.replace(/\s+/g, '').toUpperCase();
const ms = (iso: string) => Date.parse(iso.includes('T') ? iso : `${iso.replace(' ', 'T')}+08:00`);
const ym = (yyyymm: string) => `${yyyymm.slice(0, 4)}-${yyyymm.slice(4, 6)}`;
const quarter = (month: string) => `${month.slice(0, 4)}Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
const shiftMonth = (month: string, by: number) => {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};
const gap = (a: number, b: number, pct: number) => Math.abs(a - b) * 100 > pct * b;

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

export async function runOracle(dir: string, malformedKeys: Set<string>, horizon: number): Promise<Finding[]> {
  const findings: Finding[] = [];
  const flag = (rule: string, subject: Record<string, string>) => findings.push({ rule, subject });
  const valid = (source: string, stream: string, key: (r: JsonObject) => string) => (rows: JsonObject[]) => rows.filter((r) => !malformedKeys.has(`${source}/${stream}/${key(r)}`));

  // ---- industrial
  const enterprises = await readJsonl(dir, 'industrial', 'enterprises');
  const gl = valid('industrial', 'general-ledgers', (r) => String(r.id))(await readJsonl(dir, 'industrial', 'general-ledgers'));
  const hl = await readJsonl(dir, 'industrial', 'hw-ledgers');
  const manifests = valid('industrial', 'hw-manifests', (r) => String(r.ldbh))(await readJsonl(dir, 'industrial', 'hw-manifests')).filter((m) => m.zt !== '90');
  const entByUscc = new Map(enterprises.map((e) => [String(e.tyshxydm), e]));
  for (const m of manifests) {
    if ((m.zt === '30' || m.zt === '40') && gap(grams(m.jsl), grams(m.ycl), 5)) flag('HW-QTY', { manifestNo: String(m.ldbh) });
    if ((m.zt === '10' || m.zt === '20') && typeof m.ycsj === 'string' && horizon - ms(m.ycsj) > 5 * 86_400_000) flag('HW-LATE', { manifestNo: String(m.ldbh) });
    const receiver = entByUscc.get(String(m.jsdw));
    const licensed = String(receiver?.hzlb ?? '').split(',');
    if (!licensed.includes(String(m.fwlb))) flag('HW-LICENCE', { manifestNo: String(m.ldbh) });
    const code = String(m.fwdm);
    if (!/^\d{3}-?\d{3}-?\d{2}$/.test(code) || `HW${code.slice(-2)}` !== m.fwlb) flag('HW-CODE', { source: 'industrial', stream: 'hw-manifests', id: String(m.ldbh) });
    if (typeof m.jssj === 'string' && typeof m.ycsj === 'string' && ms(m.jssj) < ms(m.ycsj)) flag('DATA-QUALITY', { stream: 'hw-manifests', id: String(m.ldbh), field: 'jssj' });
  }
  for (const r of hl) {
    const code = String(r.fwdm);
    if (!/^\d{3}-\d{3}-\d{2}$/.test(code) || `HW${code.slice(-2)}` !== r.fwlb) flag('HW-CODE', { source: 'industrial', stream: 'hw-ledgers', id: String(r.id) });
  }
  const shipped = new Map<string, number>();
  for (const m of manifests) if (typeof m.ycsj === 'string') {
    const digits = String(m.fwdm).replace(/-/g, '');
    const key = `${String(m.ycdw)}|${m.ycsj.slice(0, 7)}|${/^\d{8}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}` : String(m.fwdm)}`;
    shipped.set(key, (shipped.get(key) ?? 0) + grams(m.ycl));
  }
  const ledgerKeys = new Set<string>();
  for (const r of hl) {
    const key = `${String(r.tyshxydm)}|${ym(String(r.ny))}|${String(r.fwdm)}`;
    ledgerKeys.add(key);
    const s = shipped.get(key) ?? 0;
    const w = grams(r.wtzyl);
    if ((s === 0 && w > 0) || (s > 0 && gap(w, s, 5))) flag('HW-LEDGER', { uscc: String(r.tyshxydm), month: ym(String(r.ny)), code: String(r.fwdm) });
  }
  // manifests of a waste the month's ledger does not list; no HW ledger at all that month is unknown (COMPLETENESS's)
  const hwFiled = new Set(hl.map((r) => `${String(r.tyshxydm)}|${ym(String(r.ny))}`));
  for (const key of shipped.keys()) if (!ledgerKeys.has(key)) { const [uscc = '', month = '', code = ''] = key.split('|'); if (hwFiled.has(`${uscc}|${month}`)) flag('HW-LEDGER', { uscc, month, code }); }
  const glSorted = [...gl].sort((a, b) => String(a.ny).localeCompare(String(b.ny)));
  // a row without fwdm: the catalogue code its fwmc names, else last month's coded row of that name, else the name
  const nameKey = (n: string) => n.normalize('NFKC').replace(/[\s()[\]【】]/g, '').toLowerCase();
  const catalogueByName = new Map(GENERAL_CATALOGUE.filter((e) => e.name !== '' && e.code !== '99-14-01' && e.code !== '99-06-04' && e.code !== '99-06-05').map((e) => [nameKey(e.name), e.code]));
  const codedNames = new Map<string, string>();
  for (const r of gl) if (r.fwdm && r.fwmc) codedNames.set(`${String(r.tyshxydm)}|${ym(String(r.ny))}|${nameKey(String(r.fwmc))}`, String(r.fwdm));
  const wasteKey = (r: JsonObject): string => {
    if (r.fwdm) return String(r.fwdm);
    const name = nameKey(String(r.fwmc));
    const month = ym(String(r.ny));
    return catalogueByName.get(name) ?? codedNames.get(`${String(r.tyshxydm)}|${month}|${name}`) ?? codedNames.get(`${String(r.tyshxydm)}|${shiftMonth(month, -1)}|${name}`) ?? `name:${name}`;
  };
  // closing stock per chain and the month it closed: only the previous month's is an opening stock
  const stock = new Map<string, { month: string; grams: number }>();
  for (const r of glSorted) {
    const code = wasteKey(r);
    // unresolved in the row's own month (this month's and last month's coded rows) → DATA-QUALITY
    if (code.startsWith('name:')) flag('DATA-QUALITY', { stream: 'general-ledgers', id: String(r.id), field: 'fwmc' });
    // keyed for the balance: a name row followed next month by the coded row of that name joins the code's chain
    const key = `${String(r.tyshxydm)}|${code}`;
    const month = ym(String(r.ny));
    const last = stock.get(key);
    const opening = last && last.month === shiftMonth(month, -1) ? last.grams : undefined;
    const lhs = (opening ?? 0) + grams(r.csl);
    const rhs = grams(r.zxlyl) + grams(r.wtlyl) + grams(r.zxczl) + grams(r.wtczl) + grams(r.qmzcl);
    const nextCode = code.startsWith('name:') ? codedNames.get(`${String(r.tyshxydm)}|${shiftMonth(month, 1)}|${code.slice(5)}`) : undefined;
    stock.set(nextCode ? `${String(r.tyshxydm)}|${nextCode}` : key, { month, grams: grams(r.qmzcl) });
    // the first month of a chain has an unknown opening stock: never an imbalance
    if (opening !== undefined && (Math.abs(lhs - rhs) * 100 > 2 * lhs || (lhs === 0 && rhs !== 0))) flag('GIS-BALANCE', { uscc: String(r.tyshxydm), month, code });
  }

  // ---- taxstat
  const taxIndex = await readIndex(dir, 'taxstat');
  const platformByQuarter = new Map<string, { generated: number; disposed: number }>();
  // months each USCC filed each ledger kind, and the months anyone did: a USCC missing a month others
  // filed has an unknown period total (COMPLETENESS's), never a TAX-PLATFORM or STAT-PLATFORM gap
  const filedMonths = new Map<string, Set<string>>();
  const fileMonth = (key: string, month: string) => filedMonths.set(key, (filedMonths.get(key) ?? new Set()).add(month));
  for (const r of gl) { fileMonth(`GENERAL|${String(r.tyshxydm)}`, ym(String(r.ny))); fileMonth('GENERAL|*', ym(String(r.ny))); }
  for (const r of hl) { fileMonth(`HW|${String(r.tyshxydm)}`, ym(String(r.ny))); fileMonth('HW|*', ym(String(r.ny))); }
  const incomplete = (kind: string, uscc: string, inPeriod: (month: string) => boolean) => {
    const own = filedMonths.get(`${kind}|${uscc}`);
    return own !== undefined && [...(filedMonths.get(`${kind}|*`) ?? [])].some((m) => inPeriod(m) && !own.has(m));
  };
  const platformGeneralByYear = new Map<string, number>();
  const platformHwByYear = new Map<string, number>();
  for (const r of gl) {
    const month = ym(String(r.ny));
    const q = `${String(r.tyshxydm)}|${quarter(month)}|GENERAL`;
    const pq = platformByQuarter.get(q) ?? { generated: 0, disposed: 0 };
    platformByQuarter.set(q, { generated: pq.generated + grams(r.csl), disposed: pq.disposed + grams(r.zxczl) + grams(r.wtczl) });
    const y = `${String(r.tyshxydm)}|${month.slice(0, 4)}`;
    platformGeneralByYear.set(y, (platformGeneralByYear.get(y) ?? 0) + grams(r.csl));
  }
  const hwGenerators = new Map<string, number>();
  for (const r of hl) {
    const month = ym(String(r.ny));
    const q = `${String(r.tyshxydm)}|${quarter(month)}|HW`;
    const pq = platformByQuarter.get(q) ?? { generated: 0, disposed: 0 };
    platformByQuarter.set(q, { generated: pq.generated + grams(r.csl), disposed: 0 });
    const y = `${String(r.tyshxydm)}|${month.slice(0, 4)}`;
    platformHwByYear.set(y, (platformHwByYear.get(y) ?? 0) + grams(r.csl));
    hwGenerators.set(String(r.tyshxydm), (hwGenerators.get(String(r.tyshxydm)) ?? 0) + grams(r.csl));
  }
  const namesByUscc = new Map<string, Set<string>>();
  const addName = (uscc: string, name: string) => { if (!namesByUscc.has(uscc)) namesByUscc.set(uscc, new Set()); namesByUscc.get(uscc)?.add(normaliseName(name)); };
  for (const e of enterprises) addName(String(e.tyshxydm), String(e.qymc));
  for (const m of manifests) addName(String(m.ycdw), String(m.ycdwmc));
  for (const r of gl) addName(String(r.tyshxydm), String(r.qymc));
  const hwDeclarants = new Set<string>();
  for (const entry of taxIndex.filter((e) => e.path.startsWith('envtax/'))) {
    const rows = (await readTableFile(join(dir, 'taxstat'), entry.path, '纳税人识别号')).filter((r) => r['污染物类别'] === '固体废物');
    const q = entry.period ?? entry.path.slice(7, 13);
    // per declared kind (危险废物 vs the general lines) and per measure: 产生量, and 处置量 for general waste
    const declared = new Map<string, { generated: number; disposed: number }>();
    for (const r of rows) {
      const uscc = r['纳税人识别号'] as string;
      addName(uscc, r['纳税人名称'] as string);
      const kind = r['固体废物名称'] === '危险废物' ? 'HW' : 'GENERAL';
      const d = declared.get(`${uscc}|${kind}`) ?? { generated: 0, disposed: 0 };
      d.generated += grams(r['产生量(吨)']);
      d.disposed += grams(r['处置量(吨)']);
      if (String(r['贮存量(吨)']).startsWith('-')) flag('DATA-QUALITY', { stream: 'envtax', id: [uscc, r['税款所属期起'], r['税款所属期止'], r['固体废物名称']].join('|'), field: '贮存量(吨)' });
      declared.set(`${uscc}|${kind}`, d);
      if (kind === 'HW') hwDeclarants.add(uscc);
    }
    for (const [key, d] of declared) {
      const [uscc = '', kind = ''] = key.split('|');
      const p = platformByQuarter.get(`${uscc}|${q}|${kind}`);
      if (!entByUscc.has(uscc) || p === undefined || incomplete(kind, uscc, (m) => quarter(m) === q)) continue;
      if (gap(d.generated, p.generated, 10) || (kind === 'GENERAL' && gap(d.disposed, p.disposed, 10))) flag('TAX-PLATFORM', { uscc, quarter: q, kind });
    }
  }
  for (const uscc of hwGenerators.keys()) if (!hwDeclarants.has(uscc)) flag('COVERAGE', { uscc });
  for (const uscc of hwDeclarants) if (!String(entByUscc.get(uscc)?.qylx ?? '').includes('CSDW')) flag('COVERAGE', { uscc });
  for (const entry of taxIndex.filter((e) => e.path.startsWith('envstat/'))) {
    const xml = await readFile(join(dir, 'taxstat', entry.path), 'utf8');
    const year = entry.period ?? entry.path.slice(8, 12);
    for (const block of xml.split('<Enterprise ').slice(1)) {
      const uscc = /uscc="([^"]+)"/.exec(block)?.[1] ?? '';
      addName(uscc, /name="([^"]+)"/.exec(block)?.[1] ?? '');
      const general = [...block.matchAll(/<GeneralSolidWaste [^>]*generated="([^"]+)"/g)].reduce((s, m) => s + grams(m[1]), 0);
      const hw = [...block.matchAll(/<HazardousWaste generated="([^"]+)"/g)].reduce((s, m) => s + grams(m[1]), 0);
      const pg = platformGeneralByYear.get(`${uscc}|${year}`) ?? 0;
      const ph = platformHwByYear.get(`${uscc}|${year}`) ?? 0;
      const inYear = (m: string) => m.startsWith(year);
      if ((!incomplete('GENERAL', uscc, inYear) && gap(general, pg, 10)) || (!incomplete('HW', uscc, inYear) && gap(hw, ph, 10))) flag('STAT-PLATFORM', { uscc, year });
    }
  }

  // ---- completeness: a monthly ledger kind's month after the USCC's first filing of it, due (15th of the
  // following month, 24:00 CST) by the horizon, without a row of it
  for (const [kind, label] of [['GENERAL', 'GENERAL_LEDGER'], ['HW', 'HW_LEDGER']] as const) {
    const months = [...(filedMonths.get(`${kind}|*`) ?? [])].sort();
    for (const [key, own] of filedMonths) {
      const [k, uscc = ''] = key.split('|');
      if (k !== kind || uscc === '*') continue;
      const first = [...own].sort()[0] ?? '';
      for (const month of months) {
        const next = shiftMonth(month, 1);
        const due = Date.parse(`${next}-16T00:00:00+08:00`);
        if (month > first && !own.has(month) && due <= horizon) flag('COMPLETENESS', { uscc, kind: label, month });
      }
    }
  }

  // ---- construction
  const projects = new Map((await readJsonl(dir, 'construction', 'projects')).map((p) => [String(p.projectCode), p]));
  const facilities = new Map((await readJsonl(dir, 'construction', 'facilities')).map((f) => [String(f.facilityCode), f]));
  const vehicles = new Map((await readJsonl(dir, 'construction', 'vehicles')).map((v) => [String(v.plateNo), v]));
  const waybills = valid('construction', 'waybills', (r) => String(r.waybillNo))(await readJsonl(dir, 'construction', 'waybills')).filter((w) => w.status !== 'VOIDED');
  const hauled = new Map<string, number>();
  const byPlate = new Map<string, JsonObject[]>();
  for (const w of waybills) {
    const no = String(w.waybillNo);
    hauled.set(String(w.projectCode), (hauled.get(String(w.projectCode)) ?? 0) + grams(w.exitWeightT));
    if (w.entryWeightT !== null && gap(grams(w.entryWeightT), grams(w.exitWeightT), 5)) flag('CDW-WEIGHT', { waybillNo: no });
    if (w.status === 'DEPARTED' && w.entryAt === null && horizon - ms(String(w.exitAt)) > 86_400_000) flag('CDW-OPEN', { waybillNo: no });
    if (w.entryAt !== null) {
      const p = projects.get(String(w.projectCode)) as JsonObject;
      const f = facilities.get(String(w.facilityCode)) as JsonObject;
      const km = haversineKm(Number(p.lat), Number(p.lon), Number(f.lat), Number(f.lon));
      const hours = (ms(String(w.entryAt)) - ms(String(w.exitAt))) / 3_600_000;
      // no coordinates stated: unknown, no flag
      if (p.lat !== null && p.lon !== null && (hours <= 0 || km / hours > 60)) flag('CDW-SPEED', { waybillNo: no });
    }
    const plate = canonicalPlate(String(w.plateNo));
    byPlate.set(plate, [...(byPlate.get(plate) ?? []), w]);
  }
  for (const [plate, trips] of byPlate) {
    const v = vehicles.get(plate);
    let bad = !v;
    if (v) {
      for (const w of trips) {
        if (String(w.exitAt).slice(0, 10) > String(v.permitValidTo)) bad = true;
        if (grams(w.exitWeightT) > grams(v.ratedLoadT)) bad = true;
        if (w.haulerUscc !== v.haulerUscc) bad = true;
      }
    }
    // two trips at once: both arrived and intersecting; an open one leaving during an arrived one; or two
    // open ones both left within 24 h of the horizon (a never-closed trip alone is not an overlap)
    const spans = trips.map((w) => ({ start: ms(String(w.exitAt)), end: w.entryAt === null ? null : ms(String(w.entryAt)) }));
    const recentOpen = (t: { start: number; end: number | null }) => t.end === null && horizon - t.start <= 86_400_000;
    for (const a of spans) {
      for (const b of spans) {
        if (a === b) continue;
        if (a.end !== null && b.end !== null && a.start < b.end && b.start < a.end) bad = true;
        if (a.end === null && b.end !== null && b.start <= a.start && a.start < b.end) bad = true;
        if (recentOpen(a) && recentOpen(b)) bad = true;
      }
    }
    if (bad) flag('CDW-VEHICLE', { plateNo: plate });
  }
  for (const [code, p] of projects) if ((hauled.get(code) ?? 0) > grams(p.approvedTonnes)) flag('CDW-PROJECT', { projectCode: code });

  // ---- household
  const hhFacilities = new Map((await readJsonl(dir, 'household', 'facilities')).map((f) => [String(f.facilityId), String(f.type)]));
  const tickets = valid('household', 'weigh-tickets', (r) => String(r.ticketNo))(await readJsonl(dir, 'household', 'weigh-tickets')).filter((t) => t.status === 'VALID');
  const accepted: Record<string, string[]> = { INCINERATOR: ['OTHER', 'BULKY'], FOOD_WASTE_PLANT: ['KITCHEN', 'FOOD_SERVICE'], LANDFILL: ['OTHER'], SORTING_CENTER: ['RECYCLABLE', 'BULKY'], HAZARDOUS_COLLECTION: ['HAZARDOUS'] };
  const inbound = new Map<string, JsonObject[]>();
  for (const t of tickets) {
    if (Number(t.netKg) !== Number(t.grossKg) - Number(t.tareKg)) flag('HH-NET', { ticketNo: String(t.ticketNo) });
    const type = hhFacilities.get(String(t.facilityId)) ?? '';
    if (t.direction === 'IN' && type !== 'TRANSFER_STATION' && !(accepted[type] ?? []).includes(String(t.category))) flag('HH-CATEGORY', { ticketNo: String(t.ticketNo) });
    if (t.direction === 'IN') {
      const key = `${String(t.facilityId)}|${canonicalPlate(String(t.plateNo))}`;
      inbound.set(key, [...(inbound.get(key) ?? []), t]);
    }
  }
  // the weighbridge's reading: gross − tare when both are stated, else the stated net
  const weighedKg = (t: JsonObject) => (t.grossKg !== null && t.grossKg !== undefined && t.tareKg !== null && t.tareKg !== undefined ? Number(t.grossKg) - Number(t.tareKg) : Number(t.netKg));
  // OUTs in time order; each IN serves one OUT, weighed within 4 h and before the plate's next OUT; a
  // same-category IN first, then (for the OUTs left) one under another category
  const outs = tickets.filter((t) => t.direction === 'OUT').sort((a, b) => ms(String(a.weighedAt)) - ms(String(b.weighedAt)));
  const taken = new Set<JsonObject>();
  const outTimesByPlate = new Map<string, number[]>();
  for (const o of outs) outTimesByPlate.set(canonicalPlate(String(o.plateNo)), [...(outTimesByPlate.get(canonicalPlate(String(o.plateNo))) ?? []), ms(String(o.weighedAt))]);
  const chainOuts = outs.filter((t) => hhFacilities.get(String(t.facilityId)) === 'TRANSFER_STATION');
  const matchOf = new Map<JsonObject, JsonObject>();
  for (const sameCategory of [true, false]) {
    for (const t of chainOuts) {
      if (matchOf.has(t)) continue;
      const at = ms(String(t.weighedAt));
      const plate = canonicalPlate(String(t.plateNo));
      const nextOut = (outTimesByPlate.get(plate) ?? []).find((x) => x > at) ?? Infinity;
      const candidates = (inbound.get(`${String(t.destinationFacilityId)}|${plate}`) ?? [])
        .filter((i) => !taken.has(i) && (i.category === t.category) === sameCategory && ms(String(i.weighedAt)) >= at && ms(String(i.weighedAt)) <= at + 4 * 3_600_000 && ms(String(i.weighedAt)) < nextOut)
        .sort((a, b) => ms(String(a.weighedAt)) - ms(String(b.weighedAt)));
      const match = candidates[0];
      if (match) {
        taken.add(match);
        matchOf.set(t, match);
      }
    }
  }
  for (const t of chainOuts) {
    const match = matchOf.get(t);
    // a relabel to a category its facility type does not take is HH-CATEGORY's (a type with no stated intake takes it)
    const intake = match === undefined ? undefined : accepted[hhFacilities.get(String(match.facilityId)) ?? ''];
    const relabelAccepted = match !== undefined && match.category !== t.category && (intake === undefined || intake.includes(String(match.category)));
    if (!match || gap(weighedKg(match), weighedKg(t), 3) || relabelAccepted) flag('HH-CHAIN', { ticketNo: String(t.ticketNo), plateNo: String(t.plateNo), category: String(t.category) });
  }

  // ---- medical
  const medIndex = await readIndex(dir, 'medical');
  const institutions = await readTableFile(join(dir, 'medical'), 'institutions.csv', '统一社会信用代码');
  for (const i of institutions) addName(i['统一社会信用代码'] as string, i['机构名称'] as string);
  const ledgerByManifest = new Map<string, number>();
  const receiptByManifest = new Map<string, number>();
  const ledgerByManifestCategory = new Map<string, number>();
  const receiptByManifestCategory = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  const receiptInstitutions = new Set<string>();
  const categories = ['感染性', '损伤性', '病理性', '药物性', '化学性'];
  const ledgerFiles: { uscc: string; month: string; rows: JsonObject[] }[] = [];
  for (const entry of medIndex) {
    if (entry.path.startsWith('ledgers/')) {
      const uscc = entry.path.split('/')[1] as string;
      const rows = (await readTableFile(join(dir, 'medical'), entry.path, '转移联单号')).filter((r, i) => !malformedKeys.has(`medical/ledgers/${entry.path}#${i + 1}`));
      for (const r of rows) {
        if (!categories.includes(r['废物类别'] as string)) throw new Error(`unexpected category in ${entry.path}`);
        const no = r['转移联单号'] as string;
        ledgerByManifest.set(no, (ledgerByManifest.get(no) ?? 0) + ledgerCentiKg(r));
        ledgerByManifestCategory.set(`${no}|${r['废物类别'] as string}`, (ledgerByManifestCategory.get(`${no}|${r['废物类别'] as string}`) ?? 0) + ledgerCentiKg(r));
      }
      ledgerFiles.push({ uscc, month: /(\d{4}-\d{2})\.(csv|xlsx)$/.exec(entry.path)?.[1] ?? '', rows });
    } else if (entry.path.startsWith('receipts/')) {
      for (const r of await readTableFile(join(dir, 'medical'), entry.path, '转移联单号')) {
        const no = r['转移联单号'] as string;
        receiptByManifest.set(no, (receiptByManifest.get(no) ?? 0) + units(r['重量(kg)'], 2));
        receiptByManifestCategory.set(`${no}|${r['废物类别'] as string}`, (receiptByManifestCategory.get(`${no}|${r['废物类别'] as string}`) ?? 0) + units(r['重量(kg)'], 2));
        receivedAt.set(no, Math.min(receivedAt.get(no) ?? Infinity, ms(r['接收时间'] as string)));
        receiptInstitutions.add(r['医疗机构统一社会信用代码'] as string);
      }
    }
  }
  for (const { uscc, month, rows } of ledgerFiles) {
    const handovers = new Set<number>();
    // a manifest whose 交接时间 is blank: it may have been handed over from its latest row's day to its receipt
    const uncertain: { from: number; to: number }[] = [];
    let breach = false;
    for (const r of rows) {
      const day = ms(`${r['日期'] as string} 00:00:00`);
      if (!r['交接时间']) {
        uncertain.push({ from: day, to: receivedAt.get(r['转移联单号'] as string) ?? Infinity });
        continue;
      }
      const handover = ms(r['交接时间'] as string);
      handovers.add(handover);
      if (handover - day > 48 * 3_600_000) breach = true;
    }
    const times = [...handovers].sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) {
      const from = times[i - 1] as number;
      const to = times[i] as number;
      if (to - from > 48 * 3_600_000 && !uncertain.some((u) => u.from < to && u.to > from)) breach = true;
    }
    if (breach) flag('MED-48H', { uscc, month });
  }
  for (const [no, ledger] of ledgerByManifest) {
    const receipt = receiptByManifest.get(no);
    // a category moved by more than 5 % of the ledger total
    const categoryMoved = categories.some((c) => Math.abs((receiptByManifestCategory.get(`${no}|${c}`) ?? 0) - (ledgerByManifestCategory.get(`${no}|${c}`) ?? 0)) * 100 > 5 * ledger);
    if (receipt === undefined || gap(receipt, ledger, 5) || categoryMoved) flag('MED-QTY', { manifestNo: no });
  }
  for (const no of receiptByManifest.keys()) if (!ledgerByManifest.has(no)) flag('MED-QTY', { manifestNo: no });
  for (const i of institutions) if (!receiptInstitutions.has(i['统一社会信用代码'] as string)) flag('COVERAGE', { uscc: i['统一社会信用代码'] as string });

  // ---- identities
  const allCodes = new Set<string>([...namesByUscc.keys(), ...waybills.map((w) => String(w.haulerUscc)), ...[...vehicles.values()].map((v) => String(v.haulerUscc)), ...[...projects.values()].map((p) => String(p.builderUscc))]);
  for (const code of allCodes) {
    if (!usccValid(code) || (namesByUscc.get(code)?.size ?? 0) > 1) flag('ID-USCC', { uscc: code });
  }

  // ---- completeness, delayed filings (LATE for a hub syncing before the due day): first published after
  // the due day (no sandbox filing is corrected after its due day, so the latest time published tells)
  const cstMs = (text: string) => Date.parse(text);
  const monthDue = (month: string) => Date.parse(`${shiftMonth(month, 1)}-16T00:00:00+08:00`);
  for (const [rows, label] of [[gl, 'GENERAL_LEDGER'], [hl, 'HW_LEDGER']] as const) {
    const earliest = new Map<string, number>();
    for (const r of rows) {
      const key = `${String(r.tyshxydm)}|${ym(String(r.ny))}`;
      earliest.set(key, Math.min(earliest.get(key) ?? Infinity, cstMs(String(r.updatedAt))));
    }
    for (const [key, at] of earliest) {
      const [uscc = '', month = ''] = key.split('|');
      if (at >= monthDue(month)) flag('COMPLETENESS', { uscc, kind: label, month });
    }
  }
  for (const entry of medIndex as { path: string; modifiedAt?: string }[]) {
    const match = /^(ledgers|receipts)\/([^/]+)\/(\d{4}-\d{2})\./.exec(entry.path);
    if (match && entry.modifiedAt && cstMs(entry.modifiedAt) >= monthDue(match[3]!)) flag('COMPLETENESS', { uscc: match[2]!, kind: match[1] === 'ledgers' ? 'MEDICAL_LEDGER' : 'MEDICAL_RECEIPTS', month: match[3]! });
  }
  const ticketDays = new Map<string, number>();
  for (const t of valid('household', 'weigh-tickets', (r) => String(r.ticketNo))(await readJsonl(dir, 'household', 'weigh-tickets'))) {
    if (!['TRANSFER_STATION', 'INCINERATOR', 'FOOD_WASTE_PLANT'].includes(hhFacilities.get(String(t.facilityId)) ?? '')) continue;
    const day = new Date(cstMs(String(t.weighedAt)) + 8 * 3_600_000).toISOString().slice(0, 10);
    const key = `${String(t.facilityId)}|${day}`;
    ticketDays.set(key, Math.min(ticketDays.get(key) ?? Infinity, cstMs(String(t.updatedAt))));
  }
  for (const [key, at] of ticketDays) {
    const [facilityId = '', day = ''] = key.split('|');
    // due by the end of the following day, 24:00 CST
    if (at >= Date.parse(`${day}T00:00:00+08:00`) + 2 * 86_400_000) flag('COMPLETENESS', { facilityId, kind: 'WEIGH_TICKETS', day });
  }
  return findings;
}

export function findingKey(f: { rule: string; subject: Record<string, string> }): string {
  return `${f.rule} ${JSON.stringify(Object.fromEntries(Object.entries(f.subject).sort(([a], [b]) => (a < b ? -1 : 1))))}`;
}
