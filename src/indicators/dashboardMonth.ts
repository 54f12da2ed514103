/**
 * Which month a dashboard opens on. A month fills in as its sources report; a month-end sync already opens
 * the next month with a handful of straggling records (a receipt weighed after midnight, a ledger filed
 * early), so "the latest month with any value" is a month where most priority indicators have no input.
 *
 * Rule: a month's coverage is how many priority indicators have a value in it; the dashboard opens on the
 * latest month whose coverage is the best of all months (the latest month the sources have reported as
 * fully as they ever have). Months after it stay listed with their coverage for a reader to pick.
 */
import { PRIORITY_CODES } from './definitions';
import { IndicatorValueModel } from './indicatorValueModel';

export interface MonthCoverage {
  period: string;
  /** priority indicators with a value in the month */
  valued: number;
}

/** The dashboard's default month among `months` (any order); null when none has a value. Pure. */
export function defaultDashboardMonth(months: readonly MonthCoverage[]): string | null {
  const best = Math.max(0, ...months.map((m) => m.valued));
  if (best === 0) return null;
  return months.filter((m) => m.valued === best).map((m) => m.period).sort().at(-1) ?? null;
}

/** Coverage per month of monthly values, oldest first. Pure. */
export function coverageOf(values: readonly { period: string; value?: string | null }[]): MonthCoverage[] {
  const valued = new Map<string, number>();
  for (const v of values) valued.set(v.period, (valued.get(v.period) ?? 0) + (v.value == null ? 0 : 1));
  return [...valued].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, n]) => ({ period, valued: n }));
}

/**
 * Every month with a current priority value for `area`, oldest first, with its coverage: one indexed
 * find of (months × priority indicators) small projected documents, counted by `coverageOf`.
 */
export async function priorityCoverage(area: string): Promise<MonthCoverage[]> {
  const values = await IndicatorValueModel.find({ code: { $in: [...PRIORITY_CODES] }, area, periodKind: 'MONTH', current: true }, { period: 1, value: 1 }).lean<{ period: string; value?: string | null }[]>();
  return coverageOf(values);
}
