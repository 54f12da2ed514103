/**
 * Batched reads several rules share: a set of parties' platform ledgers summed over some months, and
 * which USCCs the industrial platform registers. Always `$in` over a bounded batch of USCCs.
 */
import type { Types } from 'mongoose';
import { PartyModel, type Party } from '../../model/party';
import { PeriodReportModel, type MassMeasure, type PeriodReport, type ReportKind } from '../../model/periodReport';
import { usccKey } from './rule';

export interface SummedReports {
  grams: number;
  records: Types.ObjectId[];
  rows: number;
}

/** Σ `measure` of monthly reports of `kind` per USCC over `months` (only rows whose own month is listed). */
export async function sumMonthlyReports(kind: ReportKind, measure: MassMeasure, usccs: readonly string[], months: readonly string[]): Promise<Map<string, SummedReports>> {
  const sums = new Map<string, SummedReports>();
  if (usccs.length === 0) return sums;
  const rows = await PeriodReportModel.find({ kind, 'party.uscc': { $in: [...usccs] }, months: { $in: [...months] } })
    .select({ period: 1, periodKind: 1, party: 1, lines: 1, sources: 1 })
    .lean<Pick<PeriodReport, 'period' | 'periodKind' | 'party' | 'lines' | 'sources'>[]>();
  for (const row of rows) {
    const uscc = usccKey(row.party?.uscc);
    if (!uscc || row.periodKind !== 'MONTH' || !months.includes(row.period)) continue;
    const entry = sums.get(uscc) ?? { grams: 0, records: [], rows: 0 };
    entry.grams += row.lines.filter((l) => l.measure === measure).reduce((s, l) => s + l.grams, 0);
    entry.records.push(...row.sources);
    entry.rows += 1;
    sums.set(uscc, entry);
  }
  return sums;
}

/** USCCs (of those asked) that the industrial platform registers: a party with an industrial alias. */
export async function registeredOnPlatform(usccs: readonly string[]): Promise<Set<string>> {
  const registered = new Set<string>();
  if (usccs.length === 0) return registered;
  const parties = await PartyModel.find({ $or: [{ uscc: { $in: [...usccs] } }, { 'aliases.usccRaw': { $in: [...usccs] } }] })
    .select({ uscc: 1, aliases: 1 })
    .lean<Pick<Party, 'uscc' | 'aliases'>[]>();
  for (const party of parties) {
    for (const alias of party.aliases) {
      if (alias.source !== 'industrial') continue;
      const key = usccKey(alias.usccRaw) ?? usccKey(party.uscc);
      if (key) registered.add(key);
    }
  }
  return registered;
}

/** What the industrial platform says a batch of companies generated over some months (TAX- and STAT-PLATFORM). */
export interface PlatformGenerated {
  registered: Set<string>;
  general: Map<string, SummedReports>;
  hw: Map<string, SummedReports>;
}

export async function platformGenerated(usccs: readonly string[], months: readonly string[]): Promise<PlatformGenerated> {
  const [registered, general, hw] = await Promise.all([
    registeredOnPlatform(usccs),
    sumMonthlyReports('GENERAL_LEDGER', 'GENERATED', usccs, months),
    sumMonthlyReports('HW_LEDGER', 'GENERATED', usccs, months),
  ]);
  return { registered, general, hw };
}

/** Σ of a report's GENERATED lines, in grams. */
export function generatedGrams(report: Pick<PeriodReport, 'lines'>): number {
  return report.lines.filter((l) => l.measure === 'GENERATED').reduce((sum, l) => sum + l.grams, 0);
}
