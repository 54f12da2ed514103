/**
 * The completeness calendar (应统尽统, issue #15), pure: who must file what for which period, and what
 * each expected filing's state is at an instant. No store access here (./read.ts gathers the inputs).
 *
 * Conservative on purpose: a reporter is expected to file a kind of report from the first period it ever
 * filed one (the registries say it is a filer of that kind), and every period after, up to the period
 * asked — while the registry that makes it a filer holds it (medical institutions: the institution
 * registry; weigh tickets: the household facility registry; `Reporter.until` ends it on deregistration).
 * A registered party that never filed a kind is not expected to (unknown: it may not generate that
 * waste), so a steward can act on every MISSING.
 */

export const FILING_KINDS = ['GENERAL_LEDGER', 'HW_LEDGER', 'ENV_TAX', 'ENV_STAT', 'ECON', 'MEDICAL_LEDGER', 'MEDICAL_RECEIPTS', 'WEIGH_TICKETS'] as const;
export type FilingKind = (typeof FILING_KINDS)[number];

export type FilingCadence = 'DAY' | 'MONTH' | 'QUARTER' | 'YEAR';

export const CELL_STATUSES = ['RECEIVED', 'LATE', 'MISSING', 'REVISED', 'NOT_DUE'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

/** The stream (agency) that publishes each kind: the stream scope gate filters by it. */
export const FILING_STREAM: Readonly<Record<FilingKind, 'industrial' | 'taxstat' | 'medical' | 'household'>> = {
  GENERAL_LEDGER: 'industrial',
  HW_LEDGER: 'industrial',
  ENV_TAX: 'taxstat',
  ENV_STAT: 'taxstat',
  ECON: 'taxstat',
  MEDICAL_LEDGER: 'medical',
  MEDICAL_RECEIPTS: 'medical',
  WEIGH_TICKETS: 'household',
};

export const FILING_CADENCE: Readonly<Record<FilingKind, FilingCadence>> = {
  GENERAL_LEDGER: 'MONTH',
  HW_LEDGER: 'MONTH',
  ENV_TAX: 'QUARTER',
  ENV_STAT: 'YEAR',
  ECON: 'MONTH',
  MEDICAL_LEDGER: 'MONTH',
  MEDICAL_RECEIPTS: 'MONTH',
  WEIGH_TICKETS: 'DAY',
};

/**
 * Due days: the day of the month after the period ends (monthly/quarterly), a month and day of the next
 * year (annual), or a number of days after the day (daily: 1 = by the end of the next day).
 */
export interface DueDays {
  monthly: number;
  quarterly: number;
  annualMonth: number;
  annualDay: number;
  daily: number;
}

export const DEFAULT_DUE_DAYS: DueDays = { monthly: 15, quarterly: 15, annualMonth: 3, annualDay: 31, daily: 1 };

const CST_MS = 8 * 3_600_000;

/** The period key of a cadence containing `month` (`YYYY-MM`; a daily cadence has none: the month). */
export function periodOfMonth(month: string, cadence: FilingCadence): string {
  if (cadence === 'MONTH' || cadence === 'DAY') return month;
  if (cadence === 'YEAR') return month.slice(0, 4);
  return `${month.slice(0, 4)}Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** First and last month (`YYYY-MM`) of a period key. */
function monthBounds(period: string): { year: number; first: number; last: number } {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) {
    const q = Number(quarter[2]);
    return { year: Number(quarter[1]), first: q * 3 - 2, last: q * 3 };
  }
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return { year: Number(month[1]), first: Number(month[2]), last: Number(month[2]) };
  if (/^\d{4}$/.test(period)) return { year: Number(period), first: 1, last: 12 };
  throw new Error(`not a period: "${period}"`);
}

/**
 * The instant a filing for `period` becomes late: the end of its due day in China Standard Time (a day
 * past the month's length clamps to its last day).
 */
export function dueEnd(period: string, cadence: FilingCadence, due: DueDays = DEFAULT_DUE_DAYS): Date {
  if (cadence === 'DAY') {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
    if (!day) throw new Error(`not a day: "${period}"`);
    return new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + 1 + Math.max(due.daily, 0)) - CST_MS);
  }
  const { year, last } = monthBounds(period);
  let y = year;
  let m = last + 1; // the month after the period, 1-based
  let day = cadence === 'QUARTER' ? due.quarterly : due.monthly;
  if (cadence === 'YEAR') {
    y = year + 1;
    m = due.annualMonth;
    day = due.annualDay;
  } else if (m > 12) {
    y += 1;
    m = 1;
  }
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const clamped = Math.min(Math.max(day, 1), daysInMonth);
  return new Date(Date.UTC(y, m - 1, clamped + 1) - CST_MS);
}

/** The days (`YYYY-MM-DD`) of a month (`YYYY-MM`). Pure. */
export function daysOfMonth(month: string): string[] {
  const { year, first } = monthBounds(month);
  const count = new Date(Date.UTC(year, first, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The instant a period (day, month, quarter or year) ends, China Standard Time. */
export function periodEnd(period: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (day) return new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + 1) - CST_MS);
  const { year, last } = monthBounds(period);
  return new Date(Date.UTC(year, last, 1) - CST_MS);
}

/** The periods of a cadence from `first` through `last` (both period keys of that cadence), in order. */
export function periodsBetween(first: string, last: string, cadence: FilingCadence): string[] {
  const out: string[] = [];
  const start = monthBounds(first);
  const end = monthBounds(last);
  let y = start.year;
  let m = start.first;
  while (y < end.year || (y === end.year && m <= end.first)) {
    const key = periodOfMonth(`${y}-${String(m).padStart(2, '0')}`, cadence);
    if (out.at(-1) !== key) out.push(key);
    m += 1;
    if (m > 12) {
      y += 1;
      m = 1;
    }
  }
  return out;
}

/** What the hub holds of one filing: when it first arrived and how many versions it has had. */
export interface Receipt {
  /** the source's time of the first version (its `updatedAt`), else when the hub first saw it */
  receivedAt: Date;
  /**
   * true when `receivedAt` is the source's own statement; false when only the hub's sync time is known
   * (file feeds carry no submission time per row): then lateness is unknown, never LATE
   */
  stated: boolean;
  /** 1 for an untouched filing; > 1 once the reporter replaced it */
  versions: number;
  /** the connector stream (`watchKey`) that delivered the first version, when known */
  stream: string | null;
  /**
   * for a receipt whose time is not stated: the time of a successful sync of its stream at or after the
   * due instant that did not deliver it (it came later), else null. The hub saw it absent after its due
   * day: LATE without a stated time.
   */
  absentAt?: Date | null;
}

/** The key of a connector stream in the watch starts: `source/stream`. */
export function watchKey(source: string, stream: string): string {
  return `${source}/${stream}`;
}

/**
 * One cell's status at `asOf`. LATE only when the hub watched it happen: it was already syncing the
 * stream before the due instant (`watchedSince`, its first successful sync) and the first version's own
 * time is after it. A filing first seen in a backfill carries its LAST change's time, so an on-time
 * filing corrected later would look late: unknown, never LATE. When only the hub's sync time is known
 * (file drops), LATE only when a successful sync at or after the due instant did not find it
 * (`receipt.absentAt`); a first sight after the due day alone says nothing (the hub may not have looked).
 * REVISED when a not-late filing was replaced, RECEIVED otherwise; without a filing MISSING once the due
 * day has passed, NOT_DUE before.
 */
export function cellStatus(receipt: Receipt | null, due: Date, asOf: Date, watchedSince: Date | null = null): CellStatus {
  if (!receipt) return asOf.getTime() >= due.getTime() ? 'MISSING' : 'NOT_DUE';
  const watchedBeforeDue = watchedSince !== null && watchedSince.getTime() < due.getTime();
  if (receipt.stated && watchedBeforeDue && receipt.receivedAt.getTime() >= due.getTime()) return 'LATE';
  if (!receipt.stated && receipt.absentAt && receipt.absentAt.getTime() >= due.getTime() && receipt.absentAt.getTime() < receipt.receivedAt.getTime()) return 'LATE';
  return receipt.versions > 1 ? 'REVISED' : 'RECEIVED';
}

/**
 * A reporter of one kind: its key (USCC, the area for ECON, the facility code for weigh tickets) and the
 * first period it ever filed (a day for a daily kind).
 */
export interface Reporter {
  key: string;
  label: string;
  kind: FilingKind;
  street: string | null;
  firstPeriod: string;
  /**
   * the last instant the hub can vouch for: when it saw the reporter leave its registry (deregistered),
   * or how far its feed has delivered (weigh tickets: the latest ticket weighed at any weighing facility).
   * Periods ending after it are not expected (a received filing is still shown).
   */
  until?: Date | null;
}

export interface Cell {
  reporterKey: string;
  kind: FilingKind;
  period: string;
  status: CellStatus;
  receivedAt: Date | null;
  dueAt: Date;
}

export type StatusCounts = Record<CellStatus, number>;

export function emptyCounts(): StatusCounts {
  return { RECEIVED: 0, LATE: 0, MISSING: 0, REVISED: 0, NOT_DUE: 0 };
}

/** The periods of `periods` a reporter of `cadence` files for: its own cadence's, and a month's days for a daily kind. */
export function periodsFor(cadence: FilingCadence, periods: readonly string[]): string[] {
  if (cadence !== 'DAY') return periods.filter((p) => periodCadence(p) === cadence);
  return [...new Set(periods.flatMap((p) => (periodCadence(p) === 'DAY' ? [p] : periodCadence(p) === 'MONTH' ? daysOfMonth(p) : [])))];
}

/**
 * The expected cells of `reporters` over `periods` (period keys of each reporter's cadence; periods of
 * another cadence are ignored for that reporter, except that a month stands for its days for a daily
 * kind), with their status. `receipts` is keyed by
 * `receiptKey(kind, reporter, period)`; `watchStarts` by `watchKey(source, stream)` is when the hub first
 * synced each stream successfully (a stream absent from it was never watched: no filing of it is LATE).
 */
export function calendarCells(reporters: readonly Reporter[], periods: readonly string[], receipts: ReadonlyMap<string, Receipt>, asOf: Date, due: DueDays = DEFAULT_DUE_DAYS, watchStarts: ReadonlyMap<string, Date> = new Map()): Cell[] {
  const cells: Cell[] = [];
  for (const reporter of reporters) {
    const cadence = FILING_CADENCE[reporter.kind];
    for (const period of periodsFor(cadence, periods)) {
      if (period < reporter.firstPeriod) continue;
      const receipt = receipts.get(receiptKey(reporter.kind, reporter.key, period)) ?? null;
      if (!receipt && reporter.until && periodEnd(period).getTime() > reporter.until.getTime()) continue; // deregistered, or the feed not past it
      const dueAt = dueEnd(period, cadence, due);
      cells.push({ reporterKey: reporter.key, kind: reporter.kind, period, status: cellStatus(receipt, dueAt, asOf, receipt?.stream ? (watchStarts.get(receipt.stream) ?? null) : null), receivedAt: receipt?.receivedAt ?? null, dueAt });
    }
  }
  return cells;
}

export function receiptKey(kind: FilingKind, reporterKey: string, period: string): string {
  return `${kind}|${reporterKey}|${period}`;
}

export function periodCadence(period: string): FilingCadence {
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return 'DAY';
  if (/^\d{4}Q[1-4]$/.test(period)) return 'QUARTER';
  if (/^\d{4}$/.test(period)) return 'YEAR';
  return 'MONTH';
}

/** Counts per status, grouped by `by` (reporter, period…). */
export function countBy(cells: readonly Cell[], by: (cell: Cell) => string): Map<string, StatusCounts> {
  const out = new Map<string, StatusCounts>();
  for (const cell of cells) {
    const key = by(cell);
    const counts = out.get(key) ?? emptyCounts();
    counts[cell.status] += 1;
    out.set(key, counts);
  }
  return out;
}

/** A cell the COMPLETENESS rule raises a flag for: missing, or first received after its due day. */
export function isFinding(status: CellStatus): boolean {
  return status === 'MISSING' || status === 'LATE';
}
