/**
 * Reads several rules share, answered from the run's reference sets: a set of parties' platform
 * ledgers summed over some months, and which USCCs the industrial platform registers.
 */
import type { Types } from 'mongoose';
import type { MassMeasure, ReportKind } from '../../model/periodReport';
import { usccKey, type ReferenceSets, type ReportRow } from './rule';

export interface SummedReports {
  grams: number;
  records: Types.ObjectId[];
  rows: number;
}

/** Σ `measure` of monthly reports of `kind` per USCC over `months` (only rows whose own month is listed). */
export async function sumMonthlyReports(refs: ReferenceSets, kind: ReportKind, measure: MassMeasure, usccs: readonly string[], months: readonly string[]): Promise<Map<string, SummedReports>> {
  const sums = new Map<string, SummedReports>();
  if (usccs.length === 0) return sums;
  const wanted = new Set(usccs);
  for (const row of await refs.reports(kind, months)) {
    const uscc = usccKey(row.party?.uscc);
    if (!uscc || !wanted.has(uscc) || row.periodKind !== 'MONTH' || !months.includes(row.period)) continue;
    const entry = sums.get(uscc) ?? { grams: 0, records: [], rows: 0 };
    entry.grams += row.lines.filter((l) => l.measure === measure).reduce((s, l) => s + l.grams, 0);
    entry.records.push(...row.sources);
    entry.rows += 1;
    sums.set(uscc, entry);
  }
  return sums;
}

/** USCCs (of those asked) that the industrial platform registers: a party with an industrial alias. */
export async function registeredOnPlatform(refs: ReferenceSets, usccs: readonly string[]): Promise<Set<string>> {
  const registered = await refs.platformRegistered();
  return new Set(usccs.filter((uscc) => registered.has(uscc)));
}

/** What the industrial platform says a batch of companies generated over some months (TAX- and STAT-PLATFORM). */
export interface PlatformGenerated {
  registered: Set<string>;
  general: Map<string, SummedReports>;
  hw: Map<string, SummedReports>;
}

export async function platformGenerated(refs: ReferenceSets, usccs: readonly string[], months: readonly string[]): Promise<PlatformGenerated> {
  const [registered, general, hw] = await Promise.all([
    registeredOnPlatform(refs, usccs),
    sumMonthlyReports(refs, 'GENERAL_LEDGER', 'GENERATED', usccs, months),
    sumMonthlyReports(refs, 'HW_LEDGER', 'GENERATED', usccs, months),
  ]);
  return { registered, general, hw };
}

/** Σ of a report's GENERATED lines, in grams. */
export function generatedGrams(report: Pick<ReportRow, 'lines'>): number {
  return report.lines.filter((l) => l.measure === 'GENERATED').reduce((sum, l) => sum + l.grams, 0);
}
