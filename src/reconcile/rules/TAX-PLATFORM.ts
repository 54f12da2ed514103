/**
 * TAX-PLATFORM — does the environmental-tax declaration (环保税申报) agree with the industrial platform's
 * ledgers for the same quarter? (DESIGN §5; taxstat.md "generated, utilised, disposed, stored")
 *
 * Compares each declared kind with its own platform total, as the declaration itself separates them:
 * - the 危险废物 line against the taxpayer's HW monthly ledgers over the quarter's months;
 * - the general lines (煤矸石 / 尾矿 / 冶炼渣 / 粉煤灰 / 炉渣 / 其他固体废物, summed: the district catalogue has no
 *   such classes, so they cannot be matched one by one) against its general-industrial ledgers.
 * and each measure on its own, so a gap in one cannot hide inside another:
 * - 产生量 against Σ csl;
 * - 处置量 against Σ zxczl + wtczl, 综合利用量 against Σ zxlyl + wtlyl (with or without the wnzcly taken
 *   out of prior years' stock); for HW, whose ledger does not split them, 处置量 + 综合利用量 together
 *   against Σ zxlyczl + wtzyl;
 * - 贮存量 (alone, or with 当期排放量: storage that is not compliant is taxed as discharged) against the
 *   quarter's newly stored mass (csl − utilised − disposed, 0 when stock was drawn down) or the stock at
 *   the quarter's end (qmzcl).
 * A measure disagrees when it is more than 10 % away from every reading of the platform figure.
 * One flag per taxpayer, quarter and kind (`<USCC>/HW`, `<USCC>/GENERAL`), listing the measures that
 * disagree; the tax authority's figure takes precedence, so the flag asks for the ledger to be checked.
 *
 * Unknown, so not compared: a measure the declaration leaves empty or states implausibly (DATA-QUALITY
 * reports it); the stock at the quarter's end when its last month has no ledger rows; the whole kind
 * when the enterprise filed no ledger of it for a month of the quarter that others filed for (the
 * platform total is incomplete: a completeness matter).
 * Not a finding here: a taxpayer the platform does not register, or an HW generator that declares no
 * 危险废物 line at all (both COVERAGE); a kind the taxpayer does not declare.
 */
import type { Types } from 'mongoose';
import type { MassMeasure } from '../../model/periodReport';
import { exceedsPct, monthsOfPeriod, pctText, quarterOf, side, tonnesText, unique, usccKey, type ReportRow, type Rule } from './rule';

export const HW_DECLARATION_NAME = '危险废物';

export type DeclaredKind = 'HW' | 'GENERAL';
export type TaxMeasure = 'GENERATED' | 'STORED' | 'DISPOSED' | 'UTILISED' | 'UTILISED_DISPOSED';

const MEASURE_NAMES: Readonly<Record<TaxMeasure, string>> = {
  GENERATED: '产生量 generated',
  STORED: '贮存量 stored',
  DISPOSED: '处置量 disposed',
  UTILISED: '综合利用量 utilised',
  UTILISED_DISPOSED: '处置量 + 综合利用量 utilised and disposed',
};

/** One measure's sides: the declared values that may stand for it and the platform's readings of it. */
export interface MeasureSides {
  measure: TaxMeasure;
  declared: readonly number[];
  platform: readonly number[];
}

export interface MeasureGap {
  measure: TaxMeasure;
  declaredGrams: number;
  platformGrams: number;
}

/**
 * Pure: the measures whose every declared value is beyond tolerance of every platform reading (a
 * measure with no declared value or no reading is unknown, not a gap). Each gap is reported against
 * the closest pair.
 */
export function compareDeclaredKind(sides: readonly MeasureSides[], tolerancePct: number): MeasureGap[] {
  const gaps: MeasureGap[] = [];
  for (const { measure, declared, platform } of sides) {
    if (declared.length === 0 || platform.length === 0) continue;
    const pairs = declared.flatMap((d) => platform.map((p) => ({ d, p })));
    if (pairs.some(({ d, p }) => !exceedsPct(d, p, p, tolerancePct))) continue;
    const closest = pairs.reduce((best, pair) => (Math.abs(pair.d - pair.p) < Math.abs(best.d - best.p) ? pair : best));
    gaps.push({ measure, declaredGrams: closest.d, platformGrams: closest.p });
  }
  return gaps;
}

interface Declared {
  /** Σ per measure; a measure absent (or implausible on any row) is unknown */
  sums: Map<MassMeasure, number>;
  unknown: Set<MassMeasure>;
  records: Types.ObjectId[];
  name: string | null;
}

interface PlatformSums {
  sums: Map<MassMeasure, number>;
  /** measures some ledger row states implausibly (DATA-QUALITY's): readings built on them are dropped */
  unknown: Set<MassMeasure>;
  /** Σ STOCK_END of the quarter's last month, or null when that month has no row or a row without it */
  closing: number | null;
  closingSeen: boolean;
  /** the months this enterprise filed rows of the kind */
  months: Set<string>;
  records: Types.ObjectId[];
}

const DECLARED_MEASURES: readonly MassMeasure[] = ['GENERATED', 'STORED', 'DISPOSED', 'UTILISED', 'DISCHARGED'];

function addDeclared(entry: Declared, row: ReportRow): void {
  const implausible = new Set((row.qualityFindings ?? []).map((f) => f.measure));
  for (const measure of DECLARED_MEASURES) {
    const lines = row.lines.filter((l) => l.measure === measure);
    if (lines.length === 0 || implausible.has(measure)) entry.unknown.add(measure);
    else entry.sums.set(measure, (entry.sums.get(measure) ?? 0) + lines.reduce((s, l) => s + l.grams, 0));
  }
  entry.records.push(...row.sources);
}

/** The ledgers' sums per USCC, and the months the platform holds any ledger of the kind for. */
function platformSums(rows: readonly ReportRow[], months: readonly string[]): { byUscc: Map<string, PlatformSums>; filedMonths: Set<string> } {
  const last = months[months.length - 1];
  const out = new Map<string, PlatformSums>();
  const filedMonths = new Set<string>();
  for (const row of rows) {
    const uscc = usccKey(row.party?.uscc);
    if (!uscc || row.periodKind !== 'MONTH' || !months.includes(row.period)) continue;
    const entry: PlatformSums = out.get(uscc) ?? { sums: new Map(), unknown: new Set(), closing: 0, closingSeen: false, months: new Set(), records: [] };
    entry.months.add(row.period);
    filedMonths.add(row.period);
    const implausible = new Set((row.qualityFindings ?? []).map((f) => f.measure));
    for (const line of row.lines) {
      if (implausible.has(line.measure)) entry.unknown.add(line.measure);
      else entry.sums.set(line.measure, (entry.sums.get(line.measure) ?? 0) + line.grams);
    }
    if (row.period === last) {
      const stock = implausible.has('STOCK_END') ? [] : row.lines.filter((l) => l.measure === 'STOCK_END');
      entry.closingSeen = true;
      entry.closing = entry.closing === null || stock.length === 0 ? null : entry.closing + stock.reduce((s, l) => s + l.grams, 0);
    }
    entry.records.push(...row.sources);
    out.set(uscc, entry);
  }
  return { byUscc: out, filedMonths };
}

/** Pure: the measure sides of one declared kind against its platform sums. */
export function measureSides(kind: DeclaredKind, declared: Pick<Declared, 'sums' | 'unknown'>, platform: Pick<PlatformSums, 'sums' | 'unknown' | 'closing' | 'closingSeen'> | null): MeasureSides[] {
  const d = (m: MassMeasure): number | null => (declared.unknown.has(m) ? null : (declared.sums.get(m) ?? null));
  const p = (m: MassMeasure): number | null => (platform?.unknown.has(m) ? null : (platform?.sums.get(m) ?? 0));
  /** Σ of known values, or null when one is unknown */
  const total = (...values: (number | null)[]): number | null => (values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0));
  const list = (...values: (number | null)[]) => unique(values.filter((v): v is number => v !== null));
  const atLeastZero = (v: number | null) => (v === null ? null : Math.max(0, v));
  const closing = platform && platform.closingSeen ? platform.closing : null;
  const generated = p('GENERATED');
  const stored = d('STORED');
  const discharged = d('DISCHARGED');
  const declaredStored = list(stored, stored !== null && discharged !== null && discharged > 0 ? stored + discharged : null);
  if (kind === 'HW') {
    const handled = total(p('UTILISED_DISPOSED_ONSITE'), p('SHIPPED'));
    const declaredHandled = total(d('DISPOSED'), d('UTILISED'));
    const newlyStored = generated === null || handled === null ? null : generated - handled;
    return [
      { measure: 'GENERATED', declared: list(d('GENERATED')), platform: list(generated) },
      { measure: 'UTILISED_DISPOSED', declared: list(declaredHandled), platform: list(handled) },
      { measure: 'STORED', declared: declaredStored, platform: list(atLeastZero(newlyStored), closing) },
    ];
  }
  const utilised = total(p('UTILISED_ONSITE'), p('UTILISED_CONTRACTED'));
  const fromStock = p('UTILISED_FROM_STOCK');
  const utilisedNew = utilised === null || fromStock === null ? null : utilised - fromStock;
  const disposed = total(p('DISPOSED_ONSITE'), p('DISPOSED_CONTRACTED'));
  const left = (used: number | null) => (generated === null || used === null || disposed === null ? null : atLeastZero(generated - used - disposed));
  return [
    { measure: 'GENERATED', declared: list(d('GENERATED')), platform: list(generated) },
    { measure: 'DISPOSED', declared: list(d('DISPOSED')), platform: list(disposed) },
    { measure: 'UTILISED', declared: list(d('UTILISED')), platform: list(utilised, utilisedNew) },
    { measure: 'STORED', declared: declaredStored, platform: list(left(utilisedNew), left(utilised), closing) },
  ];
}

export const taxPlatform: Rule = {
  id: 'TAX-PLATFORM',
  title: 'tax declaration vs platform ledgers',
  stream: 'taxstat',
  subjectKind: 'PARTY',
  key: 'USCC + quarter + kind',
  reads: ['periodreports', 'parties'],
  kinds: { reports: ['ENV_TAX', 'GENERAL_LEDGER', 'HW_LEDGER'] },
  toleranceUnit: '%',
  defaults: { tolerance: 10, severity: 'MEDIUM' },
  periodsOf: (months) => unique(months.map(quarterOf)),
  evaluate({ period, settings, refs }, emit) {
    return {
      async finish() {
        const months = monthsOfPeriod(period);
        // One entry per taxpayer and kind of the quarter: a few hundred per district.
        const declared = new Map<string, Declared>();
        for (const row of await refs.reports('ENV_TAX', months)) {
          const uscc = usccKey(row.party?.uscc);
          if (!uscc || row.period !== period) continue;
          const kind: DeclaredKind = row.category === HW_DECLARATION_NAME ? 'HW' : 'GENERAL';
          const key = `${uscc}/${kind}`;
          const entry: Declared = declared.get(key) ?? { sums: new Map(), unknown: new Set(), records: [], name: row.party?.name ?? null };
          addDeclared(entry, row);
          declared.set(key, entry);
        }
        if (declared.size === 0) return;
        const registered = await refs.platformRegistered();
        const general = platformSums(await refs.reports('GENERAL_LEDGER', months), months);
        const hw = platformSums(await refs.reports('HW_LEDGER', months), months);
        const streets = await refs.partyStreets();
        for (const key of [...declared.keys()].sort()) {
          const [uscc, kind] = key.split('/') as [string, DeclaredKind];
          if (!registered.has(uscc)) continue; // COVERAGE's concern
          const tax = declared.get(key)!;
          const filed = kind === 'HW' ? hw : general;
          const platform = filed.byUscc.get(uscc) ?? null;
          // A month of the quarter the platform has ledgers for but this enterprise filed none: its quarter
          // total is unknown (a completeness matter), not a gap.
          if (platform && [...filed.filedMonths].some((m) => !platform.months.has(m))) continue;
          const gaps = compareDeclaredKind(measureSides(kind, tax, platform), settings.tolerance);
          if (gaps.length === 0) continue;
          const first = gaps[0]!;
          const kindText = kind === 'HW' ? '危险废物 hazardous waste' : '一般工业固废 general solid waste';
          const ledgers = kind === 'HW' ? 'HW ledgers (hw-ledgers)' : 'general ledgers (general-ledgers)';
          const parts = gaps.map((g) => `${MEASURE_NAMES[g.measure]}: declared ${tonnesText(g.declaredGrams)}, platform ${tonnesText(g.platformGrams)} (${pctText(g.declaredGrams, g.platformGrams, g.platformGrams)})`);
          await emit({
            rule: 'TAX-PLATFORM',
            severity: settings.severity,
            stream: 'taxstat',
            period,
            subject: { kind: 'PARTY', key, label: `${tax.name ?? uscc} ${kindText} ${period}`, partyUscc: uscc, street: streets.get(uscc) ?? null },
            evidence: {
              sides: [
                side({ source: 'taxstat', label: `envtax ${kindText} ${MEASURE_NAMES[first.measure]}`, value: tonnesText(first.declaredGrams).replace(' t', ''), unit: 't', grams: first.declaredGrams, records: tax.records }),
                side({ source: 'industrial', label: `platform ${ledgers} ${MEASURE_NAMES[first.measure]} (${months.join(', ')})`, value: tonnesText(first.platformGrams).replace(' t', ''), unit: 't', grams: first.platformGrams, records: platform?.records ?? [] }),
              ],
              difference: parts.join('; '),
              differenceGrams: first.declaredGrams - first.platformGrams,
              tolerance: `${settings.tolerance} %`,
              message: `${uscc} ${period} ${kindText}: 环保税申报与平台台账不一致（${gaps.map((g) => MEASURE_NAMES[g.measure].split(' ')[0]).join('、')}），请核对台账 / the tax declaration disagrees with the platform ledgers: ${parts.join('; ')}`,
            },
          });
        }
      },
    };
  },
};
