/**
 * Keeping the filings aggregate (src/model/filing.ts) up to date, and building it from scratch.
 *
 * - Record streams (medical drop files, weigh-ticket days): merged as their records are stored
 *   (`absorbRecordFilings`, called by `upsertSourceRecords`).
 * - Period reports: the (kind, period) pairs their writers marked pending (`markReportPeriodsPending`,
 *   src/ingest/project.ts) are recomputed from that period's reports (the `{ months, kind, … }` index);
 *   reports removed with a replaced file's records are recomputed by the retirement
 *   (src/ingest/retire.ts). Each calendar read catches up first (one read of the marks when none is
 *   pending: no read of the reports), and so does each source sync when it ends. A source's first
 *   sync takes the reports from its run's own record of them (`ReportsOfRun`), reading none.
 * - `rebuildFilings` (`hub completeness rebuild`, and automatically when the stored state is missing or
 *   of an older layout): every record of the record streams and every period report, once, under the
 *   locks of their sources' syncs.
 */
import type { Types } from 'mongoose';
import { FILING_CADENCE, FILING_KINDS, FILING_STREAM, type FilingKind } from './calendar';
import {
  FILINGS_VERSION,
  FILING_STATE_ID,
  RECORD_HEAD_FIELDS,
  FilingModel,
  FilingReporterModel,
  FilingStateModel,
  ReportPeriodPendingModel,
  filingId,
  filingKeyOf,
  filingReporterId,
  mergeReceipt,
  mergeRecordFilings,
  recordFilingOf,
  reportRecordReceipt,
  saveFilingDocs,
  type Filing,
  type FilingReporter,
  type FilingState,
  type KnownReceipts,
  type RecordHead,
  type ReportFilingHead,
  type ReportPeriodPending,
  type ReportsOfRun,
} from '../model/filing';
import { PeriodReportModel, type PeriodReport } from '../model/periodReport';
import { SourceRecordModel } from '../model/sourceRecord';
import { acquireLockWaiting } from '../infra/lock';
import { acquireSourceLock, type SourceLock } from '../ingest/lock';
import { CURSOR_BATCH, usccKey } from '../reconcile/rules/rule';
import { findByIds } from '../store/reads';
import { bulkWriteInChunks, deleteByIds } from '../store/writes';

/** The report kinds of the calendar (the others are read from their records). */
export const REPORT_KINDS: readonly FilingKind[] = FILING_KINDS.filter((k) => k !== 'MEDICAL_LEDGER' && k !== 'MEDICAL_RECEIPTS' && k !== 'WEIGH_TICKETS');

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

const REPORT_FIELDS = { kind: 1, period: 1, periodKind: 1, 'party.uscc': 1, 'party.name': 1, area: 1, sources: 1 } as const;

/** The filings report rows make: one per (kind, reporter, period), their sources merged (first row's label). Pure. */
export function reportFilingsOf(rows: readonly FilingRow[]): Map<string, Filing> {
  const out = new Map<string, Filing>();
  for (const row of rows) {
    const key = `${row.kind}|${row.reporterKey}|${row.period}`;
    const known = out.get(key) ?? { kind: row.kind, reporterKey: row.reporterKey, period: row.period, label: row.label, street: row.street, sources: [], receipt: null };
    known.sources.push(...row.sources);
    out.set(key, known);
  }
  for (const filing of out.values()) {
    const byHex = new Map(filing.sources.map((id) => [id.toHexString(), id]));
    filing.sources = [...byHex.keys()].sort().map((hex) => byHex.get(hex)!);
  }
  return out;
}

/** Reporters of filings: the first period each filed, with that filing's label and street. Pure. */
export function reportReportersOf(filings: Iterable<Filing>): Map<string, FilingReporter> {
  const out = new Map<string, FilingReporter>();
  for (const f of filings) {
    const key = `${f.kind}|${f.reporterKey}`;
    const known = out.get(key);
    if (!known || f.period < known.firstPeriod) out.set(key, { kind: f.kind, reporterKey: f.reporterKey, label: f.label, street: f.street, firstPeriod: f.period, lastWeighedAt: null });
  }
  return out;
}

/** Sets the receipts of report filings from their source records (by `_id`: point reads on the embedded store; those `known` are not read). */
async function withReceipts(filings: Iterable<Filing>, known?: KnownReceipts): Promise<void> {
  const list = [...filings];
  const ids = new Map(list.flatMap((f) => f.sources.filter((id) => !known?.get(id)).map((id) => [id.toHexString(), id] as const)));
  const records = new Map(
    (await findByIds<RecordHead & { _id: Types.ObjectId }>(SourceRecordModel, [...ids.values()], { projection: { source: 1, stream: 1, version: 1, firstSeenAt: 1, 'payload.updatedAt': 1, 'history.payload.updatedAt': 1 } })).map((r) => [r._id.toHexString(), r]),
  );
  for (const filing of list) {
    let receipt: Filing['receipt'] = null;
    for (const id of filing.sources) {
      const record = records.get(id.toHexString());
      const stored = known?.get(id) ?? (record ? reportRecordReceipt(record) : null);
      if (stored) receipt = mergeReceipt(receipt, stored);
    }
    filing.receipt = receipt;
  }
}

function withIds(filings: Iterable<Filing>): Array<Filing & { _id: Types.ObjectId }> {
  return [...filings].map((f) => ({ ...f, _id: filingId(f.kind, f.reporterKey, f.period) }));
}

function reporterDocs(reporters: Iterable<FilingReporter>): Array<FilingReporter & { _id: Types.ObjectId }> {
  return [...reporters].map((r) => ({ ...r, _id: filingReporterId(r.kind, r.reporterKey) }));
}

/** The first month of a period key (`YYYY-MM`, `YYYYQn`, `YYYY`): every report of it lists that month. */
function firstMonthOf(period: string): string {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) return `${quarter[1]}-${String(Number(quarter[2]) * 3 - 2).padStart(2, '0')}`;
  if (/^\d{4}$/.test(period)) return `${period}-01`;
  return period.slice(0, 7);
}

/** The lock every refresh of report periods holds (its heartbeat renews the lease). */
const REPORT_PERIODS_LOCK = 'filings:reports';
const REPORT_PERIODS_LOCK_LEASE_MS = 30_000;

/**
 * Source ids whose receipts one refresh reads at once: the pairs' reports are held until the ids of
 * the pairs read so far reach it, then read in one go (one `_id $in` per WRITE_CHUNK ids, where the
 * embedded store's point reads cost up to a collection read each) and the pairs written. Keeps what a
 * refresh holds bounded however many reports a sync brought.
 */
const RECEIPT_READ_IDS = 5000;

/** A (kind, period) read, its receipts not set yet. */
interface ReadPeriod {
  kind: FilingKind;
  period: string;
  filings: Map<string, Filing>;
}

/**
 * Recomputes the filings of these (kind, period) pairs of report kinds from their reports (one
 * index-served read per PAIRS_PER_READ pairs, none of the kinds whose reports `run` kept, and one of
 * the pairs' stored filings per RECEIPT_READ_IDS), writing what differs; a reporter whose filings were
 * added or removed has its first period recomputed. Under one lock for every refresh of
 * report periods: two refreshes of a pair (a sync's catch-up, a calendar read's) would each write what
 * they read, the later write holding the earlier reports. One lock rather than one per pair: a sync's
 * catch-up covers dozens of pairs, and two statements per pair cost it more than the rare wait.
 */
export async function refreshReportPeriods(pairs: Iterable<{ kind: FilingKind; period: string }>, known?: KnownReceipts, run?: ReportsOfRun): Promise<number> {
  const keys = new Map<string, { kind: FilingKind; period: string }>();
  for (const { kind, period } of pairs) if (REPORT_KINDS.includes(kind)) keys.set(`${kind}|${period}`, { kind, period });
  if (keys.size === 0) return 0;
  let changed = 0;
  let held: ReadPeriod[] = [];
  let ids = 0;
  const flush = async () => {
    await withReceipts(held.flatMap((read) => [...read.filings.values()]), known);
    changed += await writeReportPeriods(held, await readStoredPeriods(held));
    held = [];
    ids = 0;
  };
  const lock = await acquireLockWaiting(REPORT_PERIODS_LOCK, REPORT_PERIODS_LOCK_LEASE_MS);
  try {
    const sorted = [...keys.keys()].sort().map((key) => keys.get(key)!);
    for (let i = 0; i < sorted.length; i += PAIRS_PER_READ) {
      const group = sorted.slice(i, i + PAIRS_PER_READ);
      const read = await readReportPeriods(group, run);
      for (const { kind, period } of group) {
        const filings = read.get(`${kind}|${period}`)!;
        held.push({ kind, period, filings });
        for (const filing of filings.values()) ids += filing.sources.length;
      }
      if (ids >= RECEIPT_READ_IDS) await flush();
    }
    if (held.length > 0) await flush();
  } finally {
    await lock.release();
  }
  // readers that keep filings (src/completeness/read.ts) read them again
  if (changed > 0) await FilingStateModel.updateOne({ _id: FILING_STATE_ID }, { $inc: { revision: 1 } }).exec();
  return changed;
}

/** (kind, period) pairs whose reports one query reads (one read of every report on the embedded store, whatever it asks for). */
const PAIRS_PER_READ = 16;

/**
 * The filings each (kind, period)'s reports make, receipts not set, by `kind|period`; the caller holds
 * REPORT_PERIODS_LOCK. The reports of a kind `run` covers are those it kept, the others read.
 */
async function readReportPeriods(pairs: ReadonlyArray<{ kind: FilingKind; period: string }>, run?: ReportsOfRun): Promise<Map<string, Map<string, Filing>>> {
  const reports = new Map(pairs.map(({ kind, period }) => [`${kind}|${period}`, [] as ReportHead[]]));
  const add = (report: ReportFilingHead) => {
    const kind = report.kind as FilingKind;
    // as one pair's query would: its kind and period, from the source filing it, listing the period's first month
    if (report.source === FILING_STREAM[kind] && report.months.includes(firstMonthOf(report.period))) reports.get(`${kind}|${report.period}`)?.push(report);
  };
  const unknown = pairs.filter(({ kind }) => !run?.covers(kind));
  if (run && unknown.length < pairs.length) for (const report of run.reports()) if (run.covers(report.kind as FilingKind)) add(report);
  if (unknown.length > 0) {
    const months = [...new Set(unknown.map(({ period }) => firstMonthOf(period)))];
    const kinds = [...new Set(unknown.map(({ kind }) => kind))];
    // the `{ months, kind, … }` index; reports of other periods listing those months (annual figures) are left here
    const filter = { months: months.length === 1 ? months[0] : { $in: months }, kind: kinds.length === 1 ? kinds[0] : { $in: kinds } };
    for (const report of await PeriodReportModel.find(filter).select({ ...REPORT_FIELDS, source: 1, months: 1 }).lean<ReportFilingHead[]>().exec()) add(report);
  }
  return new Map([...reports].map(([key, list]) => [key, reportFilingsOf(list.flatMap((report) => filingRowOf(report.kind as FilingKind, report) ?? []))]));
}

/**
 * The stored filings of these (kind, period) pairs, by `kind|period`, in one read (the `{ kind, period }`
 * index; on the embedded store one read of every filing, as a read of one pair would be); the caller
 * holds REPORT_PERIODS_LOCK. The read covers every kind with every period: periods of different cadences
 * (months, quarters, years) do not meet, so the combinations of no pair hold next to nothing, left here.
 */
async function readStoredPeriods(pairs: ReadonlyArray<{ kind: FilingKind; period: string }>): Promise<Map<string, Array<Filing & { _id: Types.ObjectId }>>> {
  const out = new Map(pairs.map(({ kind, period }) => [`${kind}|${period}`, [] as Array<Filing & { _id: Types.ObjectId }>]));
  if (pairs.length === 0) return out;
  const kinds = [...new Set(pairs.map(({ kind }) => kind))];
  const periods = [...new Set(pairs.map(({ period }) => period))];
  const filter = { kind: kinds.length === 1 ? kinds[0] : { $in: kinds }, period: periods.length === 1 ? periods[0] : { $in: periods } };
  for (const doc of await FilingModel.find(filter).lean<Array<Filing & { _id: Types.ObjectId }>>().exec()) out.get(`${doc.kind}|${doc.period}`)?.push(doc);
  return out;
}

/**
 * Writes the filings of these (kind, period) pairs (receipts set) where they differ from `stored` (read
 * under the same hold, by `kind|period`), in one write of each collection for all of them; the caller
 * holds REPORT_PERIODS_LOCK.
 */
async function writeReportPeriods(periods: readonly ReadPeriod[], stored: ReadonlyMap<string, ReadonlyArray<Filing & { _id: Types.ObjectId }>>): Promise<number> {
  const filings = periods.flatMap(({ filings }) => [...filings.values()]);
  const storedFilings = periods.flatMap(({ kind, period }) => stored.get(`${kind}|${period}`) ?? []);
  const kept = new Set(filings.map(filingKeyOf));
  const written = await saveFilingDocs(FilingModel, withIds(filings), storedFilings);
  const gone = storedFilings.filter((doc) => !kept.has(filingKeyOf(doc)));
  const deleted = await deleteByIds(FilingModel, gone.map((doc) => doc._id));
  // per (kind, period): a reporter with a filing there before is not new
  const storedKeys = new Set(storedFilings.map(filingKeyOf));
  const added = filings.filter((f) => !storedKeys.has(filingKeyOf(f)));
  return written + deleted + (await refreshReporters(added, gone));
}

/** Reporters after filings were added (first period moves back at most to theirs) or removed (read again). */
async function refreshReporters(added: readonly Filing[], removed: ReadonlyArray<Pick<Filing, 'kind' | 'reporterKey'>>): Promise<number> {
  if (added.length === 0 && removed.length === 0) return 0;
  const keyOf = (f: Pick<Filing, 'kind' | 'reporterKey'>) => `${f.kind}|${f.reporterKey}`;
  const ids = new Map([...added, ...removed].map((f) => [keyOf(f), filingReporterId(f.kind, f.reporterKey)]));
  const stored = await findByIds<FilingReporter & { _id: Types.ObjectId }>(FilingReporterModel, [...ids.values()]);
  const next = new Map(stored.map((r) => [keyOf(r), { ...r }]));
  for (const f of added) {
    const known = next.get(keyOf(f));
    if (!known || f.period < known.firstPeriod) next.set(keyOf(f), { ...(known ?? { lastWeighedAt: null }), kind: f.kind, reporterKey: f.reporterKey, label: f.label, street: f.street, firstPeriod: f.period } as FilingReporter & { _id: Types.ObjectId });
  }
  const emptied: Types.ObjectId[] = [];
  for (const { kind, reporterKey } of new Map(removed.map((f) => [keyOf(f), f])).values()) {
    // the `{ kind, reporterKey, period }` index: the reporter's first filing left
    const first = await FilingModel.findOne({ kind, reporterKey }).sort({ period: 1 }).lean<Filing>().exec();
    if (!first) {
      next.delete(keyOf({ kind, reporterKey }));
      emptied.push(filingReporterId(kind, reporterKey));
    } else next.set(keyOf({ kind, reporterKey }), { kind, reporterKey, label: first.label, street: first.street, firstPeriod: first.period, lastWeighedAt: null } as FilingReporter & { _id: Types.ObjectId });
  }
  await deleteByIds(FilingReporterModel, emptied);
  return saveFilingDocs(FilingReporterModel, reporterDocs(next.values()), stored);
}

/** Every filing and reporter as the collections make them (reads every record of the record streams and every report). */
async function buildAll(): Promise<{ filings: Map<string, Filing>; reporters: Map<string, FilingReporter> }> {
  const shares = [];
  const cursor = SourceRecordModel.find({ $or: [{ source: 'medical', stream: { $in: ['ledgers', 'receipts'] } }, { source: 'household', stream: 'weigh-tickets' }] })
    .select(RECORD_HEAD_FIELDS)
    .lean<RecordHead>()
    .cursor({ batchSize: CURSOR_BATCH });
  for await (const record of cursor) {
    const share = recordFilingOf({ ...record, history: record.history ?? [], payload: record.payload ?? {} });
    if (share) shares.push(share);
  }
  const { filings, reporters } = mergeRecordFilings(shares);
  const reportFilings: Filing[] = [];
  for (const kind of REPORT_KINDS) {
    const rows: FilingRow[] = [];
    const reports = PeriodReportModel.find({ source: FILING_STREAM[kind], kind }).select(REPORT_FIELDS).lean<ReportHead>().cursor({ batchSize: CURSOR_BATCH });
    for await (const report of reports) {
      const row = filingRowOf(kind, report);
      if (row) rows.push(row);
    }
    const kindFilings = reportFilingsOf(rows);
    reportFilings.push(...kindFilings.values());
    for (const [key, filing] of kindFilings) filings.set(key, filing);
    for (const [key, reporter] of reportReportersOf(kindFilings.values())) reporters.set(key, reporter);
  }
  // every kind's receipts in one read (each `_id $in` chunk reads every record on the embedded store)
  await withReceipts(reportFilings);
  return { filings, reporters };
}

/** The sources whose syncs write what the aggregate is built from (records, reports): a rebuild holds their locks. */
const FILING_SOURCES = [...new Set(Object.values(FILING_STREAM))];

export interface RebuildOptions {
  /** the source whose lock the caller holds (a sync catching up): its lock is not taken again */
  heldSource?: string;
}

/**
 * Builds the aggregate from the collections and records its state: writes what differs, deletes what
 * no longer has a filing. Holds the locks of the filing sources (src/ingest/lock.ts), so no sync
 * writes a filing the rebuild would overwrite or delete with what it read before; a sync running
 * refuses it (SyncLockedError). Idempotent; returns the counts.
 */
export async function rebuildFilings(options: RebuildOptions = {}): Promise<{ filings: number; reporters: number; written: number; deleted: number }> {
  const locks: SourceLock[] = [];
  try {
    for (const source of FILING_SOURCES) if (source !== options.heldSource) locks.push(await acquireSourceLock(source));
    return await rebuildFilingsLocked();
  } finally {
    for (const lock of locks.reverse()) await lock.release();
  }
}

async function rebuildFilingsLocked(): Promise<{ filings: number; reporters: number; written: number; deleted: number }> {
  // the marks there before the rebuild reads the reports are covered by it
  const pending = await readPendingPeriods();
  const { filings, reporters } = await buildAll();
  let written = 0;
  let deleted = 0;
  for (const kind of FILING_KINDS) {
    const storedFilings = await FilingModel.find({ kind }).lean<Array<Filing & { _id: Types.ObjectId }>>().exec();
    written += await saveFilingDocs(FilingModel, withIds([...filings.values()].filter((f) => f.kind === kind)), storedFilings);
    deleted += await deleteByIds(FilingModel, storedFilings.filter((doc) => !filings.has(`${doc.kind}|${doc.reporterKey}|${doc.period}`)).map((doc) => doc._id));
    const storedReporters = await FilingReporterModel.find({ kind }).lean<Array<FilingReporter & { _id: Types.ObjectId }>>().exec();
    written += await saveFilingDocs(FilingReporterModel, reporterDocs([...reporters.values()].filter((r) => r.kind === kind)), storedReporters);
    deleted += await deleteByIds(FilingReporterModel, storedReporters.filter((doc) => !reporters.has(`${doc.kind}|${doc.reporterKey}`)).map((doc) => doc._id));
  }
  const state: Omit<FilingState, '_id' | 'revision'> = { version: FILINGS_VERSION, rebuiltAt: new Date() };
  await FilingStateModel.updateOne({ _id: FILING_STATE_ID }, { $set: state, $unset: { watermark: 1 }, $inc: { revision: 1 } }, { upsert: true }).exec();
  await takePendingPeriods(pending);
  return { filings: filings.size, reporters: reporters.size, written, deleted };
}

/** Builds the aggregate when its state is missing or of an older layout (as `refreshFilings` would); false when it was there. */
export async function buildFilingsIfMissing(options: RebuildOptions = {}): Promise<boolean> {
  const state = await FilingStateModel.findById(FILING_STATE_ID, { version: 1 }).lean<Pick<FilingState, 'version'>>().exec();
  if (state?.version === FILINGS_VERSION) return false;
  await rebuildFilings(options);
  return true;
}

/**
 * Brings the aggregate up to date: rebuilt when its state is missing or of an older layout, else the
 * (kind, period) pairs their reports' writers marked pending (src/model/filing.ts) recomputed, and
 * their marks taken unless a writer marked them again meanwhile. Costs one read of the marks when
 * nothing is pending.
 */
export async function refreshFilings(options: RefreshOptions = {}): Promise<void> {
  const state = await FilingStateModel.findById(FILING_STATE_ID).lean<FilingState>().exec();
  if (!state || state.version !== FILINGS_VERSION) {
    await rebuildFilings({ heldSource: options.heldSource });
    return;
  }
  const pending = (await readPendingPeriods()).filter(({ kind }) => !options.kinds || options.kinds.includes(kind));
  if (pending.length === 0) return;
  await refreshReportPeriods(pending, options.receipts, options.reports);
  await takePendingPeriods(pending);
}

export interface RefreshOptions extends RebuildOptions {
  /** receipts of records a sync stored: not read again */
  receipts?: KnownReceipts;
  /** the reports a source run kept (under its lock, held by the caller): those of the kinds it covers are not read */
  reports?: ReportsOfRun;
  /** only the pairs of these kinds (default: every pending pair) */
  kinds?: readonly FilingKind[];
}

/** Every pending (kind, period) mark (a collection of a few dozen documents). */
async function readPendingPeriods(): Promise<ReportPeriodPending[]> {
  return ReportPeriodPendingModel.find({}).lean<ReportPeriodPending[]>().exec();
}

/** Removes the marks read, those marked again since (another `seq`) left for the next catch-up: one statement. */
async function takePendingPeriods(read: readonly ReportPeriodPending[]): Promise<void> {
  await bulkWriteInChunks(ReportPeriodPendingModel, read.map(({ _id, seq }) => ({ deleteOne: { filter: { _id, seq } } })));
}
