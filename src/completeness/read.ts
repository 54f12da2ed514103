/**
 * The completeness calendar's inputs from the store: reporters (who filed each kind, from when) and the
 * receipts of the periods asked. Each kind's reports are read once (`{ source, kind }`: the
 * `{ source, kind, reportKey }` index serves it); a receipt's time and versions come from its source
 * records by `_id` point reads, only for the periods asked.
 *
 * Filings that are not period reports are read from their source records, one scan of the stream per
 * kind (`{ source, stream, sourceId }` index), their receipts built during the scan:
 * - MEDICAL_LEDGER / MEDICAL_RECEIPTS: one file of the medical drop per institution (disposer) and month;
 *   a ledger row's record id starts with `<USCC>/<YYYY-MM>|` (connectors/medical/streams.ts). Files state
 *   no submission time: received = when the hub first saw a row of it. Ledgers are expected only of
 *   institutions in the registry (institutions.csv), up to their removal from it (the registry record
 *   retired); disposers have no registry: expected from their first file.
 * - WEIGH_TICKETS: one day of a facility's weigh tickets (CST day of `weighedAt`), of the transfer
 *   stations, incinerators and food-waste plants of the household facility registry; received = the
 *   earliest first version's `updatedAt` of that day's tickets (stated by the platform). A day is
 *   expected only once the feed has delivered a ticket weighed after it ended (at any such facility).
 */
import type { Types } from 'mongoose';
import { config } from '../config';
import { PeriodReportModel, type PeriodReport } from '../model/periodReport';
import { SourceRecordModel } from '../model/sourceRecord';
import { SyncRunModel } from '../model/syncRun';
import { FacilityModel, type FacilityType } from '../model/facility';
import { CURSOR_BATCH, usccKey } from '../reconcile/rules/rule';
import { FILING_CADENCE, FILING_KINDS, FILING_STREAM, calendarCells, dueEnd, receiptKey, watchKey, type Cell, type DueDays, type FilingKind, type Receipt, type Reporter } from './calendar';

/** One filing row: whose, for which period, and its source records. */
export interface FilingRow {
  kind: FilingKind;
  reporterKey: string;
  label: string;
  street: string | null;
  period: string;
  sources: Types.ObjectId[];
  /** filings read from their source records: the receipt built while reading them (no point reads) */
  receipt?: Receipt;
  /** when the reporter left its registry (see Reporter.until) */
  until?: Date | null;
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

/** The household facility types whose daily weigh tickets are expected: transfer stations and plants. */
export const WEIGHING_FACILITY_TYPES: readonly FacilityType[] = ['TRANSFER_STATION', 'INCINERATOR', 'FOOD_WASTE_PLANT'];

const CST_MS = 8 * 3_600_000;

/** A medical drop row's institution (disposer) and month, from its record id (`<USCC>/<YYYY-MM>|…`). Pure. */
export function medicalFileOf(sourceId: string): { uscc: string; month: string } | null {
  const match = /^([0-9A-Z]{18})\/(\d{4}-(?:0[1-9]|1[0-2]))\|/.exec(sourceId);
  return match ? { uscc: match[1]!, month: match[2]! } : null;
}

/** The CST day (`YYYY-MM-DD`) of an instant stated as text, or null. Pure. */
export function cstDayOf(value: unknown): string | null {
  const at = instant(value);
  return at ? new Date(at.getTime() + CST_MS).toISOString().slice(0, 10) : null;
}

/** Adds one record's first arrival to a receipt (earliest arrival, most versions). */
function mergeReceipt(known: Receipt | undefined, next: Receipt): Receipt {
  if (!known) return next;
  if (next.receivedAt < known.receivedAt) {
    known.receivedAt = next.receivedAt;
    known.stated = next.stated;
    known.stream = next.stream;
  }
  known.versions = Math.max(known.versions, next.versions);
  return known;
}

interface RecordHead {
  sourceId: string;
  version: number;
  firstSeenAt: Date;
  retiredAt?: Date | null;
  payload: Record<string, unknown>;
  history: { payload: Record<string, unknown> }[];
}

/** The medical institution registry: USCC → name and, once every record of it is retired, when. */
async function medicalRegistry(): Promise<Map<string, { name: string; until: Date | null }>> {
  const out = new Map<string, { name: string; until: Date | null }>();
  const cursor = SourceRecordModel.find({ source: 'medical', stream: 'institutions' }).select({ sourceId: 1, retiredAt: 1, 'payload.机构名称': 1 }).lean<RecordHead[]>().cursor({ batchSize: CURSOR_BATCH });
  for await (const record of cursor) {
    const uscc = usccKey(record.sourceId);
    if (!uscc) continue;
    const name = typeof record.payload?.['机构名称'] === 'string' ? (record.payload['机构名称'] as string) : uscc;
    const until = record.retiredAt ?? null;
    const known = out.get(uscc);
    // registered while any record of it is current
    if (!known) out.set(uscc, { name, until });
    else if (known.until !== null) out.set(uscc, { name: until === null ? name : known.name, until: until === null ? null : until > known.until ? until : known.until });
  }
  return out;
}

/** Filing rows of a medical drop stream: one per institution (disposer) and month with a row stored. */
async function loadMedicalRows(kind: 'MEDICAL_LEDGER' | 'MEDICAL_RECEIPTS'): Promise<FilingRow[]> {
  const stream = kind === 'MEDICAL_LEDGER' ? 'ledgers' : 'receipts';
  const registry = kind === 'MEDICAL_LEDGER' ? await medicalRegistry() : null;
  const rows = new Map<string, FilingRow>();
  const cursor = SourceRecordModel.find({ source: 'medical', stream }).select({ sourceId: 1, version: 1, firstSeenAt: 1 }).lean<RecordHead[]>().cursor({ batchSize: CURSOR_BATCH });
  for await (const record of cursor) {
    const file = medicalFileOf(record.sourceId);
    if (!file) continue;
    const registered = registry?.get(file.uscc);
    if (registry && !registered) continue; // not a registered institution: not expected (unknown)
    const key = `${file.uscc}|${file.month}`;
    const receipt: Receipt = { receivedAt: record.firstSeenAt, stated: false, versions: record.version, stream: watchKey('medical', stream) };
    const row = rows.get(key);
    if (row) row.receipt = mergeReceipt(row.receipt, receipt);
    else rows.set(key, { kind, reporterKey: file.uscc, label: registered?.name ?? file.uscc, street: null, period: file.month, sources: [], receipt, until: registered?.until ?? null });
  }
  return [...rows.values()];
}

/** Filing rows of weigh tickets: one per registered weighing facility and CST day with a ticket. */
async function loadWeighTicketRows(): Promise<FilingRow[]> {
  const facilities = new Map<string, { name: string; street: string | null }>();
  // the household source's facilities are its stream's ({stream, type} serves the query)
  for (const f of await FacilityModel.find({ stream: 'household', type: { $in: WEIGHING_FACILITY_TYPES } }).select({ code: 1, name: 1, street: 1 }).lean<{ code: string; name: string; street: string | null }[]>()) {
    facilities.set(f.code, { name: f.name, street: f.street });
  }
  const rows = new Map<string, FilingRow>();
  if (facilities.size === 0) return [];
  // how far the feed has delivered: a day no ticket has been weighed after is not over in the feed (a
  // facility without tickets that day may only be not delivered yet: unknown, not MISSING)
  let latest: Date | null = null;
  const cursor = SourceRecordModel.find({ source: 'household', stream: 'weigh-tickets' })
    .select({ sourceId: 1, version: 1, firstSeenAt: 1, 'payload.facilityId': 1, 'payload.weighedAt': 1, 'payload.updatedAt': 1, 'history.payload.updatedAt': 1 })
    .lean<RecordHead[]>()
    .cursor({ batchSize: CURSOR_BATCH });
  for await (const record of cursor) {
    const code = typeof record.payload?.facilityId === 'string' ? record.payload.facilityId : null;
    const facility = code ? facilities.get(code) : undefined;
    const day = cstDayOf(record.payload?.weighedAt);
    if (!code || !facility || !day) continue;
    const weighed = instant(record.payload.weighedAt)!;
    if (!latest || weighed > latest) latest = weighed;
    const { at, stated } = firstReceivedAt(record as unknown as Pick<SourceHead, 'version' | 'firstSeenAt' | 'payload' | 'history'>);
    const receipt: Receipt = { receivedAt: at, stated, versions: record.version, stream: watchKey('household', 'weigh-tickets') };
    const key = `${code}|${day}`;
    const row = rows.get(key);
    if (row) row.receipt = mergeReceipt(row.receipt, receipt);
    else rows.set(key, { kind: 'WEIGH_TICKETS', reporterKey: code, label: facility.name, street: facility.street, period: day, sources: [], receipt });
  }
  for (const row of rows.values()) row.until = latest;
  return [...rows.values()];
}

/** Every filing row of `kind` in the store, read once. */
export async function loadFilingRows(kind: FilingKind): Promise<FilingRow[]> {
  if (kind === 'MEDICAL_LEDGER' || kind === 'MEDICAL_RECEIPTS') return loadMedicalRows(kind);
  if (kind === 'WEIGH_TICKETS') return loadWeighTicketRows();
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
    if (!known) byKey.set(key, { key: row.reporterKey, label: row.label, kind: row.kind, street: row.street ?? streets.get(row.reporterKey) ?? null, firstPeriod: row.period, ...(row.until ? { until: row.until } : {}) });
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
    if (row.receipt) {
      const key = receiptKey(row.kind, row.reporterKey, row.period);
      receipts.set(key, mergeReceipt(receipts.get(key), { ...row.receipt }));
    }
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
 * When the hub first synced each stream of `receipts` successfully (its watch start, on the runs' own
 * clock `seenAt`; runs stored before it have only `startedAt`), two reads per stream: the
 * `{ connector, stream, status, seenAt, startedAt }` index of SyncRun serves both.
 */
export async function loadWatchStarts(receipts: ReadonlyMap<string, Receipt>): Promise<Map<string, Date>> {
  const streams = new Set<string>();
  for (const receipt of receipts.values()) if (receipt.stream) streams.add(receipt.stream);
  const starts = new Map<string, Date>();
  for (const key of streams) {
    const slash = key.indexOf('/');
    const run = { connector: key.slice(0, slash), stream: key.slice(slash + 1), status: 'SUCCEEDED' };
    const first = await SyncRunModel.findOne({ ...run, seenAt: { $ne: null } }).sort({ seenAt: 1 }).select({ seenAt: 1 }).lean<{ seenAt: Date }>();
    const legacy = await SyncRunModel.findOne({ ...run, seenAt: null }).sort({ startedAt: 1 }).select({ startedAt: 1 }).lean<{ startedAt: Date }>();
    const at = [first?.seenAt, legacy?.startedAt].filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0];
    if (at) starts.set(key, at);
  }
  return starts;
}

/**
 * For each receipt without a stated time first seen after its due instant: a successful sync of its
 * stream at or after the due instant that ended before the receipt was first seen (it looked and the
 * filing was not there), one indexed read per such receipt. Sets `absentAt`.
 */
export async function markSeenAbsent(rows: readonly FilingRow[], receipts: ReadonlyMap<string, Receipt>, due: DueDays): Promise<void> {
  const done = new Set<string>();
  for (const row of rows) {
    const key = receiptKey(row.kind, row.reporterKey, row.period);
    const receipt = receipts.get(key);
    if (!receipt || receipt.stated || !receipt.stream || done.has(key)) continue;
    done.add(key);
    const dueAt = dueEnd(row.period, FILING_CADENCE[row.kind], due);
    if (receipt.receivedAt.getTime() <= dueAt.getTime()) continue;
    const slash = receipt.stream.indexOf('/');
    const runs = await SyncRunModel.find({ connector: receipt.stream.slice(0, slash), stream: receipt.stream.slice(slash + 1), status: 'SUCCEEDED', seenAt: { $gte: dueAt, $lt: receipt.receivedAt } })
      .sort({ seenAt: 1 })
      .limit(3)
      .select({ seenAt: 1, startedAt: 1, finishedAt: 1 })
      .lean<{ seenAt: Date; startedAt: Date; finishedAt: Date | null }[]>();
    // not the run that delivered it: a run on its own clock (`asOf`) stamps its records with exactly that
    // instant (excluded by `$lt`); a run on the wall clock stamps them per batch, after its start, so it
    // must have finished before the filing was first seen
    const run = runs.find((r) => r.seenAt.getTime() !== r.startedAt.getTime() || (r.finishedAt !== null && r.finishedAt.getTime() < receipt.receivedAt.getTime()));
    receipt.absentAt = run?.seenAt ?? null;
  }
}

/** The due days in force (src/config.ts). */
export function configuredDueDays(): DueDays {
  const c = config();
  return { monthly: c.COMPLETENESS_DUE_DAY_MONTHLY, quarterly: c.COMPLETENESS_DUE_DAY_QUARTERLY, annualMonth: c.COMPLETENESS_DUE_MONTH_ANNUAL, annualDay: c.COMPLETENESS_DUE_DAY_ANNUAL, daily: c.COMPLETENESS_DUE_DAYS_DAILY };
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
  const rows = inputs.rows.filter((r) => wanted.has(r.period) || (FILING_CADENCE[r.kind] === 'DAY' && wanted.has(r.period.slice(0, 7))));
  const receipts = await loadReceipts(rows);
  await markSeenAbsent(rows, receipts, due);
  return calendarCells(inputs.reporters, periods, receipts, asOf, due, await loadWatchStarts(receipts));
}
