/** SyncRun — one run of one connector stream: cursors before and after, counts, errors, timing. */
import { Schema, model, type HydratedDocument } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { connectorStreamField, integerField, type ConnectorStream } from './common';

/** ABORTED: its process died while it ran (marked by the next sync of the source) */
export const SYNC_STATUSES = ['RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'ABORTED'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export interface SyncCounts {
  read: number;
  new: number;
  changed: number;
  unchanged: number;
  quarantined: number;
}

export interface SyncError {
  at: Date;
  message: string;
  /** HTTP status, source error code, or exception name */
  code: string | null;
}

export interface SyncRun {
  connector: SourceId;
  stream: ConnectorStream;
  /** the connector's cursor state (page, cursor string, updatedSince, file checksums…) */
  cursorBefore: unknown;
  cursorAfter: unknown;
  counts: SyncCounts;
  errors: SyncError[];
  status: SyncStatus;
  /** the job that ran it (BullMQ job id), when run by a worker */
  jobId: string | null;
  startedAt: Date;
  /**
   * the instant the run's records are recorded as seen at (`SyncOptions.asOf`, else `startedAt`): the
   * hub's clock for what it had read by then (completeness: since when it watched a stream, and whether
   * a run after a due day did not see a filing). Null on runs stored before the field existed.
   */
  seenAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
}

const countsSchema = new Schema<SyncCounts>(
  {
    read: { type: Number, default: 0 },
    new: { type: Number, default: 0 },
    changed: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    quarantined: { type: Number, default: 0 },
  },
  { _id: false },
);

const errorSchema = new Schema<SyncError>(
  { at: { type: Date, required: true }, message: { type: String, required: true }, code: { type: String, default: null } },
  { _id: false },
);

const syncRunSchema = new Schema<SyncRun>(
  {
    connector: { type: String, enum: SOURCES, required: true },
    stream: connectorStreamField,
    cursorBefore: { type: Schema.Types.Mixed, default: null },
    cursorAfter: { type: Schema.Types.Mixed, default: null },
    counts: { type: countsSchema, default: () => ({}) },
    errors: { type: [errorSchema], default: [] },
    status: { type: String, enum: SYNC_STATUSES, default: 'RUNNING' },
    jobId: { type: String, default: null },
    startedAt: { type: Date, required: true },
    seenAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    durationMs: integerField(false),
  },
  { collection: 'syncruns', minimize: false, suppressReservedKeysWarning: true },
);
// latest run per stream (source health, lag) and the job history; `_id` last: the API pages newest
// first with `_id` breaking ties (src/graphql/connections.ts), the same with no stream chosen
syncRunSchema.index({ connector: 1, stream: 1, startedAt: -1, _id: -1 });
syncRunSchema.index({ connector: 1, startedAt: -1, _id: -1 });
// a source's runs left RUNNING by a dead process (src/ingest/lock.ts)
syncRunSchema.index({ connector: 1, status: 1 });
syncRunSchema.index({ status: 1, startedAt: -1 });
// a stream's first successful run: since when the hub watched it (completeness: LATE only if watched),
// on the run's clock (a sync run with `asOf`: by seenAt) or, for a run without one (`seenAt: null`), by
// startedAt; and a successful run within a window of the run's clock
syncRunSchema.index({ connector: 1, stream: 1, status: 1, seenAt: 1, startedAt: 1 });

export type SyncRunDoc = HydratedDocument<SyncRun>;
export const SyncRunModel = model<SyncRun>('SyncRun', syncRunSchema);
