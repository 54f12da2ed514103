/**
 * GIS-BALANCE — does a general-industrial waste ledger balance? (一般工业固废台账物料平衡, DESIGN §5)
 *
 * Compares, per enterprise (USCC), month and waste: opening stock (the previous month's 期末贮存量 qmzcl
 * for the same waste) + 产生量 csl against 自行/委托利用 (zxlyl + wtlyl) + 自行/委托处置 (zxczl + wtczl) +
 * 期末贮存量 qmzcl. A gap of more than 2 % of opening + generated is a finding. 综合利用往年贮存量 (wnzcly)
 * is part of the utilised figures and comes out of the opening stock, so it is not added again.
 *
 * The waste: the row's code `fwdm`; a row with an empty code and a free-text name `fwmc` is keyed by the
 * code its name resolves to (the district catalogue's names, then the same enterprise's coded rows with
 * that name this month or last); a name that resolves to nothing keeps its own chain (`name:<name>`) and
 * is reported by DATA-QUALITY as a code-quality finding, never here.
 *
 * Unknown, so no finding: the opening stock when the previous month has no row for the waste (first
 * month seen, a month not filed or quarantined) or that row states no qmzcl; the closing stock when
 * qmzcl is empty; any row with an implausible balance value (DATA-QUALITY's finding). An empty
 * utilisation or disposal column counts as nothing utilised or disposed.
 *
 * Key: `<USCC>/<code>` (or `<USCC>/name:<name>`), period the month.
 */
import type { Types } from 'mongoose';
import type { MassMeasure } from '../../model/periodReport';
import { catalogueCodeForName, normaliseWasteName } from '../../model/reference/catalogue';
import { exceedsPct, pctText, previousMonth, side, tonnesText, usccKey, type ReportRow, type Rule } from './rule';

export interface BalanceInput {
  openingGrams: number;
  generatedGrams: number;
  outflowGrams: number;
  closingGrams: number;
}

/** Pure: the gap (inputs − outputs) when beyond tolerance of opening + generated. */
export function compareBalance(input: BalanceInput, tolerancePct: number): { gapGrams: number } | null {
  const inputs = input.openingGrams + input.generatedGrams;
  const outputs = input.outflowGrams + input.closingGrams;
  if (!exceedsPct(inputs, outputs, inputs, tolerancePct)) return null;
  return { gapGrams: inputs - outputs };
}

const OUTFLOWS: readonly MassMeasure[] = ['UTILISED_ONSITE', 'UTILISED_CONTRACTED', 'DISPOSED_ONSITE', 'DISPOSED_CONTRACTED'];
const BALANCE_MEASURES: readonly string[] = ['GENERATED', ...OUTFLOWS, 'STOCK_END'];

export type LedgerRow = Pick<ReportRow, 'reportKey' | 'period' | 'party' | 'category' | 'categoryName' | 'lines' | 'sources' | 'qualityFindings'>;

/** How a general-ledger row's waste was identified. */
export type WasteKey =
  | { kind: 'CODE'; key: string }
  | { kind: 'CATALOGUE_NAME' | 'ENTERPRISE_NAME'; key: string; name: string }
  | { kind: 'UNRESOLVED'; key: string; name: string };

function compactCode(code: string): string {
  return code.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * Pure: the waste key of every row (by reportKey). `rows` are all the general-ledger rows the rule holds
 * (this month and the previous one): an enterprise's coded rows teach what its free-text names mean,
 * when they mean exactly one code.
 */
export function resolveWasteKeys(rows: readonly LedgerRow[]): Map<string, WasteKey> {
  const codesByName = new Map<string, Set<string>>();
  for (const row of rows) {
    const uscc = usccKey(row.party?.uscc);
    if (!uscc || !row.category?.trim() || !row.categoryName?.trim()) continue;
    const nameKey = `${uscc}|${normaliseWasteName(row.categoryName)}`;
    const codes = codesByName.get(nameKey) ?? new Set<string>();
    codes.add(compactCode(row.category));
    codesByName.set(nameKey, codes);
  }
  const keys = new Map<string, WasteKey>();
  for (const row of rows) {
    if (row.category?.trim()) {
      keys.set(row.reportKey, { kind: 'CODE', key: compactCode(row.category) });
      continue;
    }
    const name = row.categoryName ?? '';
    const fromCatalogue = catalogueCodeForName(name);
    if (fromCatalogue) {
      keys.set(row.reportKey, { kind: 'CATALOGUE_NAME', key: fromCatalogue, name });
      continue;
    }
    const known = codesByName.get(`${usccKey(row.party?.uscc) ?? ''}|${normaliseWasteName(name)}`);
    if (known?.size === 1) keys.set(row.reportKey, { kind: 'ENTERPRISE_NAME', key: [...known][0]!, name });
    else keys.set(row.reportKey, { kind: 'UNRESOLVED', key: `name:${normaliseWasteName(name)}`, name });
  }
  return keys;
}

/** One enterprise's waste in one month, summed over its rows; `null` totals are unknown. */
interface MonthTotals {
  generated: number;
  outflow: number;
  closing: number | null;
  /** a row carries an implausible balance value: DATA-QUALITY reports it, the balance is not judged */
  implausible: boolean;
  names: Set<string>;
  records: Types.ObjectId[];
}

function monthTotals(rows: readonly LedgerRow[], keys: ReadonlyMap<string, WasteKey>, month: string): Map<string, MonthTotals> {
  const totals = new Map<string, MonthTotals>();
  for (const row of rows) {
    const uscc = usccKey(row.party?.uscc);
    const waste = keys.get(row.reportKey);
    if (!uscc || !waste || row.period !== month) continue;
    const key = `${uscc}/${waste.key}`;
    const t = totals.get(key) ?? { generated: 0, outflow: 0, closing: 0, implausible: false, names: new Set<string>(), records: [] };
    const sum = (measures: readonly string[]) => row.lines.filter((l) => measures.includes(l.measure)).reduce((s, l) => s + l.grams, 0);
    t.generated += sum(['GENERATED']);
    t.outflow += sum(OUTFLOWS);
    const closing = row.lines.some((l) => l.measure === 'STOCK_END') ? sum(['STOCK_END']) : null;
    t.closing = t.closing === null || closing === null ? null : t.closing + closing;
    if ((row.qualityFindings ?? []).some((f) => f.measure !== null && BALANCE_MEASURES.includes(f.measure))) t.implausible = true;
    if (row.party?.name) t.names.add(row.party.name);
    t.records.push(...row.sources);
    totals.set(key, t);
  }
  return totals;
}

export const gisBalance: Rule = {
  id: 'GIS-BALANCE',
  title: 'general ledger mass balance',
  stream: 'industrial',
  subjectKind: 'PARTY',
  key: 'USCC + month + code',
  reads: ['periodreports', 'parties'],
  kinds: { reports: ['GENERAL_LEDGER'] },
  toleranceUnit: '%',
  defaults: { tolerance: 2, severity: 'MEDIUM' },
  evaluate({ period, settings, refs }, emit) {
    return {
      async finish() {
        const previous = previousMonth(period);
        const rows = (await refs.reports('GENERAL_LEDGER', [period, previous])).filter((r) => r.period === period || r.period === previous);
        const keys = resolveWasteKeys(rows);
        const current = monthTotals(rows, keys, period);
        const before = monthTotals(rows, keys, previous);
        const streets = await refs.partyStreets();
        for (const key of [...current.keys()].sort()) {
          const b = current.get(key)!;
          const open = before.get(key);
          // Unknown opening or closing stock, or a value DATA-QUALITY reports: not an imbalance.
          if (!open || open.closing === null || open.implausible || b.closing === null || b.implausible) continue;
          const verdict = compareBalance({ openingGrams: open.closing, generatedGrams: b.generated, outflowGrams: b.outflow, closingGrams: b.closing }, settings.tolerance);
          if (!verdict) continue;
          const [uscc, waste] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
          const inputs = open.closing + b.generated;
          const outputs = b.outflow + b.closing;
          const gap = `${tonnesText(verdict.gapGrams)} (${pctText(inputs, outputs, inputs)})`;
          const direction = verdict.gapGrams > 0 ? '去向不明 / unaccounted for' : '来源不明 / more out than in';
          const name = [...b.names][0] ?? null;
          await emit({
            rule: 'GIS-BALANCE',
            severity: settings.severity,
            stream: 'industrial',
            period,
            subject: { kind: 'PARTY', key, label: `${name ?? uscc} ${waste} ${period}`, partyUscc: uscc, street: streets.get(uscc) ?? null },
            evidence: {
              sides: [
                side({ source: 'industrial', label: `opening stock (${previous} 期末贮存量) + 产生量 (csl)`, value: tonnesText(inputs).replace(' t', ''), unit: 't', grams: inputs, records: [...open.records, ...b.records] }),
                side({ source: 'industrial', label: '利用 + 处置 (zxlyl + wtlyl + zxczl + wtczl) + 期末贮存量 (qmzcl)', value: tonnesText(outputs).replace(' t', ''), unit: 't', grams: outputs, records: b.records }),
              ],
              difference: `${gap} ${direction}`,
              differenceGrams: verdict.gapGrams,
              tolerance: `${settings.tolerance} %`,
              message: `${uscc} ${waste} ${period}: 台账不平衡，期初贮存 + 产生量 与 利用 + 处置 + 期末贮存 相差 ${gap}，${direction} / the ledger does not balance: opening stock + generated differs from utilised + disposed + closing stock by ${gap}`,
            },
          });
        }
      },
    };
  },
};
