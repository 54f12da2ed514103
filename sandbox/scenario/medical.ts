/**
 * Medical-waste ledgers and disposer receipts (sources/medical.md): an institution registry, one ledger
 * file per institution-month (CSV or XLSX, assorted encodings), one receipts file per disposer-month and
 * a monthly recyclables file. MED-QTY, MED-48H, COVERAGE (registered, never collected) and an invalid
 * institution USCC (ID-USCC) are injected; a few ledgers are re-uploaded with corrections.
 */
import { cstDate, cstLocal, cstMidnight, DAY_MS, daysInMonth, HOUR_MS, monthKey, toMinute, type MonthRef } from './clock';
import type { ScenarioContext } from './context';
import { kgText, roundGrams } from './mass';
import type { Rng } from './prng';
import type { MedicalCategory } from './reference';
import type { FileEncoding, PublishedFile, Table, TableFileLayout } from './types';
import { corruptUsccCheck } from './uscc';

/** Medical weights are stated in kg with 2 decimals: 10 g. */
export const MEDICAL_STEP_G = 10;

/** The ledger's weight column as hospital systems write it: the spec's 重量(kg), or renamed with a unit. */
const WEIGHT_COLUMNS: readonly { header: string; gramsPerUnit: 1 | 1000 | 1_000_000 }[] = [
  { header: '重量(kg)', gramsPerUnit: 1000 },
  { header: '重量（kg）', gramsPerUnit: 1000 },
  { header: '重量(公斤)', gramsPerUnit: 1000 },
  { header: '重量(吨)', gramsPerUnit: 1_000_000 },
  { header: '重量(t)', gramsPerUnit: 1_000_000 },
  { header: '重量(千克)', gramsPerUnit: 1000 },
  { header: '重量(克)', gramsPerUnit: 1 },
];

/** Exact decimal text of integer grams in a unit of `gramsPerUnit` grams (no floating point). */
function decimalIn(grams: number, gramsPerUnit: number): string {
  const whole = Math.floor(grams / gramsPerUnit);
  const rest = grams - whole * gramsPerUnit;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(String(gramsPerUnit).length - 1, '0').replace(/0+$/, '')}`;
}

const MINUTE_MS = 60_000;

export type InstitutionKind = '医院' | '社区卫生服务中心' | '门诊部' | '诊所' | '其他';

export interface Institution {
  uscc: string;
  name: string;
  licenceNo: string;
  kind: InstitutionKind;
  beds: number;
  street: string;
  collection: '直收' | '小箱进大箱';
  departments: string[];
  /** registered but never hands waste to the disposer (COVERAGE) */
  uncovered: boolean;
}

export interface LedgerRow {
  date: string;
  department: string;
  category: MedicalCategory;
  grams: number;
  packages: number;
  handoverAt: number;
  handoverBy: string;
  manifestNo: string;
  /** the ledger leaves 交接时间 and 交接人 blank for this row (the handover time is unknown) */
  handoverTimeBlank?: boolean;
}

export interface ReceiptRow {
  manifestNo: string;
  institutionUscc: string;
  receivedAt: number;
  category: MedicalCategory;
  grams: number;
  method: '焚烧' | '高温蒸汽' | '化学消毒';
}

export interface MedicalRecyclablesRow {
  uscc: string;
  month: string;
  category: string;
  generatedG: number;
  recoveredG: number;
  recycler: string;
}

export interface MedicalData {
  institutions: Institution[];
  disposerUscc: string;
  ledgers: { institution: Institution; month: MonthRef; rows: LedgerRow[] }[];
  receipts: ReceiptRow[];
  recyclables: MedicalRecyclablesRow[];
  files: PublishedFile[];
}

const HOSPITAL_DEPARTMENTS = ['内科', '外科', '妇产科', '儿科', '急诊科', '手术室', '检验科', '病理科', '药剂科', '口腔科', '眼科', '骨科', '放射科', '感染科'];

function categoriesFor(department: string, rng: Rng): MedicalCategory[] {
  const categories: MedicalCategory[] = ['感染性'];
  if (rng.chance(0.6) || department === '手术室' || department === '急诊科') categories.push('损伤性');
  if (department === '手术室' || department === '病理科' || department === '妇产科') categories.push('病理性');
  if (department === '药剂科') categories.push('药物性');
  if (department === '检验科' || department === '病理科') categories.push('化学性');
  return categories;
}

function method(category: MedicalCategory): ReceiptRow['method'] {
  return category === '感染性' || category === '损伤性' ? '高温蒸汽' : '焚烧';
}

export function generateMedical(ctx: ScenarioContext): MedicalData {
  const rng = ctx.rng.fork('medical');
  const truth = ctx.truth;
  const kinds: readonly (readonly [InstitutionKind, number])[] = [['医院', 0.15], ['社区卫生服务中心', 0.15], ['门诊部', 0.2], ['诊所', 0.45], ['其他', 0.05]];
  // at least three hospitals and two clinics at any size: the COVERAGE and ID-USCC injections need clinics
  const institutions: Institution[] = Array.from({ length: Math.max(5, ctx.scaled(40)) }, (_, i) => {
    const kind = i < 3 ? '医院' : i < 5 ? '诊所' : rng.weighted(kinds);
    const street = rng.pick(ctx.streets).name;
    const isPublic = kind === '医院' || kind === '社区卫生服务中心';
    const uscc = ctx.uscc.next(isPublic ? 'institution' : 'enterprise');
    const brand = ctx.namePrefix + rng.pick(['石景山', '京西', '八宝山', '鲁谷', '同仁', '东方', '康宁', '仁和', '德润', '华康']);
    const name = kind === '医院' ? `北京${brand}${rng.pick(['医院', '中医医院', '妇产医院', '口腔医院'])}`
      : kind === '社区卫生服务中心' ? `${street}${brand}社区卫生服务中心`
      : kind === '门诊部' ? `北京${brand}${rng.pick(['门诊部', '综合门诊部', '中医门诊部'])}`
      : kind === '诊所' ? `北京${brand}${rng.pick(['口腔', '中医', '医学美容', '内科'])}诊所${i}`
      : `${street}${brand}卫生室`;
    const departments = kind === '医院' ? rng.sample(HOSPITAL_DEPARTMENTS, rng.int(8, 14))
      : kind === '社区卫生服务中心' ? ['全科', '预防保健科', '检验科', '药剂科'].slice(0, rng.int(3, 4))
      : kind === '门诊部' ? ['门诊', '检验科'].slice(0, rng.int(1, 2))
      : ['门诊'];
    return {
      uscc, name: `${name}`, licenceNo: `PDY${String(rng.int(10000, 99999))}${ctx.divisionCode}17${String.fromCharCode(65 + rng.int(0, 5))}${rng.int(1001, 2999)}`,
      kind, beds: kind === '医院' ? rng.int(150, 1200) : kind === '社区卫生服务中心' ? rng.int(20, 60) : 0, street,
      collection: isPublic ? '直收' : '小箱进大箱', departments, uncovered: false,
    };
  });
  // Names must be unique for the registry to be realistic.
  const seenNames = new Set<string>();
  for (const inst of institutions) {
    while (seenNames.has(inst.name)) inst.name = `${inst.name}分部`;
    seenNames.add(inst.name);
  }
  const disposerUscc = ctx.uscc.next();

  // COVERAGE: a registered clinic whose waste never reaches the disposer (no ledger, no receipts).
  const clinics = institutions.filter((x) => x.kind === '诊所' || x.kind === '门诊部');
  for (const inst of rng.sample(clinics, ctx.injectionCount('COVERAGE', institutions.length))) {
    inst.uncovered = true;
    truth.add('COVERAGE', { uscc: inst.uscc }, { kind: 'MEDICAL_NO_RECEIPTS', source: 'medical', name: inst.name });
  }
  // ID-USCC: a clinic registered, filing and handing over under a code with a wrong check character.
  const badInstitution = rng.pick(clinics.filter((x) => !x.uncovered));
  badInstitution.uscc = corruptUsccCheck(badInstitution.uscc);
  truth.add('ID-USCC', { uscc: badInstitution.uscc }, { kind: 'INVALID_CHECK_CHARACTER', source: 'medical', name: badInstitution.name });

  const ledgers: MedicalData['ledgers'] = [];
  const receipts: ReceiptRow[] = [];
  let institutionIndex = 0;
  const late48hTargets = new Set(rng.sample(institutions.filter((x) => !x.uncovered), ctx.injectionCount('MED-48H', institutions.length * ctx.months.length)).map((x) => x.uscc));
  const nearMiss48h = new Set(rng.sample(institutions.filter((x) => !x.uncovered && !late48hTargets.has(x.uscc)), ctx.nearMissCount(late48hTargets.size)).map((x) => x.uscc));
  // A day whose ledger rows leave 交接时间 blank, between handovers more than 48 h apart: unknown, not a gap.
  const blankHandover = new Set(rng.sample(institutions.filter((x) => !x.uncovered && !late48hTargets.has(x.uscc) && !nearMiss48h.has(x.uscc)), ctx.nearMissCount(late48hTargets.size)).map((x) => x.uscc));
  for (const inst of institutions) {
    institutionIndex++;
    if (inst.uncovered) continue;
    const scaleG = inst.kind === '医院' ? inst.beds * 250 : inst.kind === '社区卫生服务中心' ? 6000 : inst.kind === '门诊部' ? 2500 : 900;
    for (const [monthIndex, month] of ctx.months.entries()) {
      const rows: LedgerRow[] = [];
      const days = daysInMonth(month);
      // The day range a delayed handover covers (MED-48H) or, for a near miss, a one-day delay.
      const breachDay = late48hTargets.has(inst.uscc) && monthIndex === 0 ? rng.int(3, days - 4) : null;
      const nearMissDay = nearMiss48h.has(inst.uscc) && monthIndex === 0 ? rng.int(3, days - 3) : null;
      const blankDay = blankHandover.has(inst.uscc) && monthIndex === 0 ? rng.int(3, days - 3) : null;
      const handovers = new Map<number, number>();
      for (let day = 1; day <= days; day++) {
        let handoverDay = day;
        if (breachDay !== null && day >= breachDay && day < breachDay + 3) handoverDay = breachDay + 3;
        if (nearMissDay !== null && day === nearMissDay) handoverDay = nearMissDay + 1;
        if (!handovers.has(handoverDay)) {
          // A near-miss delay keeps both sides of the gap under 48 h: early handover before, late one after.
          const minutes = nearMissDay !== null && handoverDay === nearMissDay - 1 ? rng.int(15 * 60, 16 * 60)
            : nearMissDay !== null && handoverDay === nearMissDay + 1 ? rng.int(8 * 60, 10 * 60)
            : rng.int(13 * 60, 16 * 60);
          handovers.set(handoverDay, toMinute(cstMidnight(month, handoverDay) + minutes * MINUTE_MS));
        }
      }
      if (blankDay !== null) {
        // the known handovers either side are more than 48 h apart
        handovers.set(blankDay - 1, toMinute(cstMidnight(month, blankDay - 1) + rng.int(13 * 60, 13 * 60 + 30) * MINUTE_MS));
        handovers.set(blankDay + 1, toMinute(cstMidnight(month, blankDay + 1) + rng.int(15 * 60 + 30, 16 * 60) * MINUTE_MS));
        truth.nearMiss('MED-48H', { uscc: inst.uscc, month: monthKey(month) }, { kind: 'HANDOVER_TIME_BLANK', date: cstDate(cstMidnight(month, blankDay)), before: cstLocal(handovers.get(blankDay - 1) as number), after: cstLocal(handovers.get(blankDay + 1) as number) });
      }
      for (let day = 1; day <= days; day++) {
        let handoverDay = day;
        if (breachDay !== null && day >= breachDay && day < breachDay + 3) handoverDay = breachDay + 3;
        if (nearMissDay !== null && day === nearMissDay) handoverDay = nearMissDay + 1;
        const handoverAt = handovers.get(handoverDay) as number;
        const manifestNo = `${cstDate(handoverAt).replace(/-/g, '')}${ctx.tag}${String(institutionIndex).padStart(4, '0')}01`;
        for (const department of inst.departments) {
          for (const category of categoriesFor(department, rng)) {
            const share = category === '感染性' ? 1 : category === '损伤性' ? 0.25 : 0.08;
            const grams = Math.max(MEDICAL_STEP_G * 10, roundGrams((scaleG / inst.departments.length) * share * rng.real(0.6, 1.4), MEDICAL_STEP_G));
            rows.push({ date: cstDate(cstMidnight(month, day)), department, category, grams, packages: Math.max(1, Math.round(grams / 4000)), handoverAt, handoverBy: rng.pick(['王', '李', '张', '刘', '陈', '杨']) + rng.pick(['敏', '伟', '芳', '静', '磊', '洋']), manifestNo, handoverTimeBlank: day === blankDay });
          }
        }
      }
      if (breachDay !== null) {
        const gapHours = Math.floor(((handovers.get(breachDay + 3) as number) - cstMidnight(month, breachDay)) / HOUR_MS);
        truth.add('MED-48H', { uscc: inst.uscc, month: monthKey(month) }, { fromDate: cstDate(cstMidnight(month, breachDay)), handoverAt: cstLocal(handovers.get(breachDay + 3) as number), hoursStored: gapHours });
      }
      if (nearMissDay !== null) {
        truth.nearMiss('MED-48H', { uscc: inst.uscc, month: monthKey(month) }, { date: cstDate(cstMidnight(month, nearMissDay)), handoverAt: cstLocal(handovers.get(nearMissDay + 1) as number) });
      }
      ledgers.push({ institution: inst, month, rows });
      // Receipts: one row per manifest and category, weighed by the disposer within a percent.
      const byManifestCategory = new Map<string, { manifestNo: string; category: MedicalCategory; grams: number; handoverAt: number }>();
      for (const row of rows) {
        const key = `${row.manifestNo}|${row.category}`;
        const entry = byManifestCategory.get(key) ?? { manifestNo: row.manifestNo, category: row.category, grams: 0, handoverAt: row.handoverAt };
        entry.grams += row.grams;
        byManifestCategory.set(key, entry);
      }
      for (const entry of byManifestCategory.values()) {
        receipts.push({
          manifestNo: entry.manifestNo, institutionUscc: inst.uscc,
          // the month's last handovers reach the disposer after midnight: the receipt is in next month's file
          receivedAt: cstDate(entry.handoverAt) === cstDate(cstMidnight(month, days)) ? toMinute(cstMidnight(month, days) + DAY_MS + rng.int(30, 120) * MINUTE_MS) : toMinute(entry.handoverAt + rng.int(30, 120) * MINUTE_MS),
          category: entry.category, grams: roundGrams(entry.grams * (1 - rng.real(0, 0.008)), MEDICAL_STEP_G), method: method(entry.category),
        });
      }
    }
  }

  injectMedQty(ctx, rng.fork('qty'), ledgers, receipts);

  const recyclables: MedicalRecyclablesRow[] = [];
  const recyclers = ['北京绿源再生资源回收有限公司', '北京京环物资回收有限公司'];
  for (const month of ctx.months) {
    for (const inst of institutions) {
      if (inst.uncovered || inst.kind === '诊所' || inst.kind === '其他') continue;
      for (const category of ['输液瓶', '输液袋', '纸类包装', '塑料包装']) {
        const generatedG = roundGrams((inst.beds + 20) * 300 * rng.real(0.5, 1.5), MEDICAL_STEP_G);
        recyclables.push({ uscc: inst.uscc, month: monthKey(month), category, generatedG, recoveredG: rng.chance(0.8) ? generatedG : roundGrams(generatedG * rng.real(0.9, 0.99), MEDICAL_STEP_G), recycler: rng.pick(recyclers) });
      }
    }
  }

  const data: MedicalData = { institutions, disposerUscc, ledgers, receipts, recyclables, files: [] };
  data.files = buildFiles(ctx, rng.fork('files'), data);
  return data;
}

function injectMedQty(ctx: ScenarioContext, rng: Rng, ledgers: MedicalData['ledgers'], receipts: ReceiptRow[]): void {
  const truth = ctx.truth;
  const ledgerGramsByManifest = new Map<string, number>();
  for (const ledger of ledgers) for (const row of ledger.rows) ledgerGramsByManifest.set(row.manifestNo, (ledgerGramsByManifest.get(row.manifestNo) ?? 0) + row.grams);
  const manifestNos = [...ledgerGramsByManifest.keys()].sort();
  const count = ctx.injectionCount('MED-QTY', manifestNos.length);
  const chosen = rng.sample(manifestNos, count + ctx.nearMissCount(count));
  const dropped = new Set<string>();
  chosen.forEach((manifestNo, i) => {
    truth.claim(`med-manifest:${manifestNo}`);
    const ledgerG = ledgerGramsByManifest.get(manifestNo) as number;
    const rows = receipts.filter((r) => r.manifestNo === manifestNo);
    if (i < count && i % 4 === 0) {
      dropped.add(manifestNo);
      truth.add('MED-QTY', { manifestNo }, { kind: 'NO_RECEIPT', ledgerKg: kgText(ledgerG) });
      return;
    }
    const beyond = i < count;
    const factor = beyond ? 1 - rng.real(0.07, 0.2) : 1 - rng.real(0.025, 0.04);
    for (const r of rows) r.grams = roundGrams(r.grams * factor, MEDICAL_STEP_G);
    const receiptG = rows.reduce((s, r) => s + r.grams, 0);
    const gap = Math.abs(ledgerG - receiptG);
    const detail = { kind: 'WEIGHT', ledgerKg: kgText(ledgerG), receiptKg: kgText(receiptG), gapPct: Number(((gap * 100) / ledgerG).toFixed(2)) };
    if (beyond && gap * 100 > 5 * ledgerG) truth.add('MED-QTY', { manifestNo }, detail);
    else if (!beyond && gap * 100 <= 5 * ledgerG) truth.nearMiss('MED-QTY', { manifestNo }, detail);
  });
  for (let i = receipts.length - 1; i >= 0; i--) if (dropped.has((receipts[i] as ReceiptRow).manifestNo)) receipts.splice(i, 1);
  // A receipt for a handover no ledger records (a clinic that forgot to file the day).
  const template = rng.pick(receipts.filter((r) => !truth.isClaimed(`med-manifest:${r.manifestNo}`)));
  const orphanNo = `${template.manifestNo.slice(0, -2)}99`;
  receipts.push({ ...template, manifestNo: orphanNo, grams: roundGrams(template.grams * 0.7, MEDICAL_STEP_G) });
  truth.add('MED-QTY', { manifestNo: orphanNo }, { kind: 'NO_LEDGER', receiptKg: kgText(template.grams), institutionUscc: template.institutionUscc });
  // Categories that disagree with equal totals: the disposer books a manifest's largest category as another.
  const categories: readonly MedicalCategory[] = ['感染性', '损伤性', '病理性', '药物性', '化学性'];
  const receiptCategories = new Map<string, Set<MedicalCategory>>();
  for (const r of receipts) receiptCategories.set(r.manifestNo, (receiptCategories.get(r.manifestNo) ?? new Set()).add(r.category));
  // manifests with a category left to book the load as
  const relabelCandidates = [...receiptCategories.keys()].filter((no) => !truth.isClaimed(`med-manifest:${no}`) && no !== orphanNo && ledgerGramsByManifest.has(no) && (receiptCategories.get(no)?.size ?? 5) < categories.length);
  for (const manifestNo of rng.sample(relabelCandidates, Math.max(1, Math.round(count / 4)))) {
    const rows = receipts.filter((r) => r.manifestNo === manifestNo);
    const largest = rows.reduce((a, b) => (b.grams > a.grams ? b : a));
    const other = categories.find((c) => !rows.some((r) => r.category === c))!;
    truth.claim(`med-manifest:${manifestNo}`);
    truth.add('MED-QTY', { manifestNo }, { kind: 'CATEGORY', ledgerCategory: largest.category, receiptCategory: other, kg: kgText(largest.grams) });
    largest.category = other;
  }
  receipts.sort((a, b) => a.receivedAt - b.receivedAt || (a.manifestNo < b.manifestNo ? -1 : a.manifestNo > b.manifestNo ? 1 : a.category < b.category ? -1 : 1));
}

/** Full-width digits (as some hospital systems type them). */
function fullWidth(text: string): string {
  return text.replace(/[0-9.]/g, (ch) => (ch === '.' ? '．' : String.fromCharCode(ch.charCodeAt(0) + 0xfee0)));
}

function buildFiles(ctx: ScenarioContext, rng: Rng, data: MedicalData): PublishedFile[] {
  const files: PublishedFile[] = [];
  const firstAt = ctx.start - 20 * DAY_MS;
  files.push({
    path: 'institutions.csv',
    versions: [{
      at: firstAt,
      content: {
        kind: 'table',
        layout: { format: 'csv', encoding: 'gb18030' },
        table: {
          headers: ['机构名称', '统一社会信用代码', '执业许可证登记号', '机构类别', '床位数', '街道', '收运方式'],
          rows: data.institutions.map((i) => [i.name, i.uscc, i.licenceNo, i.kind, String(i.beds), i.street, i.collection]),
        },
      },
    }],
  });
  for (const ledger of data.ledgers) {
    const monthText = monthKey(ledger.month);
    // a hospital system that renames the weight column with its unit (medical.md: files come "with a
    // renamed column"): kg under another name, tonnes or grams, each cell exactly that weight
    const weightColumn = ledger === data.ledgers[2] ? WEIGHT_COLUMNS[3]! : rng.chance(0.1) ? rng.pick(WEIGHT_COLUMNS) : WEIGHT_COLUMNS[0]!;
    const weightText = (grams: number) => decimalIn(grams, weightColumn.gramsPerUnit);
    const ledgerHeaders = ['日期', '科室', '废物类别', weightColumn.header, '包装数', '交接时间', '交接人', '转移联单号'];
    const xlsx = rng.chance(0.2);
    const encoding: FileEncoding = xlsx ? 'utf8' : rng.weighted([['utf8', 0.5], ['utf8-bom', 0.25], ['gb18030', 0.25]] as const);
    const order = rng.chance(0.3) ? rng.sample(ledgerHeaders.map((_, i) => i), ledgerHeaders.length) : ledgerHeaders.map((_, i) => i);
    const widthDigits = rng.chance(0.05);
    const rows = ledger.rows.map((r) => {
      const cells = [r.date, r.department, r.category, widthDigits ? fullWidth(weightText(r.grams)) : weightText(r.grams), widthDigits ? fullWidth(String(r.packages)) : String(r.packages), r.handoverTimeBlank ? '' : cstLocal(r.handoverAt), r.handoverTimeBlank ? '' : r.handoverBy, r.manifestNo];
      return order.map((i) => cells[i] as string);
    });
    const headers = order.map((i) => ledgerHeaders[i] as string);
    const path = `ledgers/${ledger.institution.uscc}/${monthText}.${xlsx ? 'xlsx' : 'csv'}`;
    const malformedRows: string[][] = [];
    if (rng.chance(ctx.options.malformedRate * 30) || (ledger === data.ledgers[0])) {
      const source = ledger.rows[0] as LedgerRow;
      const cells = [source.date, source.department, '普通垃圾', '约3公斤', '1', cstLocal(source.handoverAt), source.handoverBy, source.manifestNo];
      malformedRows.push(order.map((i) => cells[i] as string));
    }
    const allRows = [...rows, ...malformedRows];
    malformedRows.forEach((_, i) => ctx.truth.malformed.push({ source: 'medical', stream: 'ledgers', key: `${path}#${rows.length + i + 1}`, reason: 'unknown category and non-numeric weight' }));
    const layout: TableFileLayout = {
      format: xlsx ? 'xlsx' : 'csv', encoding,
      titleRow: xlsx || rng.chance(0.1) ? `${ledger.institution.name}医疗废物登记表（${monthText}）` : undefined,
      blankRowsAfter: rng.chance(0.2) ? [rng.int(0, Math.max(0, allRows.length - 1))] : undefined,
      // the layout's 合计 row sums kg (files.ts): only under a column in kg
      totalRowColumn: rng.chance(0.5) && weightColumn.gramsPerUnit === 1000 ? weightColumn.header : undefined,
    };
    const uploadedAt = toMinute(cstMidnight(ledger.month, daysInMonth(ledger.month)) + DAY_MS + rng.int(1, 4) * DAY_MS + rng.int(9 * 60, 17 * 60) * MINUTE_MS);
    const finalTable: Table = { headers, rows: allRows };
    const versions: PublishedFile['versions'] = [];
    // Corrected re-upload: the first upload had a weight typed ten times too large.
    if ((rng.chance(0.1) || ledger === data.ledgers[1]) && rows.length > 0) {
      const wrongRows = allRows.map((r) => r.slice());
      const first = wrongRows[0] as string[];
      first[headers.indexOf(weightColumn.header)] = weightText(roundGrams((ledger.rows[0] as LedgerRow).grams * 10, MEDICAL_STEP_G));
      versions.push({ at: uploadedAt, content: { kind: 'table', table: { headers, rows: wrongRows }, layout } });
      versions.push({ at: uploadedAt + rng.int(2, 5) * DAY_MS, content: { kind: 'table', table: finalTable, layout } });
    } else {
      versions.push({ at: uploadedAt, content: { kind: 'table', table: finalTable, layout } });
    }
    files.push({ path, versions });
  }
  const scenarioMonths = new Set(ctx.months.map(monthKey));
  const receiptMonths = [...new Set([...scenarioMonths, ...data.receipts.map((r) => cstDate(r.receivedAt).slice(0, 7))])].sort();
  for (const monthText of receiptMonths) {
    const monthReceipts = data.receipts.filter((r) => cstDate(r.receivedAt).slice(0, 7) === monthText);
    const month = { year: Number(monthText.slice(0, 4)), month: Number(monthText.slice(5, 7)) };
    // a month after the scenario's (receipts of its last night) is published early enough to be seen at the horizon
    const publishedAt = toMinute(cstMidnight(month, daysInMonth(month)) + DAY_MS + 2 * DAY_MS + 10 * HOUR_MS);
    files.push({
      path: `receipts/${data.disposerUscc}/${monthText}.csv`,
      versions: [{
        at: scenarioMonths.has(monthText) ? publishedAt : Math.min(publishedAt, ctx.horizon - DAY_MS),
        content: {
          kind: 'table', layout: { format: 'csv', encoding: 'utf8-bom' },
          table: {
            headers: ['转移联单号', '医疗机构统一社会信用代码', '接收时间', '废物类别', '重量(kg)', '处置方式'],
            rows: monthReceipts.map((r) => [r.manifestNo, r.institutionUscc, cstLocal(r.receivedAt), r.category, kgText(r.grams), r.method]),
          },
        },
      }],
    });
  }
  for (const month of ctx.months) {
    const monthText = monthKey(month);
    const rows = data.recyclables.filter((r) => r.month === monthText).map((r) => [r.uscc, r.month.replace('-', ''), r.category, kgText(r.generatedG), kgText(r.recoveredG), r.recycler]);
    const recyclablesPath = `recyclables/${monthText}.csv`;
    rows.push(['', monthText.replace('-', ''), '输液瓶', '35.20', '35.20', recyclers0()]);
    ctx.truth.malformed.push({ source: 'medical', stream: 'recyclables', key: `${recyclablesPath}#${rows.length}`, reason: 'missing USCC' });
    files.push({
      path: recyclablesPath,
      versions: [{
        at: toMinute(cstMidnight(month, daysInMonth(month)) + DAY_MS + 5 * DAY_MS + 15 * HOUR_MS),
        content: { kind: 'table', layout: { format: 'csv', encoding: 'utf8' }, table: { headers: ['统一社会信用代码', '月份', '可回收物类别', '产生量(kg)', '回收量(kg)', '回收企业'], rows } },
      }],
    });
  }
  return files;
}

function recyclers0(): string {
  return '北京绿源再生资源回收有限公司';
}
