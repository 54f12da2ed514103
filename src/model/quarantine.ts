/**
 * Quarantine — records that failed parsing or validation, with the reason, keyed (source, stream,
 * sourceKey) so a record that keeps failing is one entry, and re-processed when a fix arrives.
 */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';
import { bulkWriteInChunks, insertNewKeys } from '../store/writes';
import { SOURCES, type SourceId } from './reference/agencies';
import { connectorStreamField, type ConnectorStream } from './common';
import { keyedObjectId } from '../store/keys';
import { findByIds } from '../store/reads';
import { addToStreamStats, deltaByStream, streamStatsId } from '../store/streamStats';

export interface Quarantine {
  source: SourceId;
  stream: ConnectorStream;
  /** the record's id, or `<file path>#<line>` when a file row has none */
  sourceKey: string;
  reason: string;
  /** what was received, as text or parsed JSON, whatever could be kept */
  raw: unknown;
  attempts: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
}

const quarantineSchema = new Schema<Quarantine>(
  {
    source: { type: String, enum: SOURCES, required: true },
    stream: connectorStreamField,
    sourceKey: { type: String, required: true },
    reason: { type: String, required: true },
    raw: { type: Schema.Types.Mixed, default: null },
    attempts: { type: Number, default: 1 },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    resolvedAt: { type: Date, default: null },
  },
  { collection: 'quarantine', minimize: false },
);
quarantineSchema.index({ source: 1, stream: 1, sourceKey: 1 }, { unique: true });
// the API's list, most recently seen first (`_id` breaks ties), by source, stream and state; and a
// stream's open entries, which each sync run loads (src/ingest/openQuarantine.ts)
quarantineSchema.index({ resolvedAt: 1, source: 1, lastSeenAt: -1, _id: -1 });
quarantineSchema.index({ source: 1, lastSeenAt: -1, _id: -1 });
quarantineSchema.index({ source: 1, stream: 1, lastSeenAt: -1, _id: -1 });
quarantineSchema.index({ source: 1, stream: 1, resolvedAt: 1, lastSeenAt: -1, _id: -1 });

export type QuarantineDoc = HydratedDocument<Quarantine>;
export const QuarantineModel = model<Quarantine>('Quarantine', quarantineSchema);

export interface QuarantineEntry {
  source: SourceId;
  stream: ConnectorStream;
  sourceKey: string;
  reason: string;
  raw: unknown;
  seenAt?: Date;
}

/**
 * Records (or re-opens) failed records. A key seen for the first time is inserted under the `_id` it
 * derives (an insert costs no scan on the embedded store, which runs every update statement as one); a key
 * already quarantined (or repeated in `entries`) is updated by key: reason and payload replaced, its
 * attempts counted, re-opened if it had been resolved.
 */
export async function quarantineRecords(entries: readonly QuarantineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const now = new Date();
  const keyOf = (e: QuarantineEntry) => `${e.source}\u0000${e.stream}\u0000${e.sourceKey}`;
  const firsts = new Map<string, QuarantineEntry>();
  for (const e of entries) if (!firsts.has(keyOf(e))) firsts.set(keyOf(e), e);
  const docs = [...firsts.values()].map((e) => {
    const seenAt = e.seenAt ?? now;
    const doc = new QuarantineModel({ _id: keyedObjectId('Quarantine', e.source, e.stream, e.sourceKey), source: e.source, stream: e.stream, sourceKey: e.sourceKey, reason: e.reason, raw: e.raw, attempts: 1, firstSeenAt: seenAt, lastSeenAt: seenAt, resolvedAt: null });
    const invalid = doc.validateSync();
    if (invalid) throw invalid;
    return { entry: e, doc: doc.toObject({ depopulate: true, virtuals: false, getters: false, transform: false }) as { _id: unknown } };
  });
  const existing = await insertNewKeys(QuarantineModel, docs.map((d) => d.doc));
  const inserted = new Set(docs.filter((d) => !existing.has(String(d.doc._id))).map((d) => d.entry));
  // the stream counters: a new entry is open; a resolved one quarantined again re-opens (read by `_id` first)
  const reopened = (await findByIds<Pick<Quarantine, 'source' | 'stream' | 'resolvedAt'>>(QuarantineModel, docs.filter((d) => existing.has(String(d.doc._id))).map((d) => d.doc._id as Types.ObjectId), { projection: { source: 1, stream: 1, resolvedAt: 1 } }))
    .filter((entry) => entry.resolvedAt !== null);
  const counted = deltaByStream(reopened, (e) => e, { openQuarantine: 1, resolvedQuarantine: -1 }, deltaByStream(inserted, (e) => e, { openQuarantine: 1 }));
  await bulkWriteInChunks(
    QuarantineModel,
    entries.filter((e) => !inserted.has(e)).map((e) => ({
      updateOne: {
        filter: { source: e.source, stream: e.stream, sourceKey: e.sourceKey },
        update: {
          $set: { reason: e.reason, raw: e.raw, lastSeenAt: e.seenAt ?? now, resolvedAt: null },
          $setOnInsert: { firstSeenAt: e.seenAt ?? now },
          $inc: { attempts: 1 },
        },
        upsert: true,
      },
    })),
  );
  await addToStreamStats(counted);
}

/** Marks entries resolved once their records went through (a corrected file, a fixed mapping). */
export async function resolveQuarantined(source: SourceId, stream: ConnectorStream, sourceKeys: readonly string[]): Promise<number> {
  if (sourceKeys.length === 0) return 0;
  const result = await QuarantineModel.updateMany(
    { source, stream, sourceKey: { $in: [...sourceKeys] }, resolvedAt: null },
    { $set: { resolvedAt: new Date() } },
  );
  await addToStreamStats(new Map([[streamStatsId(source, stream), { openQuarantine: -result.modifiedCount, resolvedQuarantine: result.modifiedCount }]]));
  return result.modifiedCount;
}
