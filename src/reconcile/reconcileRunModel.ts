/**
 * ReconcileRun — one reconciliation run (issue #6): what it covered (mode, periods, rules, asOf), the
 * rule-set version(s) it applied, the sync checkpoints it saw (latest SyncRun per source stream), the
 * watermark the next incremental run starts from, per-rule counts, the diff against the previous state
 * of the flags (new, changed, reopened, auto-closed, unchanged), and timing. Append-only: one document per run.
 */
import { Schema, model, type Types } from 'mongoose';
import type { FlagDiff } from './flags';

export const RUN_MODES = ['FULL', 'INCREMENTAL'] as const;
export type RunMode = (typeof RUN_MODES)[number];
/** ABORTED: its process died while it ran (marked by the next run) */
export const RUN_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface SyncCheckpoint {
  connector: string;
  stream: string;
  syncRunId: Types.ObjectId;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface RuleRunCounts {
  rule: string;
  periods: string[];
  raised: number;
  diff: FlagDiff;
  durationMs: number;
}

export interface ReconcileRun {
  runId: string;
  mode: RunMode;
  status: RunStatus;
  /** the months asked for (full) or found changed (incremental) */
  periods: string[];
  rules: string[];
  asOf: Date;
  actor: { id: string; label: string };
  jobId: string | null;
  /** the version(s) applied, e.g. `2026.1` (one per distinct version of the periods) */
  ruleSetVersion: string;
  ruleSetVersions: { period: string; version: string }[];
  checkpoints: SyncCheckpoint[];
  /** model documents updated at or after this instant are "changed" for the next incremental run */
  watermark: Date;
  /** the previous run's watermark this incremental run read changes from (null: full run or first run) */
  changedSince: Date | null;
  /** documents found changed per collection (incremental) */
  changed: Record<string, number>;
  perRule: RuleRunCounts[];
  diff: FlagDiff;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

const diffSchema = new Schema<FlagDiff>(
  { new: { type: Number, default: 0 }, changed: { type: Number, default: 0 }, reopened: { type: Number, default: 0 }, autoClosed: { type: Number, default: 0 }, unchanged: { type: Number, default: 0 } },
  { _id: false },
);

const reconcileRunSchema = new Schema<ReconcileRun>(
  {
    runId: { type: String, required: true, unique: true },
    mode: { type: String, enum: RUN_MODES, required: true },
    status: { type: String, enum: RUN_STATUSES, required: true },
    periods: { type: [String], default: [] },
    rules: { type: [String], default: [] },
    asOf: { type: Date, required: true },
    actor: { type: new Schema({ id: { type: String, required: true }, label: { type: String, required: true } }, { _id: false }), required: true },
    jobId: { type: String, default: null },
    ruleSetVersion: { type: String, required: true },
    ruleSetVersions: { type: [new Schema({ period: String, version: String }, { _id: false })], default: [] },
    checkpoints: {
      type: [new Schema({ connector: String, stream: String, syncRunId: Schema.Types.ObjectId, status: String, startedAt: Date, finishedAt: Date }, { _id: false })],
      default: [],
    },
    watermark: { type: Date, required: true },
    changedSince: { type: Date, default: null },
    changed: { type: Schema.Types.Mixed, default: {} },
    perRule: {
      type: [new Schema({ rule: String, periods: [String], raised: Number, diff: diffSchema, durationMs: Number }, { _id: false })],
      default: [],
    },
    diff: { type: diffSchema, default: () => ({}) },
    error: { type: String, default: null },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    durationMs: { type: Number, default: null },
  },
  { collection: 'reconcileruns', versionKey: false, minimize: false },
);
// the run history, newest first (API, and the incremental run's "previous run")
reconcileRunSchema.index({ startedAt: -1, _id: -1 });
reconcileRunSchema.index({ status: 1, startedAt: -1 });

export type ReconcileRunRecord = ReconcileRun & { _id: Types.ObjectId };
export const ReconcileRunModel = model<ReconcileRun>('ReconcileRun', reconcileRunSchema);
