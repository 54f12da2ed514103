/** Period keys: months `YYYY-MM`, quarters `YYYYQn`, years `YYYY`; CST month boundaries. */
import { validatePeriod } from '../model/validators';
import type { PeriodKind } from './targets';

export interface PeriodKey {
  kind: PeriodKind;
  key: string;
  months: string[];
}

/** A period key as the API or a job states it, canonical; throws RangeError with the reason. */
export function parsePeriod(raw: string, expected?: PeriodKind): PeriodKey {
  const parsed = validatePeriod(raw, expected);
  if (!parsed.ok) throw new RangeError(parsed.reason);
  return parsed.value;
}

export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

export function yearOf(month: string): string {
  return month.slice(0, 4);
}

export function addMonths(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function daysInMonth(month: string): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** [start, end) of a month in China Standard Time. */
export function monthRange(month: string): { start: Date; end: Date } {
  return { start: new Date(`${month}-01T00:00:00+08:00`), end: new Date(`${addMonths(month, 1)}-01T00:00:00+08:00`) };
}

/** The period before: previous month, quarter or year. */
export function previousPeriod(period: PeriodKey): string {
  if (period.kind === 'MONTH') return addMonths(period.key, -1);
  if (period.kind === 'YEAR') return String(Number(period.key) - 1);
  const year = Number(period.key.slice(0, 4));
  const q = Number(period.key.slice(5));
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

/** The month before the one containing `now` (CST): what jobs default to. */
export function previousMonth(now: Date): string {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  return addMonths(`${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`, -1);
}
