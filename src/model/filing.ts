/**
 * Filing — the completeness calendar's pre-aggregate (issues #12, #17): one document per (kind,
 * reporterKey, period) a reporter filed, so a calendar of some periods reads those periods, not every
 * source record of history. FilingReporter — one per (kind, reporterKey): from which period it files.
 * FilingState — one document: the aggregate's layout version. ReportPeriodPending — the (kind, period)
 * pairs whose period reports changed since the last catch-up recomputed them.
 *
 * Filings read from their source records (medical drop files, weigh-ticket days) hold those records'
 * ids and their receipt, merged as the records are stored (`absorbRecordFilings`, called by
 * `upsertSourceRecords`): the earliest first arrival, the most versions; a record whose new version
 * belongs to another filing (a weigh ticket re-dated) leaves the old one. Filings of period reports hold the reports' source record
 * ids and the receipt read from them when the period's reports changed; a new version of such a record
 * (which may change no report) is merged into the filings it is a source of as it is stored.
 * Registries are not applied here: the institution registry (medical ledgers) and the household
 * facility registry (weigh tickets) are read with the calendar, so a registry change needs no rewrite.
 */
import { Schema, model, type Types } from 'mongoose';
import { FILING_KINDS, FILING_STREAM, watchKey, type FilingKind, type Receipt } from '../completeness/calendar';
import { keyedObjectId } from '../store/keys';
import { bulkWriteInChunks, deleteByIds, insertNewKeys, type BulkCounts } from '../store/writes';
import { canonicalJson } from './common';
import { findByIds } from '../store/reads';
import { StreamStatsModel, streamStatsId } from '../store/streamStats';
import type { PeriodReport } from './periodReport';
import { SourceRecordModel, type RawPayload } from './sourceRecord';

export interface Filing {
  kind: FilingKind;
  reporterKey: string;
  period: string;
  label: string;
  street: string | null;
  /** period reports: their source records (receipts read for the periods asked); record filings: their records */
  sources: Types.ObjectId[];
  /** filings read from their source records: the receipt merged as they were stored */
  receipt: Receipt | null;
}

export interface FilingReporter {
  kind: FilingKind;
  reporterKey: string;
  label: string;
  street: string | null;
  firstPeriod: string;
  /** weigh tickets: the latest instant a ticket of this facility was weighed */
  lastWeighedAt: Date | null;
}

export interface FilingState {
  _id: string;
  /** FILINGS_VERSION when the aggregate was last rebuilt; an older one is rebuilt on its next read */
  version: number;
  rebuiltAt: Date;
  /** moved each time a catch-up, retirement or rebuild writes filings: readers that keep filings (src/completeness/read.ts) read again */
  revision?: number;
}

/** The aggregate's layout: a stored state of another version is rebuilt from the collections (4: report periods marked pending by their writers). */
export const FILINGS_VERSION = 4;
export const FILING_STATE_ID = 'filings';

const receiptSchema = new Schema<Receipt>(
  { receivedAt: { type: Date, required: true }, stated: { type: Boolean, required: true }, versions: { type: Number, required: true }, stream: { type: String, default: null } },
  { _id: false },
);

const filingSchema = new Schema<Filing>(
  {
    kind: { type: String, enum: FILING_KINDS, required: true },
    reporterKey: { type: String, required: true },
    period: { type: String, required: true },
    label: { type: String, required: true },
    street: { type: String, default: null },
    sources: { type: [Schema.Types.ObjectId], default: [] },
    receipt: { type: receiptSchema, default: null },
  },
  { collection: 'filings', minimize: false, versionKey: false },
);
// a period's filings of a kind (report periods refreshed); a reporter's first period
filingSchema.index({ kind: 1, period: 1 });
filingSchema.index({ kind: 1, reporterKey: 1, period: 1 });
// a report's source record changed version: the filings it is a source of
filingSchema.index({ sources: 1 });

const filingReporterSchema = new Schema<FilingReporter>(
  {
    kind: { type: String, enum: FILING_KINDS, required: true },
    reporterKey: { type: String, required: true },
    label: { type: String, required: true },
    street: { type: String, default: null },
    firstPeriod: { type: String, required: true },
    lastWeighedAt: { type: Date, default: null },
  },
  { collection: 'filingreporters', minimize: false, versionKey: false },
);
filingReporterSchema.index({ kind: 1, reporterKey: 1 });

const filingStateSchema = new Schema<FilingState>(
  { _id: { type: String, required: true }, version: { type: Number, required: true }, rebuiltAt: { type: Date, required: true }, revision: { type: Number, default: 0 } },
  { collection: 'filingstate', versionKey: false },
);

/**
 * A (kind, period) of report filings whose period reports a writer is changing or has changed, not yet
 * recomputed: marked by the writer before it writes the reports (a crash leaves the mark) and again
 * after (a catch-up that took the first mark before the write leaves the second), taken by the next
 * catch-up (src/completeness/filings.ts), which removes a mark only while its `seq` is the one it read.
 * One document per reporting period with changes pending: a few dozen, read whole.
 */
export interface ReportPeriodPending {
  /** `<kind>|<period>` */
  _id: string;
  kind: FilingKind;
  period: string;
  seq: number;
}

const reportPeriodPendingSchema = new Schema<ReportPeriodPending>(
  { _id: { type: String, required: true }, kind: { type: String, enum: FILING_KINDS, required: true }, period: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'reportperiodspending', versionKey: false },
);

export const FilingModel = model<Filing>('Filing', filingSchema);
export const FilingReporterModel = model<FilingReporter>('FilingReporter', filingReporterSchema);
export const FilingStateModel = model<FilingState>('FilingState', filingStateSchema);
export const ReportPeriodPendingModel = model<ReportPeriodPending>('ReportPeriodPending', reportPeriodPendingSchema);

/** Whether filings of `kind` are made from period reports (the others from their source records). */
export const isReportFilingKind = (kind: unknown): kind is FilingKind => (FILING_KINDS as readonly unknown[]).includes(kind) && !((kind as FilingKind) in RECORD_FILING_STREAMS);

/** Marks the (kind, period) of these period reports pending for the filings' catch-up (kinds filed by reports only): one statement. */
export async function markReportPeriodsPending(reports: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const pairs = new Map<string, { kind: FilingKind; period: string }>();
  for (const { kind, period } of reports) if (isReportFilingKind(kind) && typeof period === 'string') pairs.set(`${kind}|${period}`, { kind, period });
  if (pairs.size === 0) return;
  // two writers creating one mark at once: the one refused finds it there, which is all it needs
  await bulkWriteInChunks(ReportPeriodPendingModel, [...pairs].map(([_id, pair]) => ({ updateOne: { filter: { _id }, update: { $inc: { seq: 1 }, $setOnInsert: pair }, upsert: true } })), { ignoreDuplicateKeys: true });
}

/** A filing's `_id`: the one key layout (src/store/keys.ts) over (kind, reporterKey, period). */
export function filingId(kind: FilingKind, reporterKey: string, period: string): Types.ObjectId {
  return keyedObjectId(FilingModel.modelName, kind, reporterKey, period);
}

export function filingReporterId(kind: FilingKind, reporterKey: string): Types.ObjectId {
  return keyedObjectId(FilingReporterModel.modelName, kind, reporterKey);
}

// --- filings of source records (pure) ----------------------------------------------------------------

const CST_MS = 8 * 3_600_000;

export function instant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

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

/**
 * When one source record first arrived: its first version's own `updatedAt` (the reporter's submission
 * time, which the sandbox and the platform state), else when the hub first saw it. Pure.
 */
export function firstReceivedAt(record: { version?: number; firstSeenAt: Date; payload: { updatedAt?: unknown }; history: { payload: { updatedAt?: unknown } }[] }): { at: Date; stated: boolean } {
  const first = record.history[0]?.payload ?? record.payload;
  const stated = instant(first.updatedAt);
  return stated ? { at: stated, stated: true } : { at: record.firstSeenAt, stated: false };
}

/** Adds one record's first arrival to a receipt (earliest arrival, most versions). Pure; `known` is changed. */
export function mergeReceipt(known: Receipt | null | undefined, next: Receipt): Receipt {
  if (!known) return { ...next };
  if (next.receivedAt < known.receivedAt) {
    known.receivedAt = next.receivedAt;
    known.stated = next.stated;
    known.stream = next.stream;
  }
  known.versions = Math.max(known.versions, next.versions);
  return known;
}

/** A stored source record, as much of it as its filing needs. */
export interface RecordHead {
  _id: Types.ObjectId;
  source: string;
  stream: string;
  sourceId: string;
  version: number;
  firstSeenAt: Date;
  payload: RawPayload;
  history: { payload: RawPayload }[];
}

/** What one source record of a period report adds to its filing's receipt. Pure. */
export function reportRecordReceipt(record: Pick<RecordHead, 'source' | 'stream' | 'version' | 'firstSeenAt' | 'payload' | 'history'>): Receipt {
  const { at, stated } = firstReceivedAt({ firstSeenAt: record.firstSeenAt, payload: record.payload ?? {}, history: record.history ?? [] });
  return { receivedAt: at, stated, versions: record.version, stream: watchKey(record.source, record.stream) };
}

/**
 * The receipts of the source records a sync stored (new and changed versions), by record id hex, as
 * `reportRecordReceipt` makes them from the stored record: the sync's filings catch-up reads only the
 * records it did not store (each `_id $in` chunk reads every record on the embedded store). Holds at
 * most `limit`; the records past it are read.
 */
export class KnownReceipts {
  private readonly byId = new Map<string, Receipt>();
  constructor(private readonly limit = 50_000) {}

  /** The record as it was just stored. */
  note(record: Pick<RecordHead, 'source' | 'stream' | 'version' | 'firstSeenAt' | 'payload' | 'history'> & { _id: Types.ObjectId }): void {
    const hex = record._id.toHexString();
    if (this.byId.size < this.limit || this.byId.has(hex)) this.byId.set(hex, reportRecordReceipt(record));
  }

  get(id: Types.ObjectId): Receipt | undefined {
    return this.byId.get(id.toHexString());
  }
}

/**
 * What one source run, under its sync lock, knows of its record filings (medical drops, weigh tickets):
 * the kinds of its source that had no filing when it began, and the filings and reporters it has written
 * since, as it stored them. Only the run's source writes those kinds (its syncs, and a rebuild, which
 * needs the source's lock), so a filing or reporter of such a kind that the run has not written is not
 * stored, and one it has written is stored as it wrote it: `absorbRecordFilings` skips their point reads
 * (a first sync reads none). Kept in memory only, up to `keptFilingIdsBudget.max` ids, per run.
 */
export class RecordFilingsOfRun {
  private readonly written = new Set<string>();
  /** the documents as the run stored them (null: deleted), by `_id` hex */
  private readonly kept = new Map<string, FilingDoc | null>();
  /** ids the kept documents hold: their own and their sources' */
  private keptIds = 0;
  private constructor(private readonly emptyKinds: ReadonlySet<FilingKind>) {}

  /**
   * Before the run stores anything: the kinds of the source with no filing (the `{ kind, period }`
   * index), asked only of a kind whose stream's counter has no live record (a point read), so a stream
   * with records (an incremental sync) keeps its point reads and costs no read of the filings.
   */
  static async begin(source: string): Promise<RecordFilingsOfRun> {
    const kinds = (Object.keys(RECORD_FILING_STREAMS) as FilingKind[]).filter((kind) => RECORD_FILING_STREAMS[kind]!.source === source);
    const empty = await Promise.all(
      kinds.map(async (kind) => {
        const { stream } = RECORD_FILING_STREAMS[kind]!;
        const stats = await StreamStatsModel.findOne({ _id: streamStatsId(source, stream) }, { liveRecords: 1 }).lean<{ liveRecords: number }>().exec();
        if (stats && stats.liveRecords > 0) return false;
        return (await FilingModel.exists({ kind }).exec()) === null;
      }),
    );
    return new RecordFilingsOfRun(new Set(kinds.filter((_, i) => empty[i])));
  }

  /** The filing or reporter (its `_id`) of `kind` as stored (`doc: null`: not stored), when the run knows it; undefined when it must be read. */
  known<T>(kind: FilingKind, id: Types.ObjectId): { doc: T | null } | undefined {
    const hex = id.toHexString();
    const kept = this.kept.get(hex);
    if (kept !== undefined) return { doc: kept as T | null };
    return this.emptyKinds.has(kind) && !this.written.has(hex) ? { doc: null } : undefined;
  }

  /** Called before the run writes (or deletes) these documents: they may be stored from now on, as the run does not know until `stored`. */
  writing(ids: Iterable<Types.ObjectId>): void {
    for (const id of ids) {
      this.written.add(id.toHexString());
      this.forget(id.toHexString());
    }
  }

  /** These documents are stored as given (null: these ids deleted), written by the run. */
  stored(docs: ReadonlyArray<FilingDoc>, deleted: readonly Types.ObjectId[] = []): void {
    for (const doc of docs) this.keep(doc._id, doc);
    for (const id of deleted) this.keep(id, null);
  }

  private keep(id: Types.ObjectId, doc: FilingDoc | null): void {
    const hex = id.toHexString();
    this.forget(hex);
    // past the budget it is not kept, and read when next needed
    if (this.keptIds + idsOf(doc) > keptFilingIdsBudget.max) return;
    this.kept.set(hex, doc);
    this.keptIds += idsOf(doc);
  }

  private forget(hex: string): void {
    const before = this.kept.get(hex);
    if (before === undefined) return;
    this.keptIds -= idsOf(before);
    this.kept.delete(hex);
  }
}

type FilingDoc = Record<string, unknown> & { _id: Types.ObjectId };

/** What of a stored period report its filing needs (src/completeness/filings.ts). */
export type ReportFilingHead = Pick<PeriodReport, 'source' | 'kind' | 'period' | 'periodKind' | 'months' | 'party' | 'area' | 'sources'>;

/**
 * The period reports one source run, under its sync lock, wrote, when the source had none stored as it
 * began (no stream of it with a live record: a first sync; a record's reports go when it is retired).
 * Only the source's syncs write its reports, so every stored report of the source's kinds is then one
 * the run wrote, as it last wrote it: the run's filings catch-up takes them from here rather than reading
 * every report (a scan of the collection on the embedded store). A run that deletes reports (a replaced
 * file's) or writes more than RUN_REPORTS_KEPT keeps none, and its catch-up reads them.
 */
export class ReportsOfRun {
  private heads: Map<string, ReportFilingHead> | null = new Map();
  constructor(readonly source: string) {}

  /** Reports as the store now holds them (inserted or replaced whole, same `_id`). */
  note(docs: ReadonlyArray<Record<string, unknown>>): void {
    if (!this.heads) return;
    for (const doc of docs) {
      const { source, kind, period, periodKind, months, party, area, sources } = doc as unknown as PeriodReport;
      this.heads.set(String(doc._id), { source, kind, period, periodKind, months, party, area, sources });
    }
    if (this.heads.size > RUN_REPORTS_KEPT) this.heads = null;
  }

  /** Reports were deleted: the run no longer knows what is stored. */
  forget(): void {
    this.heads = null;
  }

  /** Whether every stored report of `kind` is among those kept. */
  covers(kind: FilingKind): boolean {
    return this.heads !== null && FILING_STREAM[kind] === this.source;
  }

  /** The kept reports of the kinds `covers` answers for. */
  reports(): Iterable<ReportFilingHead> {
    return this.heads?.values() ?? [];
  }
}

/** Reports a run keeps at most (a district's year of ledgers and statements: some tens of thousands). */
const RUN_REPORTS_KEPT = 100_000;

/** The run of each source that keeps its reports, while it holds the source's lock in this process. */
const reportRuns = new Map<string, ReportsOfRun>();

/** The reports kept by the run holding `source`'s lock in this process, if it keeps them. */
export function reportsOfRun(source: string): ReportsOfRun | null {
  return reportRuns.get(source) ?? null;
}

/** A run of `source` begins under its lock: it keeps its reports when `empty` (none stored). */
export function beginReportsOfRun(source: string, empty: boolean): ReportsOfRun | undefined {
  reportRuns.delete(source);
  if (!empty) return undefined;
  const run = new ReportsOfRun(source);
  reportRuns.set(source, run);
  return run;
}

/** The run of `source` ends (before its lock is released). */
export function endReportsOfRun(source: string): void {
  reportRuns.delete(source);
}

/**
 * Ids the filings and reporters a run keeps hold at most, all together (each document its own and its
 * sources': about 150 bytes each; a 1× district month's record filings hold about 17,000). A setting
 * tests lower.
 */
export const keptFilingIdsBudget = { max: 60_000 };

/** The ids a kept filing or reporter holds (null: a deletion, kept as one). */
const idsOf = (doc: FilingDoc | null) => 1 + (Array.isArray(doc?.sources) ? doc.sources.length : 0);

/** The stream whose records make each record filing kind (`recordFilingOf`). */
const RECORD_FILING_STREAMS: Partial<Record<FilingKind, { source: string; stream: string }>> = {
  MEDICAL_LEDGER: { source: 'medical', stream: 'ledgers' },
  MEDICAL_RECEIPTS: { source: 'medical', stream: 'receipts' },
  WEIGH_TICKETS: { source: 'household', stream: 'weigh-tickets' },
};

/** The streams whose records are filings themselves (not projected into period reports). */
export function isFilingRecordStream(source: string, stream: string): boolean {
  return Object.values(RECORD_FILING_STREAMS).some((s) => s.source === source && s.stream === stream);
}

/** What of a stored source record its filing needs (its earlier versions' too: the filings they were in). */
export const RECORD_HEAD_FIELDS = {
  source: 1, stream: 1, sourceId: 1, version: 1, firstSeenAt: 1,
  'payload.facilityId': 1, 'payload.weighedAt': 1, 'payload.updatedAt': 1, 'history.payload.facilityId': 1, 'history.payload.weighedAt': 1, 'history.payload.updatedAt': 1,
} as const;

/** One record's share of a filing: which filing, the record, its receipt, and (weigh tickets) when it was weighed. */
export interface RecordFiling {
  recordId: Types.ObjectId;
  kind: FilingKind;
  reporterKey: string;
  period: string;
  receipt: Receipt;
  weighedAt: Date | null;
}

/**
 * The filing a medical drop row (one file per institution and month; files state no submission time)
 * or a weigh ticket (one facility's CST day) belongs to, or null. Pure.
 */
export function recordFilingOf(record: RecordHead): RecordFiling | null {
  if (record.source === 'medical' && (record.stream === 'ledgers' || record.stream === 'receipts')) {
    const file = medicalFileOf(record.sourceId);
    if (!file) return null;
    const kind: FilingKind = record.stream === 'ledgers' ? 'MEDICAL_LEDGER' : 'MEDICAL_RECEIPTS';
    return { recordId: record._id, kind, reporterKey: file.uscc, period: file.month, receipt: { receivedAt: record.firstSeenAt, stated: false, versions: record.version, stream: watchKey('medical', record.stream) }, weighedAt: null };
  }
  if (record.source === 'household' && record.stream === 'weigh-tickets') {
    const code = typeof record.payload?.facilityId === 'string' ? record.payload.facilityId : null;
    const day = cstDayOf(record.payload?.weighedAt);
    if (!code || !day) return null;
    const { at, stated } = firstReceivedAt(record as { firstSeenAt: Date; payload: { updatedAt?: unknown }; history: { payload: { updatedAt?: unknown } }[] });
    return { recordId: record._id, kind: 'WEIGH_TICKETS', reporterKey: code, period: day, receipt: { receivedAt: at, stated, versions: record.version, stream: watchKey('household', 'weigh-tickets') }, weighedAt: instant(record.payload.weighedAt) };
  }
  return null;
}

/** A filing's key in memory: `kind|reporterKey|period` (its `_id` is `filingId` of the same). */
export function filingKeyOf(share: Pick<RecordFiling, 'kind' | 'reporterKey' | 'period'>): string {
  return `${share.kind}|${share.reporterKey}|${share.period}`;
}

/**
 * The filings a record's earlier versions were in and its current version is not (a weigh ticket
 * re-dated, or moved to another facility): the record leaves them. Pure.
 */
export function leftRecordFilingsOf(record: RecordHead): RecordFiling[] {
  const current = recordFilingOf(record);
  const left = new Map<string, RecordFiling>();
  record.history.forEach((earlier, i) => {
    const share = recordFilingOf({ ...record, version: i + 1, payload: earlier.payload ?? {}, history: record.history.slice(0, i) });
    if (share && (!current || filingKeyOf(share) !== filingKeyOf(current))) left.set(filingKeyOf(share), share);
  });
  return [...left.values()];
}

/** The filings and reporters records make, merged among themselves and onto `stored` (by key). Pure. */
export function mergeRecordFilings(
  records: readonly RecordFiling[],
  stored: { filings: ReadonlyMap<string, Filing>; reporters: ReadonlyMap<string, FilingReporter> } = { filings: new Map(), reporters: new Map() },
): { filings: Map<string, Filing>; reporters: Map<string, FilingReporter> } {
  const filings = new Map<string, Filing>();
  const reporters = new Map<string, FilingReporter>();
  // each filing's sources by hex, sorted once at the end (not per record: a filing can hold hundreds)
  const sourcesOf = new Map<string, Map<string, Types.ObjectId>>();
  for (const r of records) {
    const key = `${r.kind}|${r.reporterKey}|${r.period}`;
    const known = filings.get(key) ?? clone(stored.filings.get(key)) ?? { kind: r.kind, reporterKey: r.reporterKey, period: r.period, label: r.reporterKey, street: null, sources: [], receipt: null };
    let sources = sourcesOf.get(key);
    if (!sources) sourcesOf.set(key, (sources = new Map(known.sources.map((id) => [id.toHexString(), id]))));
    const hex = r.recordId.toHexString();
    if (!sources.has(hex)) sources.set(hex, r.recordId);
    known.receipt = mergeReceipt(known.receipt, r.receipt);
    filings.set(key, known);
    const reporterKey = `${r.kind}|${r.reporterKey}`;
    const storedReporter = stored.reporters.get(reporterKey);
    const reporter = reporters.get(reporterKey) ?? (storedReporter ? { ...storedReporter } : { kind: r.kind, reporterKey: r.reporterKey, label: r.reporterKey, street: null, firstPeriod: r.period, lastWeighedAt: null });
    if (r.period < reporter.firstPeriod) reporter.firstPeriod = r.period;
    if (r.weighedAt && (!reporter.lastWeighedAt || r.weighedAt > reporter.lastWeighedAt)) reporter.lastWeighedAt = r.weighedAt;
    reporters.set(reporterKey, reporter);
  }
  for (const [key, sources] of sourcesOf) filings.get(key)!.sources = [...sources.keys()].sort().map((hex) => sources.get(hex)!);
  return { filings, reporters };
}

function clone(filing: Filing | undefined): Filing | undefined {
  return filing && { ...filing, sources: [...filing.sources], receipt: filing.receipt ? { ...filing.receipt } : null };
}

/**
 * Merges stored (new or changed) source records into the filings they belong to, and takes them out of
 * the filings their earlier versions were in: the affected filings and reporters are point-read by their
 * keyed `_id` and written back where they changed (sources, earliest arrival, most versions, first
 * period, latest weighing). A filing a record left is deleted when none remains in it, else its receipt
 * is read again from the records that remain; the reporter of such a filing is read again from its
 * filings. Idempotent: a batch absorbed again (replayed after a crash) changes nothing more. Records of
 * other streams are ignored.
 */
export async function absorbRecordFilings(records: readonly RecordHead[], run?: RecordFilingsOfRun): Promise<void> {
  await absorbReportRecordVersions(records.filter((r) => r.version > 1 && !isFilingRecordStream(r.source, r.stream)));
  const shares = records.flatMap((r) => recordFilingOf(r) ?? []);
  const left = records.flatMap(leftRecordFilingsOf);
  if (shares.length === 0 && left.length === 0) return;
  const cells = [...shares, ...left];
  const filingIds = new Map(cells.map((s) => [filingKeyOf(s), { kind: s.kind, id: filingId(s.kind, s.reporterKey, s.period) }]));
  const reporterIds = new Map(cells.map((s) => [`${s.kind}|${s.reporterKey}`, { kind: s.kind, id: filingReporterId(s.kind, s.reporterKey) }]));
  // what the run knows of (stored as it wrote it, or not stored) is not read
  const readStored = async <T>(model: typeof FilingModel | typeof FilingReporterModel, cellIds: Iterable<{ kind: FilingKind; id: Types.ObjectId }>): Promise<T[]> => {
    const known: T[] = [];
    const unknown: Types.ObjectId[] = [];
    for (const { kind, id } of cellIds) {
      const recalled = run?.known<T>(kind, id);
      if (!recalled) unknown.push(id);
      else if (recalled.doc) known.push(recalled.doc);
    }
    return [...known, ...(await findByIds<T>(model, unknown))];
  };
  const storedFilings = await readStored<Filing & { _id: Types.ObjectId }>(FilingModel, filingIds.values());
  const storedReporters = await readStored<FilingReporter & { _id: Types.ObjectId }>(FilingReporterModel, reporterIds.values());
  // every document this absorb may write or delete, before it does
  run?.writing([...[...filingIds.values()].map(({ id }) => id), ...[...reporterIds.values()].map(({ id }) => id)]);
  const stored = new Map(storedFilings.map((f) => [filingKeyOf(f), f]));
  const merged = mergeRecordFilings(shares, { filings: stored, reporters: new Map(storedReporters.map((r) => [`${r.kind}|${r.reporterKey}`, r])) });
  const shrunk = new Map<string, Filing>();
  for (const share of left) {
    const key = filingKeyOf(share);
    const filing = shrunk.get(key) ?? merged.filings.get(key) ?? clone(stored.get(key));
    if (!filing || !filing.sources.some((id) => id.equals(share.recordId))) continue;
    filing.sources = filing.sources.filter((id) => !id.equals(share.recordId));
    merged.filings.delete(key);
    shrunk.set(key, filing);
  }
  const remaining = await readRecordFilings([...shrunk.values()].flatMap((f) => f.sources));
  for (const filing of shrunk.values()) {
    filing.receipt = null;
    for (const id of filing.sources) {
      const share = remaining.get(id.toHexString());
      if (share && filingKeyOf(share) === filingKeyOf(filing)) filing.receipt = mergeReceipt(filing.receipt, share.receipt);
    }
  }
  const emptied = [...shrunk.values()].filter((f) => f.sources.length === 0);
  const kept = [...merged.filings.values(), ...[...shrunk.values()].filter((f) => f.sources.length > 0)];
  const emptiedIds = emptied.map((f) => filingId(f.kind, f.reporterKey, f.period));
  await saveFilingDocs(FilingModel, kept.map((f) => ({ ...f, _id: filingId(f.kind, f.reporterKey, f.period) })), storedFilings, (docs) => run?.stored(docs));
  await deleteByIds(FilingModel, emptiedIds);
  run?.stored([], emptiedIds);
  for (const f of shrunk.values()) merged.reporters.delete(`${f.kind}|${f.reporterKey}`);
  await saveFilingDocs(FilingReporterModel, [...merged.reporters.values()].map((r) => ({ ...r, _id: filingReporterId(r.kind, r.reporterKey) })), storedReporters, (docs) => run?.stored(docs));
  // read again from their filings: the run does not keep what this writes (the next absorb reads it)
  await recomputeRecordReporters([...shrunk.values()], storedReporters);
}

/** The filing shares of stored source records, by record id hex (point reads by `_id`). */
async function readRecordFilings(ids: readonly Types.ObjectId[]): Promise<Map<string, RecordFiling>> {
  const heads = await findByIds<RecordHead>(SourceRecordModel, ids, { projection: RECORD_HEAD_FIELDS });
  return new Map(heads.flatMap((head) => recordFilingOf({ ...head, payload: head.payload ?? {}, history: head.history ?? [] }) ?? []).map((share) => [share.recordId.toHexString(), share]));
}

/**
 * The reporters of filings records left, read again from their filings (the `{ kind, reporterKey,
 * period }` index): the first period from the first, the latest weighing from the records of the last
 * (a weighing's day is its filing's period); a reporter without filings is deleted.
 */
async function recomputeRecordReporters(filings: readonly Filing[], stored: ReadonlyArray<FilingReporter & { _id: Types.ObjectId }>): Promise<void> {
  const next: Array<FilingReporter & { _id: Types.ObjectId }> = [];
  const emptied: Types.ObjectId[] = [];
  for (const key of new Set(filings.map((f) => `${f.kind}|${f.reporterKey}`))) {
    const { kind, reporterKey } = filings.find((f) => `${f.kind}|${f.reporterKey}` === key)!;
    const first = await FilingModel.findOne({ kind, reporterKey }).sort({ period: 1 }).lean<Filing>().exec();
    if (!first) {
      emptied.push(filingReporterId(kind, reporterKey));
      continue;
    }
    const last = await FilingModel.findOne({ kind, reporterKey }).sort({ period: -1 }).lean<Filing>().exec();
    let lastWeighedAt: Date | null = null;
    for (const share of (await readRecordFilings(last!.sources)).values()) if (share.weighedAt && (!lastWeighedAt || share.weighedAt > lastWeighedAt)) lastWeighedAt = share.weighedAt;
    next.push({ _id: filingReporterId(kind, reporterKey), kind, reporterKey, label: reporterKey, street: null, firstPeriod: first.period, lastWeighedAt });
  }
  await deleteByIds(FilingReporterModel, emptied);
  await saveFilingDocs(FilingReporterModel, next, stored);
}

/**
 * A new version of a period report's source record (the report itself may be unchanged): merged into
 * the receipts of the filings it is a source of (the `{ sources }` index), most versions.
 */
async function absorbReportRecordVersions(records: readonly RecordHead[]): Promise<void> {
  if (records.length === 0) return;
  const byId = new Map(records.map((r) => [r._id!.toHexString(), r]));
  const stored = await FilingModel.find({ sources: { $in: records.map((r) => r._id!) } }).lean<Array<Filing & { _id: Types.ObjectId }>>().exec();
  const next = stored.map((filing) => {
    let receipt = filing.receipt ? { ...filing.receipt } : null;
    for (const id of filing.sources) {
      const record = byId.get(id.toHexString());
      if (record) receipt = mergeReceipt(receipt, reportRecordReceipt(record));
    }
    return { ...filing, receipt };
  });
  await saveFilingDocs(FilingModel, next, stored);
}

interface SavableModel {
  new (doc: Record<string, unknown>): { validateSync(): Error | null | undefined; toObject(options: object): Record<string, unknown> };
  collection: { insertMany(docs: object[], options: { ordered: false }): Promise<unknown> };
  bulkWrite(ops: never[], options: { ordered: false; timestamps?: boolean }): Promise<BulkCounts>;
}

/**
 * Writes whole aggregate documents (keyed `_id`s) that differ from their stored version (`stored`, as
 * read): new ones by insert-to-detect, the others by `replaceOne` by `_id`, each atomic on its own, so
 * two writers of the same document need no lock (both write what the collections say). Returns how many
 * were written.
 */
export async function saveFilingDocs(
  target: SavableModel,
  docs: ReadonlyArray<object & { _id: Types.ObjectId }>,
  stored: ReadonlyArray<{ _id: Types.ObjectId }>,
  onStored?: (docs: ReadonlyArray<Record<string, unknown> & { _id: Types.ObjectId }>) => void,
): Promise<number> {
  const before = new Map(stored.map((doc) => [doc._id.toHexString(), canonicalJson(doc)]));
  const cast = docs.map((draft) => {
    const doc = new target(draft as Record<string, unknown>);
    const invalid = doc.validateSync();
    if (invalid) throw invalid;
    return doc.toObject({ depopulate: true, virtuals: false, getters: false, transform: false }) as Record<string, unknown> & { _id: Types.ObjectId };
  });
  const changed = cast.filter((doc) => before.get(doc._id.toHexString()) !== canonicalJson(doc));
  const fresh = changed.filter((doc) => !before.has(doc._id.toHexString()));
  const existing = await insertNewKeys(target, fresh);
  const replace = changed.filter((doc) => before.has(doc._id.toHexString()) || existing.has(doc._id.toHexString()));
  await bulkWriteInChunks(target, replace.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })));
  // every document is stored as cast now: the changed ones written, the others as they were
  onStored?.(cast);
  return changed.length;
}
