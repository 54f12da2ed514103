/**
 * Filing — the completeness calendar's pre-aggregate (issues #12, #17): one document per (kind,
 * reporterKey, period) a reporter filed, so a calendar of some periods reads those periods, not every
 * source record of history. FilingReporter — one per (kind, reporterKey): from which period it files.
 * FilingState — one document: the aggregate's layout version and the watermark of its catch-up.
 *
 * Filings read from their source records (medical drop files, weigh-ticket days) hold their receipt,
 * merged as the records are stored (`absorbRecordFilings`, called by `upsertSourceRecords`): the
 * earliest first arrival, the most versions. Filings of period reports hold the reports' source record
 * ids and the receipt read from them when the period's reports changed; a new version of such a record
 * (which may change no report) is merged into the filings it is a source of as it is stored.
 * Registries are not applied here: the institution registry (medical ledgers) and the household
 * facility registry (weigh tickets) are read with the calendar, so a registry change needs no rewrite.
 */
import { Schema, model, type Types } from 'mongoose';
import { FILING_KINDS, watchKey, type FilingKind, type Receipt } from '../completeness/calendar';
import { keyedObjectId } from '../store/keys';
import { bulkWriteInChunks, insertNewKeys, type BulkCounts } from '../store/writes';
import { canonicalJson } from './common';
import { findByIds } from '../store/reads';
import type { RawPayload } from './sourceRecord';

export interface Filing {
  kind: FilingKind;
  reporterKey: string;
  period: string;
  label: string;
  street: string | null;
  /** period reports: their source records (receipts read for the periods asked) */
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
  /** period reports updated at or after this instant are not yet in the aggregate */
  watermark: Date;
  rebuiltAt: Date;
  /** moved each time a catch-up, retirement or rebuild writes filings: readers that keep filings (src/completeness/read.ts) read again */
  revision?: number;
}

/** The aggregate's layout: a stored state of another version is rebuilt from the collections. */
export const FILINGS_VERSION = 2;
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
  { _id: { type: String, required: true }, version: { type: Number, required: true }, watermark: { type: Date, required: true }, rebuiltAt: { type: Date, required: true }, revision: { type: Number, default: 0 } },
  { collection: 'filingstate', versionKey: false },
);

export const FilingModel = model<Filing>('Filing', filingSchema);
export const FilingReporterModel = model<FilingReporter>('FilingReporter', filingReporterSchema);
export const FilingStateModel = model<FilingState>('FilingState', filingStateSchema);

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
  _id?: Types.ObjectId;
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

/** The streams whose records are filings themselves (not projected into period reports). */
export function isFilingRecordStream(source: string, stream: string): boolean {
  return (source === 'medical' && (stream === 'ledgers' || stream === 'receipts')) || (source === 'household' && stream === 'weigh-tickets');
}

/** One record's share of a filing: which filing, its receipt, and (weigh tickets) when it was weighed. */
export interface RecordFiling {
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
    return { kind, reporterKey: file.uscc, period: file.month, receipt: { receivedAt: record.firstSeenAt, stated: false, versions: record.version, stream: watchKey('medical', record.stream) }, weighedAt: null };
  }
  if (record.source === 'household' && record.stream === 'weigh-tickets') {
    const code = typeof record.payload?.facilityId === 'string' ? record.payload.facilityId : null;
    const day = cstDayOf(record.payload?.weighedAt);
    if (!code || !day) return null;
    const { at, stated } = firstReceivedAt(record as { firstSeenAt: Date; payload: { updatedAt?: unknown }; history: { payload: { updatedAt?: unknown } }[] });
    return { kind: 'WEIGH_TICKETS', reporterKey: code, period: day, receipt: { receivedAt: at, stated, versions: record.version, stream: watchKey('household', 'weigh-tickets') }, weighedAt: instant(record.payload.weighedAt) };
  }
  return null;
}

/** The filings and reporters records make, merged among themselves and onto `stored` (by key). Pure. */
export function mergeRecordFilings(
  records: readonly RecordFiling[],
  stored: { filings: ReadonlyMap<string, Filing>; reporters: ReadonlyMap<string, FilingReporter> } = { filings: new Map(), reporters: new Map() },
): { filings: Map<string, Filing>; reporters: Map<string, FilingReporter> } {
  const filings = new Map<string, Filing>();
  const reporters = new Map<string, FilingReporter>();
  for (const r of records) {
    const key = `${r.kind}|${r.reporterKey}|${r.period}`;
    const known = filings.get(key) ?? clone(stored.filings.get(key)) ?? { kind: r.kind, reporterKey: r.reporterKey, period: r.period, label: r.reporterKey, street: null, sources: [], receipt: null };
    known.receipt = mergeReceipt(known.receipt, r.receipt);
    filings.set(key, known);
    const reporterKey = `${r.kind}|${r.reporterKey}`;
    const storedReporter = stored.reporters.get(reporterKey);
    const reporter = reporters.get(reporterKey) ?? (storedReporter ? { ...storedReporter } : { kind: r.kind, reporterKey: r.reporterKey, label: r.reporterKey, street: null, firstPeriod: r.period, lastWeighedAt: null });
    if (r.period < reporter.firstPeriod) reporter.firstPeriod = r.period;
    if (r.weighedAt && (!reporter.lastWeighedAt || r.weighedAt > reporter.lastWeighedAt)) reporter.lastWeighedAt = r.weighedAt;
    reporters.set(reporterKey, reporter);
  }
  return { filings, reporters };
}

function clone(filing: Filing | undefined): Filing | undefined {
  return filing && { ...filing, receipt: filing.receipt ? { ...filing.receipt } : null };
}

/**
 * Merges stored (new or changed) source records into the filings they belong to: the affected filings
 * and reporters are point-read by their keyed `_id` and written back where the merge changed them
 * (earliest arrival, most versions, first period, latest weighing). Records of other streams are ignored.
 */
export async function absorbRecordFilings(records: readonly RecordHead[]): Promise<void> {
  await absorbReportRecordVersions(records.filter((r) => r._id && r.version > 1 && !isFilingRecordStream(r.source, r.stream)));
  const shares = records.flatMap((r) => recordFilingOf(r) ?? []);
  if (shares.length === 0) return;
  const filingIds = new Map(shares.map((s) => [`${s.kind}|${s.reporterKey}|${s.period}`, filingId(s.kind, s.reporterKey, s.period)]));
  const reporterIds = new Map(shares.map((s) => [`${s.kind}|${s.reporterKey}`, filingReporterId(s.kind, s.reporterKey)]));
  const storedFilings = await findByIds<Filing & { _id: Types.ObjectId }>(FilingModel, [...filingIds.values()]);
  const storedReporters = await findByIds<FilingReporter & { _id: Types.ObjectId }>(FilingReporterModel, [...reporterIds.values()]);
  const merged = mergeRecordFilings(shares, {
    filings: new Map(storedFilings.map((f) => [`${f.kind}|${f.reporterKey}|${f.period}`, f])),
    reporters: new Map(storedReporters.map((r) => [`${r.kind}|${r.reporterKey}`, r])),
  });
  await saveFilingDocs(FilingModel, [...merged.filings.values()].map((f) => ({ ...f, _id: filingId(f.kind, f.reporterKey, f.period) })), storedFilings);
  await saveFilingDocs(FilingReporterModel, [...merged.reporters.values()].map((r) => ({ ...r, _id: filingReporterId(r.kind, r.reporterKey) })), storedReporters);
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
export async function saveFilingDocs(target: SavableModel, docs: ReadonlyArray<object & { _id: Types.ObjectId }>, stored: ReadonlyArray<{ _id: Types.ObjectId }>): Promise<number> {
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
  return changed.length;
}
