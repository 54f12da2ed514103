/**
 * Saved sync state per (source, stream): the connector's bookmark, written only after the batch it
 * covers is stored (Singer's rule, shared/anchors/peers.md C2), and an in-flight mark so a run that
 * crashed between storing records and saving state is finished by the next run (see engine.ts).
 */
import type { JsonObject } from '../../connectors/contract';
import type { SourceId } from '../model/reference/agencies';
import { SyncStateModel, type SyncStateFile } from '../model/syncState';

export interface SavedState {
  state: JsonObject | null;
  inFlight: boolean;
  file: SyncStateFile | null;
  /** whether the stream has a state document (a stream never run has none) */
  stored: boolean;
}

const stateId = (source: SourceId, stream: string) => `${source}/${stream}`;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * States are stored as JSON text: file sources key their state by path (`ledgers/…/2026-10.csv`), and
 * the embedded store (like older MongoDB) refuses field names containing dots.
 */
export function encodeState(state: JsonObject | null): string | null {
  return state === null ? null : JSON.stringify(state);
}

export function decodeState(stored: unknown): JsonObject | null {
  if (typeof stored !== 'string') return isJsonObject(stored) ? stored : null;
  const parsed: unknown = JSON.parse(stored);
  return isJsonObject(parsed) ? parsed : null;
}

export async function loadState(source: SourceId, stream: string): Promise<SavedState> {
  const doc = await SyncStateModel.findById(stateId(source, stream)).lean().exec();
  if (!doc) return { state: null, inFlight: false, file: null, stored: false };
  return { state: decodeState(doc.state), inFlight: doc.inFlight, file: doc.file ?? null, stored: true };
}

/**
 * Marks a batch as being stored (and, for a grouped stream, its groups as waiting to be rebuilt).
 * Cheap (one small write per batch) and what makes a crash recoverable.
 */
export async function markInFlight(source: SourceId, stream: string, groupsPending = false): Promise<void> {
  await SyncStateModel.updateOne(
    { _id: stateId(source, stream) },
    { $set: { inFlight: true, savedAt: new Date(), ...(groupsPending ? { groupsPending } : {}) }, $setOnInsert: { source, stream, state: null, file: null } },
    { upsert: true },
  ).exec();
}

/**
 * Gives a stream that has run without delivering anything its (empty) state document, so every
 * later run reads the same one document per stream whether or not the stream has delivered yet.
 */
export async function saveEmptyState(source: SourceId, stream: string): Promise<void> {
  await SyncStateModel.updateOne(
    { _id: stateId(source, stream) },
    { $setOnInsert: { source, stream, state: null, inFlight: false, file: null, savedAt: new Date() } },
    { upsert: true },
  ).exec();
}

/**
 * Saves the bookmark a stored batch handed out. `inFlight`: whether the mark stays set, for a run that
 * goes on storing batches (one state write per batch; a crash between two batches costs the next run
 * one replayed batch); the run clears it with `clearInFlight` once it stops between batches.
 */
export async function saveState(source: SourceId, stream: string, state: JsonObject, file: SyncStateFile | null, inFlight = false): Promise<void> {
  await SyncStateModel.updateOne(
    { _id: stateId(source, stream) },
    { $set: { state: encodeState(state), inFlight, file, savedAt: new Date() }, $setOnInsert: { source, stream } },
    { upsert: true },
  ).exec();
}

/** Clears the in-flight mark of a stream whose last batch was stored and its state saved. */
export async function clearInFlight(source: SourceId, stream: string): Promise<void> {
  await SyncStateModel.updateOne({ _id: stateId(source, stream) }, { $set: { inFlight: false, savedAt: new Date() } }).exec();
}

/** Whether a run stored grouped records and stopped before rebuilding their groups. */
export async function hasGroupsPending(source: SourceId): Promise<boolean> {
  return (await SyncStateModel.countDocuments({ source, groupsPending: true }).exec()) > 0;
}

/** Records that the source's groups are rebuilt. */
export async function clearGroupsPending(source: SourceId): Promise<void> {
  await SyncStateModel.updateMany({ source, groupsPending: true }, { $set: { groupsPending: false } }).exec();
}

/** Forgets every saved state of a source (a full re-read starts from scratch anyway; used by tests and `--full`). */
export async function clearStates(source: SourceId): Promise<void> {
  await SyncStateModel.deleteMany({ source }).exec();
}
