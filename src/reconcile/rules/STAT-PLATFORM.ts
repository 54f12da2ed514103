/**
 * STAT-PLATFORM — do the annual environmental statistics (环境统计) agree with the platform's monthly
 * ledgers for the same year? (DESIGN §5; taxstat.md "agree with the sum of the platform's monthly ledgers")
 *
 * Compares each kind on its own, and each measure on its own, so a gap cannot hide inside a sum:
 * - general waste (the GeneralSolidWaste elements, 污泥 + 其他 summed: the statistics' categories are too
 *   coarse to match catalogue codes) against the general ledgers: generated vs Σ csl, disposed vs
 *   Σ zxczl + wtczl, utilized vs Σ zxlyl + wtlyl (with or without the wnzcly taken out of stock, and
 *   with or without utilizedFromStock added);
 * - hazardous waste (the HazardousWaste element) against the HW ledgers: generated vs Σ csl,
 *   utilizedDisposed vs Σ zxlyczl + wtzyl.
 * A measure more than 10 % away from every reading of the platform figure is a finding; one flag per
 * enterprise and year (`<USCC>`) lists the kinds and measures that disagree.
 *
 * Unknown, so not compared: a measure the statistics leave empty or state implausibly (DATA-QUALITY);
 * a ledger measure stated implausibly; a kind whose ledgers the enterprise did not file for a month others
 * filed for (the year's platform total is incomplete: a completeness matter); landfilled and stored (their platform readings depend on
 * manifests' routes and the year-end stock, which the statistics define differently).
 * Not a finding: an enterprise the platform does not register (COVERAGE's concern).
 */
import type { Types } from 'mongoose';
import type { MassMeasure } from '../../model/periodReport';
import { compareDeclaredKind, type MeasureGap, type MeasureSides } from './TAX-PLATFORM';
import { monthsOfPeriod, pctText, side, tonnesText, unique, usccKey, type ReportRow, type Rule } from './rule';

/** Σ grams per measure over rows, and the measures some row leaves empty or states implausibly. */
export interface MeasureSums {
  sums: Map<MassMeasure, number>;
  unknown: Set<MassMeasure>;
  /** the months the rows cover (ledgers: the months the enterprise filed) */
  months: Set<string>;
  records: Types.ObjectId[];
}

const emptySums = (): MeasureSums => ({ sums: new Map(), unknown: new Set(), months: new Set(), records: [] });

function addRow(entry: MeasureSums, row: Pick<ReportRow, 'lines' | 'qualityFindings' | 'sources'>, expected: readonly MassMeasure[]): void {
  const implausible = new Set((row.qualityFindings ?? []).map((f) => f.measure));
  for (const measure of expected) {
    const lines = row.lines.filter((l) => l.measure === measure);
    if (implausible.has(measure)) entry.unknown.add(measure);
    else entry.sums.set(measure, (entry.sums.get(measure) ?? 0) + lines.reduce((s, l) => s + l.grams, 0));
  }
  entry.records.push(...row.sources);
}

/** Pure: the measure sides of one kind; a statistics measure with no line at all is unknown. */
export function statMeasureSides(kind: 'GENERAL' | 'HW', stat: MeasureSums & { stated: Set<MassMeasure> }, platform: MeasureSums | null): MeasureSides[] {
  const s = (m: MassMeasure): number | null => (stat.unknown.has(m) || !stat.stated.has(m) ? null : (stat.sums.get(m) ?? 0));
  const p = (m: MassMeasure): number | null => (platform?.unknown.has(m) ? null : (platform?.sums.get(m) ?? 0));
  const total = (...values: (number | null)[]): number | null => (values.some((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0));
  const list = (...values: (number | null)[]) => unique(values.filter((v): v is number => v !== null));
  if (kind === 'HW') {
    return [
      { measure: 'GENERATED', declared: list(s('GENERATED')), platform: list(p('GENERATED')) },
      { measure: 'UTILISED_DISPOSED', declared: list(s('UTILISED_DISPOSED')), platform: list(total(p('UTILISED_DISPOSED_ONSITE'), p('SHIPPED'))) },
    ];
  }
  const utilised = total(p('UTILISED_ONSITE'), p('UTILISED_CONTRACTED'));
  const fromStock = p('UTILISED_FROM_STOCK');
  return [
    { measure: 'GENERATED', declared: list(s('GENERATED')), platform: list(p('GENERATED')) },
    { measure: 'DISPOSED', declared: list(s('DISPOSED')), platform: list(total(p('DISPOSED_ONSITE'), p('DISPOSED_CONTRACTED'))) },
    { measure: 'UTILISED', declared: list(s('UTILISED'), total(s('UTILISED'), s('UTILISED_FROM_STOCK'))), platform: list(utilised, utilised === null || fromStock === null ? null : utilised - fromStock) },
  ];
}

const STAT_GENERAL: readonly MassMeasure[] = ['GENERATED', 'UTILISED', 'UTILISED_FROM_STOCK', 'DISPOSED'];
const STAT_HW: readonly MassMeasure[] = ['GENERATED', 'UTILISED_DISPOSED'];
const LEDGER_GENERAL: readonly MassMeasure[] = ['GENERATED', 'UTILISED_ONSITE', 'UTILISED_CONTRACTED', 'UTILISED_FROM_STOCK', 'DISPOSED_ONSITE', 'DISPOSED_CONTRACTED'];
const LEDGER_HW: readonly MassMeasure[] = ['GENERATED', 'UTILISED_DISPOSED_ONSITE', 'SHIPPED'];

interface Stated {
  general: (MeasureSums & { stated: Set<MassMeasure> }) | null;
  hw: (MeasureSums & { stated: Set<MassMeasure> }) | null;
  name: string | null;
}

/** Σ per USCC over the year's monthly ledgers; an enterprise missing a month others filed for is unknown. */
function ledgerSums(rows: readonly ReportRow[], months: readonly string[], measures: readonly MassMeasure[]): Map<string, MeasureSums | 'INCOMPLETE'> {
  const out = new Map<string, MeasureSums>();
  const filedMonths = new Set<string>();
  for (const row of rows) {
    const uscc = usccKey(row.party?.uscc);
    if (!uscc || row.periodKind !== 'MONTH' || !months.includes(row.period)) continue;
    const entry = out.get(uscc) ?? emptySums();
    addRow(entry, row, measures);
    entry.months.add(row.period);
    filedMonths.add(row.period);
    out.set(uscc, entry);
  }
  return new Map([...out].map(([uscc, sums]) => [uscc, [...filedMonths].every((m) => sums.months.has(m)) ? sums : 'INCOMPLETE']));
}

const MEASURE_NAMES: Readonly<Partial<Record<MassMeasure, string>>> = { GENERATED: 'generated 产生量', DISPOSED: 'disposed 处置量', UTILISED: 'utilized 综合利用量', UTILISED_DISPOSED: 'utilizedDisposed 利用处置量' };

export const statPlatform: Rule = {
  id: 'STAT-PLATFORM',
  title: 'annual statistics vs platform',
  stream: 'taxstat',
  subjectKind: 'PARTY',
  key: 'USCC + year',
  reads: ['periodreports', 'parties'],
  kinds: { reports: ['ENV_STAT', 'GENERAL_LEDGER', 'HW_LEDGER'] },
  toleranceUnit: '%',
  defaults: { tolerance: 10, severity: 'LOW' },
  periodsOf: (months) => unique(months.map((m) => m.slice(0, 4))),
  evaluate({ period, settings, refs }, emit) {
    return {
      async finish() {
        const months = monthsOfPeriod(period);
        const stated = new Map<string, Stated>();
        for (const row of await refs.reports('ENV_STAT', months)) {
          const uscc = usccKey(row.party?.uscc);
          if (!uscc || row.period !== period) continue;
          const entry = stated.get(uscc) ?? { general: null, hw: null, name: row.party?.name ?? null };
          const hw = row.category === 'HW';
          const sums = (hw ? entry.hw : entry.general) ?? { ...emptySums(), stated: new Set<MassMeasure>() };
          addRow(sums, row, hw ? STAT_HW : STAT_GENERAL);
          for (const line of row.lines) sums.stated.add(line.measure);
          if (hw) entry.hw = sums;
          else entry.general = sums;
          stated.set(uscc, entry);
        }
        if (stated.size === 0) return;
        const registered = await refs.platformRegistered();
        const general = ledgerSums(await refs.reports('GENERAL_LEDGER', months), months, LEDGER_GENERAL);
        const hw = ledgerSums(await refs.reports('HW_LEDGER', months), months, LEDGER_HW);
        const streets = await refs.partyStreets();
        for (const uscc of [...stated.keys()].sort()) {
          if (!registered.has(uscc)) continue;
          const stat = stated.get(uscc)!;
          const platformGeneral = general.get(uscc) ?? null;
          const platformHw = hw.get(uscc) ?? null;
          // A HazardousWaste element missing while the platform's HW ledgers state generation is a gap too.
          const statHw = stat.hw ?? (platformHw && platformHw !== 'INCOMPLETE' && (platformHw.sums.get('GENERATED') ?? 0) > 0 ? { ...emptySums(), stated: new Set<MassMeasure>(['GENERATED']) } : null);
          const gaps: { kind: 'GENERAL' | 'HW'; gap: MeasureGap; records: Types.ObjectId[] }[] = [];
          // an enterprise missing a month of ledgers others filed for: its year total is unknown (completeness)
          if (stat.general && platformGeneral !== 'INCOMPLETE') for (const gap of compareDeclaredKind(statMeasureSides('GENERAL', stat.general, platformGeneral), settings.tolerance)) gaps.push({ kind: 'GENERAL', gap, records: platformGeneral?.records ?? [] });
          if (statHw && platformHw !== 'INCOMPLETE') for (const gap of compareDeclaredKind(statMeasureSides('HW', statHw, platformHw), settings.tolerance)) gaps.push({ kind: 'HW', gap, records: platformHw?.records ?? [] });
          if (gaps.length === 0) continue;
          const parts = gaps.map(({ kind, gap }) => `${kind === 'GENERAL' ? 'general' : 'HW'} ${MEASURE_NAMES[gap.measure] ?? gap.measure}: statistics ${tonnesText(gap.declaredGrams)}, platform ${tonnesText(gap.platformGrams)} (${pctText(gap.declaredGrams, gap.platformGrams, gap.platformGrams)})`);
          const first = gaps[0]!;
          await emit({
            rule: 'STAT-PLATFORM',
            severity: settings.severity,
            stream: 'taxstat',
            period,
            subject: { kind: 'PARTY', key: uscc, label: `${stat.name ?? uscc} ${period}`, partyUscc: uscc, street: streets.get(uscc) ?? null },
            evidence: {
              sides: [
                side({ source: 'taxstat', label: `envstat ${first.kind === 'GENERAL' ? 'GeneralSolidWaste' : 'HazardousWaste'} ${MEASURE_NAMES[first.gap.measure] ?? first.gap.measure}`, value: tonnesText(first.gap.declaredGrams).replace(' t', ''), unit: 't', grams: first.gap.declaredGrams, records: [...(stat.general?.records ?? []), ...(stat.hw?.records ?? [])] }),
                side({ source: 'industrial', label: `platform Σ ${first.kind === 'GENERAL' ? 'general' : 'HW'} ledgers (${period})`, value: tonnesText(first.gap.platformGrams).replace(' t', ''), unit: 't', grams: first.gap.platformGrams, records: first.records }),
              ],
              difference: parts.join('; '),
              differenceGrams: first.gap.declaredGrams - first.gap.platformGrams,
              tolerance: `${settings.tolerance} %`,
              message: `${uscc} ${period}: 环境统计与平台月台账合计不一致 / the annual statistics differ from the platform's monthly ledgers: ${parts.join('; ')}`,
            },
          });
        }
      },
    };
  },
};
