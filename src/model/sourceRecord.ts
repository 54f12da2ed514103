/**
 * SourceRecord — every record as received, keyed (source, stream, sourceId): the raw payload, the
 * sha256 of its canonical JSON, and the earlier versions. A changed payload is a new version (the
 * previous one moves into `history`); an unchanged one costs no write. Unified documents point back
 * here through their `sources` arrays.
 */
import { createHash } from 'node:crypto';
import { Schema, Types, model, type HydratedDocument } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { findByIds } from '../store/reads';
import { replaceDocuments } from '../store/replace';
import { addToStreamStats, deltaByStream } from '../store/streamStats';
import { chunks, insertNewKeys } from '../store/writes';
import { canonicalJson, connectorStreamField, type ConnectorStream } from './common';
import { keyedObjectId } from '../store/keys';
import { CodedError } from '../errors';
import { RECORD_HEAD_FIELDS, absorbRecordFilings, isFilingRecordStream, type KnownReceipts, type RecordFilingsOfRun, type RecordHead } from './filing';
import { killPoint } from '../killPoints';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
/** A stored payload: JSON as received (typed loosely here because mongoose's types do not recurse). */
export type RawPayload = Record<string, unknown>;

export interface SourceRecordVersion {
  version: number;
  hash: string;
  payload: RawPayload;
  /** when this version was first received */
  seenAt: Date;
  supersededAt: Date;
}

export interface SourceRecord {
  source: SourceId;
  stream: ConnectorStream;
  sourceId: string;
  version: number;
  hash: string;
  payload: RawPayload;
  firstSeenAt: Date;
  /** when the current version was first received */
  versionSeenAt: Date;
  /** last time the record was written or (with `touch`) confirmed unchanged */
  lastSeenAt: Date;
  history: SourceRecordVersion[];
  /** file sources: the file version that last delivered the record (a corrected re-upload retires the rest) */
  file?: SourceFileRef | null;
  /** set when a newer version of its file no longer contains it; its projections are removed */
  retiredAt?: Date | null;
  /** the unified document a record contributes to with others (medical: the 转移联单号 of a ledger/receipt row) */
  groupKey?: string | null;
  /** when its mapping last refused it (its quarantine entry is open); null once it went through */
  mappingRejectedAt?: Date | null;
}

export interface SourceFileRef {
  path: string;
  sha256: string;
}

const versionSchema = new Schema<SourceRecordVersion>(
  {
    version: { type: Number, required: true },
    hash: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    seenAt: { type: Date, required: true },
    supersededAt: { type: Date, required: true },
  },
  { _id: false, minimize: false },
);

const sourceRecordSchema = new Schema<SourceRecord>(
  {
    source: { type: String, enum: SOURCES, required: true },
    stream: connectorStreamField,
    sourceId: { type: String, required: true },
    version: { type: Number, required: true },
    hash: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    firstSeenAt: { type: Date, required: true },
    versionSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    history: { type: [versionSchema], default: [] },
    file: { type: new Schema<SourceFileRef>({ path: { type: String, required: true }, sha256: { type: String, required: true } }, { _id: false }), default: null },
    retiredAt: { type: Date, default: null },
    groupKey: { type: String, default: null },
    mappingRejectedAt: { type: Date, default: null },
  },
  { collection: 'sourcerecords', minimize: false },
);
sourceRecordSchema.index({ source: 1, stream: 1, sourceId: 1 }, { unique: true });
sourceRecordSchema.index({ source: 1, stream: 1, versionSeenAt: 1 });
// retiring the live rows of a replaced file version (src/ingest/project.ts retireReplacedRecords)
sourceRecordSchema.index({ source: 1, stream: 1, 'file.path': 1, retiredAt: 1, 'file.sha256': 1 });
// rebuilding medical handovers from their live rows: some groups, or every group (groupKey not null);
// `_id` last: a run's rebuild skips the rows it carries (`_id $nin`) before fetching (src/ingest/groups.ts)
sourceRecordSchema.index({ source: 1, stream: 1, retiredAt: 1, groupKey: 1, _id: 1 });
sourceRecordSchema.index({ source: 1, groupKey: 1 });

export type SourceRecordDoc = HydratedDocument<SourceRecord>;
export const SourceRecordModel = model<SourceRecord>('SourceRecord', sourceRecordSchema);

/**
 * SourceFingerprint — one per record: the hash of (record id, payload hash, file version) it is stored
 * with. Inserting a batch's fingerprints tells, by duplicate keys alone, which records are unchanged.
 */
export interface SourceFingerprint {
  _id: string;
  recordId: Types.ObjectId;
}

const fingerprintSchema = new Schema<SourceFingerprint>(
  { _id: { type: String, required: true }, recordId: { type: Schema.Types.ObjectId, required: true } },
  { collection: 'sourcefingerprints', versionKey: false },
);
// a retired record loses its fingerprints, so a re-delivery is compared again
fingerprintSchema.index({ recordId: 1 });

export const FingerprintModel = model<SourceFingerprint>('SourceFingerprint', fingerprintSchema);

// --- hashing -------------------------------------------------------------------------------------

export function payloadHash(payload: JsonValue): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

// --- repository ----------------------------------------------------------------------------------

export interface IncomingSourceRecord {
  source: SourceId;
  stream: ConnectorStream;
  sourceId: string;
  payload: JsonObject;
  /** when the connector read it; defaults to now */
  seenAt?: Date;
  /** file sources: the file version delivering it (stored, and refreshed even when the payload is unchanged) */
  file?: SourceFileRef;
  groupKey?: string | null;
}

export type UpsertOutcome = 'new' | 'changed' | 'unchanged';

export interface UpsertResult {
  sourceId: string;
  outcome: UpsertOutcome;
  id: Types.ObjectId;
  /** null for an unchanged record its fingerprint vouched for (its version was not read) */
  version: number | null;
  hash: string;
  /** an unchanged record that had been retired (its file version replaced) and is delivered again */
  revived?: boolean;
  /** a stored record its mapping refused (see ingest/openQuarantine.ts): mapped again even if unchanged */
  mappingRejected?: boolean;
}

export interface UpsertOptions {
  /** also write lastSeenAt for unchanged records (costs one write each; off by default) */
  touch?: boolean;
  /**
   * Compare every record with the stored one instead of trusting the fingerprints: for a batch that a
   * crash interrupted (fingerprints may have been written before the records they vouch for).
   */
  verify?: boolean;
  /** told the receipts of the records stored (src/model/filing.ts KnownReceipts) */
  receipts?: KnownReceipts;
  /** the source run's knowledge of its record filings, under its sync lock (src/model/filing.ts) */
  filings?: RecordFilingsOfRun;
}

interface StoredState {
  _id: Types.ObjectId;
  version: number;
  hash: string;
  payload: RawPayload;
  versionSeenAt: Date;
  /** the version found in the database, for the optimistic-concurrency filter */
  storedVersion: number;
  /** inserted by this batch as version 1: its first occurrence is the `new` one */
  insertedNow: boolean;
  pendingHistory: SourceRecordVersion[];
  /** file sha256 and retirement as stored, to tell whether an unchanged record needs its file refreshed */
  storedFileSha: string | null;
  retired: boolean;
  mappingRejected: boolean;
  /** the fingerprint of the stored content, dropped when the content changes */
  storedFingerprint: string;
  /** the file version the record will be stored with after this batch */
  fileSha: string | null;
}

const MAX_ATTEMPTS = 3;

/**
 * The journal scope of a source's record and projection writes (src/store/replace.ts): the name its
 * sync lock is held under, whose next holder finishes what a crash left half done.
 */
export function sourceWriteScope(source: string): string {
  return `sync:${source}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

function recordKey(r: { source: string; stream: string; sourceId: string }): string {
  return `${r.source}\u0000${r.stream}\u0000${r.sourceId}`;
}

/**
 * The record's _id, derived from its key: the store finds out whether a record exists by inserting it
 * (a unique-index check, src/store/writes.ts) instead of querying for it.
 */
export function sourceRecordId(r: { source: string; stream: string; sourceId: string }): Types.ObjectId {
  return keyedObjectId('SourceRecord', r.source, r.stream, r.sourceId);
}

/** The fingerprint of a record's stored content: its id, payload hash and the file version delivering it. */
function fingerprintOf(id: Types.ObjectId, hash: string, fileSha: string | null | undefined): string {
  return createHash('sha256').update(`${id.toHexString()}\u0000${hash}\u0000${fileSha ?? ''}`).digest('base64url');
}

/**
 * Stores a batch of records. The fast path costs inserts only: each record's fingerprint (id, payload
 * hash, file version) is inserted, and one that already exists proves the record unchanged. The others
 * are inserted as new records; those that already exist are read in one `$in` query and versioned
 * if their payload differs. Results are per input, in input order; a record repeated within the batch
 * is folded in order (the same payload twice is new then unchanged). Concurrent writers are detected by
 * version, and the batch retried with verification.
 */
export async function upsertSourceRecords(
  batch: readonly IncomingSourceRecord[],
  options: UpsertOptions = {},
): Promise<UpsertResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      // a retried batch may have written fingerprints before failing: it compares with the records
      return await upsertOnce(batch, attempt === 1 ? options : { ...options, verify: true });
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !(error instanceof ConcurrentWriteConflict)) throw error;
    }
  }
}

class ConcurrentWriteConflict extends CodedError {
  readonly code = 'CONFLICT';
}

async function upsertOnce(batch: readonly IncomingSourceRecord[], options: UpsertOptions): Promise<UpsertResult[]> {
  if (batch.length === 0) return [];
  const now = new Date();
  const ids = batch.map(sourceRecordId);
  const hashes = batch.map((r) => payloadHash(r.payload));
  const fingerprints = batch.map((r, i) => fingerprintOf(ids[i]!, hashes[i]!, r.file?.sha256));
  // fingerprints already stored: those records are unchanged (in this batch too, for a repeat)
  const claims = new Map(fingerprints.map((_id, i) => [_id, { _id, recordId: ids[i]! }]));
  const known = options.verify ? new Set<string>() : await insertNewKeys(FingerprintModel, [...claims.values()]);
  const candidates = batch.flatMap((record, i) => (known.has(fingerprints[i]!) ? [] : [i]));
  const states = await insertOrLoad(batch, candidates, ids, hashes, now);
  // a record neither inserted nor found would otherwise pass as unchanged: never silently
  const lost = candidates.find((i) => !states.has(recordKey(batch[i]!)));
  if (lost !== undefined) throw new Error(`source record ${recordKey(batch[lost]!).replaceAll('\u0000', '/')} was neither inserted nor found`);

  const results: UpsertResult[] = [];
  const touched = new Set<string>();
  const unchangedIds: Types.ObjectId[] = [];
  const refiled: string[] = [];
  batch.forEach((record, i) => {
    const key = recordKey(record);
    const hash = hashes[i]!;
    const state = states.get(key);
    if (!state) {
      // vouched for by its fingerprint
      results.push({ sourceId: record.sourceId, outcome: 'unchanged', id: ids[i]!, version: null, hash });
      return;
    }
    const seenAt = record.seenAt ?? now;
    if (state.insertedNow) {
      state.insertedNow = false;
      results.push({ sourceId: record.sourceId, outcome: 'new', id: state._id, version: 1, hash });
    } else if (state.hash === hash) {
      if (!touched.has(key)) unchangedIds.push(state._id);
      // delivered again by a new version of its file: it belongs to that version now (not retired)
      if (!touched.has(key) && record.file && (state.storedFileSha !== record.file.sha256 || state.retired)) {
        refiled.push(key);
        state.fileSha = record.file.sha256;
      }
      results.push({ sourceId: record.sourceId, outcome: 'unchanged', id: state._id, version: state.version, hash, ...(state.retired ? { revived: true } : {}), ...(state.mappingRejected ? { mappingRejected: true } : {}) });
    } else {
      state.pendingHistory.push({ version: state.version, hash: state.hash, payload: state.payload, seenAt: state.versionSeenAt, supersededAt: seenAt });
      state.version += 1;
      state.hash = hash;
      state.payload = record.payload;
      state.versionSeenAt = seenAt;
      if (record.file) state.fileSha = record.file.sha256;
      touched.add(key);
      results.push({ sourceId: record.sourceId, outcome: 'changed', id: state._id, version: state.version, hash, ...(state.mappingRejected ? { mappingRejected: true } : {}) });
    }
  });

  const byKey = new Map(batch.map((r) => [recordKey(r), r]));
  // changed records are replaced whole (journaled, src/store/replace.ts): an update statement per
  // record would cost the store a collection scan each
  const changed = [...touched].map((key) => ({ key, state: states.get(key)! }));
  const full = new Map((await findByIds<SourceRecord & { _id: Types.ObjectId }>(SourceRecordModel, changed.map(({ state }) => state._id))).map((doc) => [doc._id.toHexString(), doc]));
  const replacements = changed.map(({ key, state }) => {
    const stored = full.get(state._id.toHexString());
    if (!stored || stored.version !== state.storedVersion) throw new ConcurrentWriteConflict('a source record changed while the batch was being written');
    const record = byKey.get(key)!;
    return {
      ...stored,
      version: state.version,
      hash: state.hash,
      payload: state.payload,
      versionSeenAt: state.versionSeenAt,
      lastSeenAt: state.versionSeenAt,
      history: [...stored.history, ...state.pendingHistory],
      mappingRejectedAt: null,
      ...(record.file ? { file: record.file, retiredAt: null } : {}),
      ...(record.groupKey !== undefined ? { groupKey: record.groupKey } : {}),
    };
  });
  for (const [scope, docs] of groupBy(replacements, (doc) => sourceWriteScope(doc.source))) await replaceDocuments(SourceRecordModel, docs, scope);
  killPoint('records:stored');
  // the completeness calendar's filings follow their records (medical drops, weigh tickets; reports' record versions)
  const newHeads = batch.flatMap((record, i) => (results[i]!.outcome === 'new' && !touched.has(recordKey(record)) && isFilingRecordStream(record.source, record.stream) ? [{ ...record, _id: ids[i]!, version: 1, firstSeenAt: record.seenAt ?? now, history: [] }] : []));
  // a verified batch (replayed after a crash) may hold records stored before the crash whose filings were not
  // absorbed: they are absorbed again with the rest (absorbing is idempotent)
  const unchanged = options.verify ? [...states.entries()].filter(([key, state]) => !touched.has(key) && (isFilingRecordStream(byKey.get(key)!.source, byKey.get(key)!.stream) || state.version > 1)).map(([, state]) => state._id) : [];
  const storedHeads = await findByIds<RecordHead>(SourceRecordModel, unchanged.filter((id) => !newHeads.some((head) => head._id.equals(id))), { projection: RECORD_HEAD_FIELDS });
  await absorbRecordFilings([...newHeads, ...replacements, ...storedHeads.map((head) => ({ ...head, payload: head.payload ?? {}, history: head.history ?? [] }))], options.filings);
  if (options.receipts) {
    batch.forEach((record, i) => {
      if (results[i]!.outcome === 'new' && !touched.has(recordKey(record))) options.receipts!.note({ ...record, _id: ids[i]!, version: 1, firstSeenAt: record.seenAt ?? now, history: [] });
    });
    for (const replacement of replacements) options.receipts.note(replacement);
  }
  // unchanged records a new file version delivered again belong to it now: one statement per file
  const refiledByFile = groupBy([...new Set(refiled)], (key) => JSON.stringify(byKey.get(key)!.file));
  for (const [file, keys] of refiledByFile) {
    for (const chunk of chunks(keys)) {
      await SourceRecordModel.updateMany({ _id: { $in: chunk.map((key) => states.get(key)!._id) } }, { $set: { file: JSON.parse(file) as SourceFileRef, retiredAt: null } }, { timestamps: false }).exec();
    }
  }
  // a retired record written again (changed, or delivered again by a new file version) is live again
  const revived = [...states.entries()].filter(([key, state]) => state.retired && ((touched.has(key) && byKey.get(key)!.file) || refiled.includes(key))).map(([key]) => byKey.get(key)!);
  await addToStreamStats(deltaByStream(revived, (r) => r, { liveRecords: 1 }));
  if (options.touch && unchangedIds.length > 0) {
    await SourceRecordModel.updateMany({ _id: { $in: unchangedIds } }, { $set: { lastSeenAt: now } });
  }

  // the fingerprints now vouch for exactly the stored content
  const claimed = new Set(options.verify ? [] : candidates.map((i) => fingerprints[i]!));
  const current = new Map([...states.values()].map((state) => [fingerprintOf(state._id, state.hash, state.fileSha), state._id]));
  const stale = [...[...states.values()].map((state) => state.storedFingerprint), ...claimed].filter((fingerprint) => !current.has(fingerprint));
  if (stale.length > 0) await FingerprintModel.deleteMany({ _id: { $in: [...new Set(stale)] } }).exec();
  await insertNewKeys(FingerprintModel, [...current].filter(([fingerprint]) => !claimed.has(fingerprint)).map(([_id, recordId]) => ({ _id, recordId })));
  return results;
}

/**
 * The state of every candidate record: the first occurrence of each key is inserted as version 1, and
 * the keys that already exist are read (with their payload, which a change moves into history).
 */
async function insertOrLoad(
  batch: readonly IncomingSourceRecord[],
  candidates: readonly number[],
  ids: readonly Types.ObjectId[],
  hashes: readonly string[],
  now: Date,
): Promise<Map<string, StoredState>> {
  const states = new Map<string, StoredState>();
  const first = new Map<string, number>();
  for (const i of candidates) if (!first.has(recordKey(batch[i]!))) first.set(recordKey(batch[i]!), i);
  const documents = [...first.values()].map((i) => {
    const record = batch[i]!;
    const seenAt = record.seenAt ?? now;
    return {
      _id: ids[i]!,
      source: record.source,
      stream: record.stream,
      sourceId: record.sourceId,
      version: 1,
      hash: hashes[i]!,
      payload: record.payload,
      firstSeenAt: seenAt,
      versionSeenAt: seenAt,
      lastSeenAt: seenAt,
      history: [],
      file: record.file ?? null,
      retiredAt: null,
      groupKey: record.groupKey ?? null,
    };
  });
  const existing = await insertNewKeys(SourceRecordModel, documents);
  await addToStreamStats(deltaByStream(documents.filter((doc) => !existing.has(doc._id.toHexString())), (doc) => doc, { liveRecords: 1 }));
  for (const doc of documents) {
    if (existing.has(doc._id.toHexString())) continue;
    states.set(recordKey(doc), {
      _id: doc._id, version: 1, hash: doc.hash, payload: doc.payload, versionSeenAt: doc.versionSeenAt, storedVersion: 1, insertedNow: true,
      pendingHistory: [], storedFileSha: doc.file?.sha256 ?? null, retired: false, mappingRejected: false, storedFingerprint: fingerprintOf(doc._id, doc.hash, doc.file?.sha256), fileSha: doc.file?.sha256 ?? null,
    });
  }
  if (existing.size === 0) return states;
  const stored = await findByIds<Pick<SourceRecord, 'source' | 'stream' | 'sourceId' | 'version' | 'hash' | 'payload' | 'versionSeenAt' | 'file' | 'retiredAt' | 'mappingRejectedAt'> & { _id: Types.ObjectId }>(
    SourceRecordModel,
    documents.filter((d) => existing.has(d._id.toHexString())).map((d) => d._id),
    { projection: { source: 1, stream: 1, sourceId: 1, version: 1, hash: 1, payload: 1, versionSeenAt: 1, 'file.sha256': 1, retiredAt: 1, mappingRejectedAt: 1 } },
  );
  for (const doc of stored) {
    states.set(recordKey(doc), {
      _id: doc._id, version: doc.version, hash: doc.hash, payload: doc.payload, versionSeenAt: doc.versionSeenAt, storedVersion: doc.version, insertedNow: false,
      pendingHistory: [], storedFileSha: doc.file?.sha256 ?? null, retired: Boolean(doc.retiredAt), mappingRejected: Boolean(doc.mappingRejectedAt), storedFingerprint: fingerprintOf(doc._id, doc.hash, doc.file?.sha256), fileSha: doc.file?.sha256 ?? null,
    });
  }
  return states;
}
