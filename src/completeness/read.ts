/**
 * The completeness calendar's inputs from the store: reporters (who filed each kind, from when) and the
 * receipts of the periods asked. Each kind's reports are read once (`{ source, kind }`: the
 * `{ source, kind, reportKey }` index serves it); a receipt's time and versions come from its source
 * records by `_id` point reads, only for the periods asked.
 */
import type { Types } from 'mongoose';
import { config } from '../config';
import { PeriodReportModel, type PeriodReport } from '../model/periodReport';
import { SourceRecordModel } from '../model/sourceRecord';
import { SyncRunModel } from '../model/syncRun';
import { CURSOR_BATCH, usccKey } from '../reconcile/rules/rule';
import { FILING_CADENCE, FILING_KINDS, FILING_STREAM, calendarCells, receiptKey, watchKey, type Cell, type DueDays, type FilingKind, type Receipt, type Reporter } from './calendar';

/** One filing row: whose, for which period, and its source records. */
export interface FilingRow {
  kind: FilingKind;
  reporterKey: string;
  label: string;
  street: string | null;
  period: string;
  sources: Types.ObjectId[];
}

type ReportHead = Pick<PeriodReport, 'kind' | 'period' | 'periodKind' | 'party' | 'area' | 'sources'>;

/** The reporter a report row belongs to, or null when it names none (no USCC, no area). Pure. */
export function filingRowOf(kind: FilingKind, report: ReportHead): FilingRow | null {
  if (report.periodKind !== FILING_CADENCE[kind]) return null; // e.g. annual econ figures: not a monthly filing
  if (kind === 'ECON') {
    if (!report.area) return null;
    return { kind, reporterKey: `AREA:${report.area.name}`, label: report.area.name, street: report.area.street, period: report.period, sources: report.sources };
  }
  const uscc = usccKey(report.party?.uscc);
  if (!uscc) return null;
  return { kind, reporterKey: uscc, label: report.party?.name ?? uscc, street: null, period: report.period, sources: report.sources };
}

/** Every filing row of `kind` in the store, read once. */
export async function loadFilingRows(kind: FilingKind): Promise<FilingRow[]> {
  const rows: FilingRow[] = [];
  const cursor = PeriodReportModel.find({ source: FILING_STREAM[kind], kind })
    .select({ kind: 1, period: 1, periodKind: 1, 'party.uscc': 1, 'party.name': 1, area: 1, sources: 1 })
    .lean<ReportHead[]>()
    .cursor({ batchSize: CURSOR_BATCH });
  for await (const report of cursor) {
    const row = filingRowOf(kind, report);
    if (row) rows.push(row);
  }
  return rows;
}

/** Reporters of the rows: one per (kind, key), from the first period it filed. Pure. */
export function reportersOf(rows: readonly FilingRow[], streets: ReadonlyMap<string, string | null> = new Map()): Reporter[] {
  const byKey = new Map<string, Reporter>();
  for (const row of rows) {
    const key = `${row.kind}|${row.reporterKey}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, { key: row.reporterKey, label: row.label, kind: row.kind, street: row.street ?? streets.get(row.reporterKey) ?? null, firstPeriod: row.period });
    else if (row.period < known.firstPeriod) known.firstPeriod = row.period;
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key) || a.kind.localeCompare(b.kind));
}

interface SourceHead {
  source: string;
  stream: string;
  version: number;
  firstSeenAt: Date;
  payload: { updatedAt?: unknown };
  history: { payload: { updatedAt?: unknown } }[];
}

function instant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * When one source record first arrived: its first version's own `updatedAt` (the reporter's submission
 * time, which the sandbox and the platform state), else when the hub first saw it. Pure.
 */
export function firstReceivedAt(record: Pick<SourceHead, 'version' | 'firstSeenAt' | 'payload' | 'history'>): { at: Date; stated: boolean } {
  const first = record.history[0]?.payload ?? record.payload;
  const stated = instant(first.updatedAt);
  return stated ? { at: stated, stated: true } : { at: record.firstSeenAt, stated: false };
}

/** Receipts of the rows: per cell the earliest first arrival and the most versions of its records. */
export async function loadReceipts(rows: readonly FilingRow[]): Promise<Map<string, Receipt>> {
  const receipts = new Map<string, Receipt>();
  for (const row of rows) {
    for (const id of row.sources) {
      // a lone `{ _id }` filter: a point read on every store
      const record = await SourceRecordModel.findById(id).select({ source: 1, stream: 1, version: 1, firstSeenAt: 1, 'payload.updatedAt': 1, 'history.payload.updatedAt': 1 }).lean<SourceHead>();
      if (!record) continue;
      const key = receiptKey(row.kind, row.reporterKey, row.period);
      const { at, stated } = firstReceivedAt(record);
      const stream = watchKey(record.source, record.stream);
      const known = receipts.get(key);
      if (!known) receipts.set(key, { receivedAt: at, stated, versions: record.version, stream });
      else {
        if (at < known.receivedAt) {
          known.receivedAt = at;
          known.stated = stated;
          known.stream = stream;
        }
        known.versions = Math.max(known.versions, record.version);
      }
    }
  }
  return receipts;
}

/**
 * When the hub first synced each stream of `receipts` successfully (its watch start), one read per
 * stream: the `{ connector, stream, status, startedAt }` index of SyncRun serves it.
 */
export async function loadWatchStarts(receipts: ReadonlyMap<string, Receipt>): Promise<Map<string, Date>> {
  const streams = new Set<string>();
  for (const receipt of receipts.values()) if (receipt.stream) streams.add(receipt.stream);
  const starts = new Map<string, Date>();
  for (const key of streams) {
    const slash = key.indexOf('/');
    const first = await SyncRunModel.findOne({ connector: key.slice(0, slash), stream: key.slice(slash + 1), status: 'SUCCEEDED' })
      .sort({ startedAt: 1 })
      .select({ startedAt: 1 })
      .lean<{ startedAt: Date }>();
    if (first) starts.set(key, first.startedAt);
  }
  return starts;
}

/** The due days in force (src/config.ts). */
export function configuredDueDays(): DueDays {
  const c = config();
  return { monthly: c.COMPLETENESS_DUE_DAY_MONTHLY, quarterly: c.COMPLETENESS_DUE_DAY_QUARTERLY, annualMonth: c.COMPLETENESS_DUE_MONTH_ANNUAL, annualDay: c.COMPLETENESS_DUE_DAY_ANNUAL };
}

export interface CalendarInputs {
  reporters: Reporter[];
  rows: FilingRow[];
}

/** Every kind's reporters and rows (one read of the period reports per kind). */
export async function loadCalendarInputs(kinds: readonly FilingKind[] = FILING_KINDS, streets?: ReadonlyMap<string, string | null>): Promise<CalendarInputs> {
  const rows = (await Promise.all(kinds.map(loadFilingRows))).flat();
  return { rows, reporters: reportersOf(rows, streets) };
}

/** The cells of `periods` at `asOf`, receipts read only for those periods. */
export async function calendarFor(inputs: CalendarInputs, periods: readonly string[], asOf: Date, due: DueDays = configuredDueDays()): Promise<Cell[]> {
  const wanted = new Set(periods);
  const receipts = await loadReceipts(inputs.rows.filter((r) => wanted.has(r.period)));
  return calendarCells(inputs.reporters, periods, receipts, asOf, due, await loadWatchStarts(receipts));
}
