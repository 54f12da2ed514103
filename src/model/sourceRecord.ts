/**
 * SourceRecord — every record as received, keyed (source, stream, sourceId): the raw payload, the
 * sha256 of its canonical JSON, and the earlier versions. A changed payload is a new version (the
 * previous one moves into `history`); an unchanged one costs no write. Unified documents point back
 * here through their `sources` arrays.
 */
import { createHash } from 'node:crypto';
import { Schema, Types, model, type HydratedDocument } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { connectorStreamField, type ConnectorStream } from './common';

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
  },
  { collection: 'sourcerecords', minimize: false },
);
sourceRecordSchema.index({ source: 1, stream: 1, sourceId: 1 }, { unique: true });
sourceRecordSchema.index({ source: 1, stream: 1, versionSeenAt: 1 });
// retiring the rows of a replaced file version; rebuilding a medical handover from its rows
sourceRecordSchema.index({ source: 1, stream: 1, 'file.path': 1 });
sourceRecordSchema.index({ source: 1, groupKey: 1 });

export type SourceRecordDoc = HydratedDocument<SourceRecord>;
export const SourceRecordModel = model<SourceRecord>('SourceRecord', sourceRecordSchema);

// --- hashing -------------------------------------------------------------------------------------

/** JSON with object keys sorted at every level, so equal payloads hash equal whatever their key order. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
}

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
  version: number;
  hash: string;
  /** an unchanged record that had been retired (its file version replaced) and is delivered again */
  revived?: boolean;
}

export interface UpsertOptions {
  /** also write lastSeenAt for unchanged records (costs one write each; off by default) */
  touch?: boolean;
}

interface StoredState {
  _id: Types.ObjectId;
  version: number;
  hash: string;
  /** loaded only for records about to change (it moves into history) */
  payload: RawPayload | null;
  versionSeenAt: Date;
  /** the version found in the database, for the optimistic-concurrency filter */
  storedVersion: number | null;
  pendingHistory: SourceRecordVersion[];
  firstSeenAt: Date;
  /** file sha256 and retirement as stored, to tell whether an unchanged record needs its file refreshed */
  storedFileSha: string | null;
  retired: boolean;
}

const MAX_ATTEMPTS = 3;
const WRITE_CHUNK = 100;

function recordKey(r: { source: string; stream: string; sourceId: string }): string {
  return `${r.source}\u0000${r.stream}\u0000${r.sourceId}`;
}

/**
 * Stores a batch of records: one `$in` read of the stored hashes, then one unordered bulk write of the
 * new and changed ones. Results are per input, in input order; a record repeated within the batch is
 * folded in order (the same payload twice is new then unchanged). Concurrent writers are detected by
 * version (changed) and the unique key (new), and the affected records retried.
 */
export async function upsertSourceRecords(
  batch: readonly IncomingSourceRecord[],
  options: UpsertOptions = {},
): Promise<UpsertResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await upsertOnce(batch, options);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isConcurrentWriteConflict(error)) throw error;
    }
  }
}

class ConcurrentWriteConflict extends Error {}

function isConcurrentWriteConflict(error: unknown): boolean {
  if (error instanceof ConcurrentWriteConflict) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === 11000;
}

async function upsertOnce(batch: readonly IncomingSourceRecord[], options: UpsertOptions): Promise<UpsertResult[]> {
  if (batch.length === 0) return [];
  const states = await loadStates(batch);
  await loadPayloadsOfChanged(batch, states);
  const results: UpsertResult[] = [];
  const touched = new Set<string>();
  const unchangedIds: Types.ObjectId[] = [];
  const refiled: string[] = [];
  const now = new Date();

  for (const record of batch) {
    const key = recordKey(record);
    const hash = payloadHash(record.payload);
    const seenAt = record.seenAt ?? now;
    const state = states.get(key);
    if (!state) {
      const created: StoredState = {
        _id: new Types.ObjectId(),
        version: 1,
        hash,
        payload: record.payload,
        versionSeenAt: seenAt,
        storedVersion: null,
        pendingHistory: [],
        firstSeenAt: seenAt,
        storedFileSha: null,
        retired: false,
      };
      states.set(key, created);
      touched.add(key);
      results.push({ sourceId: record.sourceId, outcome: 'new', id: created._id, version: 1, hash });
    } else if (state.hash === hash) {
      if (!touched.has(key)) unchangedIds.push(state._id);
      // delivered again by a new version of its file: it belongs to that version now (not retired)
      if (!touched.has(key) && record.file && (state.storedFileSha !== record.file.sha256 || state.retired)) refiled.push(key);
      results.push({ sourceId: record.sourceId, outcome: 'unchanged', id: state._id, version: state.version, hash, ...(state.retired ? { revived: true } : {}) });
    } else {
      if (state.payload === null) throw new Error(`payload of ${key} was not loaded`);
      state.pendingHistory.push({
        version: state.version,
        hash: state.hash,
        payload: state.payload,
        seenAt: state.versionSeenAt,
        supersededAt: seenAt,
      });
      state.version += 1;
      state.hash = hash;
      state.payload = record.payload;
      state.versionSeenAt = seenAt;
      touched.add(key);
      results.push({ sourceId: record.sourceId, outcome: 'changed', id: state._id, version: state.version, hash });
    }
  }

  const byKey = new Map(batch.map((r) => [recordKey(r), r]));
  const writes = [...touched].map((key) => {
    const state = states.get(key)!;
    const record = byKey.get(key)!;
    const current = {
      version: state.version,
      hash: state.hash,
      payload: state.payload,
      versionSeenAt: state.versionSeenAt,
      lastSeenAt: state.versionSeenAt,
      ...(record.file ? { file: record.file, retiredAt: null } : {}),
      ...(record.groupKey !== undefined ? { groupKey: record.groupKey } : {}),
    };
    if (state.storedVersion === null) {
      return {
        insertOne: {
          document: {
            _id: state._id,
            source: record.source,
            stream: record.stream,
            sourceId: record.sourceId,
            firstSeenAt: state.firstSeenAt,
            ...current,
            history: state.pendingHistory,
          },
        },
      };
    }
    return {
      updateOne: {
        filter: { _id: state._id, version: state.storedVersion },
        update: { $set: current, $push: { history: { $each: state.pendingHistory } } },
      },
    };
  });
  const expectedUpdates = writes.filter((w) => 'updateOne' in w).length;
  let matched = 0;
  // bounded chunks: FerretDB's cost per bulk grows faster than linearly with its size
  for (let i = 0; i < writes.length; i += WRITE_CHUNK) {
    const result = await SourceRecordModel.bulkWrite(writes.slice(i, i + WRITE_CHUNK), { ordered: false, timestamps: false });
    matched += result.matchedCount;
  }
  {
    if (matched < expectedUpdates) {
      throw new ConcurrentWriteConflict('a source record changed while the batch was being written');
    }
  }
  const refileWrites = [...new Set(refiled)].map((key) => ({
    updateOne: { filter: { _id: states.get(key)!._id }, update: { $set: { file: byKey.get(key)!.file, retiredAt: null } } },
  }));
  for (let i = 0; i < refileWrites.length; i += WRITE_CHUNK) {
    await SourceRecordModel.bulkWrite(refileWrites.slice(i, i + WRITE_CHUNK), { ordered: false, timestamps: false });
  }
  if (options.touch && unchangedIds.length > 0) {
    await SourceRecordModel.updateMany({ _id: { $in: unchangedIds } }, { $set: { lastSeenAt: now } });
  }
  return results;
}

async function loadStates(batch: readonly IncomingSourceRecord[]): Promise<Map<string, StoredState>> {
  // one query per (source, stream) pair in the batch, normally exactly one
  const groups = new Map<string, { source: SourceId; stream: ConnectorStream; ids: Set<string> }>();
  for (const r of batch) {
    const groupKey = `${r.source}\u0000${r.stream}`;
    const group = groups.get(groupKey) ?? { source: r.source, stream: r.stream, ids: new Set<string>() };
    group.ids.add(r.sourceId);
    groups.set(groupKey, group);
  }
  const states = new Map<string, StoredState>();
  for (const group of groups.values()) {
    const stored = await SourceRecordModel.find(
      { source: group.source, stream: group.stream, sourceId: { $in: [...group.ids] } },
      { source: 1, stream: 1, sourceId: 1, version: 1, hash: 1, versionSeenAt: 1, firstSeenAt: 1, 'file.sha256': 1, retiredAt: 1 },
    )
      .lean<Array<Pick<SourceRecord, 'source' | 'stream' | 'sourceId' | 'version' | 'hash' | 'versionSeenAt' | 'firstSeenAt' | 'file' | 'retiredAt'> & { _id: Types.ObjectId }>>()
      .exec();
    for (const doc of stored) {
      states.set(recordKey(doc), {
        _id: doc._id,
        version: doc.version,
        hash: doc.hash,
        payload: null,
        versionSeenAt: doc.versionSeenAt,
        storedVersion: doc.version,
        pendingHistory: [],
        firstSeenAt: doc.firstSeenAt,
        storedFileSha: doc.file?.sha256 ?? null,
        retired: Boolean(doc.retiredAt),
      });
    }
  }
  return states;
}

/** The stored payloads of records whose incoming hash differs: only those move into history. */
async function loadPayloadsOfChanged(batch: readonly IncomingSourceRecord[], states: Map<string, StoredState>): Promise<void> {
  const ids = new Map<string, StoredState>();
  for (const record of batch) {
    const state = states.get(recordKey(record));
    if (state && state.hash !== payloadHash(record.payload)) ids.set(state._id.toHexString(), state);
  }
  if (ids.size === 0) return;
  const docs = await SourceRecordModel.find({ _id: { $in: [...ids.values()].map((s) => s._id) } }, { payload: 1 })
    .lean<Array<{ _id: Types.ObjectId; payload: RawPayload }>>()
    .exec();
  for (const doc of docs) {
    const state = ids.get(doc._id.toHexString());
    if (state) state.payload = doc.payload;
  }
}
